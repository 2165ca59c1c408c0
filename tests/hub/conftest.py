"""Fixtures for the hub tests; the helpers live in hub_support (a unique module name,
so other folders' conftest modules never shadow them).

Every hub test runs twice: on the SQLite store and on PostgreSQL. The PostgreSQL server is
a throwaway cluster started once per session (pg_cluster); where none can be started the
PostgreSQL runs are skipped with the reason, never failed.
"""

import pytest

import pg_cluster
from hub_support import Hub, hub_db

STORES = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server():
    try:
        server = pg_cluster.start()
    except pg_cluster.Unavailable as exc:
        pytest.skip(f"PostgreSQL store not tested: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="module", params=STORES)
def store_kind(request) -> str:
    return request.param


@pytest.fixture
def hub(request, tmp_path, store_kind):
    # A test module may set HUB_TOML: kiosk.toml lines for the hub (its [hub] limits).
    h = Hub(tmp_path, hub_db(request, store_kind), getattr(request.module, "HUB_TOML", ""))
    h.start()
    yield h
    h.close()
