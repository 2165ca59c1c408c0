"""The hub's HTTP JSON API (FastAPI). OpenAPI at /openapi.json, browsable at /docs.

Every request but /v1/health carries `Authorization: Bearer <token>`; the token names the
kiosk, and that kiosk id is recorded on every write. Writes that create something carry an
`Idempotency-Key` header: a repeat answers with the original result. Refusals (closed,
quota full, bad transition) are 409 with {kind, message_id, message_en}; bad input is 4xx.

Endpoints are `async` and never touch the store on the event loop: a write (token check
included) goes to the store's writer (kiosk.hub.writer: group commit on SQLite, a thread per
write on PostgreSQL) and is answered once it is durable; a read runs on a worker thread.
"""


import asyncio
import hashlib
import logging
from contextlib import asynccontextmanager
from datetime import date, datetime, timezone
from typing import Annotated, Any, Callable, Literal

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from kiosk.config import Settings
from kiosk.hub import wire
from kiosk.hub.core import HubCore
from kiosk.hub.store import HubStore, NotInBlock
from kiosk.hub.writer import writer_for
from kiosk.ops.clock import ClockRefused, check_block_day
from kiosk.queueing import PRIORITY_KINDS, Refused
from kiosk.service import UnknownService
from kiosk.store import StoreError, utc_now
from kiosk.survey import DEFAULT_WEIGHT, WEIGHTS, records

log = logging.getLogger(__name__)

KEY_PATTERN = r"^[A-Za-z0-9:_.-]{8,100}$"
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
# Free text is stored as given, but never a NUL byte: PostgreSQL text cannot hold one, and
# no kiosk ever sends one.
TEXT = r"^[^\x00]*$"
REASON_PATTERN = r"^[a-z][a-z_]{0,31}$"     # a reason key, never free text
Key = Annotated[str, Header(alias="Idempotency-Key", pattern=KEY_PATTERN,
                            description="unique per write; a repeat returns the first answer")]
TicketId = Annotated[str, Field(pattern=ID_PATTERN)]
TicketPath = Annotated[str, Path(pattern=ID_PATTERN, description="a ticket's id")]
Priority = Literal[PRIORITY_KINDS]  # type: ignore[valid-type]


class Problem(Exception):
    def __init__(self, status: int, kind: str, message_en: str, message_id: str | None = None):
        self.status, self.kind = status, kind
        self.message_en, self.message_id = message_en, message_id or message_en


class IssueIn(BaseModel):
    service_id: str = Field(pattern=ID_PATTERN)
    priority: Priority | None = None
    booking_id: str | None = Field(None, max_length=64, pattern=TEXT)


class OfflineTicketIn(BaseModel):
    id: str = Field(pattern=r"^[0-9A-Z]{10}$")
    day: date
    group: str = Field(pattern=r"^[A-Z0-9]{1,3}$")
    seq: int = Field(ge=1, le=999999)
    service_id: str = Field(pattern=ID_PATTERN)
    priority: Priority | None = None
    booking_id: str | None = Field(None, max_length=64, pattern=TEXT)
    people_ahead: int = Field(0, ge=0, le=100000)
    wait_minutes: int = Field(0, ge=0, le=100000)
    issued_at: datetime


class ReasonIn(BaseModel):
    reason: str = Field("", max_length=500, pattern=TEXT)


class CheckInIn(BaseModel):
    """A scanned or typed booking code, or a card tapped to find today's booking."""
    code: str | None = Field(None, min_length=1, max_length=4096)
    card_id: str | None = Field(None, min_length=1, max_length=64)


class VoteIn(BaseModel):
    face: int = Field(ge=1, le=4)
    ticket_id: TicketId | None = None
    agency_id: str | None = Field(None, pattern=ID_PATTERN)
    service_id: str | None = Field(None, pattern=ID_PATTERN)
    reason: str | None = Field(None, max_length=500, pattern=TEXT)
    at: datetime | None = None


class VoteAmendIn(BaseModel):
    """Follow-up answers to a vote already sent; a field left out is left as it is."""
    agency_id: str | None = Field(None, pattern=ID_PATTERN,
                                  description="only for a vote given without a ticket")
    reason: str | None = Field(None, pattern=REASON_PATTERN,
                               description="main reason key: waktu, perilaku, prosedur, "
                                           "persyaratan, sarana or lainnya")


class SkmIn(BaseModel):
    profile: dict[str, Annotated[str, Field(max_length=200, pattern=TEXT)] | int | None] = \
        Field(max_length=10)
    answers: dict[str, int] = Field(max_length=20)
    ticket_id: TicketId | None = None
    agency_id: str | None = Field(None, pattern=ID_PATTERN)
    service_id: str | None = Field(None, pattern=ID_PATTERN)
    suggestion: str = Field("", max_length=records.SUGGESTION_MAX, pattern=TEXT)
    contact: str = Field("", max_length=records.CONTACT_MAX, pattern=TEXT)
    at: datetime | None = None


class HeartbeatIn(BaseModel):
    devices: dict[str, str] = Field(default_factory=dict, max_length=20)
    online_since: datetime | None = None
    outbox: int = Field(0, ge=0)
    version: str = Field("", max_length=40, pattern=TEXT)


class BlockIn(BaseModel):
    day: date
    group: str = Field(pattern=r"^[A-Z0-9]{1,3}$")
    size: int = Field(ge=1, le=500)


# Times a kiosk sends (when a vote was given, an offline ticket issued): any real one is in
# this range; outside it, converting to the MPP's zone would overflow a datetime.
EARLIEST, LATEST = datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(2100, 1, 1, tzinfo=timezone.utc)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return value
    if value.tzinfo is None:
        raise Problem(422, "naive_time", "times must carry a UTC offset",
                      "waktu harus menyertakan selisih UTC")
    if not EARLIEST <= value <= LATEST:
        raise Problem(422, "time_out_of_range", "times must lie between 2000 and 2100",
                      "waktu harus di antara tahun 2000 dan 2100")
    return value


def create_app(settings: Settings, store: HubStore,
               clock: Callable[[], datetime] = utc_now) -> FastAPI:
    core = HubCore(settings, store, clock)
    writer = writer_for(store)

    @asynccontextmanager
    async def lifespan(app):
        yield
        writer.close()

    app = FastAPI(title="Anjungan hub", version="1", lifespan=lifespan,
                  description="Shared numbering, bookings and feedback for Anjungan kiosks.")
    app.state.writer = writer
    app.state.core = core

    # -- errors: one JSON shape, never a traceback ---------------------------------------
    def problem(status: int, kind: str, en: str, id_: str | None = None) -> JSONResponse:
        return JSONResponse({"kind": kind, "message_id": id_ or en, "message_en": en}, status)

    @app.exception_handler(Problem)
    def _problem(request: Request, exc: Problem):
        return problem(exc.status, exc.kind, exc.message_en, exc.message_id)

    app.add_exception_handler(ClockRefused, lambda request, exc: JSONResponse(exc.to_json(), 409))

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
    # The header is parsed on the loop (and named in the OpenAPI as a bearer scheme); the
    # token is looked up with the work itself, on the writer or a worker thread.
    bearer = HTTPBearer(auto_error=False, description="the kiosk's token (`kiosk hub token`)")
    Token = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

    def who(token: Token) -> str:
        kiosk = store.kiosk_for_token(token.credentials) if token and token.credentials else None
        if kiosk is None:
            raise Problem(401, "unauthorized", "a valid kiosk token is required",
                          "token anjungan yang sah diperlukan")
        return kiosk

    async def write(token: Token, work: Callable[[str], Any]):
        """Run work(kiosk_id) on the store's writer; the answer waits for its commit."""
        if token is None:
            who(None)
        return await asyncio.wrap_future(writer.submit(lambda: work(who(token))))

    async def read(token: Token, work: Callable[[str], Any]):
        if token is None:
            who(None)
        return await run_in_threadpool(lambda: work(who(token)))

    def answer(data, status: int = 200) -> JSONResponse:
        # A ready JSONResponse skips FastAPI's generic encoder: our dicts are plain JSON.
        return JSONResponse(data, status)

    def ticket_or_404(view, ticket_id: str):
        ticket = view.ticket(ticket_id)
        if ticket is None:
            raise Problem(404, "unknown_ticket", f"unknown ticket {ticket_id}",
                          f"tiket {ticket_id} tidak dikenal")
        return ticket

    def set_status(kiosk: str, ticket_id: str, change: Callable):
        view = core.view(kiosk)
        ticket_or_404(view, ticket_id)
        try:
            return wire.ticket_to_json(change(view))
        except StoreError as exc:
            raise Problem(409, "bad_transition", str(exc)) from exc

    def catalog_version() -> str:
        path = settings.path.parent / (settings.raw.get("kiosk", {}).get("catalog")
                                        or "catalog.toml")
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        except OSError:
            return ""

    # -- endpoints -----------------------------------------------------------------------
    @app.get("/v1/health")
    async def health():
        return {"ok": True, "time": clock().isoformat()}

    @app.get("/v1/catalog")
    async def catalog(token: Token):
        def work(kiosk):
            etag = catalog_version()
            return {"version": etag, "etag": etag, "mpp": settings.mpp_name,
                    "timezone": settings.timezone, "number_padding": settings.number_padding,
                    "groups": sorted(core.groups()),
                    "services": [{"id": s.id, "agency": s.agency, "enabled": s.enabled,
                                  "quota": s.quota, "priority": s.priority}
                                 for s in settings.catalog.services]}
        return answer(await read(token, work))

    @app.get("/v1/services/{service_id}/state")
    async def service_state(token: Token, service_id: Annotated[str, Path(pattern=ID_PATTERN)]):
        def work(kiosk):
            try:
                return wire.state_to_json(core.view(kiosk).service_state(service_id))
            except UnknownService:
                raise Problem(404, "unknown_service", f"unknown service {service_id}")
        return answer(await read(token, work))

    @app.post("/v1/tickets", status_code=201)
    async def issue(token: Token, key: Key, body: IssueIn):
        def work(kiosk):
            try:
                return wire.ticket_to_json(core.view(kiosk).issue_ticket(
                    body.service_id, body.priority, request_id=f"{kiosk}:{key}",
                    booking_id=body.booking_id))
            except UnknownService:
                raise Problem(404, "unknown_service", f"unknown service {body.service_id}")
        return answer(await write(token, work), 201)

    @app.post("/v1/tickets/offline", status_code=201)
    async def offline(token: Token, body: OfflineTicketIn):
        _aware(body.issued_at)

        def work(kiosk):
            try:
                return wire.ticket_to_json(core.import_offline(kiosk, body.model_dump()))
            except UnknownService:
                raise Problem(404, "unknown_service", f"unknown service {body.service_id}")
            except (NotInBlock, ValueError) as exc:
                raise Problem(409, "not_in_block", str(exc))
        return answer(await write(token, work), 201)

    @app.post("/v1/tickets/abandon")
    async def abandon(token: Token, key: Key):
        return answer({"abandoned": await write(token, lambda kiosk: core.abandon(kiosk, key))})

    @app.post("/v1/tickets/{ticket_id}/printed")
    async def printed(token: Token, ticket_id: TicketPath):
        return answer(await write(token, lambda kiosk: set_status(
            kiosk, ticket_id, lambda view: view.confirm_printed(ticket_id))))

    @app.post("/v1/tickets/{ticket_id}/not-printed")
    async def not_printed(token: Token, ticket_id: TicketPath, body: ReasonIn):
        return answer(await write(token, lambda kiosk: set_status(
            kiosk, ticket_id, lambda view: view.fail_printing(ticket_id, body.reason))))

    @app.post("/v1/tickets/{ticket_id}/cancel")
    async def cancel(token: Token, ticket_id: TicketPath, body: ReasonIn):
        return answer(await write(token, lambda kiosk: set_status(
            kiosk, ticket_id, lambda view: view.cancel_ticket(ticket_id, body.reason))))

    @app.post("/v1/tickets/{ticket_id}/reprint")
    async def reprint(token: Token, key: Key, ticket_id: TicketPath):
        def work(kiosk):
            ticket_or_404(core.view(kiosk), ticket_id)
            return {"reprints": core.note_reprint(ticket_id, key)}
        return answer(await write(token, work))

    @app.get("/v1/tickets/{ticket_id}")
    async def ticket(token: Token, ticket_id: TicketPath):
        return answer(await read(token, lambda kiosk: wire.ticket_to_json(
            ticket_or_404(core.view(kiosk), ticket_id))))

    @app.get("/v1/tickets")
    async def tickets(token: Token, day: date | None = None):
        return answer(await read(token, lambda kiosk: [
            wire.ticket_to_json(t) for t in core.view(kiosk).tickets(day)]))

    @app.get("/v1/counts")
    async def counts(token: Token):
        return answer(await read(token, lambda kiosk: core.view(kiosk).today_counts()))

    @app.post("/v1/checkins")
    async def checkin(token: Token, body: CheckInIn):
        def work(kiosk):
            if body.card_id is None and body.code is None:
                raise Problem(422, "invalid", "a code or a card_id is needed",
                              "kode atau card_id diperlukan")
            view = core.view(kiosk)
            try:
                if body.card_id is not None:
                    return wire.checkin_to_json(view.check_in_card(body.card_id))
                return wire.checkin_to_json(view.check_in(body.code))
            except UnknownService as exc:
                raise Problem(404, "unknown_service", f"unknown service {exc}")
        return answer(await write(token, work))

    @app.post("/v1/votes")
    async def vote(token: Token, key: Key, body: VoteIn):
        _aware(body.at)

        def work(kiosk):
            try:
                return wire.feedback_to_json(core.record_vote(
                    kiosk, key, body.face, body.ticket_id, body.agency_id, body.service_id,
                    body.reason, body.at))
            except LookupError as exc:
                raise Problem(404, "unknown_target", str(exc).strip("'"))
        return answer(await write(token, work))

    @app.post("/v1/votes/{vote_id}/amend")
    async def amend_vote(token: Token, key: Key, body: VoteAmendIn,
                         vote_id: Annotated[str, Path(pattern=ID_PATTERN,
                                                      description="the vote's id")]):
        """The agency chosen after an unbound vote and the main reason, queued by the kiosk
        after the vote itself. Idempotent: repeating it sets the same values."""
        def work(kiosk):
            try:
                return core.amend_vote(kiosk, vote_id, body.agency_id, body.reason)
            except LookupError as exc:
                raise Problem(404, "unknown_target", str(exc).strip("'"))
        return answer(await write(token, work))

    @app.post("/v1/skm")
    async def skm(token: Token, key: Key, body: SkmIn):
        _aware(body.at)

        def work(kiosk):
            try:
                return wire.feedback_to_json(core.record_skm(
                    kiosk, key, body.profile, body.answers, body.ticket_id, body.agency_id,
                    body.service_id, body.suggestion, body.contact, body.at))
            except LookupError as exc:
                raise Problem(404, "unknown_target", str(exc).strip("'"))
            except ValueError as exc:     # SurveyError: bilingual text of what is wrong
                raise Problem(422, "invalid_survey", str(exc))
        return answer(await write(token, work))

    @app.post("/v1/heartbeat")
    async def heartbeat(token: Token, body: HeartbeatIn):
        _aware(body.online_since)

        def work(kiosk):
            store.heartbeat(kiosk, body.model_dump(mode="json"), clock())
            return {"kiosk_id": kiosk, "time": clock().isoformat()}
        return answer(await write(token, work))

    @app.get("/v1/kiosks")
    async def kiosks(token: Token):
        return answer(await read(token, lambda kiosk: store.kiosks()))

    @app.post("/v1/blocks", status_code=201)
    async def block(token: Token, key: Key, body: BlockIn):
        def work(kiosk):
            if body.group not in core.groups():
                raise Problem(404, "unknown_group", f"no agency numbers in group {body.group}")
            check_block_day(body.day, clock(), settings.zone)     # kiosk.ops.clock
            b = store.reserve_block(f"{kiosk}:{key}", kiosk, body.day.isoformat(), body.group,
                                    body.size, clock())
            if b.kiosk_id != kiosk:
                raise Problem(409, "key_reused", "this idempotency key belongs to another kiosk")
            return {"kiosk_id": b.kiosk_id, "day": b.day, "group": b.grp, "start": b.first,
                    "end": b.last}
        return answer(await write(token, work), 201)

    @app.get("/v1/blocks")
    async def blocks(token: Token, day: date = Query(...)):
        return answer(await read(token, lambda kiosk: store.blocks(day.isoformat())))

    @app.post("/v1/suggestions/{response_id}/handled")
    async def suggestion_handled(token: Token, response_id: Annotated[str, Path(
            pattern=ID_PATTERN, description="the SKM response that left the suggestion")]):
        """Staff followed a suggestion or complaint up. Idempotent: marking it again keeps
        the first time (`marked` false)."""
        def work(kiosk):
            from kiosk.reports import mark_handled
            stamp, marked = mark_handled(store, response_id, clock())
            if stamp is None:
                raise Problem(404, "unknown_suggestion",
                              f"no suggestion or complaint with the id {response_id}",
                              f"tidak ada saran atau pengaduan dengan id {response_id}")
            return {"id": response_id, "handled_at": stamp, "marked": marked}
        return answer(await write(token, work))

    @app.get("/v1/reports/{kind}")
    async def report(token: Token, kind: Literal[wire.REPORT_KINDS],  # type: ignore[valid-type]
                     start: Annotated[date | None, Query(alias="from")] = None,
                     end: Annotated[date | None, Query(alias="to")] = None,
                     agency: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                     service: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                     weight: Literal[tuple(WEIGHTS)] = DEFAULT_WEIGHT,  # type: ignore[valid-type]
                     lang: Literal["id", "en"] = "id",
                     open_only: Annotated[bool, Query(
                         alias="open", description="suggestions: only those not handled yet")
                     ] = False):
        """The MPP's report over every kiosk's tickets and feedback, `from`–`to` (local days,
        both included; default today): ikm (per agency and service, PermenPANRB 14/2017),
        votes (face shares and main reasons per agency and hour), demand (tickets per agency
        and hour), suggestions (the SKM's suggestions and complaints to follow up, NIKs
        masked)."""
        def work(kiosk):
            from kiosk import reports
            catalog = settings.catalog
            if agency and catalog.agency(agency) is None:
                raise Problem(404, "unknown_agency", f"unknown agency {agency}")
            if service and catalog.service(service) is None:
                raise Problem(404, "unknown_service", f"unknown service {service}")
            today = core.today()
            try:
                period = reports.Period(start or today, end or today)
                common = dict(mpp_name=settings.mpp_name, lang=lang, agency_id=agency)
                if kind == "ikm":
                    made = reports.ikm_report(store, catalog, period, weight=weight,
                                              service_id=service, **common)
                elif kind == "votes":
                    made = reports.votes_report(store, catalog, period, **common)
                elif kind == "suggestions":
                    made = reports.suggestions_report(store, catalog, settings.zone, period,
                                                      service_id=service, open_only=open_only,
                                                      **common)
                else:
                    made = reports.demand_report(store, catalog, settings.zone, period, **common)
            except reports.ReportError as exc:
                raise Problem(422, "invalid_period", exc.text("en"), exc.text("id"))
            return wire.report_to_json(made)
        return answer(await read(token, work))

    return app
