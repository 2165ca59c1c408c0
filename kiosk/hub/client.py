"""The kiosk's service over the hub: shared numbering online, its own reserved numbers offline.

Online, numbers come from the hub (the one numbering authority). Every other write (print
result, cancel, reprint, vote, SKM) is written to the kiosk's store first and queued in the
outbox with an idempotency key; a background thread pushes the outbox in order, so the
visitor never waits on the network for anything but the number itself.

When the hub cannot be reached the kiosk keeps serving: it numbers from blocks the hub
reserved for it in advance (kept topped up while online), applies the same opening-hour
rules, and queues each offline ticket for upload. `online` drives the staff badge.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import uuid
from datetime import date, datetime
from typing import Callable


from kiosk import queueing
from kiosk.config import Settings
from kiosk.hub import transport, wire
from kiosk.hub.http import HubDown, HubError, HubHttp, SlowDown, TokenRefused
from kiosk.hub.outbox import Outbox
from kiosk.queueing import OFFLINE_EXHAUSTED, Refusal, Refused
from kiosk.service import (CheckIn, FeedbackResult, KioskService, LocalService, ServiceState,
                           UnknownService)
from kiosk.store import new_ticket_id
from kiosk.ticket import PRINTING, Ticket, TicketRow
from kiosk.survey.records import skm_record, vote_record

log = logging.getLogger(__name__)

KEY = re.compile(r"^[A-Za-z0-9:_.-]{8,100}$")


def _key(request_id: str | None) -> str:
    if request_id is None:
        return uuid.uuid4().hex
    return request_id if KEY.match(request_id) else hashlib.sha256(
        request_id.encode()).hexdigest()[:40]


class _OfflineView(LocalService):
    """LocalService rules (check-in verification above all) numbering from reserved blocks."""

    def __init__(self, remote: "RemoteService"):
        super().__init__(remote.settings, store=remote.store, clock=remote.clock)
        self._remote = remote

    def issue_ticket(self, service_id, priority=None, request_id=None, booking_id=None, now=None):
        return self._remote._issue_offline(service_id, priority, _key(request_id), booking_id,
                                           now)


class RemoteService(KioskService):
    def __init__(self, settings: Settings, fallback: LocalService, *, block_size: int = 20,
                 sync_interval_s: float = 2.0, heartbeat_s: float = 30.0,
                 timeout: tuple[float, float] = (1.0, 3.0), retries: int = 2,
                 start_sync: bool = True, devices: Callable[[], dict] = dict):
        self.settings = settings
        self.local = fallback
        self.store = fallback.store
        self.clock = fallback.clock
        self.zone = settings.zone
        self.timeout = timeout
        self.block_size, self.sync_interval_s, self.heartbeat_s = block_size, sync_interval_s, heartbeat_s
        self.devices = devices
        self.outbox = Outbox(self.store)
        self.offline_view = _OfflineView(self)
        self._online = True          # optimistic until a call says otherwise
        self.http = HubHttp(settings.hub_url, settings.hub_token, timeout=timeout,
                            retries=retries, **transport.options(settings))
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._sync_lock = threading.Lock()
        self._last_heartbeat = 0.0
        self.clock_offset_s: float | None = None   # the hub's clock minus ours, last contact
        self._numbers_day: str | None = None      # the day _continue_numbers asked about
        self._thread = None
        if start_sync:
            self._thread = threading.Thread(target=self._sync_loop, name="hub-sync", daemon=True)
            self._thread.start()

    # -- state for the UI ---------------------------------------------------------------
    @property
    def online(self) -> bool:
        return self._online

    def pending(self) -> int:
        return self.outbox.count()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)

    # -- HTTP ---------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict | None = None, key: str | None = None,
              params: dict | None = None, force: bool = False,
              timeout: tuple[float, float] | None = None):
        """One request (kiosk.hub.http); a failure turns the kiosk offline until the sync
        thread reaches the hub again. Raises HubDown, HubError or Refused."""
        if not self._online and not force:
            raise HubDown("offline")
        try:
            data = self.http.request(method, path, body=body, key=key, params=params,
                                     timeout=timeout)
        except TokenRefused:
            log.error("the hub refused this kiosk's token: make one with `kiosk hub token %s`",
                      self.settings.kiosk_id)
            self._online = False
            raise
        except HubDown as exc:
            if self._online:
                log.warning("hub unreachable (%s): working offline", exc)
            self._online = False
            self._wake.set()
            raise
        self._online = True
        return data

    # -- numbering ----------------------------------------------------------------------
    def issue_ticket(self, service_id: str, priority: str | None = None,
                     request_id: str | None = None, booking_id: str | None = None,
                     now: datetime | None = None) -> Ticket:
        if self.catalog.service(service_id) is None:
            raise UnknownService(service_id)
        key = _key(request_id)
        local = self._by_request(key)
        if local is not None:
            return local
        if self._online:
            try:
                data = self._call("POST", "/v1/tickets", {"service_id": service_id,
                                  "priority": priority, "booking_id": booking_id}, key=key)
            except HubDown:
                # The hub may have taken a number for this request and lost the answer:
                # that number is never handed out, so tell the hub once it is back.
                self.outbox.enqueue(f"abandon:{key}", "/v1/tickets/abandon", {"key": key})
            except HubError as exc:
                raise ValueError(exc.body.get("message_en", str(exc))) from exc
            else:
                ticket = wire.ticket_from_json(data, self.zone)
                self._mirror(ticket, key)
                self._wake.set()
                return ticket
        return self._issue_offline(service_id, priority, key, booking_id, now)

    def _by_request(self, key: str) -> Ticket | None:
        row = self.store.ticket_by_request(key)
        return self.local.ticket_of(row) if row else None

    def _mirror(self, ticket: Ticket, key: str) -> None:
        """Keep a copy of the hub's ticket here: it is found offline (exit vote, reprint)."""
        try:
            self.store.keep_copy(TicketRow.of(ticket, key), "from hub")
        except Exception as exc:      # a local copy is a convenience, never a reason to fail
            log.warning("could not keep a local copy of %s: %s", ticket.number, exc)

    def _issue_offline(self, service_id: str, priority: str | None, key: str,
                       booking_id: str | None, now: datetime | None) -> Ticket:
        now = now or self.clock()
        service = self.local.admit(service_id, priority, now)
        day = queueing.local_day(now, self.zone).isoformat()
        grp = self.local.number_group(service, priority, booking_id)
        ahead = self.local.estimator(service, now)
        stamp = now.isoformat(timespec="milliseconds")
        with self.store.transaction() as db:
            existing = self.store.by_request(db, key)
            if existing:
                return self.local.ticket_of(existing)
            seq = Outbox.take_number(db, day, grp)
            if seq is None:
                raise Refused(Refusal(OFFLINE_EXHAUSTED, zone=self.zone.key))
            people, wait = ahead(*self.store.held_before(db, day, grp))
            row = TicketRow(
                id=new_ticket_id(), number=queueing.format_number(
                    grp, seq, self.settings.number_padding), agency_id=service.agency,
                service_id=service.id, priority=priority, booking_id=booking_id,
                kiosk_id=self.settings.kiosk_id, status=PRINTING, people_ahead=people,
                wait_minutes=wait, day=day, grp=grp, seq=seq, request_id=key, issued_at=stamp,
                updated_at=stamp)
            self.store.insert_ticket(db, row, "issued offline")
            Outbox.add(db, f"ticket:{row.id}", "/v1/tickets/offline", {
                "id": row.id, "day": day, "group": grp, "seq": seq, "service_id": service.id,
                "priority": priority, "booking_id": booking_id, "people_ahead": people,
                "wait_minutes": wait, "issued_at": stamp})
        self._wake.set()
        return self.local.ticket_of(row, fresh=True)

    # -- ticket life: local first, then the outbox -------------------------------------------
    def _queued(self, key: str, path: str, body: dict | None, local: Callable):
        """Queue the push, then write locally; a local refusal withdraws the push."""
        self.outbox.enqueue(key, path, body)
        try:
            result = local()
        except Exception:
            self.outbox.retract(key)
            raise
        self._wake.set()
        return result

    def _status(self, ticket_id: str, action: str, body: dict, local: Callable) -> Ticket:
        if self.store.ticket(ticket_id) is None:     # a ticket this kiosk never saw
            data = self._call("POST", f"/v1/tickets/{ticket_id}/{action}", body)
            return wire.ticket_from_json(data, self.zone)
        return self._queued(f"{action}:{ticket_id}", f"/v1/tickets/{ticket_id}/{action}",
                            body, local)

    def confirm_printed(self, ticket_id: str) -> Ticket:
        return self._status(ticket_id, "printed", {},
                            lambda: self.local.confirm_printed(ticket_id))

    def fail_printing(self, ticket_id: str, reason: str) -> Ticket:
        return self._status(ticket_id, "not-printed", {"reason": reason[:500]},
                            lambda: self.local.fail_printing(ticket_id, reason))

    def cancel_ticket(self, ticket_id: str, reason: str) -> Ticket:
        return self._status(ticket_id, "cancel", {"reason": reason[:500]},
                            lambda: self.local.cancel_ticket(ticket_id, reason))

    def note_reprint(self, ticket_id: str) -> int:
        key = f"reprint:{ticket_id}:{uuid.uuid4().hex[:12]}"
        return self._queued(key, f"/v1/tickets/{ticket_id}/reprint", None,
                            lambda: self.local.note_reprint(ticket_id))

    def recover_interrupted(self) -> list[Ticket]:
        recovered = self.local.recover_interrupted()
        for ticket in recovered:
            self.outbox.enqueue(f"not-printed:{ticket.id}", f"/v1/tickets/{ticket.id}/not-printed",
                                {"reason": "interrupted: kiosk restarted while printing"})
        return recovered

    # -- reads: the hub when it answers, this kiosk's own view otherwise ----------------------
    def _read(self, path: str, params: dict | None, parse: Callable, local: Callable):
        try:
            return parse(self._call("GET", path, params=params))
        except (HubDown, HubError):
            return local()

    def service_state(self, service_id: str, now: datetime | None = None) -> ServiceState:
        if self.catalog.service(service_id) is None:
            raise UnknownService(service_id)
        if now is not None:
            return self.local.service_state(service_id, now)
        return self._read(f"/v1/services/{service_id}/state", None, wire.state_from_json,
                          lambda: self.local.service_state(service_id))

    def ticket(self, ticket_id: str) -> Ticket | None:
        try:
            return wire.ticket_from_json(self._call("GET", f"/v1/tickets/{ticket_id}"),
                                         self.zone)
        except HubError as exc:
            if exc.status == 404:
                return self.local.ticket(ticket_id)
            raise
        except HubDown:
            return self.local.ticket(ticket_id)

    def tickets(self, day: date | None = None) -> list[Ticket]:
        params = {"day": day.isoformat()} if day else None
        return self._read("/v1/tickets", params,
                          lambda data: [wire.ticket_from_json(t, self.zone) for t in data],
                          lambda: self.local.tickets(day))

    def today_counts(self, now: datetime | None = None) -> dict[str, dict[str, int]]:
        if now is not None:
            return self.local.today_counts(now)
        return self._read("/v1/counts", None, lambda data: data, self.local.today_counts)

    # -- booking check-in ---------------------------------------------------------------
    def check_in(self, code: str, now: datetime | None = None) -> CheckIn:
        return self._check_in({"code": code[:4096]}, now)

    def check_in_card(self, card_id: str, now: datetime | None = None) -> CheckIn:
        return self._check_in({"card_id": str(card_id)[:64]}, now)

    def _check_in(self, body: dict, now: datetime | None) -> CheckIn:
        if self._online and now is None:
            try:
                data = self._call("POST", "/v1/checkins", body)
            except HubDown:
                pass
            except HubError as exc:
                raise ValueError(exc.body.get("message_en", str(exc))) from exc
            else:
                result = wire.checkin_from_json(data, self.zone)
                if result.ticket:
                    self._mirror(result.ticket, _key(f"booking:{result.ticket.booking_id}"))
                return result
        # Offline: the same signature and time-window checks (and this kiosk's own booking
        # register), numbered from this kiosk's blocks; the upload carries the booking id.
        if "card_id" in body:
            return self.offline_view.check_in_card(body["card_id"], now)
        return self.offline_view.check_in(body["code"], now)

    # -- reports (staff panel) ----------------------------------------------------------
    def report(self, kind: str, start: date | None = None, end: date | None = None, *,
               agency: str | None = None, service: str | None = None, weight: str = "exact",
               lang: str = "id", open_only: bool = False):
        """The MPP's report over every kiosk (kiosk.reports IkmReport, VotesReport,
        DemandReport or SuggestionsReport), computed by the hub. Tried even while the badge says offline (staff
        asked for it); raises HubDown when the hub does not answer, HubError when it refuses
        the request (unknown agency, period ending before it starts)."""
        data = self._call("GET", f"/v1/reports/{kind}",
                          params=report_params(start, end, agency, service, weight, lang,
                                               open_only),
                          force=True, timeout=(self.timeout[0], REPORT_TIMEOUT_S))
        return wire.report_from_json(data)

    def today_feedback(self, now: datetime | None = None):
        """Today's faces, IKM and suggestions left to follow up over every kiosk of the MPP,
        from the hub's panel endpoint; this kiosk's own figures while the hub cannot answer."""
        from dataclasses import replace
        own = super().today_feedback(now)
        if now is not None or not self._online:
            return own
        try:
            faces, ikm, waiting = wire.panel_from_json(self._call("GET", "/v1/panel/today"))
        except (HubDown, HubError) as exc:
            log.info("today's ratings from this kiosk only: %s", exc)
            return own
        return replace(own, faces=faces, ikm=ikm, suggestions=waiting, whole_mpp=True)

    def waiting_now(self, now: datetime | None = None):
        """Tickets waiting now per agency over every kiosk, from the hub (where counters
        call); this kiosk's own store while the hub cannot answer."""
        from kiosk.counters.waiting_now import from_json
        if now is not None or not self._online:
            return super().waiting_now(now)
        try:
            return from_json(self._call("GET", "/v1/panel/waiting"))
        except (HubDown, HubError, KeyError, TypeError, ValueError) as exc:
            log.info("waiting now from this kiosk only: %s", exc)
            return super().waiting_now(now)

    # -- exit feedback ------------------------------------------------------------------
    def record_vote(self, face: int, ticket_id: str | None = None, agency_id: str | None = None,
                    service_id: str | None = None, reason: str | None = None,
                    now: datetime | None = None) -> FeedbackResult:
        row = self.store.ticket(ticket_id) if ticket_id else None
        if row is not None:
            agency_id, service_id = row.agency_id, row.service_id
        vote = vote_record(id=new_ticket_id(), at=now or self.clock(), zone=self.zone,
                           kiosk_id=self.settings.kiosk_id, face=face, agency_id=agency_id,
                           service_id=service_id, ticket_id=ticket_id, reason=reason)
        ok = self._queued(vote.id, "/v1/votes", wire.vote_to_json(vote),
                          lambda: self.store.add_vote(vote))
        if not ok:
            self.outbox.retract(vote.id)
        return FeedbackResult(ok, vote.id if ok else "", "" if ok else "already_voted")

    # The follow-up answers after a vote (the agency of an unbound vote, the main reason)
    # travel like the vote: written here first, queued in the outbox with a key of their
    # own, pushed in order, so the hub gets them once and only after the vote they amend.
    def set_vote_reason(self, vote_id: str, reason: str) -> None:
        self._amend(vote_id, {"reason": reason},
                    lambda: self.local.set_vote_reason(vote_id, reason))

    def set_vote_agency(self, vote_id: str, agency_id: str) -> None:
        """A vote given without a ticket: the agency the visitor chose after the tap."""
        self._amend(vote_id, {"agency_id": agency_id},
                    lambda: self.local.set_vote_agency(vote_id, agency_id))

    def _amend(self, vote_id: str, body: dict, local: Callable) -> None:
        field = next(iter(body))
        key = f"amend:{vote_id}:{field}:{uuid.uuid4().hex[:12]}"
        self._queued(key, f"/v1/votes/{vote_id}/amend", body, local)

    def record_skm(self, profile: dict, answers: dict[str, int], ticket_id: str | None = None,
                   agency_id: str | None = None, service_id: str | None = None,
                   suggestion: str = "", contact: str = "",
                   now: datetime | None = None) -> FeedbackResult:
        row = self.store.ticket(ticket_id) if ticket_id else None
        if row is not None:
            agency_id, service_id = row.agency_id, row.service_id
        response = skm_record(id=new_ticket_id(), at=now or self.clock(), zone=self.zone,
                              kiosk_id=self.settings.kiosk_id, profile=profile, answers=answers,
                              agency_id=agency_id, service_id=service_id, ticket_id=ticket_id,
                              suggestion=suggestion, contact=contact)
        ok = self._queued(response.id, "/v1/skm", wire.skm_to_json(response),
                          lambda: self.store.add_skm(response))
        if not ok:
            self.outbox.retract(response.id)
        return FeedbackResult(ok, response.id if ok else "", "" if ok else "already_answered")

    # -- sync ---------------------------------------------------------------------------
    def _sync_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.sync_now()
            except Exception:        # the thread must survive anything; the outbox keeps all
                log.exception("sync round failed")
            self._wake.wait(self.sync_interval_s)
            self._wake.clear()

    def sync_now(self) -> bool:
        """One round: reach the hub, push the outbox in order, top up the offline blocks,
        send a heartbeat. True when everything queued has reached the hub."""
        with self._sync_lock:
            try:
                sent = self.clock()
                health = self._call("GET", "/v1/health", force=True)
                self._note_hub_time(health, sent, self.clock())
            except (HubDown, HubError):
                return False
            if not self._push():
                return False
            if not self._continue_numbers():
                return False
            self._top_up()
            if time.monotonic() - self._last_heartbeat >= self.heartbeat_s:
                self._heartbeat()
            return self.outbox.count() == 0

    def _note_hub_time(self, health, sent: datetime, received: datetime) -> None:
        """Compare this kiosk's clock with the hub's at every contact. Numbering follows the
        local day, so a clock more than CLOCK_TOLERANCE_S off is told to staff (and the
        hub refuses blocks and offline tickets for a day other than its own)."""
        try:
            hub_time = datetime.fromisoformat(health["time"])
        except (TypeError, KeyError, ValueError):
            return
        offset = (hub_time - (sent + (received - sent) / 2)).total_seconds()
        was_off = self.clock_skew_s is not None
        self.clock_offset_s = offset
        if self.clock_skew_s is not None and not was_off:
            log.warning("this kiosk's clock is %+.0f s off the hub's: set the time "
                        "(timedatectl / chrony)", -offset)

    @property
    def clock_skew_s(self) -> float | None:
        """How far this kiosk's clock is ahead of the hub's (negative: behind), when that is
        more than CLOCK_TOLERANCE_S; None while within it or not yet compared."""
        if self.clock_offset_s is None or abs(self.clock_offset_s) <= CLOCK_TOLERANCE_S:
            return None
        return -self.clock_offset_s

    def _push(self) -> bool:
        while True:
            entries = self.outbox.pending()
            if not entries:
                return True
            for entry in entries:
                key = entry.key.split(":", 1)[1] if entry.key.startswith("abandon:") else entry.key
                try:
                    self._call("POST", entry.path, entry.body, key=_key(key), force=True)
                except (HubDown, SlowDown) as exc:    # try again next round
                    self.outbox.failed(entry.seq, str(exc), final=False)
                    return False
                except (HubError, Refused) as exc:
                    # The hub refused this write for good (e.g. an impossible transition):
                    # kept with its reason for staff, never retried, never blocking the rest.
                    log.error("hub refused %s %s: %s", entry.path, entry.key, exc)
                    self.outbox.failed(entry.seq, str(exc), final=True)
                else:
                    self.outbox.sent(entry.seq)

    def _groups(self) -> list[str]:
        out = []
        for agency in self.catalog.agencies:
            out.append(agency.prefix)
            if agency.priority_prefix:
                out.append(agency.priority_prefix)
        return out

    def _continue_numbers(self) -> bool:
        """Once a day and at every start, before any block is reserved: this kiosk's blocks
        and last numbers of the day as the hub knows them. A store that is new (a failed
        disk) or restored from an older backup would otherwise take "block 1" again (its
        key is the count of blocks it holds) and hand out numbers visitors already hold."""
        day = queueing.local_day(self.clock(), self.zone).isoformat()
        if self._numbers_day == day:
            return True
        try:
            data = self._call("GET", "/v1/kiosks/me/numbers", params={"day": day}, force=True)
        except HubError as exc:
            if exc.status != 404:               # 404: a hub from before this question
                log.warning("could not ask the hub for this kiosk's numbers: %s", exc)
                return False
            data = {"blocks": [], "last": {}}
        except HubDown:
            return False
        for block in data["blocks"]:
            self.outbox.add_block(day, block["group"], int(block["first"]), int(block["last"]))
        raised = self.store.continue_numbers(day, {g: int(n) for g, n in data["last"].items()})
        for grp, (was, now) in raised.items():
            log.warning("numbers of %s continue after %d, the last this kiosk handed out "
                        "as the hub knows (the store had %d)", grp, now, was)
        self._numbers_day = day
        return True

    def _top_up(self) -> None:
        """Keep at least half a block of reserved numbers per group for today."""
        if self.settings.mode == "exit" or self.block_size <= 0:
            return
        day = queueing.local_day(self.clock(), self.zone).isoformat()
        for grp in self._groups():
            if self.outbox.remaining(day, grp) * 2 > self.block_size:
                continue
            # Deterministic key: a reservation whose answer was lost returns the same block.
            n = self.outbox.blocks_taken(day, grp) + 1
            try:
                data = self._call("POST", "/v1/blocks", {"day": day, "group": grp,
                                  "size": self.block_size}, key=f"block-{day}-{grp}-{n}",
                                  force=True)
            except (HubDown, HubError) as exc:
                log.warning("could not reserve offline numbers for %s: %s", grp, exc)
                return
            self.outbox.add_block(day, grp, data["start"], data["end"])

    def _catalog_version(self) -> str:
        """This kiosk's catalog file as the hub versions its own (the dashboard compares)."""
        from kiosk.ops.doctor import file_version
        return file_version(self.settings.path.parent / (
            self.settings.raw.get("kiosk", {}).get("catalog") or "catalog.toml"))

    def _heartbeat(self) -> None:
        try:
            self._call("POST", "/v1/heartbeat", {"devices": self.devices(),
                                                 "outbox": self.outbox.count(),
                                                 "catalog": self._catalog_version()},
                       force=True)
            self._last_heartbeat = time.monotonic()
        except (HubDown, HubError) as exc:
            log.info("heartbeat not sent: %s", exc)


CLOCK_TOLERANCE_S = 60.0      # a minute off the hub's clock is worth telling staff
REPORT_TIMEOUT_S = 60.0        # a year of SKM answers on a busy MPP takes a while to add up


def report_params(start, end, agency, service, weight, lang, open_only=False) -> dict:
    params = {"weight": weight, "lang": lang}
    for name, value in (("from", start), ("to", end), ("agency", agency), ("service", service)):
        if value:
            params[name] = value.isoformat() if isinstance(value, date) else value
    if open_only:
        params["open"] = "true"
    return params


def fetch_report(base_url: str, token: str, kind: str, start: date | None = None,
                 end: date | None = None, *, agency: str | None = None,
                 service: str | None = None, weight: str = "exact", lang: str = "id",
                 open_only: bool = False,
                 timeout: tuple[float, float] = (3.0, REPORT_TIMEOUT_S), **secure):
    """One report from the hub, for `kiosk report --hub` (no kiosk store, no sync thread).
    Raises HubDown (no answer, refused token) or HubError (the hub refused the request)."""
    data = HubHttp(base_url, token, retries=0, **secure).request(
        "GET", f"/v1/reports/{kind}", timeout=timeout,
        params=report_params(start, end, agency, service, weight, lang, open_only))
    return wire.report_from_json(data)


def mark_suggestion_handled(base_url: str, token: str, response_id: str,
                            **secure) -> tuple[str, bool]:
    """`kiosk report suggestions --handled ID` against the hub: (when it was marked, True if
    only now). HubError 404 when the hub has no suggestion with that id."""
    data = HubHttp(base_url, token, retries=0, **secure).request(
        "POST", f"/v1/suggestions/{response_id}/handled", timeout=(3.0, 10.0))
    return data["handled_at"], bool(data["marked"])


def open_remote(settings: Settings, clock=None, **options) -> RemoteService:
    """RemoteService over this kiosk's own store (what open_service should return when
    kiosk.toml names a hub)."""
    local = LocalService(settings, clock=clock) if clock else LocalService(settings)
    return RemoteService(settings, local, **options)
