"""`kiosk report suggestions`: the SKM's suggestions and complaints for staff to follow up,
as a table, CSV or workbook, never with a full NIK; `--handled ID` marks one as done."""

import csv
import io
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli.report import main
from kiosk.reports import mask_niks

ROOT = Path(__file__).resolve().parents[2]
PROFILE = {"gender": "P", "age": 29, "education": "SMA", "occupation": "SWASTA"}
DAY = ["--from", "2026-10-05", "--to", "2026-10-05"]
NIK = "3201012345670001"
LONG = ("Antrean pagi terlalu panjang, mohon tambah loket pada hari Senin karena banyak warga "
        "datang sejak pukul tujuh. NIK saya 3201 0123 4567 0001, mohon dicek.")


def at(day, hour):
    return datetime(2026, 10, day, hour, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def answered(make_service):
    service = make_service()
    ticket = service.issue_ticket("dukcapil-ktp", now=at(5, 9))
    ids = {}
    ids["long"] = service.record_skm(PROFILE, {"waktu": 2}, ticket_id=ticket.id,
                                     suggestion=LONG, contact="0812 3456 7890",
                                     now=at(5, 12)).id
    ids["ac"] = service.record_skm(PROFILE, {"sarana": 1}, agency_id="imigrasi",
                                   suggestion="AC ruang tunggu mati", contact=NIK,
                                   now=at(5, 10)).id
    service.record_skm(PROFILE, {"waktu": 4}, agency_id="imigrasi", now=at(5, 11))  # none
    service.record_skm(PROFILE, {"waktu": 3}, agency_id="imigrasi", suggestion="Kemarin",
                       now=at(4, 11))                                            # other day
    service.ids = ids
    return service


def run(service, *args):
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "--config",
                           str(service.settings.path), "report", "suggestions", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def test_the_table_lists_them_in_time_order_without_a_full_nik(answered):
    code, out, err = run(answered, *DAY)
    assert code == 0, err
    assert NIK not in out and "3201 0123 4567 0001" not in out
    assert out.count("************0001") == 2          # in one text, and one contact
    lines = out.splitlines()
    assert lines[0] == "Saran dan pengaduan — MPP Uji"
    assert lines[1].endswith("· 2 saran atau pengaduan, 2 belum ditindaklanjuti")
    assert lines[3].split()[:4] == ["ID", "Waktu", "Instansi", "Layanan"]
    first, second = lines[5], lines[6]
    assert first.startswith(answered.ids["ac"]) and "2026-10-05 10.30" in first
    assert "Imigrasi" in first and "AC ruang tunggu mati" in first
    assert "************0001" in first                  # the contact was a NIK
    assert second.startswith(answered.ids["long"]) and "Cetak ulang KTP-el" in second
    assert "0812 3456 7890" in second                  # a phone number stays readable
    assert "Kemarin" not in out                        # outside the period


def test_csv_for_one_agency_keeps_the_whole_text(answered):
    code, out, _ = run(answered, *DAY, "--agency", "dukcapil", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == answered.ids["long"] and row["at"] == "2026-10-05T12:30:00+07:00"
    assert (row["agency_id"], row["service_id"], row["contact"]) == (
        "dukcapil", "dukcapil-ktp", "0812 3456 7890")
    assert row["suggestion"] == LONG.replace("3201 0123 4567 0001", "************0001")
    assert row["handled_at"] == ""


def test_a_workbook_for_the_agencies(answered, tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "saran.xlsx"
    assert main(["suggestions", *DAY, "--format", "xlsx", "--out", str(out), "--lang", "en"],
                answered.settings) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "Suggestions and complaints"
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[3] == ["ID", "Time", "Agency", "Service", "Suggestion or complaint", "Contact",
                        "Handled"]
    assert cells[4][0] == answered.ids["ac"] and cells[4][1] == datetime(2026, 10, 5, 10, 30)
    assert cells[5][4].endswith("NIK saya ************0001, mohon dicek.")
    assert not any(NIK in str(v) for row in cells for v in row)


def test_marking_one_handled(answered, capsys):
    settings, done = answered.settings, answered.ids["ac"]
    assert main(["suggestions", "--handled", done.lower()], settings) == 0   # any case
    assert f"Saran {done} ditandai sudah ditindaklanjuti (" in capsys.readouterr().out
    assert main(["suggestions", "--handled", done, "--lang", "en"], settings) == 0
    assert f"Suggestion {done} was already marked as handled" in capsys.readouterr().out
    assert main(["suggestions", *DAY, "--format", "csv"], settings) == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows[done]["handled_at"] and not rows[answered.ids["long"]]["handled_at"]
    # only those still waiting
    assert main(["suggestions", *DAY, "--open", "--format", "csv"], settings) == 0
    assert [r["id"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))] == [
        answered.ids["long"]]
    assert main(["suggestions", "--handled", answered.ids["long"]], settings) == 0
    capsys.readouterr()
    assert main(["suggestions", *DAY, "--open"], settings) == 1
    assert "yang menunggu tindak lanjut" in capsys.readouterr().err


def test_mistakes_are_explained(answered, capsys):
    assert main(["suggestions", "--handled", "NOSUCHID00"], answered.settings) == 1
    assert "Tidak ada saran atau pengaduan dengan id NOSUCHID00" in capsys.readouterr().err
    code, _, err = run(answered, "--handled", "drop table;")
    assert code == 2 and "not an id from the list" in err
    assert main(["suggestions", "--from", "2026-11-01", "--to", "2026-11-30"],
                answered.settings) == 1
    assert "Tidak ada saran atau pengaduan antara 1 November 2026 dan 30 November 2026" in \
        capsys.readouterr().err


@pytest.mark.parametrize("text, shown", [
    (f"nik {NIK}.", "nik ************0001."),
    ("3201-0123-4567-0001", "************0001"),
    ("HP 081234567890", "HP 081234567890"),               # 12 digits: a phone, kept
    ("", ""),
])
def test_nik_like_numbers_are_masked(text, shown):
    assert mask_niks(text) == shown


def test_the_staff_panel_counts_only_what_is_left_to_follow_up(answered):
    """The staff panel's "to follow up" figure drops as staff mark suggestions handled."""
    service, noon = answered, at(5, 13)
    assert service.today_feedback(noon).suggestions == 2  # that day's two, not the day before's
    assert main(["suggestions", "--handled", service.ids["ac"]], service.settings) == 0
    assert service.today_feedback(noon).suggestions == 1
    assert main(["suggestions", "--handled", service.ids["long"]], service.settings) == 0
    assert service.today_feedback(noon).suggestions == 0
