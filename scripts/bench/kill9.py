#!/usr/bin/env python3
"""kill -9 the intake during a load, restart it, and check that every ticket acknowledged with
201 is in the database exactly once; then retry the unacknowledged ones with their original
Idempotency-Key and check each key ends up stored exactly once. Prints figures; exits 1 on any
loss or duplicate. Usage: kill9.py BIN DB PORT"""
import http.client, json, os, signal, sqlite3, subprocess, sys, threading, time, uuid

BIN, DB, PORT = sys.argv[1], sys.argv[2], int(sys.argv[3])
BODY = {"issue_type": "technical", "severity": "B", "plan": "enterprise", "title": "kill -9 test",
        "description": "Sent while the intake is killed with SIGKILL.", "contact_name": "Load Test",
        "email": "load@example.com", "preferred_contact": "email", "locale": "en"}


def start():
    env = dict(os.environ, GUICHET_RATE_LIMIT="off")
    p = subprocess.Popen([BIN, "--addr", f"127.0.0.1:{PORT}", "--db", DB], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            c.request("GET", "/api/health")
            if c.getresponse().status == 200:
                return p
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def post(key):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    c.request("POST", "/api/tickets", json.dumps(BODY), {"Content-Type": "application/json", "Idempotency-Key": key})
    r = c.getresponse()
    return r.status, json.loads(r.read() or b"{}")


acked, unacked, lock, stop = {}, [], threading.Lock(), threading.Event()


def worker():
    while not stop.is_set():
        key = str(uuid.uuid4())
        try:
            status, body = post(key)
            with lock:
                if status == 201:
                    acked[key] = body["id"]
                else:
                    unacked.append(key)
        except (OSError, http.client.HTTPException, ValueError):
            with lock:
                unacked.append(key)
            if stop.is_set():
                return


server = start()
threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads:
    t.start()
time.sleep(3)
server.send_signal(signal.SIGKILL)  # mid-load, no shutdown
server.wait()
stop.set()
for t in threads:
    t.join()

server = start()
db = sqlite3.connect(DB)
rows = dict(db.execute("SELECT idempotency_key, id FROM tickets"))
missing = [k for k, i in acked.items() if rows.get(k) != i]
print(f"acknowledged before kill -9: {len(acked)}; unacknowledged (in flight or refused): {len(unacked)}")
print(f"rows after restart: {len(rows)}; acknowledged but missing: {len(missing)}")
# Retry what was not acknowledged, with the same keys: each must end up stored exactly once.
replayed = created = 0
for key in unacked:
    status, body = post(key)
    assert status == 201, status
    if key in rows:
        replayed += 1
        assert rows[key] == body["id"]
    else:
        created += 1
total = db.execute("SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM tickets").fetchone()
print(f"retried {len(unacked)}: {replayed} had been stored before the kill (same id returned), {created} stored now")
print(f"final rows: {total[0]}, distinct keys: {total[1]}, expected: {len(acked) + len(unacked)}")
server.terminate()
ok = not missing and total[0] == total[1] == len(acked) + len(unacked)
print("kill -9 check: " + ("PASS" if ok else "FAIL"))
sys.exit(0 if ok else 1)
