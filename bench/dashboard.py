"""Benchmark the managers' dashboard: the time a real hub (uvicorn on 127.0.0.1, SQLite
store) takes to answer the live page and the IKM page for a month holding 1,000,000 SKM
responses, 300,000 tickets and 150,000 face votes.

    .venv/bin/python bench/dashboard.py [--responses N] [--tickets N] [--votes N] [--runs 3]

Prints one `name: value` line per figure:
    seed_s          writing the month into a temporary hub store (executemany, big batches)
    live_page_s     GET /dashboard (today: ~10,000 tickets, counters, arrivals per hour for
                    today, yesterday and last week), best of --runs; goal ≤ 1 s
    live_page_cold_s  the first answer (cold caches)
    ikm_page_s      GET /dashboard/satisfaction for the whole month (IKM per agency and
                    service, NRR, face votes and reasons), best of --runs; goal ≤ 1 s
    ikm_page_cold_s the first answer after the hub started
    migrate_9_s     hub migration 9 on the seeded month: filling the daily SKM and vote
                    totals (kiosk.hub.daily_totals) from the rows, once, at the upgrade
    ikm_page_restart_s  the first IKM answer after a restart (a new store object, a new
                    app): nothing is kept in memory, the triggers' daily totals are read;
                    goal ≤ 1 s
The sample MPP's catalog (config/) gives the agencies and services; the hub's clock stands
on the month's last day at 11.00 WIB. Logged in as a manager through /login.
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests
import uvicorn

from kiosk import config
from kiosk.hub import daily_totals
from kiosk.hub.accounts import Accounts
from kiosk.hub.api import create_app
from kiosk.hub.stores import open_hub_store
from kiosk.store import UNSUR_COLUMNS

FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)
NOW = datetime(2026, 10, 31, 11, 0, tzinfo=timezone(timedelta(hours=7)))
SCORE_WEIGHTS = (3, 12, 55, 30)
BATCH = 50_000
PASSWORD = "bench-password-1"
IKM_MARK = 'id="ikm"'


def days() -> list[date]:
    return [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]


def seed(store, catalog, responses: int, tickets: int, votes: int) -> None:
    """Rows in day order, as kiosks write them; times inside 08.00–15.59 WIB (stored UTC)."""
    rng = random.Random(14)
    services = [(s.agency, s.id) for s in catalog.services if s.enabled]
    month = days()
    ticket_sql = ("INSERT INTO ticket (id, day, grp, seq, number, agency_id, service_id, "
                  "kiosk_id, status, issued_at, updated_at, called_at, finished_at, counter_id) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    skm_sql = (f"INSERT INTO skm_response (id, at, day, hour, kiosk_id, agency_id, service_id, "
               f"ticket_id, {', '.join(UNSUR_COLUMNS)}) VALUES ({', '.join('?' * 17)})")
    vote_sql = ("INSERT INTO vote (id, at, day, hour, kiosk_id, agency_id, service_id, "
                "ticket_id, face, reason) VALUES (?,?,?,?,?,?,?,?,?,?)")
    reasons = ("waktu", "petugas", "prosedur", "fasilitas", None, None)
    today = NOW.date().isoformat()

    def stamp(day: str, hour: int, minute: int, second: int = 0) -> str:
        return f"{day}T{hour - 7:02d}:{minute:02d}:{second:02d}.000+00:00"

    def ticket_rows(first, last):
        out = []
        for i in range(first, last):
            day = month[i * len(month) // tickets].isoformat()
            agency, service = rng.choice(services)
            hour = rng.randrange(8, 16)
            minute = rng.randrange(50)
            issued = stamp(day, hour, minute)
            called = stamp(day, hour, minute + rng.randrange(1, 9))
            finished = stamp(day, hour, minute + 9, rng.randrange(60))
            status = "served"
            if day == today and hour >= 10:            # this morning's queue: some wait still
                status, called, finished = "issued", None, None
            out.append((f"T{i:09d}", day, "X", i + 1, f"X-{i + 1}", agency, service, "K01",
                        status, issued, issued, called, finished,
                        None if called is None else "loket-1"))
        return out

    def skm_rows(first, last):
        out = []
        for i in range(first, last):
            day = month[i * len(month) // responses].isoformat()
            agency, service = rng.choice(services)
            hour = rng.randrange(8, 16)
            scores = rng.choices((1, 2, 3, 4), weights=SCORE_WEIGHTS, k=len(UNSUR_COLUMNS))
            out.append((f"S{i:09d}", stamp(day, hour, i % 60), day, hour, "K01", agency,
                        service, None, *scores))
        return out

    def vote_rows(first, last):
        out = []
        for i in range(first, last):
            day = month[i * len(month) // votes].isoformat()
            agency, service = rng.choice(services)
            hour = rng.randrange(8, 16)
            out.append((f"V{i:09d}", stamp(day, hour, i % 60), day, hour, "K01", agency,
                        service, None, rng.choices((1, 2, 3, 4), weights=SCORE_WEIGHTS)[0],
                        rng.choice(reasons)))
        return out

    for total, sql, make in ((tickets, ticket_sql, ticket_rows), (responses, skm_sql, skm_rows),
                             (votes, vote_sql, vote_rows)):
        for first in range(0, total, BATCH):
            with store.transaction() as db:
                db.executemany(sql, make(first, min(total, first + BATCH)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(settings, store) -> tuple[str, uvicorn.Server]:
    app = create_app(settings, store, clock=lambda: NOW)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(url + "/v1/health", timeout=1)
            return url, server
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError("the hub did not start")


def timed_get(session: requests.Session, url: str, must_contain: str) -> float:
    start = time.perf_counter()
    answer = session.get(url, timeout=120)
    elapsed = time.perf_counter() - start
    if answer.status_code != 200 or must_contain not in answer.text:
        raise RuntimeError(f"{url}: {answer.status_code} {answer.text[:300]}")
    return elapsed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--tickets", type=int, default=300_000)
    parser.add_argument("--votes", type=int, default=150_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="anjungan-dashboard-bench-") as folder:
        for name in ("kiosk.toml", "catalog.toml"):
            shutil.copy(ROOT / "config" / name, Path(folder) / name)
        settings = config.load(Path(folder) / "kiosk.toml")
        store = open_hub_store(str(Path(folder) / "hub.sqlite3"))
        start = time.perf_counter()
        seed(store, settings.catalog, args.responses, args.tickets, args.votes)
        with store.transaction() as db:
            db.execute("ANALYZE")
        print(f"seed_s: {time.perf_counter() - start:.1f}", flush=True)
        Accounts(store).add("manajer", PASSWORD, "manager")
        url, server = serve(settings, store)
        session = requests.Session()
        login = session.post(url + "/login", data={"username": "manajer", "password": PASSWORD},
                             allow_redirects=False)
        assert login.status_code == 303, login.text
        pages = (("live_page", "/dashboard", 'id="agencies"'),
                 ("ikm_page", f"/dashboard/satisfaction?from={FIRST}&to={LAST}", 'id="ikm"'))
        for name, path, marker in pages:
            cold = timed_get(session, url + path, marker)
            best = min(timed_get(session, url + path, marker) for _ in range(args.runs))
            print(f"{name}_cold_s: {cold:.3f}")
            print(f"{name}_s: {best:.3f}", flush=True)
        server.should_exit = True
        time.sleep(0.3)
        store.close()
        restart(settings, Path(folder) / "hub.sqlite3", f"/dashboard/satisfaction?from={FIRST}&to={LAST}")


def restart(settings, path: Path, ikm_path: str) -> None:
    """The hub upgraded to migration 9 over the seeded month (its daily totals taken away
    and filled again), then started afresh: its first IKM page."""
    with sqlite3.connect(path) as db:
        daily_totals.drop(db)
        db.execute("UPDATE hub_schema SET version = 8")
    start = time.perf_counter()
    store = open_hub_store(str(path))
    print(f"migrate_9_s: {time.perf_counter() - start:.3f}")
    url, server = serve(settings, store)
    session = requests.Session()
    session.post(url + "/login", data={"username": "manajer", "password": PASSWORD},
                 allow_redirects=False)
    print(f"ikm_page_restart_s: {timed_get(session, url + ikm_path, IKM_MARK):.3f}",
          flush=True)
    server.should_exit = True
    time.sleep(0.3)
    store.close()


if __name__ == "__main__":
    main()
