#!/usr/bin/env python3
"""Two intake replicas on one PostgreSQL under load: kill -9 one replica, then restart
PostgreSQL, while clients keep filing tickets. A client whose request fails retries it with the
same Idempotency-Key, on the other replica when its own is gone (a load balancer's failover).
Checks that every ticket acknowledged is stored, and each key exactly once. Both replicas
deliver every ticket to a signed webhook (a receiver in this script, answering after 5 ms):
once the load stops and the queue drains, every ticket must have reached it, and the figures
say how many were sent twice (a delivery in flight in the killed replica, sent again once its
lease expired, with the same webhook-id for the receiver to drop). Prints figures; exits 1 on
any loss or duplicate ticket, or a ticket never delivered.

Usage: replicas_pg.py BIN PGURL PORT_A PORT_B "RESTART COMMAND"
"""
import base64, collections, http.client, http.server, json, os, subprocess, sys, tempfile, threading, time, uuid

BIN, URL, PA, PB, RESTART = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
PSQL = "psql"
BODY = {"issue_type": "technical", "severity": "B", "plan": "enterprise", "title": "replica test",
        "description": "Sent while a replica dies and the database restarts.", "contact_name": "Load Test",
        "email": "load@example.com", "preferred_contact": "email", "locale": "en"}


received = collections.Counter()  # webhook-id -> deliveries received


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(0.005)  # a receiver's own work
        with lock:
            received[self.headers["webhook-id"]] += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=sink.serve_forever, daemon=True).start()
conf = tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False)
# timeout 2 s: the lease of a claim (4 timeouts) is 8 s, the longest a killed replica's
# delivery in flight waits before another replica sends it again.
conf.write(f'''[[destination]]
name = "hook"
type = "webhook"
url = "http://127.0.0.1:{sink.server_address[1]}/hook"
secret_env = "GUICHET_BENCH_WEBHOOK"
timeout_secs = 2
''')
conf.close()


def start(port):
    env = dict(os.environ, GUICHET_RATE_LIMIT="off",
               GUICHET_BENCH_WEBHOOK="whsec_" + base64.b64encode(b"bench-secret-bench-secret").decode())
    p = subprocess.Popen([BIN, "--addr", f"127.0.0.1:{port}", "--db", URL, "--destinations", conf.name], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/api/health")
            if c.getresponse().status == 200:
                return p
        except OSError:
            time.sleep(0.05)
    raise SystemExit("replica did not start")


def post(port, key):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("POST", "/api/tickets", json.dumps(BODY), {"Content-Type": "application/json", "Idempotency-Key": key})
    r = c.getresponse()
    return r.status, json.loads(r.read() or b"{}")


alive = {PA: True, PB: True}
acked, retries, lock, stop = {}, [0], threading.Lock(), threading.Event()


def worker(n):
    ports = [PA, PB] if n % 2 == 0 else [PB, PA]
    while not stop.is_set():
        key = str(uuid.uuid4())
        deadline = time.time() + 60
        while True:
            port = next((p for p in ports if alive[p]), ports[-1])
            try:
                status, body = post(port, key)
                if status == 201:
                    with lock:
                        acked[key] = body["id"]
                    break
            except (OSError, http.client.HTTPException, ValueError):
                pass
            with lock:
                retries[0] += 1
            if time.time() > deadline:
                raise SystemExit(f"key {key} never acknowledged")
            time.sleep(0.05)  # a client's retry pause, not synchronisation


a, b = start(PA), start(PB)
threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
for t in threads:
    t.start()
time.sleep(2)
a.kill()  # SIGKILL, mid-load
a.wait()
alive[PA] = False
killed_at = len(acked)
time.sleep(2)
t0 = time.time()
subprocess.run(RESTART, shell=True, check=True)
restart_s = time.time() - t0
time.sleep(2)
stop.set()
for t in threads:
    t.join()
# The queue drains on replica B (and the killed replica's claim expires).
t0 = time.time()
while True:
    left = subprocess.run([PSQL, URL, "-tAc", "select count(*) from deliveries where state <> 'done'"],
                          capture_output=True, text=True, check=True).stdout.strip()
    if left == "0" or time.time() - t0 > 180:
        break
    time.sleep(0.5)  # polling the queue for a report, not synchronisation
drain_s = time.time() - t0
b.terminate()
out = subprocess.run([PSQL, URL, "-tA", "-F", ",", "-c", "select idempotency_key, id from tickets"],
                     capture_output=True, text=True, check=True).stdout
rows = dict(line.split(",", 1) for line in out.split())
missing = [k for k, i in acked.items() if rows.get(k) != i]
print(f"acknowledged: {len(acked)} ({killed_at} before the kill -9 of replica A); client retries: {retries[0]}")
print(f"PostgreSQL restart took {restart_s:.1f} s under load")
print(f"rows: {len(rows)}, distinct keys: {len(set(rows))}; acknowledged but missing: {len(missing)}; "
      f"rows without an acknowledgement: {len(set(rows) - set(acked))}")
ids = set(rows.values())
undelivered = [i for i in ids if received[i] == 0]
twice = sum(1 for i in ids if received[i] > 1)
print(f"deliveries: {sum(received.values())} webhook calls for {len(ids)} tickets; never delivered: "
      f"{len(undelivered)}; sent more than once (same webhook-id): {twice}; queue drained "
      f"{drain_s:.1f} s after the load stopped (left pending: {left})")
ok = not missing and len(rows) == len(acked) and not undelivered and left == "0"
print("replicas check: " + ("PASS" if ok else "FAIL"))
sys.exit(0 if ok else 1)
