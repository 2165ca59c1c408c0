"""Eight kiosks in separate processes share one hub: no number twice, no hidden gap, and a
hub that dies mid-run loses nothing and counts nothing twice once it is back."""

import time
from collections import Counter

import pytest

from hub_support import DAY, read_client, start_client


# Load tests: each kiosk issues many tickets a second, far above a visitor's pace.
HUB_TOML = "[hub]\nissue_per_minute = 6000\nissue_burst = 1000\n"


def hub_view(hub, token=None):
    """Every kiosk's tickets and blocks of the day, from the hub's store (a kiosk's token
    lists only its own)."""
    tickets = [{"id": t.id, "number": t.number, "status": t.status}
               for t in hub.store.tickets(DAY)]
    return tickets, hub.store.blocks(DAY)


def assert_numbering_is_whole(tickets, blocks):
    numbers = Counter(t["number"] for t in tickets)
    assert [n for n, c in numbers.items() if c > 1] == []
    by_group: dict[str, set[int]] = {}
    for t in tickets:
        grp, _, seq = t["number"].rpartition("-")
        by_group.setdefault(grp, set()).add(int(seq))
    unused: dict[str, set[int]] = {}
    for b in blocks:
        unused.setdefault(b["group"], set()).update(b["unused"])
    for grp in set(by_group) | set(unused):
        taken, gaps = by_group.get(grp, set()), unused.get(grp, set())
        assert not taken & gaps
        # every number from 1 to the highest is a ticket or a declared unused block number
        assert taken | gaps == set(range(1, max(taken | gaps) + 1)), grp


def test_eight_kiosks_issue_concurrently_without_duplicates(hub, tmp_path):
    kiosks = [f"K{i}" for i in range(1, 9)]
    procs = [start_client(hub, tmp_path, k, 25, block=5) for k in kiosks]
    assert [p.wait(timeout=120) for p in procs] == [0] * 8
    tickets, blocks = hub_view(hub)
    issued = [r for k in kiosks for r in read_client(tmp_path, k) if "ticket" in r]
    assert len(issued) == 200 and all(r["online"] for r in issued)
    assert sorted(t["id"] for t in tickets) == sorted(r["ticket"] for r in issued)
    assert all(t["status"] == "issued" for t in tickets)
    assert_numbering_is_whole(tickets, blocks)


@pytest.mark.slow
def test_kiosks_keep_issuing_through_a_hub_outage_and_sync_exactly_once(hub, tmp_path):
    kiosks = [f"K{i}" for i in range(1, 9)]
    procs = [start_client(hub, tmp_path, k, 30, block=30, pause=0.05) for k in kiosks]
    # Kill the hub once every kiosk has served a few visitors online (and so holds blocks).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(
            (tmp_path / f"{k}.jsonl").exists() and len(read_client(tmp_path, k)) >= 3
            for k in kiosks):
        time.sleep(0.05)
    hub.kill()
    time.sleep(2.0)           # the kiosks keep serving visitors meanwhile
    hub.start()
    assert [p.wait(timeout=180) for p in procs] == [0] * 8
    tickets, blocks = hub_view(hub)
    records = [r for k in kiosks for r in read_client(tmp_path, k)]
    issued = [r for r in records if "ticket" in r]
    assert len(issued) == 240
    assert any(not r["online"] for r in issued), "the outage should have forced offline numbers"
    # Numbers the hub took for a request whose answer never arrived were cancelled, not held.
    held = [t for t in tickets if t["status"] != "cancelled"]
    assert all(t["status"] == "cancelled" for t in tickets if t["id"] not in
               {r["ticket"] for r in issued})
    assert sorted(t["id"] for t in held) == sorted(r["ticket"] for r in issued)
    assert all(t["status"] == "issued" for t in held)
    printed_numbers = Counter(r["number"] for r in issued)
    assert max(printed_numbers.values()) == 1
    assert {t["id"]: t["number"] for t in held} == {r["ticket"]: r["number"] for r in issued}
    assert_numbering_is_whole(tickets, blocks)
    # every vote is on the hub exactly once
    votes = [r["vote"] for r in records if "vote" in r]
    assert len(votes) == 8 * 15
    rows = hub.store.query("SELECT id FROM vote")
    assert sorted(r[0] for r in rows) == sorted(votes)
