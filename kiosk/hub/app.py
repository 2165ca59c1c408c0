"""The hub's HTTP JSON API (FastAPI). OpenAPI at /openapi.json, browsable at /docs.

Every request but /v1/health carries `Authorization: Bearer <token>`; the token names the
kiosk, and that kiosk id is recorded on every write. Writes that create something carry an
`Idempotency-Key` header: a repeat answers with the original result. Refusals (closed,
quota full, bad transition) are 409 with {kind, message_id, message_en}; bad input is 4xx.
Endpoints are plain `def`: FastAPI runs them in its thread pool and the store serialises
writes in SQLite transactions.
"""


import logging
from datetime import date, datetime
from typing import Annotated, Callable, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kiosk.config import Settings
from kiosk.hub import wire
from kiosk.hub.core import HubCore
from kiosk.hub.store import HubStore, NotInBlock
from kiosk.queueing import PRIORITY_KINDS, Refused
from kiosk.service import UnknownService
from kiosk.store import StoreError, utc_now

log = logging.getLogger(__name__)

KEY_PATTERN = r"^[A-Za-z0-9:_.-]{8,100}$"
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
Key = Annotated[str, Header(alias="Idempotency-Key", pattern=KEY_PATTERN,
                            description="unique per write; a repeat returns the first answer")]
TicketId = Annotated[str, Field(pattern=ID_PATTERN)]
Priority = Literal[PRIORITY_KINDS]  # type: ignore[valid-type]


class Problem(Exception):
    def __init__(self, status: int, kind: str, message_en: str, message_id: str | None = None):
        self.status, self.kind = status, kind
        self.message_en, self.message_id = message_en, message_id or message_en


class IssueIn(BaseModel):
    service_id: str = Field(pattern=ID_PATTERN)
    priority: Priority | None = None
    booking_id: str | None = Field(None, max_length=64)


class OfflineTicketIn(BaseModel):
    id: str = Field(pattern=r"^[0-9A-Z]{10}$")
    day: date
    group: str = Field(pattern=r"^[A-Z0-9]{1,3}$")
    seq: int = Field(ge=1, le=999999)
    service_id: str = Field(pattern=ID_PATTERN)
    priority: Priority | None = None
    booking_id: str | None = Field(None, max_length=64)
    people_ahead: int = Field(0, ge=0, le=100000)
    wait_minutes: int = Field(0, ge=0, le=100000)
    issued_at: datetime


class ReasonIn(BaseModel):
    reason: str = Field("", max_length=500)


class CheckInIn(BaseModel):
    """A scanned or typed booking code, or a card tapped to find today's booking."""
    code: str | None = Field(None, min_length=1, max_length=4096)
    card_id: str | None = Field(None, min_length=1, max_length=64)


class VoteIn(BaseModel):
    face: int = Field(ge=1, le=4)
    ticket_id: TicketId | None = None
    agency_id: str | None = Field(None, pattern=ID_PATTERN)
    service_id: str | None = Field(None, pattern=ID_PATTERN)
    reason: str | None = Field(None, max_length=500)
    at: datetime | None = None


class SkmIn(BaseModel):
    profile: dict[str, str | int | None] = Field(max_length=10)
    answers: dict[str, int] = Field(max_length=20)
    ticket_id: TicketId | None = None
    agency_id: str | None = Field(None, pattern=ID_PATTERN)
    service_id: str | None = Field(None, pattern=ID_PATTERN)
    suggestion: str = Field("", max_length=2000)
    contact: str = Field("", max_length=200)
    at: datetime | None = None


class HeartbeatIn(BaseModel):
    devices: dict[str, str] = Field(default_factory=dict, max_length=20)
    online_since: datetime | None = None
    outbox: int = Field(0, ge=0)
    version: str = Field("", max_length=40)


class BlockIn(BaseModel):
    day: date
    group: str = Field(pattern=r"^[A-Z0-9]{1,3}$")
    size: int = Field(ge=1, le=500)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise Problem(422, "naive_time", "times must carry a UTC offset")
    return value


def create_app(settings: Settings, store: HubStore,
               clock: Callable[[], datetime] = utc_now) -> FastAPI:
    core = HubCore(settings, store, clock)
    app = FastAPI(title="Anjungan hub", version="1",
                  description="Shared numbering, bookings and feedback for Anjungan kiosks.")
    app.state.core = core

    # -- errors: one JSON shape, never a traceback ---------------------------------------
    def problem(status: int, kind: str, en: str, id_: str | None = None) -> JSONResponse:
        return JSONResponse({"kind": kind, "message_id": id_ or en, "message_en": en}, status)

    @app.exception_handler(Problem)
    def _problem(request: Request, exc: Problem):
        return problem(exc.status, exc.kind, exc.message_en, exc.message_id)

    @app.exception_handler(Refused)
    def _refused(request: Request, exc: Refused):
        body = wire.refusal_to_json(exc.refusal)
        return JSONResponse(body, 409)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError):
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        text = "; ".join(f"{'.'.join(map(str, d['loc']))}: {d['msg']}" for d in details)
        return JSONResponse({"kind": "invalid", "message_id": "Data tidak valid: " + text,
                             "message_en": "Invalid input: " + text, "errors": details}, 422)

    # -- credentials ---------------------------------------------------------------------
    def kiosk_id(authorization: Annotated[str | None, Header()] = None) -> str:
        scheme, _, token = (authorization or "").partition(" ")
        kiosk = store.kiosk_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
        if kiosk is None:
            raise Problem(401, "unauthorized", "a valid kiosk token is required",
                          "token anjungan yang sah diperlukan")
        return kiosk

    Kiosk = Annotated[str, Depends(kiosk_id)]

    def ticket_or_404(view, ticket_id: str):
        ticket = view.ticket(ticket_id)
        if ticket is None:
            raise Problem(404, "unknown_ticket", f"unknown ticket {ticket_id}",
                          f"tiket {ticket_id} tidak dikenal")
        return ticket

    def set_status(view, ticket_id: str, change: Callable):
        ticket_or_404(view, ticket_id)
        try:
            return wire.ticket_to_json(change())
        except StoreError as exc:
            raise Problem(409, "bad_transition", str(exc)) from exc

    # -- endpoints -----------------------------------------------------------------------
    @app.get("/v1/health")
    def health():
        return {"ok": True, "time": clock().isoformat()}

    @app.get("/v1/catalog")
    def catalog(kiosk: Kiosk):
        path = settings.path.parent / (settings.raw.get("kiosk", {}).get("catalog")
                                        or "catalog.toml")
        import hashlib
        try:
            etag = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        except OSError:
            etag = ""
        return {"version": etag, "etag": etag, "mpp": settings.mpp_name,
                "timezone": settings.timezone, "number_padding": settings.number_padding,
                "groups": sorted(core.groups()),
                "services": [{"id": s.id, "agency": s.agency, "enabled": s.enabled,
                              "quota": s.quota, "priority": s.priority}
                             for s in settings.catalog.services]}

    @app.get("/v1/services/{service_id}/state")
    def service_state(kiosk: Kiosk, service_id: str):
        try:
            return wire.state_to_json(core.view(kiosk).service_state(service_id))
        except UnknownService:
            raise Problem(404, "unknown_service", f"unknown service {service_id}")

    @app.post("/v1/tickets", status_code=201)
    def issue(kiosk: Kiosk, key: Key, body: IssueIn):
        try:
            ticket = core.view(kiosk).issue_ticket(body.service_id, body.priority,
                                                   request_id=f"{kiosk}:{key}",
                                                   booking_id=body.booking_id)
        except UnknownService:
            raise Problem(404, "unknown_service", f"unknown service {body.service_id}")
        return wire.ticket_to_json(ticket)

    @app.post("/v1/tickets/offline", status_code=201)
    def offline(kiosk: Kiosk, body: OfflineTicketIn):
        _aware(body.issued_at)
        try:
            return wire.ticket_to_json(core.import_offline(kiosk, body.model_dump()))
        except UnknownService:
            raise Problem(404, "unknown_service", f"unknown service {body.service_id}")
        except (NotInBlock, ValueError) as exc:
            raise Problem(409, "not_in_block", str(exc))

    @app.post("/v1/tickets/abandon")
    def abandon(kiosk: Kiosk, key: Key):
        return {"abandoned": core.abandon(kiosk, key)}

    @app.post("/v1/tickets/{ticket_id}/printed")
    def printed(kiosk: Kiosk, ticket_id: str):
        view = core.view(kiosk)
        return set_status(view, ticket_id, lambda: view.confirm_printed(ticket_id))

    @app.post("/v1/tickets/{ticket_id}/not-printed")
    def not_printed(kiosk: Kiosk, ticket_id: str, body: ReasonIn):
        view = core.view(kiosk)
        return set_status(view, ticket_id, lambda: view.fail_printing(ticket_id, body.reason))

    @app.post("/v1/tickets/{ticket_id}/cancel")
    def cancel(kiosk: Kiosk, ticket_id: str, body: ReasonIn):
        view = core.view(kiosk)
        return set_status(view, ticket_id, lambda: view.cancel_ticket(ticket_id, body.reason))

    @app.post("/v1/tickets/{ticket_id}/reprint")
    def reprint(kiosk: Kiosk, key: Key, ticket_id: str):
        ticket_or_404(core.view(kiosk), ticket_id)
        return {"reprints": core.note_reprint(ticket_id, key)}

    @app.get("/v1/tickets/{ticket_id}")
    def ticket(kiosk: Kiosk, ticket_id: str):
        return wire.ticket_to_json(ticket_or_404(core.view(kiosk), ticket_id))

    @app.get("/v1/tickets")
    def tickets(kiosk: Kiosk, day: date | None = None):
        return [wire.ticket_to_json(t) for t in core.view(kiosk).tickets(day)]

    @app.get("/v1/counts")
    def counts(kiosk: Kiosk):
        return core.view(kiosk).today_counts()

    @app.post("/v1/checkins")
    def checkin(kiosk: Kiosk, body: CheckInIn):
        try:
            view = core.view(kiosk)
            if body.card_id is not None:
                return wire.checkin_to_json(view.check_in_card(body.card_id))
            if body.code is None:
                raise Problem(422, "invalid", "a code or a card_id is needed")
            return wire.checkin_to_json(view.check_in(body.code))
        except UnknownService as exc:
            raise Problem(404, "unknown_service", f"unknown service {exc}")

    @app.post("/v1/votes")
    def vote(kiosk: Kiosk, key: Key, body: VoteIn):
        _aware(body.at)
        try:
            result = core.record_vote(kiosk, key, body.face, body.ticket_id, body.agency_id,
                                      body.service_id, body.reason, body.at)
        except LookupError as exc:
            raise Problem(404, "unknown_target", str(exc).strip("'"))
        return wire.feedback_to_json(result)

    @app.post("/v1/skm")
    def skm(kiosk: Kiosk, key: Key, body: SkmIn):
        _aware(body.at)
        try:
            result = core.record_skm(kiosk, key, body.profile, body.answers, body.ticket_id,
                                     body.agency_id, body.service_id, body.suggestion,
                                     body.contact, body.at)
        except LookupError as exc:
            raise Problem(404, "unknown_target", str(exc).strip("'"))
        except ValueError as exc:     # SurveyError: bilingual text of what is wrong
            raise Problem(422, "invalid_survey", str(exc))
        return wire.feedback_to_json(result)

    @app.post("/v1/heartbeat")
    def heartbeat(kiosk: Kiosk, body: HeartbeatIn):
        _aware(body.online_since)
        store.heartbeat(kiosk, body.model_dump(mode="json"), clock())
        return {"kiosk_id": kiosk, "time": clock().isoformat()}

    @app.get("/v1/kiosks")
    def kiosks(kiosk: Kiosk):
        return store.kiosks()

    @app.post("/v1/blocks", status_code=201)
    def block(kiosk: Kiosk, key: Key, body: BlockIn):
        if body.group not in core.groups():
            raise Problem(404, "unknown_group", f"no agency numbers in group {body.group}")
        b = store.reserve_block(f"{kiosk}:{key}", kiosk, body.day.isoformat(), body.group,
                                body.size, clock())
        if b.kiosk_id != kiosk:
            raise Problem(409, "key_reused", "this idempotency key belongs to another kiosk")
        return {"kiosk_id": b.kiosk_id, "day": b.day, "group": b.grp, "start": b.first,
                "end": b.last}

    @app.get("/v1/blocks")
    def blocks(kiosk: Kiosk, day: date = Query(...)):
        return store.blocks(day.isoformat())

    return app
