"""`kiosk issue` and `kiosk tickets` as IT staff use them from a terminal."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def kiosk(*args, config):
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--config", str(config), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def open_everyday(settings_path):
    """Open the test MPP every day, all day, so the CLI works whatever the real time is."""
    catalog = settings_path.parent / "catalog.toml"
    text = catalog.read_text()
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        text = text.replace(f'\n{day} = "', f'\n{day} = "00:00-23:59" #"', 1)
    text = text.replace('friday_break = "11:30-13:00"', 'friday_break = ""')
    # every cut-off, the MPP's and the services' own (the passport's is an hour: the test
    # failed between 23.00 and 24.00 WIB)
    text = re.sub(r"cutoff_minutes = \d+", "cutoff_minutes = 0", text)
    text = text.replace("[[holiday]]\ndate = 2026-12-25", "[[holiday]]\ndate = 2000-12-25")
    catalog.write_text(text.replace('hours = { sat = "" }', ""))


def test_issue_prints_a_ticket_and_tickets_lists_it(make_settings):
    settings = make_settings()
    open_everyday(settings.path)
    first = kiosk("issue", "dukcapil-ktp", config=settings.path)
    assert first.returncode == 0, first.stderr
    assert "A-001" in first.stdout and "Cetak ulang KTP-el" in first.stdout
    assert "Mohon menunggu nomor Anda dipanggil" in first.stdout
    prio = kiosk("--lang", "en", "issue", "imigrasi-paspor", "--priority", config=settings.path)
    assert prio.returncode == 0, prio.stderr
    assert "RB-001" in prio.stdout and "New passport" in prio.stdout
    listing = kiosk("tickets", config=settings.path)
    assert listing.returncode == 0
    assert "A-001" in listing.stdout and "RB-001" in listing.stdout
    assert "2 tickets" in listing.stdout


def test_issue_explains_refusal_and_unknown_service(make_settings):
    settings = make_settings()
    open_everyday(settings.path)
    for _ in range(3):
        assert kiosk("issue", "dukcapil-akta", config=settings.path).returncode == 0
    full = kiosk("issue", "dukcapil-akta", config=settings.path)
    assert full.returncode == 3
    assert "Kuota antrean hari ini sudah terpenuhi" in full.stderr
    unknown = kiosk("issue", "no-such-service", config=settings.path)
    assert unknown.returncode == 2 and "unknown service" in unknown.stderr
    assert "Traceback" not in full.stderr + unknown.stderr


def test_staff_pin_makes_a_hash_that_checks(tmp_path):
    from kiosk.staffpin import PinGate, check_pin
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "staff-pin", "--pin", "135790"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    line = out.stdout.splitlines()[0]
    stored = line.split('"')[1]
    assert check_pin("135790", stored) and not check_pin("135791", stored)
    now = [0.0]
    gate = PinGate(stored, max_attempts=3, lockout_s=60, clock=lambda: now[0])
    assert not any(gate.attempt("000000") for _ in range(3))
    assert not gate.attempt("135790"), "locked out after three failures"
    now[0] = 61
    assert gate.attempt("135790")
