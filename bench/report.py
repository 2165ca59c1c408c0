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
    vote_tap_to_thanks_ms   median over --taps face taps (and _p95): a real touch on a face
                    of the exit screen in a real Kivy window (sample MPP, screen transitions
                    on as in the kiosk) until the first frame with the thank-you screen has
                    been swapped onto the screen. The vote filter's cooldown is cut to 0.3 s so the taps need
                    not wait 3 s apart; the path is the same. Needs a display; without one it
                    runs itself under xvfb-run (--no-ui skips it).
The sample MPP's catalog (config/kiosk.toml) gives the agencies and services.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
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


def vote_taps(taps: int) -> list[float]:
    """Child process: tap a face `taps` times; seconds from each tap to the thank-you frame."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from screens import env

    env.prepare(windowed=True, reproducible=True)
    from kivy.clock import Clock
    from kivy.core.window import Window

    from devices.factory import open_devices
    from kiosk.service import LocalService
    from screens.app import KioskApp
    from screens.exit_state import VoteBooth, exit_state
    from screens.tools.scripted import run_script, tap
    from screens.tools.screenshots import sample_settings

    workdir = Path(tempfile.mkdtemp(prefix="anjungan-bench-"))
    settings = sample_settings(workdir)
    object.__setattr__(settings, "mode", "exit")  # the faces are the start screen
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo(settings.timezone))
    service = LocalService(settings, clock=lambda: moment)
    devices = open_devices({"printer": {"driver": "none"}}, workdir / "sim")
    app = KioskApp(settings, service, devices, idle_timeout_s=3600)
    shown: list[float] = []
    state = {"tapped": None}

    def on_screen(dt):
        shown.append(time.perf_counter() - state["tapped"])
        state["tapped"] = None

    def flipped(*args):
        # Handlers run before the buffer swap (in software GL the swap is most of a frame):
        # the thank-you frame is on the screen when the next clock tick starts.
        # (the switch to the thank-you has no fade: its first frame shows it whole)
        if (state["tapped"] is not None and app.sm.current == "exit_thanks"
                and not state.get("pending")):
            state["pending"] = True
            Clock.schedule_once(on_screen, 0)

    def script(app):
        exit_state(app).booth = VoteBooth(app, cooldown=0.3, correction_window=0.2)
        Window.bind(on_flip=flipped)
        yield 1.0
        for i in range(taps):
            yield lambda: app.current == "exit" and not app.sm.transition.is_active
            yield 0.35                                   # past the cooldown
            face = app.screen("exit").ids[f"face_{1 + i % 4}"]
            state["tapped"], state["pending"] = time.perf_counter(), False
            tap(face)
            yield lambda: state["tapped"] is None        # the thank-you frame was drawn
            app.home()
        Window.unbind(on_flip=flipped)

    try:
        run_script(app, script, timeout=60 + taps * 5, wait_limit=20)
    finally:
        devices.close()
        service.store.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return shown


def vote_figures(taps: int) -> None:
    """vote_tap_to_thanks_ms, from a child process with a window (under xvfb-run if need be)."""
    command = [sys.executable, __file__, "--vote-taps", str(taps)]
    if not os.environ.get("DISPLAY"):
        if not shutil.which("xvfb-run"):
            print("vote_tap_to_thanks_ms: skipped (no display and no xvfb-run)")
            return
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x2000x24", *command]
    done = subprocess.run(command, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("vote_")]
    if done.returncode or not lines:
        sys.exit(f"the vote UI bench failed:\n{done.stderr[-2000:]}")
    print("\n".join(lines))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--no-store", action="store_true",
                        help="only the in-memory figures (no SQLite seeding)")
    parser.add_argument("--taps", type=int, default=40, help="face taps for vote_tap_to_thanks_ms")
    parser.add_argument("--no-ui", action="store_true", help="skip vote_tap_to_thanks_ms")
    parser.add_argument("--vote-taps", type=int, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if args.vote_taps:
        shown = vote_taps(args.vote_taps)
        print(f"vote_tap_to_thanks_ms: {statistics.median(shown) * 1000:.0f}")
        print(f"vote_tap_to_thanks_ms_p95: "
              f"{sorted(shown)[max(0, int(len(shown) * 0.95) - 1)] * 1000:.0f}")
        return
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
    if not args.no_ui:
        vote_figures(args.taps)


if __name__ == "__main__":
    main()
