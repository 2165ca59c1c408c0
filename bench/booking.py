"""How long a kiosk takes to verify one signed booking code (goal: at most 5 ms), and how
long a visitor waits from scanning it to seeing their number.

    .venv/bin/python bench/booking.py [--scans 30]

verify_ms          the mean over 2000 verifications of 50 different codes (with and without
                   a NIK hash), each going through the full path a scan takes — cleaning the
                   scanner input, header and key checks, the Ed25519 signature, claims and
                   the check-in window.
scan_to_ticket_ms  median over --scans bookings: the code written to the simulated scanner's
                   pty -> real serial driver -> check-in on the store -> ticket printed on the
                   virtual printer (pty), confirmed by its status -> ticket screen shown, in
                   a real Kivy window (the sample MPP). Needs a display; without one it
                   starts itself under xvfb-run.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time as clock
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from kiosk.bookings import new_booking, sign_booking, verify_booking  # noqa: E402

ROUNDS = 2000
WIB = ZoneInfo("Asia/Jakarta")


def main() -> None:
    keys = {f"k{n}": Ed25519PrivateKey.generate() for n in range(3)}
    keyring = {kid: key.public_key() for kid, key in keys.items()}
    services = {"dukcapil-ktp": (True, 30, 15)}
    codes = []
    for n in range(50):
        booking = new_booking(
            "dukcapil-ktp", date(2026, 5, 4), time(9), time(10),
            nik=f"320101450590{n + 1:04d}" if n % 2 else None,
            privacy_key=b"bench-privacy-key-0123456789",
        )
        kid = f"k{n % 3}"
        codes.append(f"]Q1{sign_booking(booking, keys[kid], kid)}\r\n")
    now = datetime(2026, 5, 4, 8, 45, tzinfo=WIB)
    for code in codes:  # warm up and make sure every code really passes
        assert verify_booking(code, keyring, now, WIB, services).ok
    started = clock.perf_counter()
    for i in range(ROUNDS):
        verify_booking(codes[i % len(codes)], keyring, now, WIB, services)
    elapsed = clock.perf_counter() - started
    print(f"verify_ms: {elapsed / ROUNDS * 1000:.3f}")


def scans(count: int) -> list[float]:
    """Scan `count` bookings on a real kiosk window; seconds from scan to ticket screen."""
    from screens import env

    env.prepare(windowed=True, reproducible=True)
    from devices.factory import open_devices
    from kiosk import config
    from kiosk.bookings import generate_keypair, load_private_key
    from kiosk.service import LocalService
    from screens.app import KioskApp
    from screens.tools.scripted import run_script, tap
    from screens.tools.screenshots import sample_settings

    workdir = Path(tempfile.mkdtemp(prefix="anjungan-bench-"))
    settings = sample_settings(workdir)
    kid, private, public = generate_keypair(workdir / "signing", kid="bench")
    settings.path.write_text(settings.path.read_text() + f'\n[booking]\nkeys = "{public}"\n')
    settings = config.load(settings.path)
    _, key = load_private_key(private)
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo(settings.timezone))
    service = LocalService(settings, clock=lambda: moment)
    services = [s for s in settings.catalog.services if s.enabled and (s.quota == 0 or s.quota > count)]
    codes = [sign_booking(new_booking(services[i % len(services)].id, moment.date(), time(9),
                                      time(10)), key, kid) for i in range(count)]
    devices = open_devices({"printer": {"driver": "simulated"},
                            "scanner": {"driver": "simulated"}}, workdir / "sim")
    scanner = devices.simulators["scanner"]
    app = KioskApp(settings, service, devices, transitions=False, idle_timeout_s=3600)
    shown = []
    entered = {}
    app.bind(on_start=lambda *a: app.sm.bind(
        current=lambda sm, name: entered.__setitem__(name, clock.perf_counter())))

    def script(app):
        yield 0.5
        for code in codes:
            started = clock.perf_counter()
            scanner.inject(code)
            yield lambda: app.current == "ticket"
            shown.append(entered["ticket"] - started)
            tap(app.screen("ticket").ids.done_button)
            yield lambda: app.current == "welcome"

    try:
        run_script(app, script, timeout=60 + count * 10, wait_limit=30)
    finally:
        devices.close()
        service.store.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return shown


if __name__ == "__main__":
    argv = sys.argv[1:]
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        sys.exit(subprocess.call(["xvfb-run", "-a", "-s", "-screen 0 1280x2000x24",
                                  sys.executable, __file__, *argv]))
    main()
    shown = scans(int(argv[argv.index("--scans") + 1]) if "--scans" in argv else 30)
    print(f"scan_to_ticket_ms: {statistics.median(shown) * 1000:.0f}")
    print(f"scan_to_ticket_ms_p95: {sorted(shown)[int(len(shown) * 0.95) - 1] * 1000:.0f}")
