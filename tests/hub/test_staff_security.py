"""Staff security through a real hub (SQLite and PostgreSQL): CSRF on cookie sessions, the
forced password change, the admin's account API and the audit log, what an agency account
reads, and session expiry and idle timeout with a clock the test moves."""

import threading
import time
from datetime import datetime, timedelta

import pytest
import requests

from hub_support import DATA, DAY, NOW, free_port
from kiosk.hub.accounts import Accounts

PASSWORD = "rahasia-panjang-1"
PROFILE = {"gender": "L", "age": 30, "education": "SMA", "occupation": "SWASTA"}


def login(hub, username, password=PASSWORD, session=None):
    answer = (session or requests).post(hub.url + "/v1/staff/login", timeout=10,
                                        json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return answer.json()


def bearer(data) -> dict:
    return {"Authorization": f"Bearer {data['token']}"}


def issue(hub, n=2):
    k1 = hub.token("K1")
    for i in range(n):
        ticket = hub.post("/v1/tickets", k1, key=f"sec-issue-{i:03d}",
                          json={"service_id": "dukcapil-ktp"}).json()
        hub.post(f"/v1/tickets/{ticket['id']}/printed", k1)
    return k1


def test_a_cookie_session_needs_its_csrf_token_for_every_change(hub):
    Accounts(hub.store).add("siti", PASSWORD, "officer", "dukcapil")
    issue(hub)
    browser = requests.Session()
    data = login(hub, "siti", session=browser)
    assert len(data["csrf"]) >= 32 and browser.cookies.get("anjungan_session")
    url = hub.url + "/v1/counters/loket-1/call-next"
    # a foreign page's form posts with the cookie but cannot know the token
    for headers in ({}, {"X-CSRF-Token": "0" * 40}):
        refused = browser.post(url, headers={"Idempotency-Key": "csrf-call-1", **headers},
                               timeout=10)
        assert refused.status_code == 403 and refused.json()["kind"] == "csrf_missing"
    assert browser.get(hub.url + "/v1/counters", timeout=10).status_code == 200   # reads
    done = browser.post(url, headers={"Idempotency-Key": "csrf-call-1",
                                      "X-CSRF-Token": data["csrf"]}, timeout=10)
    assert done.status_code == 200 and done.json()["ticket"]["number"] == "A-001"
    # a script's bearer token carries no ambient credential: no token needed
    script = login(hub, "siti")
    assert requests.post(hub.url + "/v1/counters/loket-1/recall", headers=bearer(script),
                         timeout=10).status_code == 200
    # /me gives a reloaded page its token back; log-out with the cookie needs it too
    assert browser.get(hub.url + "/v1/staff/me", timeout=10).json()["csrf"] == data["csrf"]
    assert browser.post(hub.url + "/v1/staff/logout", timeout=10).status_code == 403
    assert browser.post(hub.url + "/v1/staff/logout", headers={"X-CSRF-Token": data["csrf"]},
                        timeout=10).status_code == 200
    assert browser.get(hub.url + "/v1/staff/me", timeout=10).status_code == 401


def test_an_account_the_admin_made_changes_its_password_before_anything_else(hub):
    Accounts(hub.store).add("pak-it", PASSWORD, "admin")
    admin = bearer(login(hub, "pak-it"))
    made = requests.post(hub.url + "/v1/staff/users", headers=admin, timeout=10, json={
        "username": "dewi", "password": "sementara-123", "role": "officer",
        "agency_id": "dukcapil"})
    assert made.status_code == 201 and made.json()["must_change"] is True
    again = requests.post(hub.url + "/v1/staff/users", headers=admin, timeout=10, json={
        "username": "dewi", "password": "sementara-123", "role": "officer",
        "agency_id": "dukcapil"})
    assert again.status_code == 409
    bad = requests.post(hub.url + "/v1/staff/users", headers=admin, timeout=10, json={
        "username": "rudi", "password": "sementara-123", "role": "officer"})
    assert bad.status_code == 422 and "--agency" in bad.json()["message_en"]
    first = login(hub, "dewi", "sementara-123")
    assert first["must_change"] is True and first["user"]["must_change"] is True
    dewi = bearer(first)
    blocked = requests.get(hub.url + "/v1/counters", headers=dewi, timeout=10)
    assert blocked.status_code == 403 and blocked.json()["kind"] == "password_change_required"
    assert requests.get(hub.url + "/v1/staff/me", headers=dewi, timeout=10).json()[
        "must_change"] is True
    change = hub.url + "/v1/staff/password"
    wrong = requests.post(change, headers=dewi, timeout=10, json={
        "old_password": "bukan-ini-sandinya", "new_password": "milik-dewi-sendiri"})
    assert wrong.status_code == 403 and wrong.json()["kind"] == "old_password_wrong"
    same = requests.post(change, headers=dewi, timeout=10, json={
        "old_password": "sementara-123", "new_password": "sementara-123"})
    assert same.status_code == 422 and "berbeda" in same.json()["message_id"]
    ok = requests.post(change, headers=dewi, timeout=10, json={
        "old_password": "sementara-123", "new_password": "milik-dewi-sendiri"})
    assert ok.status_code == 200 and ok.json()["must_change"] is False
    assert requests.get(hub.url + "/v1/counters", headers=dewi, timeout=10).status_code == 200
    # the admin resets it: her sessions end, and she must change it again
    reset = requests.post(hub.url + "/v1/staff/users/dewi/password", headers=admin,
                          timeout=10, json={"password": "direset-admin-1"})
    assert reset.status_code == 200
    assert requests.get(hub.url + "/v1/staff/me", headers=dewi, timeout=10).status_code == 401
    assert login(hub, "dewi", "direset-admin-1")["must_change"] is True
    users = {u["username"]: u for u in requests.get(hub.url + "/v1/staff/users",
                                                    headers=admin, timeout=10).json()}
    assert users["dewi"]["must_change"] is True and "password_hash" not in users["dewi"]
    assert requests.post(hub.url + "/v1/staff/users/dewi/disable", headers=admin,
                         timeout=10).status_code == 200
    assert requests.post(hub.url + "/v1/staff/login", timeout=10, json={
        "username": "dewi", "password": "direset-admin-1"}).status_code == 403
    own = requests.post(hub.url + "/v1/staff/users/pak-it/disable", headers=admin, timeout=10)
    assert own.status_code == 409


def test_the_audit_log_records_who_did_what_and_cannot_be_changed(hub):
    accounts = Accounts(hub.store)
    accounts.add("pak-it", PASSWORD, "admin")
    accounts.add("bu-rina", PASSWORD, "manager")
    k1 = issue(hub, 1)
    assert hub.post("/v1/skm", k1, key="SECSKM0001", json={
        "profile": PROFILE, "answers": {"waktu": 2}, "suggestion": "Antrean lama",
        "contact": "0812 3456 7890", "agency_id": "dukcapil"}).ok
    # a failed log-in: the name as typed is kept, never the password typed
    assert requests.post(hub.url + "/v1/staff/login", timeout=10, json={
        "username": "bu-rina", "password": "tebakan-sandi-salah"}).status_code == 401
    manager = bearer(login(hub, "bu-rina"))
    assert requests.get(hub.url + "/v1/reports/suggestions", headers=manager, timeout=10,
                        params={"from": DAY, "to": DAY}).json()["rows"][0]["contact"]
    assert requests.post(hub.url + "/v1/suggestions/SECSKM0001/handled", headers=manager,
                         timeout=10).status_code == 200
    refused = requests.get(hub.url + "/v1/audit", headers=manager, timeout=10)
    assert refused.status_code == 403
    admin = bearer(login(hub, "pak-it"))
    rows = requests.get(hub.url + "/v1/audit", headers=admin, timeout=10).json()
    done = [(r["username"], r["action"], r["target"]) for r in rows]
    assert done[:5] == [("pak-it", "login", ""),
                        ("bu-rina", "suggestion.handled", "SECSKM0001"),
                        ("bu-rina", "report.export", "suggestions"),
                        ("bu-rina", "login", ""), ("bu-rina", "login_failed", "")]
    assert all(r["address"] == "127.0.0.1" and r["at"].endswith("+00:00") for r in rows)
    text = str(rows)
    assert "tebakan" not in text and "0812" not in text and "Antrean" not in text
    only = requests.get(hub.url + "/v1/audit", headers=admin, timeout=10,
                        params={"username": "bu-rina", "action": "login"}).json()
    assert [r["action"] for r in only] == ["login"]
    for method in ("PUT", "DELETE", "POST", "PATCH"):
        answer = requests.request(method, hub.url + "/v1/audit", headers=admin, timeout=10,
                                  json={"action": "nothing happened"})
        assert answer.status_code == 405, method
    assert requests.get(hub.url + "/v1/audit", headers=admin, timeout=10).json() == rows


def test_an_agency_account_reads_its_own_agency_only(hub):
    accounts = Accounts(hub.store)
    accounts.add("kadis-capil", PASSWORD, "agency", "dukcapil")
    accounts.add("pak-dedi", PASSWORD, "officer", "dukcapil")
    k1 = issue(hub, 1)
    for key, agency in (("SECSKM0101", "dukcapil"), ("SECSKM0102", "imigrasi")):
        assert hub.post("/v1/skm", k1, key=key, json={
            "profile": PROFILE, "answers": {"waktu": 2}, "suggestion": "Mohon diperbaiki",
            "contact": "0812 1111 2222", "agency_id": agency}).ok
    agency = bearer(login(hub, "kadis-capil"))
    days = {"from": DAY, "to": DAY}
    own = requests.get(hub.url + "/v1/reports/suggestions", headers=agency, timeout=10,
                       params=days).json()
    assert [(r["id"], r["contact"]) for r in own["rows"]] == [("SECSKM0101", "0812 1111 2222")]
    other = requests.get(hub.url + "/v1/reports/ikm", headers=agency, timeout=10,
                         params={**days, "agency": "imigrasi"})
    assert other.status_code == 403 and other.json()["kind"] == "other_agency"
    assert requests.get(hub.url + "/v1/reports/ikm", headers=agency, timeout=10,
                        params={**days, "service": "imigrasi-paspor"}).status_code == 403
    assert requests.post(hub.url + "/v1/suggestions/SECSKM0102/handled", headers=agency,
                         timeout=10).status_code == 403
    assert requests.post(hub.url + "/v1/suggestions/SECSKM0101/handled", headers=agency,
                         timeout=10).status_code == 200
    assert requests.get(hub.url + "/v1/kiosks", headers=agency, timeout=10).status_code == 403
    officer = bearer(login(hub, "pak-dedi"))
    refused = requests.get(hub.url + "/v1/reports/suggestions", headers=officer, timeout=10,
                           params=days)
    assert refused.status_code == 403 and refused.json()["kind"] == "role_refused"


class MovingClock:
    def __init__(self):
        self.now = datetime.fromisoformat(NOW)

    def __call__(self):
        return self.now

    def tick(self, minutes: float):
        self.now += timedelta(minutes=minutes)


class ThreadHub:
    """A real hub on 127.0.0.1 served from a thread of this process, so its clock is the
    test's (run_hub.py pins a fixed one)."""

    def __init__(self, folder, db, clock, toml=""):
        import shutil
        import uvicorn
        from kiosk import config
        from kiosk.hub.api import create_app
        from kiosk.hub.stores import open_hub_store
        for name in ("kiosk.toml", "catalog.toml"):
            shutil.copy(DATA / name, folder / name)
        path = folder / "kiosk.toml"
        path.write_text(path.read_text() + "\n" + toml)
        self.store = open_hub_store(db or str(folder / "hub.sqlite3"))
        app = create_app(config.load(path), self.store, clock=clock)
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "hub did not start"
            time.sleep(0.05)

    def close(self):
        self.server.should_exit = True
        self.thread.join(10)
        self.store.close()


@pytest.fixture
def moving(request, tmp_path, store_kind):
    from hub_support import hub_db
    clock = MovingClock()
    h = ThreadHub(tmp_path, hub_db(request, store_kind), clock,
                  "[hub]\nstaff_idle_minutes = 30\n")
    yield h, clock
    h.close()


def test_sessions_end_when_idle_and_at_their_expiry(moving):
    hub, clock = moving
    Accounts(hub.store).add("siti", PASSWORD, "officer", "dukcapil")
    me = hub.url + "/v1/staff/me"
    idle = bearer(login(hub, "siti"))
    clock.tick(29)
    assert requests.get(me, headers=idle, timeout=10).status_code == 200
    clock.tick(31)                     # 31 minutes unused (30 allowed in this kiosk.toml)
    gone = requests.get(me, headers=idle, timeout=10)
    assert gone.status_code == 401 and gone.json()["kind"] == "login_required"
    busy = bearer(login(hub, "siti"))
    for _ in range(12 * 60 // 25 + 1):  # used every 25 minutes for 12 hours: alive ...
        assert requests.get(me, headers=busy, timeout=10).status_code == 200
        clock.tick(25)
    over = requests.get(hub.url + "/v1/counters", headers=busy, timeout=10)
    assert over.status_code == 401 and over.json()["kind"] == "login_required"  # ... no more
