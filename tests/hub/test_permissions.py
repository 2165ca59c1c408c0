"""The permission matrix: every endpoint of the hub's route table × every kind of caller,
with the answer each must get. The table below is the rule book: an endpoint added to the
app without a row here fails the test, and so does a row for an endpoint that is gone.

Callers (columns): no credential, the kiosk that owns the things touched (K1), another
kiosk (K2: a token copied from another kiosk's kiosk.toml), staff (the tests' stand-in
credential for the whole-MPP reader, run_hub.py), and a real officer of Dukcapil logged in
with a staff account (a session). A new role gets a key in CALLERS and a value in every row.

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
CALLERS = ("none", "kiosk", "other_kiosk", "staff", "officer")
KIOSK_WORK = {"none": 401, "kiosk": OK, "other_kiosk": OK, "staff": 401, "officer": 401}
OWN_ONLY = {"none": 401, "kiosk": OK, "other_kiosk": 403, "staff": 401, "officer": 401}
STAFF_ONLY = {"none": 401, "kiosk": 403, "other_kiosk": 403, "staff": OK, "officer": 403}
# A credential that is not a staff session (a kiosk's or display's token, the stand-in) is
# refused plainly (403 staff_only) where only a logged-in person may act.
COUNTER = {"none": 401, "kiosk": 403, "other_kiosk": 403, "staff": 403, "officer": OK}
SESSION = {"none": 401, "kiosk": 403, "other_kiosk": 403, "staff": 403, "officer": OK}
LOGOUT = {"none": OK, "kiosk": 403, "other_kiosk": 403, "staff": 403, "officer": OK}
LIVE = {"none": 401, "kiosk": OK, "other_kiosk": OK, "staff": 401, "officer": OK}
ANYONE = dict.fromkeys(CALLERS, OK)
OFFICER = {"username": "perm-officer", "password": "rahasia-panjang-1"}

PROFILE = {"gender": "L", "age": 30, "education": "SMA", "occupation": "SWASTA"}

# (method, path): (expected per caller, JSON body or None, query or None)
RULES = {
    ("GET", "/v1/health"): (ANYONE, None, None),
    ("GET", "/v1/catalog"): (KIOSK_WORK, None, None),
    ("GET", "/v1/services/{service_id}/state"): (KIOSK_WORK, None, None),
    ("POST", "/v1/heartbeat"): (KIOSK_WORK, {"devices": {"printer": "ok"}}, None),
    ("GET", "/v1/panel/today"): (KIOSK_WORK, None, None),
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
    ("GET", "/v1/kiosks"): (STAFF_ONLY, None, None),
    ("GET", "/v1/reports/{kind}"): (STAFF_ONLY, None, {"from": DAY, "to": DAY}),
    ("POST", "/v1/suggestions/{response_id}/handled"): (STAFF_ONLY, None, None),
    # The counter side: staff sessions of an officer at their agency's counters.
    ("GET", "/counter"): (ANYONE, None, None),                     # the log-in page
    ("GET", "/counter/static/{name}"): (ANYONE, None, None),
    ("POST", "/v1/staff/login"): (ANYONE, OFFICER, None),
    ("POST", "/v1/staff/logout"): (LOGOUT, None, None),
    ("GET", "/v1/staff/me"): (SESSION, None, None),
    ("GET", "/v1/counters"): (COUNTER, None, None),
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
        "contact": "0812 0000 1111"}).ok
    block = hub.post("/v1/blocks", k1, key="perm-block-1",
                     json={"day": DAY, "group": "B", "size": 5}).json()
    from kiosk.hub.accounts import Accounts
    Accounts(hub.store).add(OFFICER["username"], OFFICER["password"], "officer",
                            agency_id="dukcapil")
    tokens = {"none": None, "kiosk": k1, "other_kiosk": k2, "staff": hub.staff,
              "officer": officer_session(hub)}
    params = {"ticket_id": ticket["id"], "vote_id": "PERMVOTE01",
              "response_id": "PERMSKM001", "service_id": "dukcapil-ktp", "kind": "ikm",
              "counter_id": "loket-1", "name": "console.js"}
    yield hub, tokens, params, block
    hub.close()


def officer_session(hub) -> str:
    import requests
    answer = requests.post(hub.url + "/v1/staff/login", json=OFFICER, timeout=10,
                           verify=hub.verify)
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
            token = tokens[caller]
            if template == "/v1/staff/logout" and caller == "officer":
                token = officer_session(hub)           # a session of its own to end
            answer = call(hub, method, path, token, payload, query,
                          f"perm-{seq:05d}-{caller}")
            want = expected[caller]
            if want == OK:
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
