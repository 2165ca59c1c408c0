"""The one interface the UI calls, and its local implementation over the embedded store.

`KioskService` speaks in plain dataclasses (Ticket, ServiceState) that serialise to JSON,
so a remote implementation over HTTP (the hub) can stand in without the UI changing.
Every call may block on I/O: the UI calls it from a worker thread, never the main thread.
"""

from __future__ import annotations

import abc
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from kiosk import queueing
from kiosk.catalog import Catalog, Service
from kiosk.config import Settings
from kiosk.queueing import Refusal, Refused
from kiosk.survey.records import skm_record, vote_record
from kiosk.store import Store, StoreError, new_ticket_id, utc_now
from kiosk.ticket import (  # noqa: F401  (Ticket is part of this interface)
    CANCELLED, ISSUED, NOT_PRINTED, PRINTING, Ticket, TicketRow)

log = logging.getLogger(__name__)


class UnknownService(LookupError):
    pass


@dataclass(frozen=True)
class ServiceState:
    """What the services screen shows for one service right now."""

    service_id: str
    open: bool
    refusal: Refusal | None
    taken_today: int
    remaining: int | None      # None: no daily quota
    waiting: int               # estimated people still waiting in its numbering group
    wait_minutes: int


@dataclass(frozen=True)
class CheckIn:
    """The answer to a booking scan: a verdict, and the ticket when there is one."""

    verdict: "Verdict"
    ticket: Ticket | None = None
    repeat: bool = False           # checked in before: this is the same ticket again
    reprints_left: int = 0

    @property
    def ok(self) -> bool:
        return self.ticket is not None


@dataclass(frozen=True)
class FeedbackResult:
    accepted: bool
    id: str = ""
    reason: str = ""               # "already_voted" / "already_answered" when refused


@dataclass(frozen=True)
class FeedbackToday:
    """Exit feedback of one local day, for the staff panel."""

    faces: "FaceShares"            # votes per face 1..4
    ikm: "IkmResult | None"        # None before the day's first SKM response
    suggestions: int               # SKM responses with a suggestion or complaint to follow up
    whole_mpp: bool = False        # True: every kiosk of the MPP (from the hub), else this one


class KioskService(abc.ABC):
    settings: Settings

    @property
    def catalog(self) -> Catalog:
        return self.settings.catalog

    @abc.abstractmethod
    def service_state(self, service_id: str, now: datetime | None = None) -> ServiceState: ...

    def agency_states(self, agency_id: str, now: datetime | None = None) -> list[ServiceState]:
        return [self.service_state(s.id, now) for s in self.catalog.services_of(agency_id)]

    @abc.abstractmethod
    def issue_ticket(self, service_id: str, priority: str | None = None,
                     request_id: str | None = None, booking_id: str | None = None,
                     now: datetime | None = None) -> Ticket:
        """Take the next number (status *printing*). Raises Refused with the reason."""

    @abc.abstractmethod
    def confirm_printed(self, ticket_id: str) -> Ticket:
        """The printer confirmed the ticket came out: *issued*."""

    @abc.abstractmethod
    def fail_printing(self, ticket_id: str, reason: str) -> Ticket:
        """Nothing came out: *not printed*; the number stays the visitor's (shown on screen)."""

    @abc.abstractmethod
    def cancel_ticket(self, ticket_id: str, reason: str) -> Ticket: ...

    @abc.abstractmethod
    def ticket(self, ticket_id: str) -> Ticket | None: ...

    @abc.abstractmethod
    def tickets(self, day: date | None = None) -> list[Ticket]: ...

    @abc.abstractmethod
    def today_counts(self, now: datetime | None = None) -> dict[str, dict[str, int]]: ...

    @abc.abstractmethod
    def check_in(self, code: str, now: datetime | None = None) -> CheckIn:
        """Verify a booking code and turn it into a ticket (status *printing*) exactly once."""

    @abc.abstractmethod
    def check_in_card(self, card_id: str, now: datetime | None = None) -> CheckIn:
        """Find today's booking made with this card in the booking register, and check it in."""

    @abc.abstractmethod
    def note_reprint(self, ticket_id: str) -> int:
        """Record a reprint; returns the number of reprints so far."""

    @abc.abstractmethod
    def record_vote(self, face: int, ticket_id: str | None = None, agency_id: str | None = None,
                    service_id: str | None = None, reason: str | None = None,
                    now: datetime | None = None) -> FeedbackResult: ...

    @abc.abstractmethod
    def set_vote_reason(self, vote_id: str, reason: str) -> None:
        """The main reason (a key of the follow-up question) of a stored vote."""

    @abc.abstractmethod
    def set_vote_agency(self, vote_id: str, agency_id: str) -> None:
        """The agency chosen after a vote given without a ticket (a ticket's vote keeps
        its ticket's agency)."""

    @abc.abstractmethod
    def record_skm(self, profile: dict, answers: dict[str, int], ticket_id: str | None = None,
                   agency_id: str | None = None, service_id: str | None = None,
                   suggestion: str = "", contact: str = "",
                   now: datetime | None = None) -> FeedbackResult: ...

    # Read from this kiosk's own store: a hub-connected kiosk writes its votes and answers
    # there too before they sync, so both implementations share these.
    def ticket_feedback(self, ticket_id: str) -> tuple[bool, bool]:
        """(has voted, has answered the SKM): the exit screen refuses a second vote with a
        ticket when it is scanned, before the visitor taps a face."""
        return self.store.ticket_feedback(ticket_id)

    def waiting_now(self, now: datetime | None = None):
        """Tickets waiting now per agency in this kiosk's store
        (kiosk.counters.waiting_now.WaitingNow)."""
        from kiosk.counters.waiting_now import waiting_now
        now = now or self.clock()
        day = queueing.local_day(now, self.zone).isoformat()
        return waiting_now(self.store.waiting_tickets(day), now,
                           [a.id for a in self.catalog.agencies])

    def today_feedback(self, now: datetime | None = None) -> FeedbackToday:
        from kiosk.survey import FaceShares, IkmAccumulator, face_shares
        day = queueing.local_day(now or self.clock(), self.zone).isoformat()
        faces = face_shares(self.store.vote_rows(day, day), by=(), count_field="n")
        totals = self.store.skm_totals(day, day)
        ikm = (IkmAccumulator.from_sums(totals[0]["sums"], totals[0]["counts"],
                                        totals[0]["respondents"]).result() if totals else None)
        return FeedbackToday(faces.get((), FaceShares((0, 0, 0, 0))), ikm,
                             self.store.suggestion_count(day, day))


class LocalService(KioskService):
    """The embedded default: this kiosk's own SQLite store, in-process."""

    def __init__(self, settings: Settings, store: Store | None = None,
                 clock: Callable[[], datetime] = utc_now):
        self.settings = settings
        self.store = store or Store(settings.store_path)
        self.clock = clock
        self.zone = settings.zone
        self._keyring_cache = None

    # -- helpers ------------------------------------------------------------------------
    def _now(self, now: datetime | None) -> datetime:
        return now or self.clock()

    def _service(self, service_id: str) -> Service:
        service = self.catalog.service(service_id)
        if service is None:
            raise UnknownService(service_id)
        return service

    # -- the numbering helpers the hub client shares (offline numbering, copies) -----------
    def ticket_of(self, row: TicketRow, fresh: bool = False) -> Ticket:
        """A stored row as the service hands it out (times in the MPP's zone)."""
        return Ticket.of(row, self.zone, fresh)

    def estimator(self, service: Service, now: datetime, priority: str | None = None,
                  booking_id: str | None = None):
        """ahead(earlier_held, first_issued_at) -> (people ahead, wait in minutes) for the
        next number of `service` at `now`: what the store calls inside its numbering
        transaction, and the hub client when it numbers offline. Where counters call
        (kiosk.estimates.exact: the hub's store, an agency with counters) the figures are
        exact and measured; elsewhere the published pace estimates them."""
        from kiosk import estimates
        if estimates.exact(self.store, self.catalog, service.agency):
            return estimates.estimator(self.store, self.settings, service, now,
                                       group=self.number_group(service, priority, booking_id),
                                       priority=priority, booked=bool(booking_id))
        counters = self.catalog.agency(service.agency).counters

        def ahead(earlier: int, first: str | None) -> tuple[int, int]:
            served = 0
            if first:
                minutes = (now - datetime.fromisoformat(first)).total_seconds() / 60
                served = queueing.estimate_served(minutes, service.service_minutes, counters)
            people = max(0, earlier - served)
            return people, queueing.estimate_wait(people, service.service_minutes, counters)
        return ahead

    def number_group(self, service: Service, priority: str | None,
                     booking_id: str | None = None) -> str:
        """The series a new number of `service` is taken from (its prefix)."""
        return queueing.number_group(self.catalog.agency(service.agency), priority,
                                     bool(booking_id), self.settings.booked_first)

    # -- the interface ------------------------------------------------------------------
    def service_state(self, service_id: str, now: datetime | None = None) -> ServiceState:
        service, now = self._service(service_id), self._now(now)
        day = queueing.local_day(now, self.zone).isoformat()
        taken = self.store.taken(day, service.id)
        refusal = (queueing.check_open(self.catalog, service, now, self.zone)
                   or queueing.quota_refusal(service, taken, self.zone))
        earlier, first = self.store.group_state(day, self.number_group(service, None))
        waiting, wait = self.estimator(service, now)(earlier, first)
        remaining = max(0, service.quota - taken) if service.quota else None
        return ServiceState(service.id, refusal is None, refusal, taken, remaining, waiting, wait)

    def admit(self, service_id: str, priority: str | None, now: datetime) -> Service:
        """The service, if a number may be taken now (quota aside); raises Refused otherwise.
        The hub client applies the same rules when it numbers offline."""
        service = self._service(service_id)
        if priority is not None:
            if priority not in queueing.PRIORITY_KINDS:
                raise ValueError(f"unknown priority {priority!r}")
            if not service.priority:
                raise Refused(Refusal(queueing.NO_PRIORITY, zone=self.zone.key))
        refusal = queueing.check_open(self.catalog, service, now, self.zone)
        if refusal:
            raise Refused(refusal)
        return service

    def issue_ticket(self, service_id: str, priority: str | None = None,
                     request_id: str | None = None, booking_id: str | None = None,
                     now: datetime | None = None) -> Ticket:
        now = self._now(now)
        service = self.admit(service_id, priority, now)
        row, created = self.store.issue(
            day=queueing.local_day(now, self.zone).isoformat(),
            grp=self.number_group(service, priority, booking_id), padding=self.settings.number_padding,
            agency_id=service.agency, service_id=service.id, kiosk_id=self.settings.kiosk_id,
            quota=service.quota, priority=priority, booking_id=booking_id,
            request_id=request_id, ahead=self.estimator(service, now, priority, booking_id),
            now=now)
        if row is None:
            raise Refused(Refusal(queueing.QUOTA_FULL, zone=self.zone.key))
        return self.ticket_of(row, fresh=created)

    def confirm_printed(self, ticket_id: str) -> Ticket:
        return self.ticket_of(self.store.set_status(ticket_id, ISSUED, "printer confirmed"))

    def fail_printing(self, ticket_id: str, reason: str) -> Ticket:
        return self.ticket_of(self.store.set_status(ticket_id, NOT_PRINTED, reason))

    def cancel_ticket(self, ticket_id: str, reason: str) -> Ticket:
        return self.ticket_of(self.store.set_status(ticket_id, CANCELLED, reason))

    def ticket(self, ticket_id: str) -> Ticket | None:
        row = self.store.ticket(ticket_id)
        return self.ticket_of(row) if row else None

    def tickets(self, day: date | None = None) -> list[Ticket]:
        day = day or queueing.local_day(self.clock(), self.zone)
        return [self.ticket_of(r) for r in self.store.tickets(day=day.isoformat())]

    def today_counts(self, now: datetime | None = None) -> dict[str, dict[str, int]]:
        day = queueing.local_day(self._now(now), self.zone).isoformat()
        return self.store.counts(day)

    # -- booking check-in ---------------------------------------------------------------
    def _keyring(self):
        if self._keyring_cache is None and self.settings.booking.keys:
            from kiosk.bookings import load_keyring
            self._keyring_cache = load_keyring(self.settings.booking.keys)
        return self._keyring_cache or {}

    def _privacy_key(self) -> bytes | None:
        from kiosk.privacy import read_key_file
        path = self.settings.booking.secret_file
        return read_key_file(path) if path else None

    def register_bookings(self, codes, now: datetime | None = None) -> list[tuple[str, str]]:
        """Add signed booking codes (the day's list from the booking system) to the register,
        so reference codes and card taps can find them. Returns (booking id or code start,
        "added" | "known" | reason) per code; codes that are not genuine are not kept."""
        from kiosk.bookings import normalize_scan
        from kiosk.bookings.token import read_token
        out = []
        for raw in codes:
            code = normalize_scan(raw)
            reason, booking = read_token(code, self._keyring()) if code else ("malformed", None)
            if booking is None:
                out.append((code[:16] or "?", reason))
                continue
            added = self.store.add_booking(booking_id=booking.booking_id,
                                           day=booking.date.isoformat(), code=code,
                                           card_hash=booking.card_hash)
            out.append((booking.booking_id, "added" if added else "known"))
        return out

    def _no_booking(self, reason: str, now: datetime) -> CheckIn:
        from kiosk.bookings import Verdict, zone_label
        return CheckIn(Verdict(False, reason, zone=zone_label(self.zone, now.astimezone(self.zone))))

    def _register_open(self, now: datetime) -> bool:
        """A register with no booking for today is no register: say the look-up is not
        available here rather than 'not found'."""
        return self.store.bookings_on(queueing.local_day(now, self.zone).isoformat()) > 0

    def check_in(self, code: str, now: datetime | None = None) -> CheckIn:
        from kiosk.bookings import (LOOKUP_UNAVAILABLE, NOT_FOUND, OK, ServiceWindow, Verdict,
                                    parse_reference, verify_booking)
        now = self._now(now)
        reference = parse_reference(code) if isinstance(code, str) and len(code) < 64 else None
        if reference is not None:
            stored = self.store.booking_code(reference)
            if stored is None:
                return self._no_booking(NOT_FOUND if self._register_open(now)
                                        else LOOKUP_UNAVAILABLE, now)
            code = stored
        windows = {s.id: ServiceWindow(s.enabled, s.booking_before_min, s.booking_after_min)
                   for s in self.catalog.services}
        verdict = verify_booking(code, self._keyring(), now, self.zone, windows)
        limit = self.settings.booking.reprint_limit
        if verdict.booking is not None:
            # Signature proven: a booking already checked in gets its own ticket back,
            # whatever the time, and never a second number.
            row = self.store.ticket_by_booking(verdict.booking.booking_id)
            if row is not None:
                left = max(0, limit - self.store.reprints(row.id))
                return CheckIn(Verdict(True, OK, verdict.booking, zone=verdict.zone),
                               self.ticket_of(row), repeat=True, reprints_left=left)
        if not verdict.ok:
            return CheckIn(verdict)
        try:
            ticket = self.issue_ticket(verdict.booking.service,
                                       request_id=f"booking:{verdict.booking.booking_id}",
                                       booking_id=verdict.booking.booking_id, now=now)
        except Refused as refused:
            log.info("booking %s valid but refused: %s", verdict.booking.booking_id,
                     refused.refusal.kind)
            raise
        return CheckIn(verdict, ticket, repeat=not ticket.fresh, reprints_left=limit)

    def check_in_card(self, card_id: str, now: datetime | None = None) -> CheckIn:
        from kiosk.bookings import LOOKUP_UNAVAILABLE, NO_BOOKING_FOR_CARD
        from kiosk.bookings.token import HASH_CHARS
        from kiosk.privacy import card_digest, normalize_card_id
        now = self._now(now)
        key = self._privacy_key()
        if key is None or not self._register_open(now):
            return self._no_booking(LOOKUP_UNAVAILABLE, now)
        if normalize_card_id(card_id) is None:
            return self._no_booking(NO_BOOKING_FOR_CARD, now)
        day = queueing.local_day(now, self.zone).isoformat()
        results = [self.check_in(code, now)
                   for code in self.store.booking_codes_for_card(
                       day, card_digest(card_id, key)[:HASH_CHARS])]
        # two bookings today on one card: the one that can check in now wins
        for result in results:
            if result.ok:
                return result
        return results[0] if results else self._no_booking(NO_BOOKING_FOR_CARD, now)

    def note_reprint(self, ticket_id: str) -> int:
        return self.store.note_reprint(ticket_id)

    # -- exit feedback ------------------------------------------------------------------
    def feedback_target(self, ticket_id, agency_id, service_id):
        """The agency and service a vote or an SKM answer belongs to: its ticket's, when it
        names one (LookupError for a ticket this store does not know)."""
        if ticket_id:
            row = self.store.ticket(ticket_id)
            if row is None:
                raise LookupError(f"unknown ticket {ticket_id}")
            return row.agency_id, row.service_id
        return agency_id, service_id

    def record_vote(self, face: int, ticket_id: str | None = None, agency_id: str | None = None,
                    service_id: str | None = None, reason: str | None = None,
                    now: datetime | None = None) -> FeedbackResult:
        agency_id, service_id = self.feedback_target(ticket_id, agency_id, service_id)
        vote = vote_record(id=new_ticket_id(), at=self._now(now), zone=self.zone,
                           kiosk_id=self.settings.kiosk_id, face=face, agency_id=agency_id,
                           service_id=service_id, ticket_id=ticket_id, reason=reason)
        ok = self.store.add_vote(vote)
        return FeedbackResult(ok, vote.id if ok else "", "" if ok else "already_voted")

    def set_vote_reason(self, vote_id: str, reason: str) -> None:
        self.store.set_vote_reason(vote_id, reason)

    def set_vote_agency(self, vote_id: str, agency_id: str) -> None:
        """A vote given without a ticket: the agency the visitor chose after the tap."""
        self.store.set_vote_agency(vote_id, agency_id)

    def record_skm(self, profile: dict, answers: dict[str, int], ticket_id: str | None = None,
                   agency_id: str | None = None, service_id: str | None = None,
                   suggestion: str = "", contact: str = "",
                   now: datetime | None = None) -> FeedbackResult:
        agency_id, service_id = self.feedback_target(ticket_id, agency_id, service_id)
        response = skm_record(id=new_ticket_id(), at=self._now(now), zone=self.zone,
                              kiosk_id=self.settings.kiosk_id, profile=profile, answers=answers,
                              agency_id=agency_id, service_id=service_id, ticket_id=ticket_id,
                              suggestion=suggestion, contact=contact)
        ok = self.store.add_skm(response)
        return FeedbackResult(ok, response.id if ok else "", "" if ok else "already_answered")

    def recover_interrupted(self) -> list[Ticket]:
        """Tickets left *printing* by a crash or power cut: nobody knows if they came out,
        so they become *not printed* for staff to see, never silently *issued*."""
        recovered = []
        for row in self.store.tickets(status=PRINTING, kiosk_id=self.settings.kiosk_id):
            try:
                recovered.append(self.ticket_of(self.store.set_status(
                    row.id, NOT_PRINTED, "interrupted: kiosk restarted while printing")))
            except StoreError as exc:
                log.warning("could not recover ticket %s: %s", row.number, exc)
        return recovered


def open_service(settings: Settings, clock: Callable[[], datetime] = utc_now) -> KioskService:
    """The embedded store, or the hub client (with the store as its offline fallback) when
    kiosk.toml names a hub. The store opens under its marker (kiosk.ops.marker): one that
    existed and is now empty or unreadable raises StoreLost, never a fresh start."""
    from kiosk.ops import marker, settings as ops_settings
    store = marker.open_store(settings.store_path,
                              backup_dir=ops_settings.of(settings).backup_dir)
    local = LocalService(settings, store=store, clock=clock)
    if not settings.hub_url:
        return local
    from kiosk.hub.client import RemoteService
    return RemoteService(settings, local)
