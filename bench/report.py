"""Benchmark the IKM computation and the IKM report over 1,000,000 synthetic SKM responses.

    .venv/bin/python bench/report.py [--responses N] [--no-store]

Prints one `name: value` line per figure:
    ikm_compute_s   totals per unsur (what SQL SUM/COUNT hands over) → from_sums → IKM
    ikm_stream_s    every response fed one by one to IkmAccumulator.add (no database)
    seed_s          writing N responses and N tickets into a temporary SQLite store
                    (executemany in big transactions, not through the service)
    ikm_report_s    kiosk.reports.ikm_report for the month holding all N responses, per
                    agency and per service, population included (goal ≤ 1 s); best of 3
    *_cpu_s         the same as CPU time of this process (SQLite runs in it)
The sample MPP's catalog (config/kiosk.toml) gives the agencies and services.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk import config  # noqa: E402
from kiosk.reports import Period, ikm_report  # noqa: E402
from kiosk.store import UNSUR_COLUMNS, Store  # noqa: E402
from kiosk.survey import UNSUR_KEYS, IkmAccumulator  # noqa: E402

MONTH = Period(date(2026, 10, 1), date(2026, 10, 31))
BATCH = 250_000

# A plausible MPP answer mix: mostly 3 ("baik"), many 4, few 1 and 2.
SCORE_WEIGHTS = (3, 10, 50, 37)


def synthetic_columns(responses: int, seed: int = 14_2017) -> dict[str, bytes]:
    """One column of scores (1..4, one byte each) per unsur; compact enough for 10⁶ rows."""
    rng = random.Random(seed)
    return {key: bytes(rng.choices((1, 2, 3, 4), weights=SCORE_WEIGHTS, k=responses))
            for key in UNSUR_KEYS}


def compute_from_totals(columns: dict[str, bytes], responses: int):
    sums = {key: sum(column) for key, column in columns.items()}
    counts = {key: len(column) for key, column in columns.items()}
    return IkmAccumulator.from_sums(sums, counts, responses).result()


def compute_streaming(columns: dict[str, bytes]):
    acc = IkmAccumulator()
    keys = tuple(columns)
    for row in zip(*columns.values()):
        acc.add(dict(zip(keys, row)))
    return acc.result()


def timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def seed_store(store: Store, catalog, responses: int, seed: int = 14_2017) -> None:
    """`responses` SKM answers and as many tickets, spread over the month, day by day.

    Rows go in day order, as a kiosk writes them, so the day-first indexes grow at their end.
    """
    rng = random.Random(seed)
    services = [(s.agency, s.id) for s in catalog.services]
    days = [MONTH.start + timedelta(days=i) for i in range((MONTH.end - MONTH.start).days + 1)]
    skm_sql = (f"INSERT INTO skm_response (id, at, day, hour, kiosk_id, agency_id, service_id, "
               f"ticket_id, {', '.join(UNSUR_COLUMNS)}) VALUES ({', '.join('?' * 17)})")
    ticket_sql = ("INSERT INTO ticket (id, day, grp, seq, number, agency_id, service_id, "
                  "kiosk_id, status, issued_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")

    def rows(first: int, last: int):
        skm, tickets = [], []
        for i in range(first, last):
            day = days[i * len(days) // responses].isoformat()
            agency, service = rng.choice(services)
            hour = rng.randrange(8, 16)
            scores = rng.choices((1, 2, 3, 4), weights=SCORE_WEIGHTS, k=len(UNSUR_COLUMNS))
            stamp = f"{day}T{hour - 7:02d}:{i % 60:02d}:00.000+00:00"  # WIB 08..15 in UTC
            skm.append((f"S{i:09d}", stamp, day, hour, "K01", agency, service, f"T{i:09d}",
                        *scores))
            tickets.append((f"T{i:09d}", day, "X", i + 1, f"X-{i + 1}", agency, service, "K01",
                            "issued", stamp, stamp))
        return skm, tickets

    for first in range(0, responses, BATCH):
        skm, tickets = rows(first, min(responses, first + BATCH))
        with store.transaction() as db:
            db.executemany(skm_sql, skm)
            db.executemany(ticket_sql, tickets)


def time_report(store: Store, catalog, runs: int = 3):
    """(report, best wall seconds, best CPU seconds): CPU time shows the cost even when
    other programs share the machine's cores."""
    best, best_cpu, report = float("inf"), float("inf"), None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        report = ikm_report(store, catalog, MONTH)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return report, best, best_cpu


def store_figures(responses: int) -> None:
    catalog = config.load().catalog
    with tempfile.TemporaryDirectory(prefix="anjungan-bench-") as folder:
        store = Store(Path(folder) / "bench.sqlite3")
        store.query("PRAGMA synchronous=OFF")  # a throw-away store: no power cut to survive
        _, seed_s = timed(seed_store, store, catalog, responses)
        report, report_s, report_cpu = time_report(store, catalog)
        if report.total.result.respondents != responses:
            sys.exit(f"the report counted {report.total.result.respondents} respondents")
        store.close()
    print(f"seed_s: {seed_s:.1f}")
    print(f"ikm_report_s: {report_s:.2f}")
    print(f"ikm_report_cpu_s: {report_cpu:.2f}")
    print(f"ikm_report_rows: {len(report.agencies)} agencies, {len(report.services)} services")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--no-store", action="store_true",
                        help="only the in-memory figures (no SQLite seeding)")
    args = parser.parse_args(argv)
    columns = synthetic_columns(args.responses)

    totals, compute_s = timed(compute_from_totals, columns, args.responses)
    streamed, stream_s = timed(compute_streaming, columns)
    if streamed != totals:
        sys.exit("the two paths disagree: " + repr((streamed.ikm, totals.ikm)))

    print(f"ikm_compute_s: {compute_s:.4f}")
    print(f"ikm_stream_s: {stream_s:.2f}")
    print(f"ikm_converted: {totals.converted_rounded}")
    if not args.no_store:
        store_figures(args.responses)


if __name__ == "__main__":
    main()
