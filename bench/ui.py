"""UI figures: start-up, tap-to-ticket latency and memory over many journeys.

    .venv/bin/python bench/ui.py [--journeys 500] [--cpu-hog]

--cpu-hog runs `python -c "while 1: pass"` beside the bench for its whole length.
fallback_journeys   journeys that ended on the printer-failed screen with a working printer
                    (goal 0, with the hog too)

first_frame_s       process start -> first frame drawn, the kiosk (sample MPP, simulated printer)
first_frame_s_bare  the same for a bare Kivy app with one Label, measured in the same run
tap_to_ticket_ms    median, confirm tap -> ticket screen, through the virtual printer (pty)
rss_mb_first_frame  resident memory when the welcome screen is first drawn
rss_mb_start        once the kiosk has started (KioskApp.ready: every screen built, filled and
                    drawn once in the background, a few seconds after the first frame, before
                    any visitor)
rss_mb_after_20_journeys / rss_mb_after_500_journeys
                    after that many journeys (welcome -> agency -> service -> confirm ->
                    ticket -> done), rotating over every agency and every open service, with
                    real taps and scrolling; rss_mb_growth = after 500 - start (goal <= 10).
                    The virtual printer runs in its own process: the figures are the kiosk's.
Needs a display; without one it starts itself under xvfb-run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


WARM_UP = 20  # journeys after which every screen and cache has been used once
# Memory is read with the kiosk idle at the welcome screen, as between two visitors: a
# second after a visit ends the kiosk hands freed heap back (screens.app.release_free_memory).
IDLE_S = 1.5
FIRST_FRAME_RUNS = 7  # each a fresh process; the median (one run varies by ±0.05 s here)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def first_frame(kind: str) -> None:
    """Child process: draw the first frame, say so, leave."""
    from screens import env

    env.prepare(windowed=True, reproducible=True)
    if kind == "kiosk":
        env.prewarm_translations()  # as screens.main.run_kiosk does
    from kivy.core.window import Window

    if kind == "bare":
        from kivy.app import App
        from kivy.uix.label import Label

        class Bare(App):
            def build(self):
                return Label(text="Anjungan")
        app = Bare()
        devices = None
    else:
        from devices.factory import open_devices
        from kiosk.service import LocalService
        from screens.app import KioskApp
        from screens.tools.screenshots import sample_settings

        settings = sample_settings(Path(tempfile.mkdtemp(prefix="anjungan-bench-")))
        devices = open_devices({"printer": {"driver": "simulated"}})
        app = KioskApp(settings, LocalService(settings), devices)

    def flipped(*args):
        Window.unbind(on_flip=flipped)
        print("FRAME", flush=True)
        app.stop()

    Window.bind(on_flip=flipped)
    app.run()
    if devices is not None:
        devices.close()


def compile_sources() -> None:
    """Write the project's bytecode caches first, as an installed kiosk has them after its
    first start (Kivy's own came with its wheel). Without them each child compiles our
    sources again (PYTHONDONTWRITEBYTECODE is set on some machines), a cost no kiosk pays."""
    import compileall

    for package in ("kiosk", "screens", "devices"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def time_first_frame(kind: str) -> float:
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, __file__, "--first-frame", kind],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:
        if line.startswith("FRAME"):
            elapsed = time.monotonic() - start
            break
    else:
        elapsed = float("nan")
    proc.wait(timeout=30)
    return elapsed


def journeys(count: int) -> dict:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from screens import env

    env.prepare(windowed=True, reproducible=True)
    from devices.factory import open_devices
    from kiosk.service import LocalService
    from screens.app import KioskApp
    from screens.tools.scripted import run_script, tap
    from screens.tools.screenshots import sample_settings

    workdir = Path(tempfile.mkdtemp(prefix="anjungan-bench-"))
    settings = sample_settings(workdir)
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo(settings.timezone))
    service = LocalService(settings, clock=lambda: moment)
    # The virtual printer runs in its own process, as a real printer is its own device: the
    # memory figures are the kiosk's alone (the simulator keeps every ticket it renders).
    tickets = workdir / "tickets"
    printer = subprocess.Popen([sys.executable, "-m", "devices.sim.cli", "printer", "--out",
                                str(tickets)], cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = printer.stdout.readline().rsplit(":", 1)[1].strip()
    devices = open_devices({"printer": {"driver": "serial", "port": port, "handshake": "none"}})
    app = KioskApp(settings, service, devices, transitions=False, idle_timeout_s=3600)

    def printed() -> int:
        return len(list(tickets.glob("ticket-*.png")))
    # Rotate over every agency and every service open at that moment whose daily quota
    # outlasts its share of the journeys: a kiosk's day opens every list, not just the first.
    open_ids = {state.service_id for agency in settings.catalog.agencies
                for state in service.agency_states(agency.id) if state.open}
    pairs = [(a, s) for a in settings.catalog.agencies
             for s in settings.catalog.services_of(a.id) if s.id in open_ids]
    share = count // max(1, len(pairs)) + 2
    pairs = [(a, s) for a, s in pairs if s.quota == 0 or s.quota >= share] or pairs
    by_agency = {}
    for a, s in pairs:  # interleave agencies: journey i goes to agency i mod their number
        by_agency.setdefault(a.id, []).append((a, s))
    lists = list(by_agency.values())
    pairs = [lst[j % len(lst)] for j in range(max(map(len, lists))) for lst in lists]
    figures = {"latency": [], "visited": pairs[:count], "fallback": 0}
    entered = {}
    app.bind(on_start=lambda *a: app.sm.bind(
        current=lambda sm, name: entered.__setitem__(name, time.perf_counter())))

    def in_view(widget):
        """Script steps: scroll the list until the widget is wholly on screen, as a visitor
        would before tapping it. (ScrollView.scroll_to stopped short inside our screens.)"""
        scroll = widget.parent
        while not hasattr(scroll, "scroll_y"):
            scroll = scroll.parent
        content = scroll.children[0]
        spare = content.height - scroll.height
        if spare > 0:
            offset = widget.to_window(*widget.pos)[1] - content.to_window(*content.pos)[1]
            centred = offset + widget.height / 2 - scroll.height / 2
            scroll.scroll_y = min(1.0, max(0.0, centred / spare))

        def shown():
            y = widget.to_window(*widget.pos)[1]
            bottom = scroll.to_window(*scroll.pos)[1]
            return bottom <= y and y + widget.height <= bottom + scroll.height
        yield shown

    def script(app):
        yield 0.2
        figures["rss_first_frame"] = rss_mb()  # the welcome screen is up; nothing else yet
        yield lambda: app.ready
        yield 0.5
        figures["rss_start"] = rss_mb()  # started: every screen built and drawn once
        for i in range(count):
            agency, target = pairs[i % len(pairs)]
            tap(app.screen("welcome").ids.take_button)
            yield lambda: app.current == "agencies"
            tile = next(t for a, t in app.screen("agencies").tiles if a.id == agency.id)
            yield from in_view(tile)
            tap(tile)
            yield lambda: app.current == "services"
            row = app.screen("services").rows[target.id]
            yield lambda: row.svc_state is not None
            yield from in_view(row)
            tap(row)
            yield lambda: app.current == "detail"
            before = printed()
            tapped = time.perf_counter()
            tap(app.screen("detail").ids.confirm_button)
            yield lambda: app.current in ("ticket", "fallback")
            if app.current == "fallback":  # a working printer called failed: counted, shown
                figures["fallback"] += 1
                print(f"# journey {i + 1} on the fallback screen", file=sys.stderr, flush=True)
                tap(app.screen("fallback").ids.done_button)
                yield lambda: app.current == "welcome"
                continue
            figures["latency"].append(entered["ticket"] - tapped)
            yield lambda: printed() > before
            for png in sorted(tickets.glob("ticket-*.png"))[:-1]:  # the PNGs are not measured
                png.unlink(missing_ok=True)
            tap(app.screen("ticket").ids.done_button)
            yield lambda: app.current == "welcome"
            if i == WARM_UP - 1:
                yield IDLE_S
                figures["rss_warm"] = rss_mb()
            if (i + 1) % 50 == 0:
                print(f"# {i + 1} journeys, rss {rss_mb():.1f} MB", file=sys.stderr, flush=True)
        yield IDLE_S
        figures["rss_end"] = rss_mb()

    try:
        run_script(app, script, timeout=120 + count * 10, wait_limit=30)
    finally:
        devices.close()
        printer.terminate()
        printer.wait(timeout=10)
        service.store.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return figures


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--first-frame"]:
        first_frame(args[1])
        return 0
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        return subprocess.call(["xvfb-run", "-a", "-s", "-screen 0 1280x2000x24",
                                sys.executable, __file__, *args])
    count = int(args[args.index("--journeys") + 1]) if "--journeys" in args else 500
    hog = start_cpu_hog() if "--cpu-hog" in args else None
    try:
        return measure(count, hog is not None)
    finally:
        if hog is not None:
            hog.kill()


def start_cpu_hog() -> subprocess.Popen:
    """A second CPU-heavy process for the bench's length: a busy kiosk PC (an update, a
    virus scan) must not turn a working printer into a "not printed" screen."""
    return subprocess.Popen([sys.executable, "-c", "while 1: pass"])


def measure(count: int, hogged: bool) -> int:
    compile_sources()
    runs = {"kiosk": [], "bare": []}
    for _ in range(FIRST_FRAME_RUNS):  # alternated, so a busier moment weighs on both
        for kind, times in runs.items():
            times.append(time_first_frame(kind))
    kiosk, bare = statistics.median(runs["kiosk"]), statistics.median(runs["bare"])
    print(f"first_frame_s: {kiosk:.2f}")
    print(f"first_frame_s_bare: {bare:.2f}")
    print(f"first_frame_ratio: {kiosk / bare:.2f}")
    figures = journeys(count)
    print(f"tap_to_ticket_ms: {statistics.median(figures['latency']) * 1000:.0f}")
    print(f"tap_to_ticket_ms_p95: {sorted(figures['latency'])[int(len(figures['latency']) * 0.95) - 1] * 1000:.0f}")
    print(f"rss_mb_first_frame: {figures['rss_first_frame']:.1f}")
    print(f"rss_mb_start: {figures['rss_start']:.1f}")
    if "rss_warm" in figures:
        print(f"rss_mb_after_{WARM_UP}_journeys: {figures['rss_warm']:.1f}")
    print(f"rss_mb_after_{count}_journeys: {figures['rss_end']:.1f}")
    print(f"rss_mb_growth: {figures['rss_end'] - figures['rss_start']:.1f}")
    print(f"fallback_journeys: {figures['fallback']}")
    print(f"cpu_hog_beside: {'yes' if hogged else 'no'}")
    visited = figures["visited"]
    print(f"services_visited: {len({s.id for _, s in visited})} "
          f"in {len({a.id for a, _ in visited})} agencies")
    return 0


if __name__ == "__main__":
    sys.exit(main())
