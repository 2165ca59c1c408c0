"""GET /v1/events: the live event stream (Server-Sent Events). The wire is described in
kiosk.hub.events; a display token, a kiosk token or a staff session may subscribe."""

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from kiosk.hub.api.deps import HubDep, Problem, Token
from kiosk.hub.api.staff import BEARER_PREFIX, COOKIE, accounts_of

router = APIRouter(tags=["events"])


def _allowed(hub, request: Request, token) -> bool:
    if token is not None and token.credentials:
        if token.credentials.startswith(BEARER_PREFIX):
            secret = token.credentials[len(BEARER_PREFIX):]
            return accounts_of(hub).session_user(secret) is not None
        return hub.store.token_holder(token.credentials) is not None
    secret = request.cookies.get(COOKIE)
    return bool(secret) and accounts_of(hub).session_user(secret) is not None


async def _run(fn, *args):
    return await run_in_threadpool(fn, *args)


@router.get("/v1/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def events(request: Request, hub: HubDep, token: Token,
                 last_event_id: str | None = Header(None, alias="Last-Event-ID")):
    """Calls, counter states and queue changes as they happen: a `snapshot` first (or, with
    Last-Event-ID, the events missed since), then `call`, `counter` and `queue` events and
    a `: ping` comment every 15 s."""
    if not await run_in_threadpool(_allowed, hub, request, token):
        raise Problem(401, "unauthorized", "a display, kiosk or staff credential is required",
                      "token layar, anjungan atau login petugas diperlukan")
    try:
        last = int(last_event_id) if last_event_id is not None else None
    except ValueError:
        last = None
    parts = request.app.state.counters
    stream = parts.broker.stream(last, parts.desk.snapshot, _run)
    return StreamingResponse(stream, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
