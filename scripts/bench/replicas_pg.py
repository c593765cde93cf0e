#!/usr/bin/env python3
"""Two intake replicas on one PostgreSQL under load: kill -9 one replica, then restart
PostgreSQL, while clients keep filing tickets. A client whose request fails retries it with the
same Idempotency-Key, on the other replica when its own is gone (a load balancer's failover).
Checks that every ticket acknowledged is stored, and each key exactly once. Prints figures;
exits 1 on any loss or duplicate.

Usage: replicas_pg.py BIN PGURL PORT_A PORT_B "RESTART COMMAND"
"""
import http.client, json, os, subprocess, sys, threading, time, uuid

BIN, URL, PA, PB, RESTART = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
PSQL = "psql"
BODY = {"issue_type": "technical", "severity": "B", "plan": "enterprise", "title": "replica test",
        "description": "Sent while a replica dies and the database restarts.", "contact_name": "Load Test",
        "email": "load@example.com", "preferred_contact": "email", "locale": "en"}


def start(port):
    env = dict(os.environ, GUICHET_RATE_LIMIT="off")
    p = subprocess.Popen([BIN, "--addr", f"127.0.0.1:{port}", "--db", URL], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
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
b.terminate()
out = subprocess.run([PSQL, URL, "-tA", "-F", ",", "-c", "select idempotency_key, id from tickets"],
                     capture_output=True, text=True, check=True).stdout
rows = dict(line.split(",", 1) for line in out.split())
missing = [k for k, i in acked.items() if rows.get(k) != i]
print(f"acknowledged: {len(acked)} ({killed_at} before the kill -9 of replica A); client retries: {retries[0]}")
print(f"PostgreSQL restart took {restart_s:.1f} s under load")
print(f"rows: {len(rows)}, distinct keys: {len(set(rows))}; acknowledged but missing: {len(missing)}; "
      f"rows without an acknowledgement: {len(set(rows) - set(acked))}")
ok = not missing and len(rows) == len(acked)
print("replicas check: " + ("PASS" if ok else "FAIL"))
sys.exit(0 if ok else 1)
