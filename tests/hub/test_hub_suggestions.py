"""Suggestions and complaints from every exit kiosk, listed by the hub for follow-up
(never a full NIK on the wire), and marked as handled there."""

import csv
import io
import subprocess
import sys
from datetime import date

from kiosk import config, reports

from hub_support import DAY, NOW

PROFILE = {"gender": "L", "age": 52, "education": "S2", "occupation": "PNS"}
NIK = "3201012345670001"


def kiosk_report(hub, token, *args):
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "report", "suggestions", *args,
                           "--config", str(hub.config), "--hub", hub.url, "--token", token],
                          capture_output=True, text=True, timeout=60)


def test_the_hub_lists_every_kiosks_suggestions_and_marks_them_handled(hub):
    tokens = {k: hub.token(k) for k in ("EXIT1", "EXIT2")}
    sent = [("EXIT1", "dukcapil", f"NIK saya {NIK}, KTP belum jadi", "0812 1111 2222"),
            ("EXIT2", "imigrasi", "Petugas sangat membantu", ""),
            ("EXIT2", "imigrasi", "", "")]                       # no suggestion: not listed
    for i, (kiosk, agency, text, contact) in enumerate(sent):
        assert hub.post("/v1/skm", tokens[kiosk], key=f"SUGGEST{i:03d}",
                        json={"profile": PROFILE, "answers": {"waktu": 3}, "agency_id": agency,
                              "suggestion": text, "contact": contact, "at": NOW}).ok

    raw = hub.get("/v1/reports/suggestions", hub.staff, params={"from": DAY, "to": DAY})
    assert raw.status_code == 200 and NIK not in raw.text
    data = raw.json()
    assert [(r["id"], r["kiosk_id"], r["agency_id"]) for r in data["rows"]] == [
        ("SUGGEST000", "EXIT1", "dukcapil"), ("SUGGEST001", "EXIT2", "imigrasi")]
    assert data["rows"][0]["text"] == "NIK saya ************0001, KTP belum jadi"

    settings = config.load(hub.config)
    period = reports.Period(date(2026, 11, 23), date(2026, 11, 23))
    done = kiosk_report(hub, hub.staff, "--from", DAY, "--to", DAY, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == reports.suggestions_csv(reports.suggestions_report(
        hub.store, settings.catalog, settings.zone, period, mpp_name=settings.mpp_name))

    marked = kiosk_report(hub, hub.staff, "--handled", "SUGGEST000", "--lang", "en")
    assert marked.returncode == 0, marked.stderr
    assert "Suggestion SUGGEST000 is marked as handled (2026-11-23 10:00)" in marked.stdout
    stolen = hub.post("/v1/suggestions/SUGGEST001/handled", tokens["EXIT1"])   # a kiosk's token
    assert stolen.status_code == 403 and stolen.json()["kind"] == "staff_only"
    listed = hub.get("/v1/reports/suggestions", tokens["EXIT1"], params={"from": DAY, "to": DAY})
    assert listed.status_code == 403 and "0812" not in listed.text
    again = hub.post("/v1/suggestions/SUGGEST000/handled", hub.staff).json()
    assert again["marked"] is False and again["handled_at"].startswith("2026-11-23T")
    waiting = kiosk_report(hub, hub.staff, "--from", DAY, "--to", DAY, "--open",
                           "--format", "csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(waiting.stdout))] == ["SUGGEST001"]

    unknown = kiosk_report(hub, hub.staff, "--handled", "SUGGEST002")  # no suggestion
    assert unknown.returncode == 1 and "Tidak ada saran atau pengaduan dengan id" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    assert hub.post("/v1/suggestions/NOSUCHONE/handled", hub.staff).status_code == 404
    assert hub.post("/v1/suggestions/SUGGEST001/handled", "no-token").status_code == 401
