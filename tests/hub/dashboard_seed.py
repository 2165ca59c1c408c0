"""Realistic data for the dashboard's tests and screenshots, written straight into a hub
store before the hub starts: a week of tickets, this morning's queue worked at the
counters, votes and SKM answers with a few complaints (one with `<script>` in it), kiosk
heartbeats (one offline, one low on paper, one on an old catalog), an offline block and the
four staff roles. The hub's test clock stands at NOW (Monday 10.00 WIB)."""

from __future__ import annotations

import contextlib
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from kiosk import config
from kiosk.counters.life import LifeError
from kiosk.hub.accounts import Accounts
from kiosk.hub.audit import Audit
from kiosk.hub.core import HubCore
from kiosk.hub.counters import CounterDesk, CounterRefused
from kiosk.ops.doctor import file_version
from kiosk.queueing import Refused
from kiosk.survey import UNSUR_KEYS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from seed_sample import ARRIVALS, OFFSET, profile, score

NOW = datetime.fromisoformat("2026-11-23T10:00:00+07:00")
PASSWORD = "rahasia-panjang"
USERS = (("admin", "admin", None), ("manajer", "manager", None),
         ("dukcapil", "agency", "dukcapil"), ("siti", "officer", "dukcapil"))
SCRIPT_COMPLAINT = "<script>alert('x')</script> <b>Antrean</b> & AC mati"
COMPLAINTS = (
    ("Antrean pagi terlalu panjang, loket baru buka jam 08.15.", "0812-3456-7890"),
    ("Petugas ramah dan cepat, terima kasih.", ""),
    ("Mohon tambah kursi di ruang tunggu lantai 2.", "rina@example.id"),
    ("Formulir tidak tersedia, harus fotokopi sendiri.", "0813-1111-2222"),
    (SCRIPT_COMPLAINT, "<img src=x onerror=alert(1)>"),
)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def seed(config_path: Path, store, days: int = 8, scale: float = 1.0, seed: int = 14) -> dict:
    rng = random.Random(seed)
    settings = config.load(config_path)
    catalog, zone = settings.catalog, settings.zone
    clock = Clock(NOW)
    core = HubCore(settings, store, clock)
    kiosks = [core.view(k) for k in ("K1", "K2", "K3")]
    today = NOW.astimezone(zone).date()
    issued_today: list = []
    for back in range(days, -1, -1):
        day = today - timedelta(days=back)
        if day.weekday() == 6:
            continue
        visits = []
        for agency in catalog.agencies:
            services = [s for s in catalog.services_of(agency.id) if s.enabled]
            if not services:
                continue
            expected = scale * (60 if agency.id == "dukcapil" else 25) * (
                0.5 if day.weekday() == 5 else 1.0) * (1.2 if back == 7 else 1.0)
            for _ in range(max(0, round(rng.gauss(expected, expected ** 0.5)))):
                hour = rng.choices(list(ARRIVALS), weights=list(ARRIVALS.values()))[0]
                at = datetime(day.year, day.month, day.day, hour, rng.randrange(60),
                              rng.randrange(60), tzinfo=zone)
                if back == 0 and at >= NOW - timedelta(minutes=2):
                    continue
                visits.append((at, rng.choice(services[:3])))
        if back == 0:                   # this morning: issued while the counters work
            issued_today = _work_the_morning(settings, store, clock, zone, today, kiosks,
                                             sorted(visits, key=lambda v: v[0]), rng)
            continue
        for at, svc in sorted(visits, key=lambda v: v[0]):
            view = rng.choice(kiosks)
            try:
                ticket = view.issue_ticket(svc.id, now=at)
            except Refused:
                continue
            view.confirm_printed(ticket.id)
            quality = {"dukcapil": 3.0, "imigrasi": 3.5}.get(svc.agency, 3.3)
            leave = at + timedelta(minutes=40)
            if rng.random() < 0.5:
                view.record_vote(score(rng, quality, 0.7), ticket_id=ticket.id,
                                 reason=rng.choice(("waktu", "petugas", "prosedur", None)),
                                 now=leave)
            if rng.random() < 0.4:
                view.record_skm(profile(rng), {k: score(rng, quality + OFFSET[k])
                                               for k in UNSUR_KEYS},
                                ticket_id=ticket.id, now=leave + timedelta(minutes=2))
    _complaints(kiosks[0], catalog, today, zone)
    _kiosks(store, core, today, file_version(config_path.parent / "catalog.toml"))
    accounts = Accounts(store)
    for username, role, agency in USERS:
        accounts.add(username, PASSWORD, role, agency)
    _audit(store)
    return {"today": len(issued_today)}


def _audit(store):
    """What the morning's staff did, for the admin's audit page."""
    at = NOW.replace(hour=7, minute=41)
    log = Audit(store, lambda: at)
    for minutes, who, action, target, detail, where in (
            (0, "admin", "user.add", "siti", "officer dukcapil", "10.20.0.5"),
            (3, "siti", "login_failed", "", "wrong", "10.20.1.11"),
            (4, "siti", "login", "", "", "10.20.1.11"),
            (19, "siti", "counter.call-next", "loket-1", "A-001", "10.20.1.11"),
            (41, "manajer", "login", "", "dashboard", "10.20.0.8"),
            (44, "manajer", "report.export", "ikm-mpp-2026-11-01-2026-11-23.xlsx",
             "ikm xlsx", "10.20.0.8"),
            (52, "dukcapil", "login", "", "dashboard", "10.20.0.9")):
        at = NOW.replace(hour=7, minute=41) + timedelta(minutes=minutes)
        log.record(who, action, target, detail, where)


def _complaints(view, catalog, today, zone):
    agencies = [a.id for a in catalog.agencies]
    for i, (text, contact) in enumerate(COMPLAINTS):
        agency = agencies[i % 2] if i != len(COMPLAINTS) - 1 else "dukcapil"
        at = datetime(today.year, today.month, today.day, 8, 10 + 7 * i, tzinfo=zone) - \
            timedelta(days=i % 3)
        view.record_skm({"gender": "P", "age": 30 + i, "education": "SMA",
                         "occupation": "SWASTA", "occupation_other": ""},
                        {k: 2 + (i % 3) for k in UNSUR_KEYS}, agency_id=agency,
                        suggestion=text, contact=contact, now=at)


def _work_the_morning(settings, store, clock, zone, today, kiosks, visits, rng) -> list:
    """The counters open at 08.00 and work the queue till now while the morning's visitors
    take their numbers: calls, services, no-shows; one counter stays shut, one pauses."""
    desk = CounterDesk(settings, store, clock)
    counters = list(settings.catalog.counters)
    # a busy MPP staffs some desks only: every agency's first counter, about half the rest
    firsts = {c.agency: c.id for c in reversed(counters)}
    closed = {c.id for c in counters if c.id not in firsts.values() and rng.random() < 0.5}
    if len(counters) > 2:
        closed.add(counters[-1].id)
    busy_until: dict[str, datetime] = {}
    issued, pending = [], list(visits)
    clock.now = min([at for at, _ in visits] + [NOW.replace(hour=8, minute=0)])
    while clock.now < NOW - timedelta(minutes=1):
        while pending and pending[0][0] <= clock.now:
            at, svc = pending.pop(0)
            view = rng.choice(kiosks)
            try:
                ticket = view.issue_ticket(svc.id, now=at)
            except Refused:
                continue
            view.confirm_printed(ticket.id)
            issued.append(ticket)
        for counter in counters:
            if counter.id in closed or (busy_until.get(counter.id) or clock.now) > clock.now:
                continue
            try:
                if busy_until.get(counter.id):
                    desk.finish(counter.id, "siti")
                    busy_until[counter.id] = None
                desk.call_next(counter.id, "siti")
                if rng.random() < 0.06:
                    desk.no_show(counter.id, "siti")
                    continue
                desk.start(counter.id, "siti")
                busy_until[counter.id] = clock.now + timedelta(minutes=rng.randint(8, 25))
            except (CounterRefused, LifeError):   # nobody waiting, or not yet: next minute
                busy_until[counter.id] = None
        clock.now += timedelta(minutes=2)
    if len(counters) > 3:
        with contextlib.suppress(CounterRefused, LifeError):     # serving: stays open
            desk.pause(counters[2].id, "siti")
    clock.now = NOW
    return issued


def _kiosks(store, core, today, version):
    day = today.isoformat()
    grp = min(core.groups())
    store.reserve_block("K2:seed-1", "K2", day, grp, 50, NOW)
    beats = {
        "K1": (NOW - timedelta(seconds=20), {"printer": "ready", "scanner": "ready",
                                             "cardreader": "ready"}, 0, version),
        "K2": (NOW - timedelta(seconds=40), {"printer": "paper_near_end", "scanner": "ready",
                                             "cardreader": "absent"}, 3, version),
        "K3": (NOW - timedelta(hours=2, minutes=5), {"printer": "paper_out",
                                                    "scanner": "ready"}, 41, "old-catalog"),
    }
    for kiosk, (at, devices, outbox, catalog_version) in beats.items():
        store.heartbeat(kiosk, {"devices": devices, "outbox": outbox, "version": "0.9.0",
                                "online_since": None, "catalog": catalog_version}, at)
