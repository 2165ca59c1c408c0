"""Tickets: numbering (online and offline), the print result, cancel, reprint, and reads."""

from datetime import date
from typing import Callable

from fastapi import APIRouter

from kiosk.hub import wire
from kiosk.hub.api.access import own_ticket, ticket_for
from kiosk.hub.api.deps import HubDep, Key, Problem, TicketPath, Token, answer, aware
from kiosk.hub.api.models import IssueIn, OfflineTicketIn, ReasonIn
from kiosk.hub.store import NotInBlock
from kiosk.service import UnknownService
from kiosk.store import StoreError

router = APIRouter(tags=["tickets"])


def _set_status(hub, kiosk: str, ticket_id: str, change: Callable):
    view = hub.core.view(kiosk)
    own_ticket(hub, view, kiosk, ticket_id)
    try:
        return wire.ticket_to_json(change(view))
    except StoreError as exc:
        raise Problem(409, "bad_transition", str(exc)) from exc


@router.post("/v1/tickets", status_code=201)
async def issue(hub: HubDep, token: Token, key: Key, body: IssueIn):
    def work(kiosk):
        request = f"{kiosk}:{key}"
        # A repeat is free: admitted first (429 over the rate or the share) and given back
        # when it turns out a repeat; looked up only when refused (one round trip less).
        try:
            hub.issuing.admit(kiosk, body.service_id)
            admitted = True
        except Problem:
            if hub.store.ticket_by_request(request) is None:
                raise
            admitted = False
        try:
            ticket = hub.core.view(kiosk).issue_ticket(
                body.service_id, body.priority, request_id=request, booking_id=body.booking_id)
        except UnknownService:
            raise Problem(404, "unknown_service", f"unknown service {body.service_id}")
        if admitted and not ticket.fresh:
            hub.issuing.give_back(kiosk, body.service_id)
        return wire.ticket_to_json(ticket)
    return answer(await hub.write(token, work), 201)


@router.post("/v1/tickets/offline", status_code=201)
async def offline(hub: HubDep, token: Token, body: OfflineTicketIn):
    aware(body.issued_at)

    def work(kiosk):
        try:
            return wire.ticket_to_json(hub.core.import_offline(kiosk, body.model_dump()))
        except UnknownService:
            raise Problem(404, "unknown_service", f"unknown service {body.service_id}")
        except (NotInBlock, ValueError) as exc:
            raise Problem(409, "not_in_block", str(exc))
    return answer(await hub.write(token, work), 201)


@router.post("/v1/tickets/abandon")
async def abandon(hub: HubDep, token: Token, key: Key):
    return answer({"abandoned": await hub.write(token,
                                                lambda kiosk: hub.core.abandon(kiosk, key))})


@router.post("/v1/tickets/{ticket_id}/printed")
async def printed(hub: HubDep, token: Token, ticket_id: TicketPath):
    return answer(await hub.write(token, lambda kiosk: _set_status(
        hub, kiosk, ticket_id, lambda view: view.confirm_printed(ticket_id))))


@router.post("/v1/tickets/{ticket_id}/not-printed")
async def not_printed(hub: HubDep, token: Token, ticket_id: TicketPath, body: ReasonIn):
    return answer(await hub.write(token, lambda kiosk: _set_status(
        hub, kiosk, ticket_id, lambda view: view.fail_printing(ticket_id, body.reason))))


@router.post("/v1/tickets/{ticket_id}/cancel")
async def cancel(hub: HubDep, token: Token, ticket_id: TicketPath, body: ReasonIn):
    return answer(await hub.write(token, lambda kiosk: _set_status(
        hub, kiosk, ticket_id, lambda view: view.cancel_ticket(ticket_id, body.reason))))


@router.post("/v1/tickets/{ticket_id}/reprint")
async def reprint(hub: HubDep, token: Token, key: Key, ticket_id: TicketPath):
    def work(kiosk):
        own_ticket(hub, hub.core.view(kiosk), kiosk, ticket_id)
        return {"reprints": hub.core.note_reprint(ticket_id, key)}
    return answer(await hub.write(token, work))


@router.get("/v1/tickets/{ticket_id}")
async def ticket(hub: HubDep, token: Token, ticket_id: TicketPath):
    """Any kiosk's ticket (the exit kiosk reads the entrance kiosk's), without the
    booking it came from unless this kiosk issued it."""
    return answer(await hub.read(token, lambda kiosk: ticket_for(kiosk, wire.ticket_to_json(
        hub.ticket_or_404(hub.core.view(kiosk), ticket_id)))))


@router.get("/v1/tickets")
async def tickets(hub: HubDep, token: Token, day: date | None = None):
    """This kiosk's own tickets of a day (its staff panel's list to reprint from)."""
    return answer(await hub.read(token, lambda kiosk: [
        wire.ticket_to_json(t) for t in hub.core.view(kiosk).tickets(day)
        if t.kiosk_id == kiosk]))


@router.get("/v1/counts")
async def counts(hub: HubDep, token: Token):
    return answer(await hub.read(token, lambda kiosk: hub.core.view(kiosk).today_counts()))
