"""Queue numbering and the rules for taking a number, as a visitor at the kiosk meets them."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from kiosk import queueing
from kiosk.queueing import Refused
from kiosk.service import LocalService
from kiosk.store import Store

ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
MONDAY = date(2026, 11, 23)


def at(day, hh, mm, zone="Asia/Jakarta"):
    return datetime.combine(day, time(hh, mm), ZoneInfo(zone))


def refusal_of(service, service_id, now, **kw):
    with pytest.raises(Refused) as info:
        service.issue_ticket(service_id, now=now, **kw)
    return info.value.refusal


@pytest.mark.parametrize("zone", ZONES)
def test_day_straddling_utc_midnight_is_one_local_day(make_settings, zone):
    # 08:05 local in WIT is 23:05 UTC of the day before; numbering must not reset at 09:00 WIT.
    service = LocalService(make_settings(zone), store=Store(":memory:"))
    numbers = [service.issue_ticket("dukcapil-ktp", now=at(MONDAY, h, 5, zone)).number
               for h in range(8, 15)]
    assert numbers == [f"A-{n:03d}" for n in range(1, 8)]
    tomorrow = service.issue_ticket("dukcapil-ktp", now=at(MONDAY + timedelta(days=1), 8, 1, zone))
    assert tomorrow.number == "A-001"
    assert tomorrow.day == MONDAY + timedelta(days=1)


@given(zone=st.sampled_from(ZONES),
       offsets=st.lists(st.integers(min_value=0, max_value=(15 * 60) - 1), min_size=1, max_size=12),
       days=st.integers(min_value=0, max_value=3))
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_numbers_run_from_one_each_local_day(make_settings, zone, offsets, days):
    service = LocalService(make_settings(zone), store=Store(":memory:"))
    for d in range(days + 1):
        day = MONDAY + timedelta(days=d)             # Mon..Thu: 08:00-15:30, cut-off 15:00
        moments = sorted(at(day, 8, 0, zone) + timedelta(minutes=m % (7 * 60)) for m in offsets)
        issued = [service.issue_ticket("dukcapil-ktp", now=m) for m in moments]
        assert [t.number for t in issued] == [f"A-{n:03d}" for n in range(1, len(moments) + 1)]
        assert {t.day for t in issued} == {day}


def test_local_day_is_never_utc_day():
    instant = datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc)   # 06:30 WIB next day
    assert queueing.local_day(instant, ZoneInfo("Asia/Jakarta")) == date(2026, 11, 23)
    assert queueing.local_day(instant, ZoneInfo("Asia/Jayapura")) == date(2026, 11, 23)
    with pytest.raises(ValueError):
        queueing.local_day(datetime(2026, 11, 22, 23, 30), ZoneInfo("Asia/Jakarta"))


def test_quota_full_refuses_and_consumes_no_number(make_service):
    service = make_service()
    numbers = [service.issue_ticket("dukcapil-akta", now=at(MONDAY, 9, m)).number for m in range(3)]
    refusal = refusal_of(service, "dukcapil-akta", at(MONDAY, 9, 5))
    assert refusal.kind == queueing.QUOTA_FULL
    assert "kuota" in refusal.message("id").lower()
    # The agency's sequence went on without a gap for the other service.
    assert numbers == ["A-001", "A-002", "A-003"]
    assert service.issue_ticket("dukcapil-ktp", now=at(MONDAY, 9, 6)).number == "A-004"
    state = service.service_state("dukcapil-akta", now=at(MONDAY, 9, 7))
    assert not state.open and state.remaining == 0


def test_cancelled_ticket_frees_its_quota_place(make_service):
    service = make_service()
    tickets = [service.issue_ticket("dukcapil-akta", now=at(MONDAY, 9, m)) for m in range(3)]
    service.cancel_ticket(tickets[0].id, "visitor left")
    assert service.issue_ticket("dukcapil-akta", now=at(MONDAY, 9, 9)).number == "A-004"


@pytest.mark.parametrize("service_id, hh, mm, kind, shown", [
    ("dukcapil-ktp", 7, 59, queueing.NOT_YET_OPEN, "08.00 WIB"),
    ("dukcapil-ktp", 15, 0, queueing.CUT_OFF, "15.00 WIB"),
    ("dukcapil-ktp", 15, 29, queueing.CUT_OFF, "15.00 WIB"),
    ("dukcapil-ktp", 15, 30, queueing.CLOSED, ""),
    ("imigrasi-paspor", 14, 30, queueing.CUT_OFF, "14.30 WIB"),   # its own 60-minute cut-off
])
def test_opening_hours_and_cut_off(make_service, service_id, hh, mm, kind, shown):
    refusal = refusal_of(make_service(), service_id, at(MONDAY, hh, mm))
    assert refusal.kind == kind
    assert shown in refusal.message("id")


def test_last_number_before_cut_off_is_given(make_service):
    assert make_service().issue_ticket("dukcapil-ktp", now=at(MONDAY, 14, 59)).number == "A-001"


def test_friday_prayer_break(make_service):
    service = make_service()
    friday = MONDAY + timedelta(days=4)
    assert service.issue_ticket("dukcapil-ktp", now=at(friday, 11, 29)).number == "A-001"
    refusal = refusal_of(service, "dukcapil-ktp", at(friday, 12, 0))
    assert refusal.kind == queueing.FRIDAY_BREAK
    assert "13.00 WIB" in refusal.message("id") and "Jumat" in refusal.message("id")
    assert "Friday" in refusal.message("en")
    assert service.issue_ticket("dukcapil-ktp", now=at(friday, 13, 0)).number == "A-002"


def test_holiday_closure_and_closed_weekday(make_service):
    service = make_service()
    christmas = refusal_of(service, "dukcapil-ktp", at(date(2026, 12, 25), 9, 0))
    assert christmas.kind == queueing.HOLIDAY and "Natal" in christmas.message("id")
    assert "Christmas" in christmas.message("en")
    closure = refusal_of(service, "imigrasi-paspor", at(date(2026, 12, 2), 9, 0))
    assert closure.kind == queueing.CLOSURE and "Pemeliharaan" in closure.message("id")
    # The closure is Imigrasi's only: Dukcapil serves that day.
    assert service.issue_ticket("dukcapil-ktp", now=at(date(2026, 12, 2), 9, 0)).number == "A-001"
    sunday = refusal_of(service, "dukcapil-ktp", at(MONDAY - timedelta(days=1), 9, 0))
    assert sunday.kind == queueing.CLOSED_TODAY
    saturday = MONDAY + timedelta(days=5)
    assert refusal_of(service, "imigrasi-paspor", at(saturday, 9, 0)).kind == queueing.CLOSED_TODAY
    assert service.issue_ticket("dukcapil-ktp", now=at(saturday, 9, 0)).number == "A-001"


def test_priority_queue_has_its_own_prefix_and_sequence(make_service):
    service = make_service()
    walk_in = service.issue_ticket("dukcapil-ktp", now=at(MONDAY, 9, 0))
    elder = service.issue_ticket("dukcapil-ktp", priority="lansia", now=at(MONDAY, 9, 1))
    pregnant = service.issue_ticket("dukcapil-ktp", priority="hamil", now=at(MONDAY, 9, 2))
    passport = service.issue_ticket("imigrasi-paspor", priority="disabilitas", now=at(MONDAY, 9, 3))
    assert (walk_in.number, elder.number, pregnant.number) == ("A-001", "RA-001", "RA-002")
    assert passport.number == "RB-001" and passport.priority == "disabilitas"
    assert refusal_of(service, "dukcapil-akta", at(MONDAY, 9, 4),
                      priority="lansia").kind == queueing.NO_PRIORITY


def test_people_ahead_and_wait_estimate(make_service):
    service = make_service()
    first = service.issue_ticket("imigrasi-paspor", now=at(MONDAY, 8, 0))
    second = service.issue_ticket("imigrasi-paspor", now=at(MONDAY, 8, 0))
    third = service.issue_ticket("imigrasi-paspor", now=at(MONDAY, 8, 1))
    assert (first.people_ahead, second.people_ahead, third.people_ahead) == (0, 1, 2)
    assert third.wait_minutes == 20        # 2 ahead x 20 min / 2 counters
    # Hours later, without a caller system, the pace of service says the early ones are done.
    late = service.issue_ticket("imigrasi-paspor", now=at(MONDAY, 11, 0))
    assert late.people_ahead == 0 and late.wait_minutes == 0


def test_padding_is_configurable(make_service):
    assert make_service(padding=4).issue_ticket("dukcapil-ktp", now=at(MONDAY, 9, 0)).number == "A-0001"
