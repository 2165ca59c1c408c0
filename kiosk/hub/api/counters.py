"""Counters: the officer's actions and the counter's view (staff sessions only).

    GET  /v1/counters                      the counters this user may work at, services
    GET  /v1/counters/{id}                 {counter, current, waiting}
    POST /v1/counters/{id}/call-next       Idempotency-Key required
    POST /v1/counters/{id}/call            {"number"}; Idempotency-Key required
    POST /v1/counters/{id}/recall | no-show | start | finish        optional {"ticket_id"}
    POST /v1/counters/{id}/transfer        {"service_id", "to_front"}
    POST /v1/counters/{id}/pause | resume | close

Every POST answers {ticket, replayed, counter, current, waiting}: the ticket acted on and the
counter as it is now. A repeated Idempotency-Key answers with the first action's ticket and
does nothing again. Refusals are 409 {kind, message_id, message_en}. Officers and agency
accounts act only at their agency's counters (403 elsewhere); kiosk tokens get 403.
"""

import asyncio
from typing import Annotated, Callable

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from kiosk.counters import counter_by_id
from kiosk.hub.accounts import StaffUser, may_use_counter
from kiosk.hub.api.deps import ID_PATTERN, KEY_PATTERN, Hub, HubDep, IdPath, Key, Problem, answer
from kiosk.hub.api.staff import StaffDep, address, audit_of
from kiosk.hub.counters import CounterDesk, CounterRefused, Done
from kiosk.hub.events import EventBroker

router = APIRouter(tags=["counters"])

OptionalKey = Annotated[str | None, Header(alias="Idempotency-Key", pattern=KEY_PATTERN,
                                           description="a repeat does nothing again")]


class TicketIn(BaseModel):
    ticket_id: str | None = Field(None, pattern=ID_PATTERN,
                                  description="the ticket meant (default: the counter's)")


class CallIn(BaseModel):
    number: str = Field(pattern=r"^[A-Za-z0-9]{1,3}-?[0-9]{1,6}$", description='e.g. "A-013"')


class TransferIn(TicketIn):
    service_id: str = Field(pattern=ID_PATTERN)
    to_front: bool = Field(False, description="join the target queue at the front")


class CounterParts:
    """The counter side of one app: the desk (operations), the event broker."""

    def __init__(self, hub: Hub):
        self.desk = CounterDesk(hub.settings, hub.store, hub.clock)
        self.broker = EventBroker(hub.store)
        hub.store.queue_listener = self.desk.queue_event

    def start(self) -> None:
        self.broker.start()

    def stop(self) -> None:
        self.broker.stop()


def install(app, hub: Hub) -> CounterParts:
    """Create the counter side for an app (create_app calls this once; start/stop it with
    the app's lifespan)."""
    parts = app.state.counters = CounterParts(hub)
    return parts


def parts_of(request: Request) -> CounterParts:
    return request.app.state.counters


def refusal(exc: CounterRefused) -> Problem:
    return Problem(exc.status, exc.kind, exc.message_en, exc.message_id)


def allowed_counter(hub: Hub, user: StaffUser, counter_id: str):
    counter = counter_by_id(hub.settings.catalog, counter_id)
    if counter is None:
        raise Problem(404, "unknown_counter", f"unknown counter {counter_id}",
                      f"loket {counter_id} tidak dikenal")
    if not may_use_counter(user, counter.agency):
        raise Problem(403, "not_your_counter", f"{user.username} may not act at {counter_id}",
                      f"{user.username} tidak berwenang di loket {counter_id}")
    return counter


async def act(request: Request, hub: Hub, user: StaffUser, counter_id: str,
              work: Callable[[CounterDesk], Done], action: str, detail: str = ""):
    """Run one action on the store's writer, wake the event streams, answer the view. The
    audit record (counter.<action>, the ticket's number) commits with the action; a replay
    is not recorded again."""
    allowed_counter(hub, user, counter_id)
    parts = parts_of(request)
    where = address(request)

    def audited():
        done = work(parts.desk)
        if not done.replayed:
            ticket = hub.store.counter_ticket(done.ticket_id) if done.ticket_id else None
            audit_of(hub).record(user.username, f"counter.{action}", counter_id,
                                 " ".join(filter(None, (ticket.number if ticket else "",
                                                        detail))), where)
        return done
    try:
        done = await asyncio.wrap_future(hub.writer.submit(audited))
    except CounterRefused as exc:
        raise refusal(exc) from None
    if done.events:
        parts.broker.wake()

    def view():
        ticket = hub.store.counter_ticket(done.ticket_id) if done.ticket_id else None
        return {"ticket": ticket.to_json() if ticket else None, "replayed": done.replayed,
                **parts.desk.counter_view(counter_id)}
    return answer(await run_in_threadpool(view))


@router.get("/v1/counters")
async def counters(request: Request, hub: HubDep, user: StaffDep):
    """The counters this user may work at (with their state now) and the services a
    ticket may be transferred to."""
    parts = parts_of(request)

    def work():
        snap = parts.desk.snapshot()
        mine = [c for c in snap["counters"] if may_use_counter(user, c["agency_id"])]
        services = [{"id": s.id, "agency_id": s.agency, "name": dict(s.name)}
                    for s in hub.settings.catalog.services if s.enabled]
        return {"counters": mine, "services": services}
    return answer(await run_in_threadpool(work))


@router.get("/v1/counters/{counter_id}")
async def counter(request: Request, hub: HubDep, user: StaffDep, counter_id: IdPath):
    allowed_counter(hub, user, counter_id)
    desk = parts_of(request).desk
    try:
        return answer(await run_in_threadpool(desk.counter_view, counter_id))
    except CounterRefused as exc:
        raise refusal(exc) from None


@router.post("/v1/counters/{counter_id}/call-next")
async def call_next(request: Request, hub: HubDep, user: StaffDep, counter_id: IdPath, key: Key):
    """Call the ticket the calling rule gives this counter."""
    return await act(request, hub, user, counter_id,
                     lambda desk: desk.call_next(counter_id, user.username, key), "call-next")


@router.post("/v1/counters/{counter_id}/call")
async def call_number(request: Request, hub: HubDep, user: StaffDep, counter_id: IdPath,
                      key: Key, body: CallIn):
    """Call a given number out of order (it must be waiting for this counter)."""
    return await act(request, hub, user, counter_id,
                     lambda desk: desk.call_number(counter_id, body.number, user.username, key),
                     "call")


def _ticket_action(name: str, doc: str):
    async def endpoint(request: Request, hub: HubDep, user: StaffDep, counter_id: IdPath,
                       key: OptionalKey = None, body: TicketIn | None = None):
        ticket_id = body.ticket_id if body else None
        return await act(request, hub, user, counter_id, lambda desk: getattr(
            desk, name.replace("-", "_"))(counter_id, user.username, key, ticket_id), name)
    endpoint.__doc__ = doc
    endpoint.__name__ = name.replace("-", "_")
    router.post(f"/v1/counters/{{counter_id}}/{name}")(endpoint)


_ticket_action("recall", "Call the counter's ticket again (at most the configured recalls).")
_ticket_action("no-show", "Mark the counter's ticket not present (after the recalls).")
_ticket_action("start", "Start serving the counter's ticket.")
_ticket_action("finish", "The counter's ticket is served.")


@router.post("/v1/counters/{counter_id}/transfer")
async def transfer(request: Request, hub: HubDep, user: StaffDep, counter_id: IdPath,
                   body: TransferIn, key: OptionalKey = None):
    """Send the counter's ticket to another service's queue (it keeps its number), at the
    front or the back."""
    return await act(request, hub, user, counter_id, lambda desk: desk.transfer(
        counter_id, body.service_id, body.to_front, user.username, key, body.ticket_id),
        "transfer", f"to {body.service_id}{' (front)' if body.to_front else ''}")


def _state_action(name: str, doc: str):
    async def endpoint(request: Request, hub: HubDep, user: StaffDep, counter_id: IdPath,
                       key: OptionalKey = None):
        return await act(request, hub, user, counter_id,
                         lambda desk: getattr(desk, name)(counter_id, user.username, key), name)
    endpoint.__doc__ = doc
    endpoint.__name__ = name
    router.post(f"/v1/counters/{{counter_id}}/{name}")(endpoint)


_state_action("pause", "A break: the counter calls nothing until resumed.")
_state_action("resume", "Back from a break (or opening): the counter may call again.")
_state_action("close", "The counter closes for the day.")
