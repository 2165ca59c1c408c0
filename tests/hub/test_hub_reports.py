"""One report for the whole MPP: the hub computes IKM, votes and demand over every kiosk's
tickets and feedback; `kiosk report --hub` reads it from there with a staff credential
(hub.staff: a test stand-in, see run_hub.py); a kiosk's token reads only its panel's day."""

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk import config, reports
from kiosk.hub import wire
from kiosk.hub.client import HubDown, HubError, RemoteService
from kiosk.service import LocalService
from kiosk.survey import UNSUR_KEYS

from hub_support import DAY, NOW, Hub, hub_db

PROFILE = {"gender": "P", "age": 34, "education": "SMA", "occupation": "SWASTA"}
PERIOD = {"from": DAY, "to": DAY}


@pytest.fixture(scope="module")
def mpp(request, tmp_path_factory, store_kind):
    """A hub where two entrance kiosks issued tickets and two exit kiosks took feedback."""
    h = Hub(tmp_path_factory.mktemp("reports"), hub_db(request, store_kind))
    h.start()
    tokens = {k: h.token(k) for k in ("K1", "K2", "EXIT1", "EXIT2")}
    tickets = []
    for i, (service, kiosk) in enumerate([("dukcapil-ktp", "K1"), ("dukcapil-ktp", "K2"),
                                          ("imigrasi-paspor", "K1"), ("imigrasi-paspor", "K2"),
                                          ("dukcapil-ktp", "K2"), ("imigrasi-paspor", "K1")]):
        t = h.post("/v1/tickets", tokens[kiosk], key=f"rep-ticket-{i}",
                   json={"service_id": service}).json()
        tickets.append(t)
    for i, t in enumerate(tickets):
        exit_kiosk = tokens["EXIT1" if i % 2 else "EXIT2"]
        assert h.post("/v1/votes", exit_kiosk, key=f"REPVOTE{i:03d}",
                      json={"face": 1 + i % 4, "ticket_id": t["id"], "at": NOW}).ok
        score = 3 if i < 4 else 4
        assert h.post("/v1/skm", exit_kiosk, key=f"REPSKM{i:04d}",
                      json={"profile": PROFILE, "answers": dict.fromkeys(UNSUR_KEYS, score),
                            "ticket_id": t["id"], "at": NOW}).ok
    yield h, tokens
    h.close()


def test_the_ikm_covers_every_kiosk_and_arrives_exactly_as_computed(mpp):
    hub, tokens = mpp
    data = hub.get("/v1/reports/ikm", hub.staff, params=PERIOD).json()
    assert data["total"]["respondents"] == 6 and data["total"]["population"] == 6
    assert {r["agency_id"] for r in data["agencies"]} == {"dukcapil", "imigrasi"}
    settings = config.load(hub.config)
    here = reports.ikm_report(hub.store, settings.catalog, reports.Period(date(2026, 11, 23),
                              date(2026, 11, 23)), mpp_name=settings.mpp_name)
    assert wire.report_from_json(data) == here
    assert data["total"]["ikm"] == str(here.total.result.converted_rounded)
    assert data["total"]["mutu"] == here.total.result.grade


def test_votes_and_demand_reports(mpp):
    hub, tokens = mpp
    votes = hub.get("/v1/reports/votes", hub.staff, params=PERIOD).json()
    assert sum(votes["total"]) == 6
    assert {r["hour"] for r in votes["rows"]} == {10, None}
    demand = hub.get("/v1/reports/demand", hub.staff,
                     params={**PERIOD, "agency": "dukcapil", "lang": "en"}).json()
    assert [r["agency_id"] for r in demand["rows"]] == ["dukcapil"]
    assert sum(demand["rows"][0]["per_hour"].values()) == 3
    assert wire.report_from_json(demand).total == 3


def test_bad_report_requests_are_4xx(mpp):
    hub, tokens = mpp
    t = hub.staff
    assert hub.get("/v1/reports/ikm", t, params={"agency": "nope"}).status_code == 404
    assert hub.get("/v1/reports/ikm", t, params={"service": "nope"}).status_code == 404
    backwards = hub.get("/v1/reports/ikm", t, params={"from": DAY, "to": "2026-11-01"})
    assert backwards.status_code == 422 and backwards.json()["kind"] == "invalid_period"
    assert hub.get("/v1/reports/ikm", t, params={"weight": "0.5"}).status_code == 422
    assert hub.get("/v1/reports/nonsense", t).status_code == 422
    assert hub.get("/v1/reports/ikm", "no-token").status_code == 401


def kiosk_report(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "report", *args],
                          capture_output=True, text=True, timeout=60, cwd=cwd)


def test_kiosk_report_reads_the_hub_and_prints_what_the_hub_store_holds(mpp, tmp_path):
    hub, tokens = mpp
    settings = config.load(hub.config)
    local = reports.ikm_csv(reports.ikm_report(
        hub.store, settings.catalog, reports.Period(date(2026, 11, 23), date(2026, 11, 23)),
        mpp_name=settings.mpp_name, lang="en"))
    out = kiosk_report("ikm", "--from", DAY, "--to", DAY, "--format", "csv", "--lang", "en",
                       "--config", str(hub.config), "--hub", hub.url, "--token", hub.staff)
    assert out.returncode == 0, out.stderr
    assert out.stdout == local
    png = tmp_path / "demand.png"
    out = kiosk_report("demand", "--from", DAY, "--to", DAY, "--format", "png", "--out",
                       str(png), "--config", str(hub.config), "--hub", hub.url, "--token",
                       hub.staff)
    assert out.returncode == 0, out.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_kiosk_report_says_plainly_when_the_hub_cannot_help(mpp):
    hub, tokens = mpp
    down = kiosk_report("ikm", "--config", str(hub.config), "--hub", "http://127.0.0.1:9",
                        "--token", "x")
    assert down.returncode == 1 and "tidak menjawab" in down.stderr     # Indonesian first
    assert "Traceback" not in down.stderr
    refused = kiosk_report("ikm", "--from", DAY, "--to", "2026-11-01", "--config",
                           str(hub.config), "--hub", hub.url, "--token", hub.staff)
    assert refused.returncode in (1, 2) and "Traceback" not in refused.stderr
    kiosk = kiosk_report("ikm", "--lang", "en", "--config", str(hub.config), "--hub", hub.url,
                         "--token", tokens["K1"])       # a kiosk's token: not for reports
    assert kiosk.returncode == 1 and "Traceback" not in kiosk.stderr
    assert "a staff account is needed" in kiosk.stderr, kiosk.stderr
    no_token = kiosk_report("votes", "--config", str(hub.config), "--hub", hub.url)
    assert no_token.returncode == 2 and "token" in no_token.stderr


def test_the_staff_panel_reads_todays_figures_but_no_report(mpp, tmp_path):
    hub, tokens = mpp
    settings = replace(config.load(hub.config), kiosk_id="K1", hub_url=hub.url,
                       hub_token=tokens["K1"], store_path=Path(tmp_path / "k1.sqlite3"))
    remote = RemoteService(settings, LocalService(
        settings, clock=lambda: datetime.fromisoformat(NOW)), start_sync=False)
    try:
        today = remote.today_feedback()          # the whole MPP's day, from /v1/panel/today
        assert today.whole_mpp and today.faces.total == 6
        assert today.ikm.respondents == 6 and today.suggestions == 0
        with pytest.raises(HubError) as refused:      # the full reports are for staff
            remote.report("ikm", date(2026, 11, 23), date(2026, 11, 23), lang="en")
        assert refused.value.status == 403
        panel = hub.get("/v1/panel/today", tokens["K1"]).json()
        assert set(panel) == {"day", "faces", "ikm", "suggestions_open"}
        assert set(panel["ikm"]) == {"respondents", "sums", "counts", "population"}
    finally:
        remote.close()
    gone = RemoteService(replace(settings, hub_url="http://127.0.0.1:9"), LocalService(settings),
                         start_sync=False, retries=0, timeout=(0.3, 0.3))
    with pytest.raises(HubDown):
        gone.report("ikm")
