"""The SQLite spellings the PostgreSQL store rewrites, so the shared SQL runs on both."""

from kiosk.hub.pgstore import _row_class, to_postgres


def test_parameters_and_percent_signs():
    assert to_postgres("SELECT a FROM t WHERE b=? AND c LIKE 'x%'") == \
        "SELECT a FROM t WHERE b=%s AND c LIKE 'x%%'"


def test_insert_or_ignore_becomes_on_conflict_do_nothing():
    assert to_postgres("INSERT OR IGNORE INTO vote (id, face) VALUES (?, ?)") == \
        "INSERT INTO vote (id, face) VALUES (%s, %s) ON CONFLICT DO NOTHING"


def test_a_column_updated_from_itself_is_named_by_its_table():
    sql = ("INSERT INTO sequence (day, grp, last) VALUES (?, ?, 1) "
           "ON CONFLICT (day, grp) DO UPDATE SET last = last + 1")
    assert to_postgres(sql).endswith("DO UPDATE SET last = sequence.last + 1")
    other = "INSERT INTO k (a) VALUES (?) ON CONFLICT (a) DO UPDATE SET seen=excluded.seen"
    assert to_postgres(other).endswith("DO UPDATE SET seen=excluded.seen")


def test_rows_answer_by_position_and_by_name_like_sqlite3_rows():
    row = _row_class(("agency_id", "n"))(("dukcapil", 3))
    assert row[0] == row["agency_id"] == "dukcapil" and row["n"] == 3
    assert tuple(row) == ("dukcapil", 3) and row.keys() == ["agency_id", "n"]
    agency, n = row
    assert (agency, n) == ("dukcapil", 3)


def test_requests_arriving_together_share_one_estimate():
    import threading
    import time

    from kiosk.hub.pgstore import SingleFlight
    flights, runs, answers = SingleFlight(), [], []
    release = threading.Event()

    def estimate():
        runs.append(1)
        release.wait(5)          # the queue is being read while the others arrive
        return len(runs)

    threads = [threading.Thread(target=lambda: answers.append(flights.run("A", estimate)))
               for _ in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    release.set()
    for t in threads:
        t.join(5)
    assert runs == [1] and answers == [1] * 6
    # later requests read afresh; another key never waits for this one
    assert flights.run("A", lambda: "again") == "again"
    assert flights.run("B", lambda: "other") == "other"


def test_a_failed_estimate_fails_its_own_request_only():
    import threading

    from kiosk.hub.pgstore import SingleFlight
    flights, started, answers = SingleFlight(), threading.Event(), []

    def broken():
        started.set()
        threading.Event().wait(0.3)
        raise OSError("connection lost")

    def leader():
        try:
            flights.run("A", broken)
        except OSError as exc:
            answers.append(str(exc))

    first = threading.Thread(target=leader)
    first.start()
    started.wait(5)
    follower = threading.Thread(target=lambda: answers.append(flights.run("A", lambda: 7)))
    follower.start()
    first.join(5)
    follower.join(5)
    assert sorted(map(str, answers)) == ["7", "connection lost"]
