"""The one-tap face vote: faces, shares per agency and hour, and the misuse filter."""

from decimal import Decimal
from fractions import Fraction

import pytest

from kiosk.survey import FACES, FaceShares, SurveyError, VoteFilter, face, face_shares


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def at(self, offset):
        self.now = 1000.0 + offset


def test_four_faces_read_like_the_skm_scale():
    assert [f.score for f in FACES] == [1, 2, 3, 4]
    assert [f.text("id") for f in FACES] == ["Sangat tidak puas", "Tidak puas", "Puas", "Sangat puas"]
    assert [f.text("en") for f in FACES] == ["Very dissatisfied", "Dissatisfied", "Satisfied",
                                             "Very satisfied"]
    assert face(4).key == "sangat_puas"
    for bad in (0, 5, "4", True):
        with pytest.raises(SurveyError):
            face(bad)


# --- shares ----------------------------------------------------------------------------------

ROWS = [
    {"agency": "DUKCAPIL", "hour": 8, "face": 4},
    {"agency": "DUKCAPIL", "hour": 8, "face": 4},
    {"agency": "DUKCAPIL", "hour": 8, "face": 3},
    {"agency": "DUKCAPIL", "hour": 8, "face": 1},
    {"agency": "DUKCAPIL", "hour": 9, "face": 2},
    {"agency": "IMIGRASI", "hour": 8, "face": 3},
]


def test_shares_per_agency_and_hour():
    shares = face_shares(ROWS)
    assert list(shares) == [("DUKCAPIL", 8), ("DUKCAPIL", 9), ("IMIGRASI", 8)]
    morning = shares[("DUKCAPIL", 8)]
    # 4 votes: two 😀, one 🙂, one 😞 → 50 %, 25 %, 0 %, 25 %
    assert morning.counts == (1, 0, 1, 2) and morning.total == 4
    assert morning.share(4) == Fraction(1, 2)
    assert [morning.percent(s) for s in (1, 2, 3, 4)] == [Decimal("25.0"), Decimal("0.0"),
                                                          Decimal("25.0"), Decimal("50.0")]
    assert morning.satisfied == Fraction(3, 4)
    assert morning.mean == Fraction(12, 4)
    assert shares[("DUKCAPIL", 9)].share(2) == 1


def test_other_groupings():
    assert face_shares(ROWS, by=())[()].counts == (1, 1, 2, 2)
    per_agency = face_shares(ROWS, by=("agency",))
    assert per_agency[("IMIGRASI",)].total == 1
    by_session = face_shares(ROWS, by=lambda row: "pagi" if row["hour"] < 12 else "siang")
    assert by_session["pagi"].total == 6


def test_sql_counts_give_the_same_shares():
    from_sql = FaceShares.from_counts({4: 2, 3: 1, 1: 1})
    assert from_sql == face_shares(ROWS)[("DUKCAPIL", 8)]
    empty = FaceShares.from_counts({})
    assert empty.total == 0 and empty.share(4) == 0 and empty.mean is None
    with pytest.raises(SurveyError):
        FaceShares.from_counts({5: 1})
    with pytest.raises(SurveyError):
        FaceShares.from_counts({4: -1})


def test_rows_that_are_already_sql_totals():
    # What `SELECT agency_id, hour, face, COUNT(*) AS n … GROUP BY agency_id, hour, face` gives.
    totals = [{"agency": "DUKCAPIL", "hour": 8, "face": 4, "n": 2},
              {"agency": "DUKCAPIL", "hour": 8, "face": 3, "n": 1},
              {"agency": "DUKCAPIL", "hour": 8, "face": 1, "n": 1},
              {"agency": "DUKCAPIL", "hour": 9, "face": 2, "n": 1},
              {"agency": "IMIGRASI", "hour": 8, "face": 3, "n": 1}]
    assert face_shares(totals, count_field="n") == face_shares(ROWS)
    with pytest.raises(SurveyError):
        face_shares([{"agency": "X", "hour": 8, "face": 3, "n": -2}], count_field="n")


def test_a_bad_face_in_the_rows_is_reported():
    with pytest.raises(SurveyError, match="not 7"):
        face_shares(ROWS + [{"agency": "X", "hour": 8, "face": 7}])


# --- misuse filter -----------------------------------------------------------------------------

def make(**kw):
    clock = Clock()
    return VoteFilter(clock=clock, **kw), clock


def test_a_single_tap_is_one_vote_after_the_correction_window():
    votes, clock = make()
    decision = votes.press(3)
    assert decision.action == "accepted" and decision.counted
    assert votes.settle() == []  # still correctable
    assert votes.seconds_until_settled() == pytest.approx(1.5)
    clock.at(1.5)
    [vote] = votes.settle()
    assert (vote.face, vote.ticket, vote.presses) == (3, None, 1)
    assert votes.settle() == [] and votes.seconds_until_settled() is None


def test_sad_then_happy_several_times_keeps_one_vote_the_last_face():
    votes, clock = make()
    for offset, score in [(0.0, 1), (0.3, 4), (0.6, 1), (0.9, 4)]:
        clock.at(offset)
        assert votes.press(score).counted
    clock.at(5)
    [vote] = votes.settle()
    assert vote.face == 4 and vote.presses == 4


def test_double_tap_on_the_same_face_counts_once():
    votes, clock = make()
    votes.press(2)
    clock.at(0.1)
    assert votes.press(2).action == "ignored"
    clock.at(2)
    assert [v.presses for v in votes.settle()] == [1]


def test_mashing_never_makes_a_second_vote():
    votes, clock = make(cooldown=3.0, correction_window=1.5)
    votes.press(1)
    # After the correction window every press is ignored and restarts the quiet time.
    for offset in (2.0, 4.5, 7.0, 9.9):
        clock.at(offset)
        assert votes.press(4).action == "ignored"
    clock.at(12.8)  # only 2.9 s of quiet
    assert votes.press(4).action == "ignored"
    clock.at(15.8)  # 3 s of quiet: a new visitor
    assert votes.press(4).action == "accepted"
    assert [v.face for v in votes.flush()] == [1, 4]


def test_next_visitor_after_the_cooldown_is_counted():
    votes, clock = make(cooldown=3.0)
    votes.press(4)
    clock.at(3.0)
    assert votes.press(2).action == "accepted"
    assert [v.face for v in votes.flush()] == [4, 2]


def test_one_vote_per_ticket():
    votes, clock = make()
    assert votes.press(4, ticket="A-001").action == "accepted"
    clock.at(0.5)
    assert votes.press(3, ticket="A-001").action == "changed"  # correcting is allowed
    clock.at(60)
    second = votes.press(1, ticket="A-001")
    assert second.action == "already_voted" and not second.counted
    assert second.message("id") == "Tiket ini sudah dipakai untuk memberi penilaian. Terima kasih!"
    assert second.message("en").startswith("This ticket has already been used")
    assert [(v.face, v.ticket) for v in votes.flush()] == [(3, "A-001")]
    assert votes.has_voted("A-001")


def test_a_fresh_ticket_is_a_new_visitor_even_during_the_cooldown():
    votes, clock = make()
    votes.press(1, ticket="A-001")
    clock.at(0.4)
    assert votes.press(4, ticket="B-007").action == "accepted"
    clock.at(0.6)
    assert votes.press(2).action == "ignored"  # an unbound press still waits for quiet
    assert [(v.face, v.ticket) for v in votes.flush()] == [(1, "A-001"), (4, "B-007")]


def test_tickets_that_voted_before_a_restart_stay_refused():
    votes, _ = make(voted_tickets={"A-001"})
    assert votes.press(4, ticket="A-001").action == "already_voted"
    assert votes.press(4, ticket="A-002").action == "accepted"


def test_filter_configuration_is_checked():
    with pytest.raises(SurveyError):
        VoteFilter(cooldown=1.0, correction_window=2.0)
    votes, _ = make()
    with pytest.raises(SurveyError):
        votes.press(5)
