"""The permission matrix: every endpoint of the hub's route table × every kind of caller,
with the answer each must get. The table below is the rule book: an endpoint added to the
app without a row here fails the test, and so does a row for an endpoint that is gone.

Callers (columns): no credential, the kiosk that owns the things touched (K1), another
kiosk (K2: a token copied from another kiosk's kiosk.toml), staff (the tests' stand-in
credential for a manager, run_hub.py), and real staff accounts logged in (sessions, sent
as bearer tokens): an officer of Dukcapil, Dukcapil's agency account (the things touched
are Dukcapil's), Imigrasi's agency account (another agency), a manager and an admin. A new
role gets a key in CALLERS and a value in every row.

Expected: OK (passed the rules of access: 2xx, or a 409 from the queue's own rules), or the
exact refusal: 401 (no or unknown credential), 403 (known, not allowed), 404 (another
kiosk's vote looks like no vote at all)."""

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from kiosk import config
from kiosk.hub.api import create_app
from kiosk.hub.stores import open_hub_store

from hub_support import DAY, NOW, Hub, hub_db

OK = "ok"
PEOPLE = ("officer", "agency", "other_agency", "manager", "admin")
CALLERS = ("none", "kiosk", "other_kiosk", "staff", *PEOPLE)
NO_PEOPLE = dict.fromkeys(PEOPLE, 401)         # a staff session is no kiosk token
KIOSK_WORK = {"none": 401, "kiosk": OK, "other_kiosk": OK, "staff": 401, **NO_PEOPLE}
OWN_ONLY = {"none": 401, "kiosk": OK, "other_kiosk": 403, "staff": 401, **NO_PEOPLE}
# Reports and complaints: the whole MPP for the manager and admin, the own agency for an
# agency account (the things touched are Dukcapil's), nothing for an officer.
READERS = {"none": 401, "kiosk": 403, "other_kiosk": 403, "staff": OK, "officer": 403,
           "agency": OK, "other_agency": 403, "manager": OK, "admin": OK}
KIOSK_LIST = {**READERS, "agency": 403}
ADMIN = {**KIOSK_LIST, "staff": 403, "manager": 403}
# A credential that is not a staff session (a kiosk's or display's token, the stand-in) is
# refused plainly (403 staff_only) where only a logged-in person may act; at a counter,
# Dukcapil's officer and agency account, the manager and the admin.
COUNTER = {"none": 401, "kiosk": 403, "other_kiosk": 403, "staff": 403, "officer": OK,
           "agency": OK, "other_agency": 403, "manager": OK, "admin": OK}
SESSION = {"none": 401, "kiosk": 403, "other_kiosk": 403, "staff": 403,
           **dict.fromkeys(PEOPLE, OK)}
LOGOUT = {**SESSION, "none": OK}
LIVE = {"none": 401, "kiosk": OK, "other_kiosk": OK, "staff": 401,
        **dict.fromkeys(PEOPLE, OK)}
ANYONE = dict.fromkeys(CALLERS, OK)
# The dashboard's pages (kiosk.hub.web.dashboard): without a session they lead to the log-in
# (LOGIN: a 303 to /login); a kiosk's or display's token (and the stand-in) gets 403; a
# person's session as a bearer token opens what the role may (agency: its own agency).
LOGIN = "login"
PAGE = {"none": LOGIN, "kiosk": 403, "other_kiosk": 403, "staff": 403, "officer": 403,
        "agency": OK, "other_agency": OK, "manager": OK, "admin": OK}
PAGE_IT = {**PAGE, "agency": 403, "other_agency": 403}           # the kiosks' state
PAGE_ADMIN = {**PAGE_IT, "manager": 403}
SIGNED_IN = {"none": LOGIN, "kiosk": LOGIN, "other_kiosk": LOGIN, "staff": LOGIN,
             **dict.fromkeys(PEOPLE, OK)}                       # /password
PASSWORD = "rahasia-panjang-1"
ACCOUNTS = {"officer": ("perm-officer", "officer", "dukcapil"),
            "agency": ("perm-dukcapil", "agency", "dukcapil"),
            "other_agency": ("perm-imigrasi", "agency", "imigrasi"),
            "manager": ("perm-manager", "manager", None),
            "admin": ("perm-admin", "admin", None)}
OFFICER = {"username": "perm-officer", "password": PASSWORD}

PROFILE = {"gender": "L", "age": 30, "education": "SMA", "occupation": "SWASTA"}

# (method, path): (expected per caller, JSON body or None, query or None)
RULES = {
    ("GET", "/v1/health"): (ANYONE, None, None),
    ("GET", "/v1/catalog"): (KIOSK_WORK, None, None),
    ("GET", "/v1/services/{service_id}/state"): (KIOSK_WORK, None, None),
    ("POST", "/v1/heartbeat"): (KIOSK_WORK, {"devices": {"printer": "ok"}}, None),
    ("GET", "/v1/panel/today"): (KIOSK_WORK, None, None),
    ("GET", "/v1/panel/waiting"): (KIOSK_WORK, None, None),
    ("POST", "/v1/blocks"): (KIOSK_WORK, {"day": DAY, "group": "A", "size": 5}, None),
    ("GET", "/v1/blocks"): (KIOSK_WORK, None, {"day": DAY}),       # each its own blocks
    ("GET", "/v1/kiosks/me/numbers"): (KIOSK_WORK, None, {"day": DAY}),   # each its own
    ("POST", "/v1/tickets"): (KIOSK_WORK, {"service_id": "dukcapil-ktp"}, None),
    ("POST", "/v1/tickets/offline"): (KIOSK_WORK, None, None),     # body per caller: below
    ("POST", "/v1/tickets/abandon"): (KIOSK_WORK, None, None),
    ("GET", "/v1/tickets"): (KIOSK_WORK, None, {"day": DAY}),      # each its own tickets
    ("GET", "/v1/tickets/{ticket_id}"): (KIOSK_WORK, None, None),  # another's: no booking
    ("POST", "/v1/tickets/{ticket_id}/printed"): (OWN_ONLY, None, None),
    ("POST", "/v1/tickets/{ticket_id}/not-printed"): (OWN_ONLY, {"reason": "jam"}, None),
    ("POST", "/v1/tickets/{ticket_id}/cancel"): (OWN_ONLY, {"reason": "test"}, None),
    ("POST", "/v1/tickets/{ticket_id}/reprint"): (OWN_ONLY, None, None),
    ("GET", "/v1/counts"): (KIOSK_WORK, None, None),
    ("POST", "/v1/checkins"): (KIOSK_WORK, {"card_id": "0000"}, None),
    ("POST", "/v1/votes"): (KIOSK_WORK, {"face": 3}, None),
    ("POST", "/v1/votes/{vote_id}/amend"): (
        {**OWN_ONLY, "other_kiosk": 404}, {"reason": "waktu"}, None),
    ("POST", "/v1/skm"): (KIOSK_WORK, {"profile": PROFILE, "answers": {"waktu": 3}}, None),
    ("GET", "/v1/kiosks"): (KIOSK_LIST, None, None),
    ("GET", "/v1/reports/{kind}"): (READERS, None, {"from": DAY, "to": DAY,
                                                    "agency": "dukcapil"}),
    ("POST", "/v1/suggestions/{response_id}/handled"): (READERS, None, None),
    # The admin's: accounts, the audit log, the API's docs.
    ("GET", "/v1/staff/users"): (ADMIN, None, None),
    ("POST", "/v1/staff/users"): (ADMIN, None, None),           # body per caller: below
    ("POST", "/v1/staff/users/{username}/password"): (
        ADMIN, {"password": "direset-oleh-admin"}, None),
    ("POST", "/v1/staff/users/{username}/disable"): (ADMIN, None, None),
    ("GET", "/v1/audit"): (ADMIN, None, {"limit": 5}),
    ("GET", "/docs"): (ADMIN, None, None),
    ("GET", "/openapi.json"): (ADMIN, None, None),
    # The counter side: staff sessions of an officer at their agency's counters.
    ("GET", "/counter"): (ANYONE, None, None),                     # the log-in page
    ("GET", "/counter/static/{name}"): (ANYONE, None, None),
    ("POST", "/v1/staff/login"): (ANYONE, OFFICER, None),
    ("POST", "/v1/staff/logout"): (LOGOUT, None, None),
    ("GET", "/v1/staff/me"): (SESSION, None, None),
    ("POST", "/v1/staff/password"): (     # the old password is another's: refused, 403
        {**SESSION, **dict.fromkeys(PEOPLE, 403)},
        {"old_password": "not-the-password", "new_password": "rahasia-baru-sekali"}, None),
    ("GET", "/v1/counters"): ({**COUNTER, "other_agency": OK}, None, None),   # its own
    ("GET", "/v1/counters/{counter_id}"): (COUNTER, None, None),
    ("POST", "/v1/counters/{counter_id}/call"): (COUNTER, {"number": "A-001"}, None),
    ("POST", "/v1/counters/{counter_id}/call-next"): (COUNTER, None, None),
    ("POST", "/v1/counters/{counter_id}/recall"): (COUNTER, None, None),
    ("POST", "/v1/counters/{counter_id}/start"): (COUNTER, None, None),
    ("POST", "/v1/counters/{counter_id}/no-show"): (COUNTER, None, None),
    ("POST", "/v1/counters/{counter_id}/transfer"): (
        COUNTER, {"service_id": "dukcapil-ktp", "to_front": False}, None),
    ("POST", "/v1/counters/{counter_id}/finish"): (COUNTER, None, None),
    ("POST", "/v1/counters/{counter_id}/pause"): (COUNTER, None, None),
    ("POST", "/v1/counters/{counter_id}/resume"): (COUNTER, None, None),
    ("POST", "/v1/counters/{counter_id}/close"): (COUNTER, None, None),
    ("GET", "/v1/events"): (LIVE, None, None),                     # the display's stream
    # The dashboard's pages. A form POSTed without a body: the access rules pass (then a
    # page that says what is missing, 400) or refuse.
    ("GET", "/login"): (ANYONE, None, None),
    ("POST", "/login"): (dict.fromkeys(CALLERS, 401), None, None),    # no user name given
    ("POST", "/logout"): (ANYONE, None, None),                        # ends its own session
    ("GET", "/password"): (SIGNED_IN, None, None),
    ("POST", "/password"): ({**SIGNED_IN, **dict.fromkeys(PEOPLE, 400)}, None, None),
    ("GET", "/dashboard"): ({**PAGE, "officer": OK}, None, None),   # officer: to /counter
    ("GET", "/dashboard/static/{name}"): (dict.fromkeys(CALLERS, 404), None, None),  # css only
    ("GET", "/dashboard/kiosks"): (PAGE_IT, None, None),
    ("GET", "/dashboard/satisfaction"): (PAGE, None, None),
    ("GET", "/dashboard/satisfaction/ikm.{fmt}"): (PAGE, None, {"from": DAY, "to": DAY}),
    ("GET", "/dashboard/complaints"): (PAGE, None, None),
    ("POST", "/dashboard/complaints/{response_id}/handled"): (    # Dukcapil's complaint
        {**PAGE, "other_agency": 403}, None, None),
    ("GET", "/dashboard/service-times"): (PAGE, None, None),
    ("GET", "/dashboard/service-times/times.csv"): (PAGE, None, None),
    ("GET", "/dashboard/catalog"): (PAGE, None, None),
    ("GET", "/admin/users"): (PAGE_ADMIN, None, None),
    ("POST", "/admin/users"): ({**PAGE_ADMIN, "admin": 400}, None, None),    # no user name
    ("POST", "/admin/users/{username}/password"): ({**PAGE_ADMIN, "admin": 400}, None, None),
    ("POST", "/admin/users/{username}/disable"): (PAGE_ADMIN, None, None),
    ("GET", "/admin/audit"): (PAGE_ADMIN, None, None),
}


def app_routes() -> set[tuple[str, str]]:
    """(method, path) of every endpoint the hub's app serves."""
    import tempfile
    from pathlib import Path
    from hub_support import DATA
    with tempfile.TemporaryDirectory() as folder:
        store = open_hub_store(str(Path(folder) / "hub.sqlite3"))
        try:
            app = create_app(config.load(DATA / "kiosk.toml"), store)
            app.state.hub.writer.close()
            # FastAPI ≥ 0.16x keeps included routers as they are: walk into them
            return {(method, route.path) for route in iter_route_contexts(app.routes)
                    if isinstance(route.original_route, APIRoute)
                    for method in route.methods or ()}
        finally:
            store.close()


def test_every_endpoint_has_a_rule_and_every_rule_an_endpoint():
    routes = app_routes()
    assert routes - set(RULES) == set(), "endpoints without a permission rule"
    assert set(RULES) - routes == set(), "rules for endpoints that are gone"
    for (method, path), (expected, _, _) in RULES.items():
        assert set(expected) == set(CALLERS), f"{method} {path}: a caller without a rule"


@pytest.fixture(scope="module")
def world(request, tmp_path_factory, store_kind):
    hub = Hub(tmp_path_factory.mktemp("perm"), hub_db(request, store_kind))
    hub.start()
    k1, k2 = hub.token("K1"), hub.token("K2")
    ticket = hub.post("/v1/tickets", k1, key="perm-ticket-1",
                      json={"service_id": "dukcapil-ktp"}).json()
    assert hub.post("/v1/votes", k1, key="PERMVOTE01", json={"face": 2}).ok
    assert hub.post("/v1/skm", k1, key="PERMSKM001", json={
        "profile": PROFILE, "answers": {"waktu": 2}, "suggestion": "Antrean lama",
        "agency_id": "dukcapil", "service_id": "dukcapil-ktp",
        "contact": "0812 0000 1111"}).ok
    block = hub.post("/v1/blocks", k1, key="perm-block-1",
                     json={"day": DAY, "group": "B", "size": 5}).json()
    from kiosk.hub.accounts import Accounts
    accounts = Accounts(hub.store)
    for name, role, agency in ACCOUNTS.values():
        accounts.add(name, PASSWORD, role, agency_id=agency)
    accounts.add("perm-target", PASSWORD, "officer", agency_id="dukcapil")
    tokens = {"none": None, "kiosk": k1, "other_kiosk": k2, "staff": hub.staff,
              **{caller: session(hub, ACCOUNTS[caller][0]) for caller in PEOPLE}}
    params = {"ticket_id": ticket["id"], "vote_id": "PERMVOTE01",
              "response_id": "PERMSKM001", "service_id": "dukcapil-ktp", "kind": "ikm",
              "counter_id": "loket-1", "name": "console.js", "username": "perm-target",
              "fmt": "xlsx"}
    yield hub, tokens, params, block
    hub.close()


def session(hub, username: str) -> str:
    import requests
    answer = requests.post(hub.url + "/v1/staff/login", timeout=10, verify=hub.verify,
                           json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def call(hub, method, path, token, body, query, key):
    import requests
    headers = {"Idempotency-Key": key}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    # stream: the event stream never ends; its status line is the answer
    with requests.request(method, hub.url + path, headers=headers, json=body, params=query,
                          timeout=10, verify=hub.verify, stream=True) as answer:
        if path != "/v1/events":
            answer.content
        return answer


def test_the_matrix(world):
    hub, tokens, params, block = world
    wrong = []
    seq = 0
    for (method, template), (expected, body, query) in sorted(RULES.items()):
        path = template.format(**params)
        for caller in CALLERS:
            seq += 1
            payload = body
            if template == "/v1/tickets/offline":      # a number from K1's block
                payload = {"id": f"PERM{seq:06d}", "day": DAY, "group": "B",
                           "seq": block["start"] + CALLERS.index(caller),
                           "service_id": "imigrasi-paspor", "issued_at": NOW}
            if template == "/v1/staff/users":         # a new account per caller
                payload = {"username": f"perm-new-{seq}", "password": PASSWORD,
                           "role": "officer", "agency_id": "dukcapil"}
            token = tokens[caller]
            if template in ("/v1/staff/logout", "/logout") and caller in PEOPLE:
                token = session(hub, ACCOUNTS[caller][0])   # a session of its own to end
            answer = call(hub, method, path, token, payload, query,
                          f"perm-{seq:05d}-{caller}")
            want = expected[caller]
            if want == LOGIN:
                good = (answer.history and answer.history[0].status_code == 303
                        and answer.url.startswith(hub.url + "/login"))
            elif want == OK:
                good = answer.status_code < 300 or answer.status_code == 409
            else:
                good = answer.status_code == want
            if template == "/v1/tickets/offline" and caller == "other_kiosk":
                # K2 uploading a number of K1's block: refused by the block's owner rule
                good = answer.status_code == 409 and "not in a block" in answer.text
            if not good:
                wrong.append(f"{method} {template} as {caller}: {answer.status_code} "
                             f"(expected {want}) {answer.text[:120]}")
    assert not wrong, "\n".join(wrong)
