import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kiosk.hub.stores import open_hub_store

HERE = Path(__file__).parent
DATA = HERE.parent / "kiosk" / "data"
# A Monday inside opening hours (08:00-15:30 WIB).
NOW = "2026-11-23T10:00:00+07:00"
DAY = "2026-11-23"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    """A real hub (uvicorn) in a subprocess on 127.0.0.1, which a test may kill and restart.

    `db` is the hub's store: a SQLite file in `folder` by default, or a postgresql:// URL."""

    def __init__(self, folder: Path, db: str | None = None, toml: str = "",
                 tls: tuple[Path, Path, Path] | None = None):
        """tls: (certificate, key, CA) — the hub speaks https with that certificate."""
        for name in ("kiosk.toml", "catalog.toml"):
            shutil.copy(DATA / name, folder / name)
        self.config = folder / "kiosk.toml"
        if toml:                                  # e.g. a [hub] table with its limits
            self.config.write_text(self.config.read_text() + "\n" + toml)
        self.db = db or str(folder / "hub.sqlite3")
        self.store = open_hub_store(self.db)
        self.port = free_port()
        self.tls = tls
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.verify = str(tls[2]) if tls else True
        self.proc = None
        # A test stand-in for a staff person's credential (run_hub.py): reports, complaints.
        self.staff = "test-staff-" + secrets.token_hex(8)

    def token(self, kiosk_id: str) -> str:
        return self.store.new_token(kiosk_id)

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, str(HERE / "run_hub.py"), str(self.config),
                                      str(self.db), str(self.port), NOW],
                                     env={**os.environ, "ANJUNGAN_TEST_STAFF_TOKEN": self.staff,
                                          **({"ANJUNGAN_TEST_TLS": f"{self.tls[0]}:{self.tls[1]}"}
                                             if self.tls else {})})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/v1/health", timeout=0.5, verify=self.verify).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("hub did not start")

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()

    def close(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.kill()
        self.store.close()

    def get(self, path, token, **kw):
        return requests.get(self.url + path, headers={"Authorization": f"Bearer {token}"},
                            timeout=5, verify=self.verify, **kw)

    def post(self, path, token, key=None, **kw):
        headers = {"Authorization": f"Bearer {token}"}
        if key:
            headers["Idempotency-Key"] = key
        return requests.post(self.url + path, headers=headers, timeout=5, verify=self.verify,
                             **kw)


def hub_db(request, kind: str) -> str | None:
    """The store for a hub of `kind`: None (a SQLite file in the hub's folder) or a fresh
    database's URL on the session's PostgreSQL server (the pg_server fixture)."""
    if kind == "sqlite":
        return None
    return request.getfixturevalue("pg_server").new_database()


def start_client(hub: Hub, folder: Path, kiosk: str, count: int, **extra):
    args = {"config": str(hub.config), "kiosk": kiosk, "url": hub.url,
            "token": hub.token(kiosk), "store": str(folder / f"{kiosk}.sqlite3"),
            "out": str(folder / f"{kiosk}.jsonl"), "count": count, "now": NOW, **extra}
    return subprocess.Popen([sys.executable, str(HERE / "client.py"), json.dumps(args)])


def read_client(folder: Path, kiosk: str) -> list[dict]:
    return [json.loads(line) for line in (folder / f"{kiosk}.jsonl").read_text().splitlines()]
