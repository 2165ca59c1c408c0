"""The hub's service core: the kiosk's own LocalService rules over the shared hub store.

Each kiosk gets a LocalService view whose kiosk id is the one its token proves, so every
write is attributed to the kiosk that made it while numbering, quotas, opening hours and
booking check-in run exactly the code a stand-alone kiosk runs.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from typing import Callable

from kiosk import queueing
from kiosk.config import Settings
from kiosk.service import FeedbackResult, LocalService, UnknownService
from kiosk.store import utc_now
from kiosk.ticket import CANCELLED, PRINTING
from kiosk.survey.records import skm_record, vote_record
from kiosk.hub.store import HubStore
from kiosk.ops import clock as clock_rules


class HubCore:
    def __init__(self, settings: Settings, store: HubStore,
                 clock: Callable[[], datetime] = utc_now):
        self.settings = settings
        self.store = store
        self.clock = clock
        self.zone = settings.zone
        self._views: dict[str, LocalService] = {}
        self._lock = threading.Lock()

    @property
    def catalog(self):
        return self.settings.catalog

    def view(self, kiosk_id: str) -> LocalService:
        with self._lock:
            view = self._views.get(kiosk_id)
            if view is None:
                view = LocalService(replace(self.settings, kiosk_id=kiosk_id), store=self.store,
                                    clock=self.clock)
                self._views[kiosk_id] = view
            return view

    def groups(self) -> set[str]:
        out = set()
        for agency in self.catalog.agencies:
            out.add(agency.prefix)
            if agency.priority_prefix:
                out.add(agency.priority_prefix)
        return out

    def import_offline(self, kiosk_id: str, data: dict):
        clock_rules.check_offline_ticket(data["day"], data["issued_at"], self.clock(), self.zone)
        service = self.catalog.service(data["service_id"])
        if service is None:
            raise UnknownService(data["service_id"])
        agency = self.catalog.agency(service.agency)
        # A booked ticket may come from either series: the kiosk numbered it offline under
        # its own booked_first setting, and the visitor already holds that number.
        booked = bool(data.get("booking_id"))
        allowed = {queueing.number_group(agency, data.get("priority"), booked, first)
                   for first in (False, True)}
        grp = data["group"]
        if grp not in allowed:
            raise ValueError(f"service {service.id} numbers in group "
                             f"{' or '.join(sorted(allowed))}, not {grp}")
        row, created = self.store.import_ticket(
            kiosk_id=kiosk_id, id=data["id"], day=data["day"].isoformat(), grp=grp,
            seq=data["seq"], padding=self.settings.number_padding, agency_id=service.agency,
            service_id=service.id, priority=data.get("priority"),
            booking_id=data.get("booking_id"), people_ahead=data["people_ahead"],
            wait_minutes=data["wait_minutes"], issued_at=data["issued_at"])
        return self.view(kiosk_id).ticket_of(row, fresh=created)

    def _target(self, view: LocalService, ticket_id, agency_id, service_id):
        if ticket_id:
            return view.feedback_target(ticket_id, None, None)   # LookupError when unknown
        if agency_id and self.catalog.agency(agency_id) is None:
            raise LookupError(f"unknown agency {agency_id}")
        if service_id and self.catalog.service(service_id) is None:
            raise LookupError(f"unknown service {service_id}")
        return agency_id, service_id

    def record_vote(self, kiosk_id: str, vote_id: str, face: int, ticket_id=None,
                    agency_id=None, service_id=None, reason=None,
                    at: datetime | None = None) -> FeedbackResult:
        """Exactly once per vote id: the kiosk's own id for the vote is the idempotency key,
        and a repeat answers with the original acceptance."""
        if self.store.vote_exists(vote_id):
            return FeedbackResult(True, vote_id)
        clock_rules.check_not_ahead(at, self.clock())
        agency_id, service_id = self._target(self.view(kiosk_id), ticket_id, agency_id,
                                             service_id)
        ok = self.store.add_vote(vote_record(
            id=vote_id, at=at or self.clock(), zone=self.zone, kiosk_id=kiosk_id, face=face,
            agency_id=agency_id, service_id=service_id, ticket_id=ticket_id, reason=reason))
        if not ok and self.store.vote_exists(vote_id):
            ok = True      # the same vote arrived twice at once; it is stored once
        return FeedbackResult(ok, vote_id if ok else "", "" if ok else "already_voted")

    def amend_vote(self, kiosk_id: str, vote_id: str, agency_id: str | None = None,
                   reason: str | None = None) -> dict:
        """The follow-up answers to a vote, sent after it: the agency of a vote given
        without a ticket (a ticket's vote keeps its ticket's agency) and the main reason.
        Setting a value is idempotent, so a repeated push changes nothing. Only the kiosk
        that recorded the vote may amend it (LookupError otherwise, as for an unknown one)."""
        vote = self.store.vote(vote_id)
        if vote is None or vote["kiosk_id"] != kiosk_id:
            raise LookupError(f"unknown vote {vote_id}")
        if agency_id is not None and self.catalog.agency(agency_id) is None:
            raise LookupError(f"unknown agency {agency_id}")
        if reason is not None:
            self.store.set_vote_reason(vote_id, reason)
        if agency_id is not None:
            self.store.set_vote_agency(vote_id, agency_id)     # ignored for a ticket's vote
        vote = self.store.vote(vote_id)
        return {key: vote[key] for key in ("id", "face", "ticket_id", "agency_id",
                                           "service_id", "reason")}

    def record_skm(self, kiosk_id: str, response_id: str, profile: dict, answers: dict,
                   ticket_id=None, agency_id=None, service_id=None, suggestion: str = "",
                   contact: str = "", at: datetime | None = None) -> FeedbackResult:
        if self.store.skm_exists(response_id):
            return FeedbackResult(True, response_id)
        clock_rules.check_not_ahead(at, self.clock())
        agency_id, service_id = self._target(self.view(kiosk_id), ticket_id, agency_id,
                                             service_id)
        ok = self.store.add_skm(skm_record(
            id=response_id, at=at or self.clock(), zone=self.zone, kiosk_id=kiosk_id,
            profile=profile, answers=answers, agency_id=agency_id, service_id=service_id,
            ticket_id=ticket_id, suggestion=suggestion, contact=contact))
        if not ok and self.store.skm_exists(response_id):
            ok = True
        return FeedbackResult(ok, response_id if ok else "", "" if ok else "already_answered")

    def abandon(self, kiosk_id: str, key: str) -> bool:
        """The kiosk gave up waiting for an answer and numbered the visitor offline: the
        number the hub may have taken for that request was never handed out."""
        row = self.store.ticket_by_request(f"{kiosk_id}:{key}")
        if row is None or row.status != PRINTING:
            return False
        self.store.set_status(row.id, CANCELLED, "kiosk went offline before the answer; "
                              "number never handed out")
        return True

    def note_reprint(self, ticket_id: str, key: str) -> int:
        """One reprint per key: the key is kept in the event's detail."""
        detail = f"reprint {key}"
        if not any(d == detail for _, _, d in self.store.history(ticket_id)):
            return self.store.note_reprint(ticket_id, detail)
        return self.store.reprints(ticket_id)

    def today(self):
        return queueing.local_day(self.clock(), self.zone)
