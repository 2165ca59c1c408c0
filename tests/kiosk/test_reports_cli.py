"""`kiosk report …`: what a manager sees, including every kind of mistake (never a traceback)."""

import csv
import io
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli.report import main
from kiosk.survey import UNSUR_KEYS

ROOT = Path(__file__).resolve().parents[2]
PERIOD = ["--from", "2026-10-01", "--to", "2026-10-31"]
PROFILE = {"gender": "L", "age": 41, "education": "D4/S1", "occupation": "PNS"}


def at(hour, minute=0):
    """Monday 5 October 2026 at a WIB time, in UTC as the kiosk clock gives it."""
    return datetime(2026, 10, 5, hour, minute, tzinfo=ZoneInfo("Asia/Jakarta")).astimezone(
        timezone.utc)


def take(service, service_id, n, start):
    return [service.confirm_printed(service.issue_ticket(
        service_id, now=start + timedelta(minutes=i)).id) for i in range(n)]


@pytest.fixture
def seeded(make_service):
    """Two agencies with tickets, votes and SKM answers on Monday 5 October 2026."""
    service = make_service()
    ktp = take(service, "dukcapil-ktp", 4, start=at(9))
    paspor = take(service, "imigrasi-paspor", 2, start=at(10))
    for ticket, score in zip(ktp[:3] + paspor, (4, 3, 3, 2, 1)):
        service.record_skm(PROFILE, dict.fromkeys(UNSUR_KEYS, score), ticket_id=ticket.id,
                           now=at(12))
        service.record_vote(score, ticket_id=ticket.id, now=at(12))
    return service


def run(service, *args):
    """The command in a fresh interpreter, as staff run it: (exit code, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli.report", *args, "--config",
         str(service.settings.path)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def test_ikm_table_on_the_terminal(seeded):
    code, out, err = run(seeded, "ikm", *PERIOD)
    assert code == 0, err
    # Σ of (4+3+3)·9 over 3 respondents and 2·9 + 1·9 over 2: both agencies, then all.
    assert "Dukcapil" in out and "Imigrasi" in out
    assert "Semua instansi: IKM 65,00 · mutu C (Kurang Baik) · 5 responden" in out


def test_bad_date_is_explained(seeded):
    code, out, err = run(seeded, "ikm", "--from", "2026-13-01")
    assert code == 2 and out == ""
    assert "--from '2026-13-01' bukan tanggal; gunakan TTTT-BB-HH" in err


def test_messages_in_english_on_request(seeded):
    code, _, err = run(seeded, "votes", "--to", "31-10-2026", "--lang", "en")
    assert code == 2 and "--to '31-10-2026' is not a date; use YYYY-MM-DD" in err


def test_unknown_agency_lists_the_known_ones(seeded):
    code, _, err = run(seeded, "demand", *PERIOD, "--agency", "samsat")
    assert code == 2
    assert "Instansi 'samsat' tidak dikenal. Instansi yang ada: dukcapil, imigrasi" in err


def test_empty_period_says_so_and_exits_1(seeded):
    code, out, err = run(seeded, "ikm", "--from", "2026-11-01", "--to", "2026-11-30")
    assert (code, out) == (1, "")
    assert "Belum ada jawaban SKM antara 1 November 2026 dan 30 November 2026" in err


def test_unknown_format_and_option_are_usage_errors(seeded):
    code, _, err = run(seeded, "votes", *PERIOD, "--format", "png")
    assert code == 2 and "invalid choice: 'png'" in err
    code, _, err = run(seeded, "ikm", *PERIOD, "--weight", "0.1")
    assert code == 2 and "--weight" in err


def test_through_the_kiosk_command(seeded):
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--config", str(seeded.settings.path), "report",
         "ikm", *PERIOD, "--format", "csv"], capture_output=True, text=True, cwd=ROOT,
        timeout=60)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["agency_id"] for r in rows if r["level"] == "agency"] == ["dukcapil", "imigrasi"]


# The rest runs in-process: same code path, without an interpreter start per case.

def test_csv_for_one_agency_by_its_prefix(seeded, capsys):
    assert main(["ikm", *PERIOD, "--agency", "b", "--format", "csv"], seeded.settings) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["level"] for r in rows] == ["total", "agency", "service"]
    assert rows[0]["agency"] == "Kantor Imigrasi"
    # 2·9 and 1·9 over two respondents: NRR 1.5, IKM 1.5, converted 37.50, D.
    assert (rows[0]["ikm_converted"], rows[0]["mutu"], rows[0]["kinerja"]) == (
        "37.50", "D", "Tidak Baik")


def test_rounded_weight_on_request(seeded, capsys):
    assert main(["ikm", *PERIOD, "--weight", "0.11", "--format", "csv"], seeded.settings) == 0
    total = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # 117 points / 5 respondents… per unsur NRR 2.6; 9 × 2.6 × 0.11 × 25 = 64.35: D, not C.
    assert (total["weight"], total["ikm_converted"], total["mutu"]) == ("0.11", "64.35", "D")


def test_service_of_another_agency_is_refused(seeded, capsys):
    code = main(["ikm", *PERIOD, "--agency", "dukcapil", "--service", "imigrasi-paspor"],
                seeded.settings)
    assert code == 2
    assert "Layanan imigrasi-paspor milik imigrasi, bukan dukcapil" in capsys.readouterr().err


def test_from_after_to_is_refused(seeded, capsys):
    assert main(["demand", "--from", "2026-10-31", "--to", "2026-10-01"], seeded.settings) == 2
    assert "2026-10-01" in capsys.readouterr().err


def test_missing_store_is_not_created(seeded, tmp_path, capsys):
    missing = tmp_path / "nowhere" / "kiosk.sqlite3"
    assert main(["ikm", *PERIOD, "--store", str(missing)], seeded.settings) == 1
    assert "Tidak ada basis data di" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_files_are_written_where_asked(seeded, tmp_path, capsys):
    pytest.importorskip("openpyxl")
    pytest.importorskip("matplotlib")
    for args, name in ((["ikm", "--format", "xlsx"], "ikm.xlsx"),
                       (["ikm", "--format", "png", "--lang", "en"], "ikm.png"),
                       (["demand", "--format", "png"], "demand.png"),
                       (["votes", "--format", "csv"], "votes.csv")):
        out = tmp_path / name
        assert main([*args, *PERIOD, "--out", str(out)], seeded.settings) == 0
        assert out.stat().st_size > 1000 if name.endswith(("xlsx", "png")) else out.exists()
    assert "Report written to" in capsys.readouterr().out
    rows = list(csv.DictReader((tmp_path / "votes.csv").open(encoding="utf-8")))
    assert rows[-1]["agency_id"] == "imigrasi" and rows[-1]["votes"] == "2"


def test_unwritable_output_is_explained(seeded, tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "ikm.csv"
    assert main(["ikm", *PERIOD, "--format", "csv", "--out", str(target)], seeded.settings) == 1
    assert f"Tidak dapat menulis {target}" in capsys.readouterr().err


def test_default_period_is_today(seeded, capsys):
    # Nothing was recorded today (the seeded day is in October 2026): a clear "nothing".
    assert main(["votes"], seeded.settings) == 1
    assert "Belum ada penilaian wajah antara" in capsys.readouterr().err
