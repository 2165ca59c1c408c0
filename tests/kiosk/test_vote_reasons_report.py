"""`kiosk report votes` shows the main reasons visitors gave after their face vote, per
agency, counted apart after an unhappy face (1–2) and a happy one (3–4)."""

import ast
import csv
import io
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli.report import main
from kiosk.reports import labels

ROOT = Path(__file__).resolve().parents[2]
DAY = ["--from", "2026-10-05", "--to", "2026-10-05"]


def at(hour):
    return datetime(2026, 10, 5, hour, 15, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def voted(make_service):
    """Votes as the exit screen stores them: the vote, then its follow-up answers."""
    service = make_service()
    ticket = service.issue_ticket("imigrasi-paspor", now=at(9))
    given = [  # face, ticket, agency chosen afterwards, reason tapped afterwards, hour
        (1, None, "dukcapil", "waktu", 9), (2, None, "dukcapil", "waktu", 10),
        (4, None, "dukcapil", "waktu", 10), (4, None, "dukcapil", "perilaku", 10),
        (3, None, "dukcapil", None, 11), (2, ticket.id, None, "prosedur", 11),
        (3, None, "imigrasi", "Antrean lama sekali", 11),     # free text from another client
    ]
    for face, ticket_id, agency, reason, hour in given:
        vote = service.record_vote(face, ticket_id=ticket_id, now=at(hour))
        if agency:
            service.set_vote_agency(vote.id, agency)
        if reason:
            service.set_vote_reason(vote.id, reason)
    return service


def report(service, *args):
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "--config",
                           str(service.settings.path), "report", "votes", *DAY, *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout


def test_the_table_names_the_reasons_per_agency_in_indonesian(voted):
    out = report(voted)
    section = out[out.index("Alasan utama per instansi"):].splitlines()
    assert section[1].split() == ["Instansi", "Alasan", "utama", "Tidak", "puas", "(1+2)",
                                  "Puas", "(3+4)", "Jumlah"]
    rows = [line.split("  ") for line in section[3:]]
    cells = [[c.strip() for c in row if c.strip()] for row in rows]
    assert cells == [
        ["Dukcapil", "Kecepatan pelayanan", "2", "1", "3"],
        ["Perilaku petugas", "0", "1", "1"],
        ["Imigrasi", "Prosedur", "1", "0", "1"],
        ["Alasan lain", "0", "1", "1"],
        ["Jumlah", "Kecepatan pelayanan", "2", "1", "3"],
        ["Perilaku petugas", "0", "1", "1"],
        ["Prosedur", "1", "0", "1"],
        ["Alasan lain", "0", "1", "1"],
    ]


def test_english_labels_on_request(voted):
    out = report(voted, "--lang", "en")
    assert "Main reason per agency" in out
    assert "Speed of service" in out and "Staff behaviour" in out and "Other reason" in out


def test_csv_has_the_reasons_of_every_row(voted):
    rows = list(csv.DictReader(io.StringIO(report(voted, "--format", "csv"))))
    dukcapil = next(r for r in rows if r["agency_id"] == "dukcapil" and r["hour"] == "")
    assert dukcapil["votes"] == "5" and dukcapil["reasons_given"] == "4"
    assert (dukcapil["reason_waktu_1_2"], dukcapil["reason_waktu_3_4"]) == ("2", "1")
    assert dukcapil["reason_perilaku_3_4"] == "1" and dukcapil["reason_sarana_1_2"] == "0"
    ten = next(r for r in rows if r["agency_id"] == "dukcapil" and r["hour"] == "10")
    assert (ten["reason_waktu_1_2"], ten["reason_waktu_3_4"], ten["reason_perilaku_3_4"]) == (
        "1", "1", "1")
    imigrasi = next(r for r in rows if r["agency_id"] == "imigrasi" and r["hour"] == "")
    assert (imigrasi["reason_prosedur_1_2"], imigrasi["reason_lainnya_3_4"]) == ("1", "1")
    columns = list(rows[0])
    assert columns.index("reasons_given") < columns.index("reason_waktu_1_2") \
        < columns.index("period_from")


def test_without_reasons_the_table_says_so(make_service, capsys):
    service = make_service()
    service.record_vote(3, agency_id="dukcapil", now=at(9))
    assert main(["votes", *DAY], service.settings) == 0
    assert "Belum ada pengunjung yang memberi alasan utama" in capsys.readouterr().out


def test_the_report_knows_every_reason_the_exit_screen_offers():
    """kiosk.survey.records.REASONS (what the exit screen offers) and the report's reasons."""
    from kiosk.survey.records import REASON_KEYS
    assert set(REASON_KEYS) == set(labels.REASON_LABELS)
    assert tuple(REASON_KEYS) == labels.REASON_KEYS
