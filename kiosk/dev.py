"""Set-up in one command: `python3 -m kiosk.dev run` and `python3 -m kiosk.dev test`.

Standard library only, because it runs before anything is installed. It creates `.venv`
beside the repo, installs the project into it (again only when pyproject.toml changed),
and on Linux as root installs the system packages a headless run needs (Xvfb, Mesa) and
PostgreSQL for the hub's tests (tests/hub/pg_cluster.py starts a throwaway server from it).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")

# Debian packages for a headless Kivy window (software GL).
APT_FOR_TESTS = {
    "xvfb": "/usr/bin/Xvfb",
    "xauth": "/usr/bin/xauth",
    "libgl1": None,
    "libgl1-mesa-dri": None,
    "libmtdev1": None,
    # The hall announcements: Indonesian speech and an ALSA player (tests play to ALSA's
    # null device, so no sound card is needed).
    "espeak-ng": "/usr/bin/espeak-ng",
    "alsa-utils": "/usr/bin/aplay",
}
# The server the hub's PostgreSQL store is tested on, and the browser the counter console is
# tested in. Optional: without them those tests are skipped with the reason, so a machine
# without apt still runs the rest of the suite.
APT_OPTIONAL_FOR_TESTS = {
    "postgresql": None,
    "chromium": "/usr/bin/chromium",     # the counter console's browser test (Playwright)
    "faketime": "/usr/bin/faketime",     # `kiosk doctor` with the clock two hours wrong
    "systemd": "/usr/bin/systemd-analyze",  # `systemd-analyze verify` on the units
    "cage": "/usr/bin/cage",             # the kiosk session's compositor (the units name it)
}


def say(message: str) -> None:
    print(f"[anjungan] {message}", flush=True)


def run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def missing_debian_packages(wanted: dict[str, str | None]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for name in wanted:
        probe = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name],
            capture_output=True, text=True,
        )
        if "install ok installed" not in probe.stdout:
            missing.append(name)
    return missing


def ensure_system_packages(wanted: dict[str, str | None], required: bool = True) -> None:
    missing = missing_debian_packages(wanted)
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        say("missing system packages: " + " ".join(missing))
        say("install them with: sudo apt-get install -y " + " ".join(missing))
        return
    say("installing system packages: " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)
    except subprocess.CalledProcessError:
        if required:
            raise
        say("could not install " + " ".join(missing) + "; the tests that need it are skipped")


def ensure_venv(extras: str = "") -> Path:
    python = BIN / "python"
    if not python.exists():
        say(f"creating virtual environment in {VENV}")
        run([sys.executable, "-m", "venv", str(VENV)])
        run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip", "setuptools", "wheel"])
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / ".anjungan-installed"
    if not stamp.exists() or stamp.read_text() != digest:
        say(f"installing {spec} into the virtual environment")
        run([str(python), "-m", "pip", "install", "-q", "-e", spec], cwd=ROOT)
        stamp.write_text(digest)
    return python


def cmd_run(args: list[str]) -> int:
    ensure_venv()
    kiosk = BIN / "kiosk"
    # A developer's first run: simulated devices in a window (`--simulate`), not a
    # full-screen kiosk that takes over the desktop.
    return subprocess.call([str(kiosk), "run", *(args or ["--simulate"])], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    if sys.platform.startswith("linux"):
        ensure_system_packages(APT_FOR_TESTS)
        ensure_system_packages(APT_OPTIONAL_FOR_TESTS, required=False)
    python = ensure_venv("test")
    pytest = [str(python), "-m", "pytest"]
    if args:
        return subprocess.call([*pytest, *args], cwd=ROOT)
    # The window tests get a process of their own: Kivy keeps its Window, Clock and App
    # state per process, and after hundreds of other tests in the same process a new
    # app's start-up events were seen to go missing. tests/conftest.py starts Xvfb.
    say("import rules (import-linter contracts in pyproject.toml)")
    rooms = subprocess.call([str(BIN / "lint-imports")], cwd=ROOT)
    core = subprocess.call([*pytest, "-m", "not ui"], cwd=ROOT)
    say("window tests (a real Kivy window under Xvfb)")
    ui = subprocess.call([*pytest, "-m", "ui"], cwd=ROOT)
    return rooms or core or ui


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("run", "test"):
        print("usage: python3 -m kiosk.dev run [kiosk run options] | test [pytest options]")
        return 2
    command, rest = argv[0], argv[1:]
    return cmd_run(rest) if command == "run" else cmd_test(rest)


if __name__ == "__main__":
    sys.exit(main())
