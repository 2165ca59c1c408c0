"""Booking check-in: a scanned or typed code, or a card tapped, becomes a ticket once."""

from fastapi import APIRouter

from kiosk.hub import wire
from kiosk.hub.api.deps import HubDep, Problem, Token, answer
from kiosk.hub.api.models import CheckInIn
from kiosk.service import UnknownService

router = APIRouter(tags=["bookings"])


@router.post("/v1/checkins")
async def checkin(hub: HubDep, token: Token, body: CheckInIn):
    def work(kiosk):
        if body.card_id is None and body.code is None:
            raise Problem(422, "invalid", "a code or a card_id is needed",
                          "kode atau card_id diperlukan")
        view = hub.core.view(kiosk)
        try:
            if body.card_id is not None:
                return wire.checkin_to_json(view.check_in_card(body.card_id))
            return wire.checkin_to_json(view.check_in(body.code))
        except UnknownService as exc:
            raise Problem(404, "unknown_service", f"unknown service {exc}")
    return answer(await hub.write(token, work))
