"""Kiosk tokens can be pasted on a command line (`kiosk report --token T`)."""

from kiosk.hub.stores import open_hub_store


def test_no_token_starts_with_a_dash_that_would_read_as_an_option(tmp_path):
    store = open_hub_store(str(tmp_path / "hub.sqlite3"))
    try:
        tokens = [store.new_token(f"K{n}") for n in range(400)]  # ~6 would start with '-'
    finally:
        store.close()
    assert len(set(tokens)) == 400
    assert not [t for t in tokens if t.startswith("-")]
