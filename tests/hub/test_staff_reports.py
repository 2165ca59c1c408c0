"""Reports and complaints are for the people who run the MPP: a manager's session reads them,
an officer's does not, a kiosk's token does not."""

import pytest
import requests

from kiosk.hub.accounts import Accounts

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
DAYS = {"from": "2026-11-23", "to": "2026-11-23"}


def login(hub, username: str) -> str:
    answer = requests.post(hub.url + "/v1/staff/login", timeout=10,
                           json={"username": username, "password": "rahasia-panjang-1"})
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def test_a_manager_reads_reports_an_officer_and_a_kiosk_do_not(hub):
    accounts = Accounts(hub.store)
    accounts.add("bu-rina", "rahasia-panjang-1", "manager")
    accounts.add("pak-dedi", "rahasia-panjang-1", "officer", agency_id="dukcapil")
    manager, officer = login(hub, "bu-rina"), login(hub, "pak-dedi")
    assert hub.get("/v1/reports/ikm", manager, params=DAYS).status_code == 200
    assert hub.get("/v1/reports/suggestions", manager, params=DAYS).status_code == 200
    refused = hub.get("/v1/reports/suggestions", officer, params=DAYS)
    assert refused.status_code == 403 and refused.json()["kind"] == "role_refused"
    kiosk = hub.get("/v1/reports/suggestions", hub.token("K1"), params=DAYS)
    assert kiosk.status_code == 403 and kiosk.json()["kind"] == "staff_only"
    nobody = requests.get(hub.url + "/v1/reports/ikm", params=DAYS, timeout=10)
    assert nobody.status_code == 401
