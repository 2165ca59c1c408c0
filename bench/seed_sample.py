"""Seed a realistic sample month at the sample MPP, and write the sample reports from it.

    .venv/bin/python bench/seed_sample.py [--month 2026-10] [--db PATH] [--docs docs/reports]

Everything goes through LocalService as the kiosk would do it: tickets with `issue_ticket`
at injected times inside opening hours (refusals — quota, cut-off, Friday prayer — are
simply skipped, as a visitor would be turned away), then printed / not printed / cancelled,
exit votes and SKM responses some time after the visit. Answers follow a per-agency quality
and per-unsur offsets (waiting time and complaint handling score lower, fees and staff
behaviour higher), so the report shows the spread an MPP really sees. The random generator
is seeded: the same month gives the same reports (ticket ids aside).

With --docs, the sample reports are written there (ikm.csv, ikm.xlsx, ikm.png, ikm.txt,
votes.csv, demand.csv, demand.png) by the same command line managers use.
"""

from __future__ import annotations

import argparse
import calendar
import math
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import config  # noqa: E402
from kiosk.queueing import Refused  # noqa: E402
from kiosk.service import LocalService  # noqa: E402
from kiosk.store import Store  # noqa: E402
from kiosk.survey import EDUCATION, OCCUPATIONS, UNSUR_KEYS  # noqa: E402

# Visitors per opening day, by agency (busy agencies first); others get DEFAULT_DAILY.
DAILY = {"dukcapil": 170, "samsat": 120, "imigrasi": 70, "polres": 60, "satpas": 45,
         "bpjs-kesehatan": 45, "dpmptsp": 35, "bpjs-ketenagakerjaan": 30, "kpp": 25,
         "bapenda": 22, "bpn": 20, "kemenag": 18}
DEFAULT_DAILY = 10
# Mean SKM score per agency (1..4): from a struggling counter to an excellent one.
QUALITY = {"dukcapil": 3.05, "samsat": 3.25, "imigrasi": 3.55, "polres": 3.3, "satpas": 2.75,
           "bpjs-kesehatan": 3.2, "dpmptsp": 3.45, "bpjs-ketenagakerjaan": 3.5, "kpp": 3.4,
           "bapenda": 3.1, "bpn": 2.55, "kemenag": 3.6, "pdam": 3.0, "pln": 3.35}
DEFAULT_QUALITY = 3.3
OFFSET = {"persyaratan": 0.0, "prosedur": -0.05, "waktu": -0.3, "biaya": 0.3, "produk": 0.05,
          "kompetensi": 0.1, "perilaku": 0.2, "pengaduan": -0.3, "sarana": 0.1}
# Arrivals per local hour (relative): a morning peak, a lunch dip, a quiet afternoon.
ARRIVALS = {7: 0.2, 8: 1.6, 9: 2.0, 10: 1.7, 11: 1.2, 12: 0.6, 13: 0.9, 14: 0.7, 15: 0.3}
VOTE_RATE = 0.45
SKM_RATE = {"dukcapil": 0.18, "samsat": 0.12, "imigrasi": 0.55, "bpn": 0.6, "kemenag": 0.7,
            "satpas": 0.35}
DEFAULT_SKM_RATE = 0.45
WEEKDAY_FACTOR = (1.25, 1.05, 1.0, 1.0, 0.9, 0.5, 0.0)  # Monday rush, quiet Saturday


def score(rng: random.Random, mean: float, spread: float = 0.55) -> int:
    """A 1..4 answer around `mean`: weights of a normal curve over the four scores."""
    weights = [math.exp(-((k - mean) ** 2) / (2 * spread**2)) for k in (1, 2, 3, 4)]
    return rng.choices((1, 2, 3, 4), weights=weights)[0]


def profile(rng: random.Random) -> dict:
    occupation = rng.choices([o.key for o in OCCUPATIONS], weights=(12, 2, 2, 40, 28, 16))[0]
    return {"gender": rng.choice("LP"), "age": int(rng.triangular(17, 75, 33)),
            "education": rng.choices([e.key for e in EDUCATION],
                                     weights=(6, 12, 42, 12, 23, 4, 1))[0],
            "occupation": occupation,
            "occupation_other": rng.choice(("Ibu rumah tangga", "Mahasiswa", "Petani"))
            if occupation == "LAINNYA" else ""}


def arrivals(rng: random.Random, day: date, expected: float, zone) -> list[datetime]:
    """Arrival instants (UTC, as the kiosk clock gives them) for one agency on one day."""
    n = max(0, round(rng.gauss(expected, math.sqrt(expected))))
    hours = rng.choices(list(ARRIVALS), weights=list(ARRIVALS.values()), k=n)
    local = [datetime(day.year, day.month, day.day, h, rng.randrange(60), rng.randrange(60),
                      tzinfo=zone) for h in hours]
    return [t.astimezone(timezone.utc) for t in local]


def seed_month(service: LocalService, year: int, month: int, seed: int = 2017) -> dict:
    rng = random.Random(seed)
    catalog = service.catalog
    zone = service.zone
    stats = {"tickets": 0, "refused": 0, "votes": 0, "skm": 0}
    popular = {}  # services of an agency, the first listed ones most asked for (Zipf-like)
    for agency in catalog.agencies:
        services = [s for s in catalog.services_of(agency.id) if s.enabled]
        popular[agency.id] = (services, [1 / (i + 1) for i in range(len(services))])

    for day_number in range(1, calendar.monthrange(year, month)[1] + 1):
        day = date(year, month, day_number)
        visits = []
        for agency in catalog.agencies:
            expected = DAILY.get(agency.id, DEFAULT_DAILY) * WEEKDAY_FACTOR[day.weekday()]
            services, weights = popular[agency.id]
            if expected and services:
                for at in arrivals(rng, day, expected, zone):
                    visits.append((at, rng.choices(services, weights=weights)[0]))
        for at, svc in sorted(visits, key=lambda v: v[0]):
            try:
                ticket = service.issue_ticket(svc.id, now=at)
            except Refused:
                stats["refused"] += 1
                continue
            stats["tickets"] += 1
            fate = rng.random()
            if fate < 0.02:
                service.cancel_ticket(ticket.id, "visitor left before printing")
                continue
            if fate < 0.05:
                service.fail_printing(ticket.id, "paper out")
            else:
                service.confirm_printed(ticket.id)
            feedback(service, rng, ticket, at, svc, stats)
    return stats


def feedback(service: LocalService, rng: random.Random, ticket, at: datetime, svc,
             stats: dict) -> None:
    """The visitor leaves: maybe a face vote, maybe the full SKM, some of them unbound."""
    quality = QUALITY.get(svc.agency, DEFAULT_QUALITY) + rng.gauss(0, 0.2)
    leaving = at + timedelta(minutes=svc.service_minutes + rng.randrange(10, 90))
    bound = rng.random() < 0.85  # most scan their ticket; the rest pick the agency
    target = ({"ticket_id": ticket.id} if bound
              else {"agency_id": svc.agency, "service_id": None})
    if rng.random() < VOTE_RATE:
        service.record_vote(score(rng, quality, 0.7), now=leaving, **target)
        stats["votes"] += 1
    if rng.random() < SKM_RATE.get(svc.agency, DEFAULT_SKM_RATE):
        answers = {k: score(rng, quality + OFFSET[k]) for k in UNSUR_KEYS}
        service.record_skm(profile(rng), answers, now=leaving + timedelta(minutes=2),
                           suggestion="Antrean pagi terlalu panjang" if rng.random() < 0.03
                           else "", **target)
        stats["skm"] += 1


def write_reports(config_path: Path, db: Path, docs: Path, start: date, end: date) -> None:
    """The sample reports, made by the same command line the managers use."""
    from kiosk.cli.report import main as report
    docs.mkdir(parents=True, exist_ok=True)
    common = ["--config", str(config_path), "--store", str(db),
              "--from", start.isoformat(), "--to", end.isoformat()]
    for kind, fmt, name in (("ikm", "csv", "ikm.csv"), ("ikm", "xlsx", "ikm.xlsx"),
                            ("ikm", "png", "ikm.png"), ("ikm", "table", "ikm.txt"),
                            ("votes", "csv", "votes.csv"), ("votes", "table", "votes.txt"),
                            ("demand", "csv", "demand.csv"), ("demand", "png", "demand.png")):
        code = report([kind, *common, "--format", fmt, "--out", str(docs / name)])
        if code:
            raise SystemExit(f"kiosk report {kind} --format {fmt} failed ({code})")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=config.DEFAULT_CONFIG)
    parser.add_argument("--month", default="2026-10", help="YYYY-MM (default 2026-10)")
    parser.add_argument("--db", type=Path, default=Path("/tmp/anjungan-sample/kiosk.sqlite3"))
    parser.add_argument("--docs", type=Path, default=None,
                        help="write the sample reports into this folder (e.g. docs/reports)")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args(argv)
    year, month = (int(part) for part in args.month.split("-"))

    settings = config.load(args.config)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    store = Store(args.db)
    store.query("PRAGMA synchronous=OFF")  # sample data: no need to survive a power cut
    started = time.perf_counter()
    stats = seed_month(LocalService(settings, store=store), year, month, args.seed)
    store.close()
    print(f"seeded {args.db}: " + ", ".join(f"{n} {k}" for k, n in stats.items())
          + f" in {time.perf_counter() - started:.1f} s")
    if args.docs:
        last = calendar.monthrange(year, month)[1]
        write_reports(args.config, args.db, args.docs, date(year, month, 1),
                      date(year, month, last))
        print(f"sample reports written to {args.docs}")


if __name__ == "__main__":
    main()
