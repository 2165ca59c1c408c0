"""Counter calls through a real hub: how fast consoles can call, how soon displays see it.

    .venv/bin/python bench/calling.py [--calls 150] [--seconds 20] [--db postgresql://…]

Starts a real hub (uvicorn) on 127.0.0.1 over a fresh SQLite store (or the empty PostgreSQL
database --db names), its clock pinned inside opening hours, with 30 counters of one agency
added to the test catalog and a queue of tickets already issued. Then:

1. 6 console processes, each logged in as an officer, press "call next" then "finish" as
   fast as the hub answers (each call with its Idempotency-Key): `call_next_per_s` counts
   the calls (every one followed by its finish) per second over all six.
2. 30 counters (threads in one process) each call and finish about once every 1.5 s while
   10 displays (display tokens) read GET /v1/events; `call_to_display_ms_p50` / `_p95` are
   the times from sending a call to each display receiving its `call` event (goal: p95 ≤
   250 ms on the 2-core development machine).

Clients use the standard library's http.client at a lower priority: they stand in for
other machines, so the cores go to the hub.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "kiosk" / "data"
NOW = "2026-11-23T10:00:00+07:00"
CONSOLES = 6
COUNTERS = 30
DISPLAYS = 10
PASSWORD = "bench-password-1"


def serve(config: str, db: str, port: int) -> None:
    import uvicorn
    from kiosk import config as config_mod
    from kiosk.hub.api import create_app
    from kiosk.hub.stores import open_hub_store
    fixed = datetime.fromisoformat(NOW)
    app = create_app(config_mod.load(config), open_hub_store(db), clock=lambda: fixed)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                timeout_graceful_shutdown=2)


def prepare(folder: Path, db: str, tickets: int) -> list[str]:
    """The catalog with 30 more counters, the queue, staff accounts, display tokens."""
    from kiosk import config as config_mod
    from kiosk.hub.accounts import Accounts
    from kiosk.hub.stores import open_hub_store
    from kiosk.store import ISSUED
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(DATA / name, folder / name)
    catalog = folder / "catalog.toml"
    catalog.write_text(catalog.read_text() + "".join(
        f'\n[[counter]]\nid = "meja-{i}"\nname = {{ id = "Meja {i}", en = "Desk {i}" }}\n'
        'agency = "dukcapil"\n' for i in range(1, COUNTERS + 1)))
    settings = config_mod.load(folder / "kiosk.toml")
    store = open_hub_store(db)
    start = datetime.fromisoformat(NOW)
    with store.transaction():
        for i in range(tickets):
            row, _ = store.issue(day=start.date().isoformat(), grp="A", padding=4,
                                 agency_id="dukcapil", service_id="dukcapil-ktp", kiosk_id="K1",
                                 quota=0, now=start)
            store.set_status(row.id, ISSUED, now=start)
    accounts = Accounts(store, lambda: start)
    for i in range(1, COUNTERS + 1):
        accounts.add(f"petugas-{i}", PASSWORD, "officer", "dukcapil", settings.catalog)
    displays = [store.new_token(f"TV{i}", kind="display") for i in range(DISPLAYS)]
    store.close()
    return displays


class Console:
    """One officer's console over a keep-alive connection."""

    def __init__(self, url: str, user: str):
        from urllib.parse import urlsplit
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.token = None
        status, body = self.send("POST", "/v1/staff/login",
                                 {"username": user, "password": PASSWORD})
        if status != 200:
            raise RuntimeError(f"log-in of {user}: {status} {body}")
        self.token = body["token"]

    def send(self, method: str, path: str, body=None, key: str | None = None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if key:
            headers["Idempotency-Key"] = key
        for attempt in range(2):
            try:
                self.conn.request(method, path, json.dumps(body or {}).encode(), headers)
                answer = self.conn.getresponse()
                return answer.status, json.loads(answer.read() or b"{}")
            except (ConnectionError, http.client.HTTPException):
                # the hub closed an idle keep-alive connection (after 5 s): a console
                # reconnects and sends again; the Idempotency-Key makes that safe
                self.conn.close()
                if attempt:
                    raise


def console(args) -> int:
    """Part 1: call next and finish as fast as the hub answers until `stop_at`."""
    url, counter, user, start_at, stop_at = args
    os.nice(10)
    desk = Console(url, user)
    while time.time() < start_at:
        time.sleep(0.001)
    calls = 0
    while time.time() < stop_at:
        status, body = desk.send("POST", f"/v1/counters/{counter}/call-next",
                                 key=f"{counter}-{calls:06d}-{random.random():.9f}")
        if status != 200:
            raise RuntimeError(f"{counter}: {status} {body}")
        calls += 1
        desk.send("POST", f"/v1/counters/{counter}/finish")
    return calls


def display(url: str, token: str, seen: list, ready: threading.Event) -> None:
    """A hall display: reads the stream, notes when each call event arrives."""
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port))
    sock.sendall(f"GET /v1/events HTTP/1.1\r\nHost: {parts.hostname}\r\nAuthorization: Bearer "
                 f"{token}\r\nAccept: text/event-stream\r\n\r\n".encode())
    reader = sock.makefile("rb")
    kind = None
    for raw in reader:
        line = raw.decode().rstrip("\r\n")
        if line.startswith("event: "):
            kind = line[7:]
            if kind == "snapshot":
                ready.set()
        elif line.startswith("data: ") and kind == "call":
            data = json.loads(line[6:])
            seen.append((data["counter_id"], time.time()))
        elif line == "0":         # chunked encoding's last chunk: the hub went away
            return


def latency_run(url: str, displays: list[str], seconds: float) -> list[float]:
    """Part 2: 30 counters call now and then; 10 displays measure the delay."""
    os.nice(10)
    seen: list[list] = [[] for _ in displays]
    readies = [threading.Event() for _ in displays]
    for token, box, ready in zip(displays, seen, readies):
        threading.Thread(target=display, args=(url, token, box, ready), daemon=True).start()
    for ready in readies:
        ready.wait(10)
    sent: dict[str, list[float]] = {}
    desks = {i: Console(url, f"petugas-{i}") for i in range(1, COUNTERS + 1)}
    stop_at = time.time() + seconds

    def officer(i: int) -> None:
        counter = f"meja-{i}"
        desk = desks[i]
        times = sent.setdefault(counter, [])
        time.sleep(random.uniform(0, 1.5))
        n = 0
        while time.time() < stop_at:
            began = time.time()
            status, body = desk.send("POST", f"/v1/counters/{counter}/call-next",
                                     key=f"lat-{counter}-{n:06d}")
            if status == 200:
                times.append(began)
                desk.send("POST", f"/v1/counters/{counter}/finish")
            n += 1
            time.sleep(random.uniform(1.0, 2.0))
    officers = [threading.Thread(target=officer, args=(i,)) for i in range(1, COUNTERS + 1)]
    for t in officers:
        t.start()
    for t in officers:
        t.join()
    time.sleep(1.0)                      # the last events on their way
    delays = []
    for box in seen:
        order: dict[str, int] = {}
        for counter, at in box:
            k = order.get(counter, 0)
            order[counter] = k + 1
            if k < len(sent.get(counter, ())):
                delays.append((at - sent[counter][k]) * 1000)
    return delays


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10, help="each part's duration")
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--db", help="an empty PostgreSQL database's URL (default: SQLite)")
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], args.serve[1], int(args.serve[2]))
        return 0
    import requests
    folder = Path(tempfile.mkdtemp(prefix="anjungan-calling-bench-"))
    db = args.db or str(folder / "hub.sqlite3")
    displays = prepare(folder, db, args.tickets)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    hub = subprocess.Popen([sys.executable, __file__, "--serve", str(folder / "kiosk.toml"),
                            str(db), str(port)])
    try:
        for _ in range(200):
            try:
                if requests.get(url + "/v1/health", timeout=0.5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        start_at = time.time() + 3.0
        stop_at = start_at + args.seconds
        with multiprocessing.Pool(CONSOLES) as pool:
            counts = pool.map(console, [(url, f"meja-{i}", f"petugas-{i}", start_at, stop_at)
                                        for i in range(1, CONSOLES + 1)])
        print(f"call_next_per_s: {sum(counts) / (time.time() - start_at):.0f}")
        delays = sorted(latency_run(url, displays, args.seconds))
        if not delays:
            print("call_to_display_ms_p50: none received")
            return 1
        print(f"call_to_display_ms_p50: {delays[len(delays) // 2]:.0f}")
        print(f"call_to_display_ms_p95: {delays[int(0.95 * (len(delays) - 1))]:.0f}")
        print(f"calls_seen_by_displays: {len(delays)}")
        print(f"load_average_1min: {os.getloadavg()[0]:.2f}")
    finally:
        hub.terminate()
        try:
            hub.wait(timeout=10)
        except subprocess.TimeoutExpired:
            hub.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
