"""What every router of the hub shares: the hub's parts, credentials, the one error shape,
and running work off the event loop.

Endpoints are `async` and never touch the store on the loop: a write (token check
included) goes to the store's writer (kiosk.hub.writer: group commit on SQLite, a thread per
write on PostgreSQL) and is answered once it is durable; a read runs on a worker thread.
"""

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Annotated, Any, Callable, Literal

from fastapi import Depends, FastAPI, Header, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import Field

from kiosk.config import Settings
from kiosk.hub import wire
from kiosk.hub.core import HubCore
from kiosk.hub.store import HubStore
from kiosk.ops.clock import ClockRefused
from kiosk.queueing import PRIORITY_KINDS, Refused

KEY_PATTERN = r"^[A-Za-z0-9:_.-]{8,100}$"
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
# Free text is stored as given (masked by the core), but never a NUL byte: PostgreSQL text
# cannot hold one, and no kiosk ever sends one.
TEXT = r"^[^\x00]*$"
REASON_PATTERN = r"^[a-z][a-z_]{0,31}$"     # a reason key, never free text
Key = Annotated[str, Header(alias="Idempotency-Key", pattern=KEY_PATTERN,
                            description="unique per write; a repeat returns the first answer")]
TicketId = Annotated[str, Field(pattern=ID_PATTERN)]
TicketPath = Annotated[str, Path(pattern=ID_PATTERN, description="a ticket's id")]
IdPath = Annotated[str, Path(pattern=ID_PATTERN)]
Priority = Literal[PRIORITY_KINDS]  # type: ignore[valid-type]

# Times a kiosk sends (when a vote was given, an offline ticket issued): any real one is in
# this range; outside it, converting to the MPP's zone would overflow a datetime.
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2100, 1, 1, tzinfo=timezone.utc)


class Problem(Exception):
    """A refusal with its plain reason in both languages: {kind, message_id, message_en}."""

    def __init__(self, status: int, kind: str, message_en: str, message_id: str | None = None,
                 headers: dict[str, str] | None = None):
        self.status, self.kind = status, kind
        self.message_en, self.message_id = message_en, message_id or message_en
        self.headers = headers


def aware(value: datetime | None) -> datetime | None:
    if value is None:
        return value
    if value.tzinfo is None:
        raise Problem(422, "naive_time", "times must carry a UTC offset",
                      "waktu harus menyertakan selisih UTC")
    if not EARLIEST <= value <= LATEST:
        raise Problem(422, "time_out_of_range", "times must lie between 2000 and 2100",
                      "waktu harus di antara tahun 2000 dan 2100")
    return value


def answer(data, status: int = 200) -> JSONResponse:
    # A ready JSONResponse skips FastAPI's generic encoder: our dicts are plain JSON.
    return JSONResponse(data, status)


# The header is parsed on the loop (and named in the OpenAPI as a bearer scheme); the token
# is looked up with the work itself, on the writer or a worker thread.
bearer = HTTPBearer(auto_error=False, description="the kiosk's token (`kiosk hub token`)")
Token = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


@dataclass
class Hub:
    """The hub's parts, one per app: what a router works with."""

    settings: Settings
    store: HubStore
    core: HubCore
    writer: Any
    clock: Callable[[], datetime]
    limits: Any = None          # kiosk.hub.limits.HubLimits
    issuing: Any = None         # kiosk.hub.api.access.Issuing

    def who(self, token: HTTPAuthorizationCredentials | None) -> str:
        """The kiosk a token names; 401 for none or an unknown one."""
        kiosk = (self.store.kiosk_for_token(token.credentials)
                 if token and token.credentials else None)
        if kiosk is None:
            raise Problem(401, "unauthorized", "a valid kiosk token is required",
                          "token anjungan yang sah diperlukan")
        return kiosk

    async def write(self, token, work: Callable[[str], Any]):
        """Run work(kiosk_id) on the store's writer; the answer waits for its commit."""
        if token is None:
            self.who(None)
        return await asyncio.wrap_future(self.writer.submit(lambda: work(self.who(token))))

    async def read(self, token, work: Callable[[str], Any]):
        """Run work(kiosk_id) on a worker thread."""
        if token is None:
            self.who(None)
        return await run_in_threadpool(lambda: work(self.who(token)))

    def ticket_or_404(self, view, ticket_id: str):
        ticket = view.ticket(ticket_id)
        if ticket is None:
            raise Problem(404, "unknown_ticket", f"unknown ticket {ticket_id}",
                          f"tiket {ticket_id} tidak dikenal")
        return ticket

    def catalog_version(self) -> str:
        """The first 16 hex digits of the catalog file's SHA-256 ('' when unreadable)."""
        path = self.settings.path.parent / (
            self.settings.raw.get("kiosk", {}).get("catalog") or "catalog.toml")
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        except OSError:
            return ""


async def get_hub(request: Request) -> Hub:
    # async: FastAPI would run a plain function in its thread pool, a thread hop per request.
    return request.app.state.hub


HubDep = Annotated[Hub, Depends(get_hub)]


def install_error_handlers(app: FastAPI) -> None:
    """One JSON shape for every refusal, never a traceback."""

    @app.exception_handler(Problem)
    def _problem(request: Request, exc: Problem):
        return JSONResponse({"kind": exc.kind, "message_id": exc.message_id,
                             "message_en": exc.message_en}, exc.status, headers=exc.headers)

    @app.exception_handler(ClockRefused)
    def _clock(request: Request, exc: ClockRefused):
        return JSONResponse(exc.to_json(), 409)

    @app.exception_handler(Refused)
    def _refused(request: Request, exc: Refused):
        return JSONResponse(wire.refusal_to_json(exc.refusal), 409)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError):
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        text = "; ".join(f"{'.'.join(map(str, d['loc']))}: {d['msg']}" for d in details)
        return JSONResponse({"kind": "invalid", "message_id": "Data tidak valid: " + text,
                             "message_en": "Invalid input: " + text, "errors": details}, 422)
