"""Hub throughput: 8 kiosk processes issue tickets at once against one hub on SQLite.

    .venv/bin/python bench/hub.py [--per-client 100]

Starts a real hub (uvicorn) on 127.0.0.1 over a fresh SQLite store with the hub clock
pinned inside opening hours, then 8 processes each POST /v1/tickets with their own token
and idempotency keys. Prints hub_tickets_per_s and hub_issue_p95_ms.
"""

from __future__ import annotations

import argparse
import multiprocessing
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
    from kiosk.hub.app import create_app
    from kiosk.hub.store import HubStore
    fixed = datetime.fromisoformat(NOW)
    app = create_app(config_mod.load(config), HubStore(db), clock=lambda: fixed)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def client(args) -> list[float]:
    import requests
    url, token, count, start_at = args
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    while time.time() < start_at:
        time.sleep(0.001)
    latencies = []
    for i in range(count):
        began = time.perf_counter()
        answer = session.post(url + "/v1/tickets", json={"service_id": "dukcapil-ktp"},
                              headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=(1, 10))
        answer.raise_for_status()
        latencies.append(time.perf_counter() - began)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-client", type=int, default=100)
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], args.serve[1], int(args.serve[2]))
        return 0
    import requests
    from kiosk.hub.store import HubStore
    folder = Path(tempfile.mkdtemp(prefix="anjungan-hub-bench-"))
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(DATA / name, folder / name)
    db = folder / "hub.sqlite3"
    store = HubStore(db)
    tokens = [store.new_token(f"K{i}") for i in range(1, CLIENTS + 1)]
    store.close()
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
        start_at = time.time() + 1.0
        with multiprocessing.Pool(CLIENTS) as pool:
            results = pool.map(client, [(url, t, args.per_client, start_at) for t in tokens])
        elapsed = time.time() - start_at
        latencies = sorted(x for r in results for x in r)
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"hub_tickets_per_s: {len(latencies) / elapsed:.0f}")
        print(f"hub_issue_p95_ms: {p95 * 1000:.1f}")
    finally:
        hub.terminate()
        hub.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
