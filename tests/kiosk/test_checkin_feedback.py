"""Booking check-in and exit feedback through the service interface, on a real store."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from kiosk import config
from kiosk.bookings import generate_keypair, load_private_key, new_booking, sign_booking
from kiosk.queueing import Refused
from kiosk.service import LocalService
from kiosk.survey import UNSUR_KEYS

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 11, 23)


@pytest.fixture
def booked(make_settings, tmp_path):
    settings = make_settings()
    kid, private, _public = generate_keypair(tmp_path / "keys", kid="mpp2026")
    text = settings.path.read_text() + '\n[booking]\nkeys = "keys"\nreprint_limit = 1\n'
    settings.path.write_text(text)
    settings = config.load(settings.path)
    _, key = load_private_key(private)

    def code(service="imigrasi-paspor", day=MONDAY, start=time(9, 0), end=time(10, 0), bid=None):
        return sign_booking(new_booking(service, day, start, end, booking_id=bid), key, kid)
    return LocalService(settings), code


def test_booking_checks_in_once_and_rescans_give_the_same_ticket(booked):
    service, code = booked
    token = code(bid="RSV-ONE")
    first = service.check_in(token, now=datetime(2026, 11, 23, 8, 40, tzinfo=WIB))
    assert first.ok and not first.repeat
    assert first.ticket.number == "B-001" and first.ticket.booking_id == "RSV-ONE"
    # Scanned again, even after the window closed: the same number, never a second one.
    again = service.check_in(token, now=datetime(2026, 11, 23, 11, 0, tzinfo=WIB))
    assert again.ok and again.repeat and again.ticket.id == first.ticket.id
    assert again.reprints_left == 1
    service.note_reprint(first.ticket.id)
    assert service.check_in(token, now=datetime(2026, 11, 23, 11, 1, tzinfo=WIB)).reprints_left == 0
    assert len(service.tickets(MONDAY)) == 1


@pytest.mark.parametrize("now, reason", [
    (datetime(2026, 11, 23, 8, 29, tzinfo=WIB), "too_early"),
    (datetime(2026, 11, 23, 9, 16, tzinfo=WIB), "too_late"),
    (datetime(2026, 11, 24, 9, 0, tzinfo=WIB), "wrong_date"),
])
def test_booking_outside_its_window_is_refused_kindly(booked, now, reason):
    service, code = booked
    result = service.check_in(code(), now=now)
    assert not result.ok and result.verdict.reason == reason
    assert result.verdict.message("id") and result.verdict.next_step("id")
    assert service.tickets(now.date()) == []


def test_forged_and_garbage_codes_take_no_number(booked):
    service, code = booked
    token = code()
    forged = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    now = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    for bad in (forged, "", "x" * 5000, "\x00\xff garbage", token.split(".")[0]):
        assert not service.check_in(bad, now=now).ok
    assert service.tickets(MONDAY) == []


def test_valid_booking_on_a_closed_day_is_refused_by_queue_rules(booked):
    service, code = booked
    with pytest.raises(Refused):
        service.check_in(code(day=date(2026, 12, 2)),   # Imigrasi closure in the test catalog
                         now=datetime(2026, 12, 2, 9, 0, tzinfo=WIB))


def test_one_vote_per_ticket_bound_to_its_agency_and_service(make_service):
    service = make_service()
    now = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
    ticket = service.issue_ticket("imigrasi-paspor", now=now)
    first = service.record_vote(4, ticket_id=ticket.id, now=now)
    assert first.accepted
    second = service.record_vote(1, ticket_id=ticket.id, now=now)
    assert not second.accepted and second.reason == "already_voted"
    assert service.record_vote(3, agency_id="dukcapil", now=now).accepted
    rows = service.store.vote_rows("2026-11-23", "2026-11-23")
    assert {(r["agency_id"], r["service_id"], r["face"]) for r in rows} == {
        ("imigrasi", "imigrasi-paspor", 4), ("dukcapil", None, 3)}
    with pytest.raises(ValueError):
        service.record_vote(5, agency_id="dukcapil", now=now)


def test_skm_answers_are_stored_by_unsur_key(make_service):
    service = make_service()
    now = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
    ticket = service.issue_ticket("dukcapil-ktp", now=now)
    answers = {key: 4 for key in UNSUR_KEYS} | {"sarana": 2, "pengaduan": 3}
    profile = {"gender": "P", "age": 34, "education": "D4/S1", "occupation": "LAINNYA",
               "occupation_other": "Petani"}
    assert service.record_skm(profile, answers, ticket_id=ticket.id, now=now).accepted
    assert not service.record_skm(profile, answers, ticket_id=ticket.id, now=now).accepted
    [totals] = service.store.skm_totals("2026-11-23", "2026-11-23", by=("agency_id",))
    assert totals["agency_id"] == "dukcapil" and totals["respondents"] == 1
    assert totals["sums"]["sarana"] == 2 and totals["sums"]["pengaduan"] == 3
    assert totals["sums"]["persyaratan"] == 4
    [row] = service.store.query("SELECT education, occupation, occupation_other FROM skm_response")
    assert tuple(row) == ("D4/S1", "LAINNYA", "Petani")
    from kiosk.survey import SurveyError
    with pytest.raises(SurveyError):
        service.record_skm({"gender": "X", "age": 3}, answers, agency_id="dukcapil", now=now)

# -- the booking register: typed reference codes and card taps ---------------------------

@pytest.fixture
def register(make_settings, tmp_path):
    """A kiosk with keys, the MPP's privacy key, and a signer for today's bookings."""
    from kiosk.bookings import new_reference
    settings = make_settings()
    kid, private, _public = generate_keypair(tmp_path / "keys", kid="mpp2026")
    (tmp_path / "privacy.key").write_text("a shared privacy key of the MPP\n")
    settings.path.write_text(settings.path.read_text() + '\n[booking]\nkeys = "keys"\n'
                             'secret_file = "privacy.key"\n')
    settings = config.load(settings.path)
    _, key = load_private_key(private)

    def code(card=None, day=MONDAY, start=time(9, 0)):
        booking = new_booking("imigrasi-paspor", day, start, time(start.hour + 1, 0),
                              booking_id=new_reference(), card_id=card,
                              privacy_key=b"a shared privacy key of the MPP")
        return booking.booking_id, sign_booking(booking, key, kid)
    return LocalService(settings), code


NINE = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)


def test_a_typed_reference_finds_its_registered_booking_in_any_spelling(register):
    service, code = register
    ref, token = code()
    assert service.register_bookings([token, token]) == [(ref, "added"), (ref, "known")]
    typed = ref.lower().replace("rsv-", "rsv ")[:8] + "-" + ref.lower()[8:]
    first = service.check_in(typed, now=NINE)
    assert first.ok and first.ticket.booking_id == ref
    again = service.check_in(token, now=NINE)  # the QR of the same booking: same number
    assert again.repeat and again.ticket.id == first.ticket.id


def test_an_unknown_reference_is_not_found_and_an_empty_register_says_so(register):
    from kiosk.bookings import new_reference
    service, code = register
    assert service.check_in(new_reference(), now=NINE).verdict.reason == "lookup_unavailable"
    service.register_bookings([code()[1]])
    result = service.check_in(new_reference(), now=NINE)
    assert not result.ok and result.verdict.reason == "not_found"
    assert "tidak ditemukan" in result.verdict.message("id")
    assert len(service.tickets(MONDAY)) == 0


def test_forged_codes_are_not_registered(register):
    service, code = register
    _, token = code()
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    results = service.register_bookings([forged, "garbage", ""])
    assert [outcome for _, outcome in results] == ["bad_signature", "malformed", "malformed"]
    assert service.store.bookings_on("2026-11-23") == 0


def test_a_card_tap_checks_in_todays_booking_made_with_that_card(register):
    service, code = register
    ref, token = code(card="04:A1:B2:C3:D4:E5:F6")
    _, other_day = code(card="04A1B2C3D4E5F6", day=date(2026, 11, 24))
    service.register_bookings([token, other_day])
    assert service.check_in_card("0A0B0C0D", now=NINE).verdict.reason == "no_booking_for_card"
    result = service.check_in_card("04 a1 b2 c3 d4 e5 f6", now=NINE)
    assert result.ok and result.ticket.booking_id == ref
    assert service.check_in_card("04A1B2C3D4E5F6", now=NINE).repeat
    # the card id itself is nowhere in the store, only its keyed hash
    path = service.store.path
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))  # with the WAL
    assert service.store.booking_code(ref).encode() in raw  # the search does see the data
    assert b"04A1B2C3D4E5F6" not in raw.upper() and b"04:A1:B2" not in raw


@pytest.mark.parametrize("booked_first, expected", [(False, "B-002"), (True, "RB-001")])
def test_booked_first_puts_booked_visitors_in_the_series_called_first(booked, booked_first, expected):
    service, code = booked
    if booked_first:
        path = service.settings.path
        path.write_text(path.read_text().replace("[queue]\n", "[queue]\nbooked_first = true\n"))
        service = LocalService(config.load(path), store=service.store)
    walk_in = service.issue_ticket("imigrasi-paspor", now=datetime(2026, 11, 23, 8, 35, tzinfo=WIB))
    booked_in = service.check_in(code(), now=datetime(2026, 11, 23, 8, 40, tzinfo=WIB)).ticket
    assert walk_in.number == "B-001"
    assert booked_in.number == expected
    # booked first: nobody of the walk-in series is ahead of the booked visitor
    assert booked_in.people_ahead == (0 if booked_first else 1)
