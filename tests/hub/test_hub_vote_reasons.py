"""The hub's votes report carries the main reasons given at every exit kiosk, and
`kiosk report votes --hub` prints them exactly as a report over the hub's store would."""

import csv
import io
import subprocess
import sys
from datetime import date

from kiosk import config, reports
from kiosk.hub import wire

from hub_support import DAY, NOW


def test_reasons_from_two_exit_kiosks_in_the_hubs_votes_report(hub):
    tokens = {k: hub.token(k) for k in ("EXIT1", "EXIT2")}
    ticket = hub.post("/v1/tickets", tokens["EXIT1"], key="reason-ticket",
                      json={"service_id": "imigrasi-paspor"}).json()
    given = [  # kiosk, face, ticket, agency (amended), reason (amended)
        ("EXIT1", 1, None, "dukcapil", "waktu"), ("EXIT2", 2, None, "dukcapil", "waktu"),
        ("EXIT2", 4, None, "dukcapil", "waktu"), ("EXIT1", 3, ticket["id"], None, "sarana"),
        ("EXIT2", 4, None, "imigrasi", None),
    ]
    for i, (kiosk, face, ticket_id, agency, reason) in enumerate(given):
        token = tokens[kiosk]
        vote_id = f"REASONV{i:03d}"
        assert hub.post("/v1/votes", token, key=vote_id,
                        json={"face": face, "ticket_id": ticket_id, "at": NOW}).ok
        amend = {k: v for k, v in (("agency_id", agency), ("reason", reason)) if v}
        if amend:
            assert hub.post(f"/v1/votes/{vote_id}/amend", token, key=f"amend-{vote_id}",
                            json=amend).ok

    data = hub.get("/v1/reports/votes", hub.staff, params={"from": DAY, "to": DAY}).json()
    assert data["total_reasons"] == {"waktu": [2, 1], "sarana": [0, 1]}
    per_agency = {r["agency_id"]: r["reasons"] for r in data["rows"] if r["hour"] is None}
    assert per_agency == {"dukcapil": {"waktu": [2, 1]}, "imigrasi": {"sarana": [0, 1]}}
    settings = config.load(hub.config)
    here = reports.votes_report(hub.store, settings.catalog,
                                reports.Period(date(2026, 11, 23), date(2026, 11, 23)),
                                mpp_name=settings.mpp_name)
    assert wire.report_from_json(data) == here

    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "report", "votes", "--from", DAY,
                           "--to", DAY, "--format", "csv", "--config", str(hub.config),
                           "--hub", hub.url, "--token", hub.staff],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == reports.votes_csv(here)
    rows = {(r["agency_id"], r["hour"]): r for r in csv.DictReader(io.StringIO(done.stdout))}
    assert (rows[("dukcapil", "")]["reason_waktu_1_2"],
            rows[("dukcapil", "")]["reason_waktu_3_4"]) == ("2", "1")
    assert rows[("imigrasi", "")]["reasons_given"] == "1"
