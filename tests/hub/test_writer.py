"""Group commit on the SQLite hub store: many writes share one transaction, each stays
all-or-nothing, and nobody is answered before the COMMIT that makes their write durable."""

import threading

import pytest

from kiosk.hub.store import HubStore
from kiosk.hub.writer import GroupCommitWriter


@pytest.fixture
def store(tmp_path):
    s = HubStore(tmp_path / "hub.sqlite3")
    yield s
    s.close()


def issue(store, n: int, request_id: str | None = None):
    def work():
        row, _ = store.issue(day="2026-11-23", grp="A", padding=3, agency_id="dukcapil",
                             service_id="dukcapil-ktp", kiosk_id="K1", quota=0,
                             request_id=request_id or f"r{n}")
        return row.number
    return work


def test_a_batch_answers_each_write_and_a_failing_one_leaves_no_trace(store):
    writer = GroupCommitWriter(store)
    gate = threading.Event()
    first = writer.submit(lambda: gate.wait(5))          # holds the writer: the rest queue up

    def fails():
        issue(store, 99)()                                 # takes a number, then fails
        raise ValueError("refused")

    futures = [writer.submit(issue(store, i)) for i in range(3)]
    bad = writer.submit(fails)
    futures += [writer.submit(issue(store, i)) for i in range(3, 6)]
    gate.set()
    assert first.result(5) is True
    assert [f.result(5) for f in futures] == [f"A-{n:03d}" for n in range(1, 7)]
    with pytest.raises(ValueError):
        bad.result(5)
    numbers = [r[0] for r in store.query("SELECT number FROM ticket ORDER BY seq")]
    assert numbers == [f"A-{n:03d}" for n in range(1, 7)]      # A-004 was never handed out
    writer.close()


def test_nobody_is_answered_for_a_batch_whose_commit_fails(store):
    writer = GroupCommitWriter(store)
    gate, started = threading.Event(), threading.Event()
    writer.submit(lambda: (started.set(), gate.wait(5)))
    # Submit the rest only once the writer is busy with the gate: they then queue and make
    # one batch together (else a fast writer could take the first of them with the gate).
    assert started.wait(5)

    def poison():
        # a foreign key checked only at COMMIT: the whole transaction fails there
        db = store._db
        db.execute("PRAGMA defer_foreign_keys=ON")
        db.execute("INSERT INTO ticket_event (ticket_id, at, status) VALUES ('NOPE', 'x', 'y')")

    futures = [writer.submit(issue(store, i)) for i in range(3)]
    futures.append(writer.submit(poison))
    gate.set()
    for future in futures:
        with pytest.raises(Exception, match="FOREIGN KEY"):
            future.result(5)
    assert store.query("SELECT COUNT(*) FROM ticket")[0][0] == 0
    # the writer goes on: the next batch commits
    assert writer.submit(issue(store, 7)).result(5) == "A-001"
    writer.close()


def test_reads_from_other_threads_see_only_committed_writes(store):
    writer = GroupCommitWriter(store)
    inside, release = threading.Event(), threading.Event()

    def slow():
        issue(store, 1)()
        inside.set()
        release.wait(5)

    future = writer.submit(slow)
    assert inside.wait(5)
    assert store.query("SELECT COUNT(*) FROM ticket")[0][0] == 0   # not committed yet
    release.set()
    future.result(5)
    assert store.query("SELECT COUNT(*) FROM ticket")[0][0] == 1
    writer.close()
