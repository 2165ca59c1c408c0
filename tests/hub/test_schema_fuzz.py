"""Schemathesis against the hub's own OpenAPI: requests generated from it — valid ones,
deliberately invalid ones (wrong types, out-of-range numbers, odd paths), and its coverage
cases (each parameter at its limits, missing, of the wrong type) — sent to a real hub on
127.0.0.1, on both stores. No answer may be a 5xx.

Bounded (max_examples per operation and mode, no shrinking) so the suite stays quick; set
ANJUNGAN_FUZZ_EXAMPLES for a longer hunt. What it did not think of (NUL bytes, which
PostgreSQL text refuses; times that overflow when converted to the MPP's zone) is pinned
by test_api.py::test_what_the_fuzzer_missed_is_a_4xx_on_both_stores.
"""

import os

import pytest
import schemathesis
from collections import Counter

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from kiosk.hub.api import openapi_schema

from hub_support import Hub, hub_db

EXAMPLES = int(os.environ.get("ANJUNGAN_FUZZ_EXAMPLES", "10"))

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def fuzzed_hub(request, tmp_path_factory, store_kind):
    h = Hub(tmp_path_factory.mktemp("fuzz"), hub_db(request, store_kind))
    h.start()
    token = h.token("FUZZ")
    # something to find: a ticket, a vote, a block
    ticket = h.post("/v1/tickets", token, key="fuzz-seed-1",
                    json={"service_id": "dukcapil-ktp"}).json()
    h.post("/v1/votes", token, key="fuzz-seed-vote", json={"face": 3, "ticket_id": ticket["id"]})
    yield h, token
    h.close()


def load(hub):
    # The hub serves no /openapi.json by default: the schema comes from the app itself.
    schema = schemathesis.openapi.from_dict(openapi_schema())
    schema.config.update(base_url=hub.url)
    schema.config.generation.update(allow_x00=True)
    return schema


# Streams that never end on their own (tested in test_counter_api.py).
ENDLESS = {"GET /v1/events"}


STAFF_PATHS = ("/v1/reports", "/v1/suggestions", "/v1/kiosks")


def auth_for(hub, token, operation) -> dict:
    """Staff endpoints are fuzzed with the test staff credential, the rest as a kiosk."""
    staff = operation.path.startswith(STAFF_PATHS)
    return {"Authorization": f"Bearer {hub.staff if staff else token}"}


def operations(hub):
    return [op for op in (result.ok() for result in load(hub).get_all_operations())
            if op.label not in ENDLESS]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
def test_no_generated_request_gets_a_server_error(fuzzed_hub, mode):
    # One hypothesis run per operation, inside the test: schemathesis' own pytest fixture
    # loader does not work with this pytest, and the schema exists only once a hub runs.
    hub, token = fuzzed_hub
    failures, answers = [], Counter()
    for operation in operations(hub):
        auth = auth_for(hub, token, operation)

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call(headers=auth, timeout=10)
            answers[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(f"{operation.label}: {response.status_code} "
                                f"{response.text[:200]}\n    {case.as_curl_command(headers=auth)}")
        try:
            run()
        except Unsatisfiable:       # nothing to get wrong (no parameters, e.g. /v1/health)
            pass
    print(f"{mode.value}: answers {dict(sorted(answers.items()))}")
    assert answers, "nothing was sent"
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:20])


def test_no_boundary_case_gets_a_server_error(fuzzed_hub):
    """Schemathesis' coverage cases: each parameter at its limits, of the wrong type,
    missing, duplicated; the whole set, deterministic."""
    hub, token = fuzzed_hub
    schema = load(hub)
    failures, answers = [], Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.label in ENDLESS:
            continue
        auth = auth_for(hub, token, operation)
        for case in schema.iter_coverage_cases(
                operation, generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                generation_config=schema.config.generation_for(operation=operation)):
            response = case.call(headers={**(case.headers or {}), **auth}, timeout=10)
            answers[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(f"{operation.label}: {response.status_code} "
                                f"{response.text[:200]}\n    {case.as_curl_command(headers=auth)}")
    print(f"coverage: answers {dict(sorted(answers.items()))}")
    assert answers, "nothing was sent"
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:20])
