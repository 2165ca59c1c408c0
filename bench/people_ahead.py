"""How long the pure counter rules take on a busy Dukcapil morning (sample catalog: six
counters, two of them for deeds only, priority first).

    .venv/bin/python bench/people_ahead.py [--waiting 600]

call_next_ms            one "call next" decision over the whole waiting queue (median)
people_ahead_last_ms    exact people ahead for a new ticket at the back of the queue: the
                        calling rule run until its turn (median)
services_list_ms        people ahead and wait estimate for a new ticket of every Dukcapil
                        service, as the kiosk's services list needs them
"""

import argparse
import random
import statistics
import sys
import time as clock
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk import config  # noqa: E402
from kiosk.counters import (  # noqa: E402
    OPEN, WaitingTicket, call_next, counters_of, estimate, paces, people_ahead, policy_for,
)

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)


def queue(catalog, n, rnd):
    services = catalog.services_of("dukcapil")
    out = []
    for i in range(n):
        service = rnd.choice(services)
        priority = "lansia" if rnd.random() < 0.1 else None
        group = "R" if priority else "A"
        out.append(WaitingTicket(f"t{i}", f"{group}-{i:03d}", group, service.id, "dukcapil",
                                 priority, False, START + timedelta(seconds=20 * i)))
    return out


def timed(fn, repeat):
    runs = []
    for _ in range(repeat):
        t0 = clock.perf_counter()
        fn()
        runs.append((clock.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--waiting", type=int, default=600)
    args = parser.parse_args()
    catalog = config.load_catalog(ROOT / "config" / "catalog.toml")
    desks = counters_of(catalog, "dukcapil")
    policy = policy_for(catalog, "dukcapil")
    waiting = queue(catalog, args.waiting, random.Random(13))
    last = START + timedelta(hours=5)
    new = WaitingTicket("new", "A-999", "A", "dukcapil-ktp-cetak-ulang", "dukcapil", None,
                        False, last)
    print(f"call_next_ms: {timed(lambda: call_next(waiting, desks[0], state=OPEN, policy=policy, booked_first=False), 20):.2f}")
    print(f"people_ahead_last_ms: {timed(lambda: people_ahead(new, waiting, desks, policy=policy, booked_first=False), 5):.1f}")
    published = {s.id: s.service_minutes for s in catalog.services_of("dukcapil")}
    by_service = paces(published, [])

    def services_list():
        for sid in published:
            ticket = WaitingTicket("new", "A-999", "A", sid, "dukcapil", None, False, last)
            estimate(ticket, waiting, desks, policy=policy, booked_first=False,
                     paces_by_service=by_service)
    print(f"services_list_ms: {timed(services_list, 3):.1f}")


if __name__ == "__main__":
    main()
