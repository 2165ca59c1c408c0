"""Hub throughput: 8 kiosk processes issue tickets at once against one hub on SQLite.

    .venv/bin/python bench/hub.py [--per-client 100] [--client http.client|requests]
                                  [--store sqlite|postgresql] [--processes 1|2]
                                  [--db postgresql://…]

--store postgresql starts a throwaway PostgreSQL cluster (tests/hub/pg_cluster.py, with
fsync and synchronous commit on: each ticket on disk before it is answered) unless --db
names a database; --processes 2 runs two hub processes on the same database, the
clients split between them as a load balancer in front would split the kiosks.

Starts a real hub (uvicorn) on 127.0.0.1 over a fresh SQLite store (or the empty PostgreSQL
database --db names) with the hub clock pinned inside opening hours, then 8 processes each
POST /v1/tickets, one at a time, with their own token and idempotency keys over a keep-alive
connection. Prints hub_tickets_per_s, hub_issue_p95_ms, and the CPU time per ticket of the
hub process and of the clients.

The clients stand in for kiosks, which are other machines: by default they use the
standard library's http.client (about 0.4 ms of CPU a request) at a lower priority, so that
what is measured is the hub, not the clients taking the hub's turn on the same cores.
`--client requests` sends as RemoteService does (about 1.5 ms of CPU a request); on a
machine where that costs as much as the hub itself, the tickets/s figure then measures
both together.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "kiosk" / "data"
NOW = "2026-11-23T10:00:00+07:00"
CLIENTS = 8


def serve(config: str, db: str, port: int) -> None:
    import uvicorn
    from kiosk import config as config_mod
    from kiosk.hub.api import create_app
    from kiosk.hub.stores import open_hub_store
    from kiosk.hub.limits import read as read_limits
    from kiosk.hub.serving import uvicorn_options
    fixed = datetime.fromisoformat(NOW)
    settings = config_mod.load(config)
    app = create_app(settings, open_hub_store(db), clock=lambda: fixed)
    # served as `kiosk hub serve` serves (h11 with the request deadline, limits)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning",
                **uvicorn_options(read_limits(settings)))


def client(args) -> tuple[list[float], float]:
    url, token, count, start_at, kind = args
    # The kiosks stand in for other machines: on this one they must not take the hub's turn
    # on the two cores (every runnable process gets an equal share otherwise).
    os.nice(10)
    post = (requests_poster if kind == "requests" else http_client_poster)(url, token)
    while time.time() < start_at:
        time.sleep(0.001)
    latencies = []
    cpu = time.process_time()
    for i in range(count):
        began = time.perf_counter()
        post("/v1/tickets", b'{"service_id": "dukcapil-ktp"}', uuid.uuid4().hex)
        latencies.append(time.perf_counter() - began)
    return latencies, time.process_time() - cpu


def requests_poster(url: str, token: str):
    """What a kiosk sends with: RemoteService's requests session (about 1.5 ms of CPU a call)."""
    import requests
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}",
                            "Content-Type": "application/json"})

    def post(path: str, body: bytes, key: str) -> None:
        answer = session.post(url + path, data=body, headers={"Idempotency-Key": key},
                              timeout=(1, 10))
        answer.raise_for_status()
    return post


def http_client_poster(url: str, token: str):
    """The same request over the standard library's keep-alive connection: the kiosks are
    other machines in an MPP, so the client's own CPU should take as little of this
    machine's two cores as it can."""
    import http.client
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)

    def post(path: str, body: bytes, key: str) -> None:
        conn.request("POST", path, body, {"Authorization": f"Bearer {token}",
                                          "Content-Type": "application/json",
                                          "Idempotency-Key": key})
        answer = conn.getresponse()
        answer.read()
        if answer.status != 201:
            raise RuntimeError(f"hub answered {answer.status}")
    return post


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(cluster) -> float:
    """CPU time of a throwaway PostgreSQL server (postmaster and every backend); 0 when
    the server is not ours. A backend that exits during the run loses its share."""
    data = getattr(cluster, "data", None)
    try:
        postmaster = int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, TypeError, ValueError, IndexError):
        return 0.0
    total = cpu_seconds(postmaster)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                total += cpu_seconds(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-client", type=int, default=100)
    parser.add_argument("--db", help="an empty PostgreSQL database's URL (default: SQLite)")
    parser.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--processes", type=int, default=1, choices=(1, 2, 3, 4),
                        help="hub processes sharing the store (PostgreSQL for more than 1)")
    parser.add_argument("--client", choices=("http.client", "requests"), default="http.client",
                        help="what the 8 clients send with (default: http.client, the "
                        "lightest, so the hub gets the cores)")
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], args.serve[1], int(args.serve[2]))
        return 0
    import requests
    from kiosk.hub.stores import open_hub_store
    folder = Path(tempfile.mkdtemp(prefix="anjungan-hub-bench-"))
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(DATA / name, folder / name)
    # each client issues far faster than a visitor could: lift the per-kiosk pace
    with open(folder / "kiosk.toml", "a") as f:
        f.write("\n[hub]\nissue_per_minute = 6000\nissue_burst = 1000\n")
    cluster = None
    if args.store == "postgresql" and not args.db:
        sys.path.insert(0, str(ROOT / "tests" / "hub"))
        import pg_cluster
        cluster = pg_cluster.start(durable=True)     # fsync and synchronous commit on
        args.db = cluster.new_database()
    if args.processes > 1 and not args.db:
        parser.error("--processes above 1 needs PostgreSQL (--store postgresql)")
    db = args.db or str(folder / "hub.sqlite3")
    store = open_hub_store(db)
    tokens = [store.new_token(f"K{i}") for i in range(1, CLIENTS + 1)]
    store.close()
    urls, hubs = [], []
    for _ in range(args.processes):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        urls.append(f"http://127.0.0.1:{port}")
        hubs.append(subprocess.Popen([sys.executable, __file__, "--serve",
                                      str(folder / "kiosk.toml"), str(db), str(port)]))
    try:
        for url in urls:
            for _ in range(400):
                try:
                    if requests.get(url + "/v1/health", timeout=0.5).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.05)
        start_at = time.time() + 1.0
        with multiprocessing.Pool(CLIENTS) as pool:
            waiting = pool.map_async(client, [(urls[i % len(urls)], t, args.per_client,
                                               start_at, args.client)
                                              for i, t in enumerate(tokens)])
            time.sleep(max(0.0, start_at - time.time() - 0.05))
            cpu_before = sum(cpu_seconds(h.pid) for h in hubs)
            server_before = server_cpu_seconds(cluster)
            results = waiting.get()
            elapsed = time.time() - start_at
            cpu = sum(cpu_seconds(h.pid) for h in hubs) - cpu_before
            server_cpu = server_cpu_seconds(cluster) - server_before
        latencies = sorted(x for r, _ in results for x in r)
        client_cpu = sum(c for _, c in results)
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"hub_tickets_per_s: {len(latencies) / elapsed:.0f}")
        print(f"hub_issue_p95_ms: {p95 * 1000:.1f}")
        print(f"hub_cpu_ms_per_ticket: {cpu / len(latencies) * 1000:.2f}")
        print(f"client_cpu_ms_per_ticket: {client_cpu / len(latencies) * 1000:.2f}")
        if server_cpu:
            print(f"postgresql_cpu_ms_per_ticket: {server_cpu / len(latencies) * 1000:.2f}")
        print(f"hub_processes: {args.processes}")
        print(f"hub_store: {'postgresql' if args.db else 'sqlite'}")
        print(f"load_average_1min: {os.getloadavg()[0]:.2f}")
    finally:
        for hub in hubs:
            hub.terminate()
            hub.wait(timeout=10)
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
