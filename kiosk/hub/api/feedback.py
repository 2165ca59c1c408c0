"""Exit feedback: face votes and their follow-up answers, SKM responses, and complaints
marked as followed up."""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool

from kiosk.hub import wire
from kiosk.hub.api.access import OTHER_AGENCY, Staff, reading_scope
from kiosk.hub.api.deps import ID_PATTERN, HubDep, Key, Problem, Token, answer, aware
from kiosk.hub.api.models import SkmIn, VoteAmendIn, VoteIn

router = APIRouter(tags=["feedback"])


def _unknown_target(exc: LookupError) -> Problem:
    return Problem(404, "unknown_target", str(exc).strip("'"))


@router.post("/v1/votes")
async def vote(hub: HubDep, token: Token, key: Key, body: VoteIn):
    aware(body.at)

    def work(kiosk):
        try:
            return wire.feedback_to_json(hub.core.record_vote(
                kiosk, key, body.face, body.ticket_id, body.agency_id, body.service_id,
                body.reason, body.at))
        except LookupError as exc:
            raise _unknown_target(exc)
    return answer(await hub.write(token, work))


@router.post("/v1/votes/{vote_id}/amend")
async def amend_vote(hub: HubDep, token: Token, key: Key, body: VoteAmendIn,
                     vote_id: Annotated[str, Path(pattern=ID_PATTERN,
                                                  description="the vote's id")]):
    """The agency chosen after an unbound vote and the main reason, queued by the kiosk
    after the vote itself. Idempotent: repeating it sets the same values."""
    def work(kiosk):
        try:
            return hub.core.amend_vote(kiosk, vote_id, body.agency_id, body.reason)
        except LookupError as exc:
            raise _unknown_target(exc)
    return answer(await hub.write(token, work))


@router.post("/v1/skm")
async def skm(hub: HubDep, token: Token, key: Key, body: SkmIn):
    aware(body.at)

    def work(kiosk):
        try:
            return wire.feedback_to_json(hub.core.record_skm(
                kiosk, key, body.profile, body.answers, body.ticket_id, body.agency_id,
                body.service_id, body.suggestion, body.contact, body.at))
        except LookupError as exc:
            raise _unknown_target(exc)
        except ValueError as exc:     # SurveyError: bilingual text of what is wrong
            raise Problem(422, "invalid_survey", str(exc))
    return answer(await hub.write(token, work))


@router.post("/v1/suggestions/{response_id}/handled")
async def suggestion_handled(request: Request, hub: HubDep, staff: Staff,
                             response_id: Annotated[str, Path(
                                 pattern=ID_PATTERN,
                                 description="the SKM response that left the suggestion")]):
    """Staff followed a suggestion or complaint up. Idempotent: marking it again keeps
    the first time (`marked` false). Manager and admin: any; an agency account: its own
    agency's (another's: 403); an officer: 403. Recorded in the audit log."""
    from kiosk.hub.api.staff import address, audit_of
    reading_scope(staff, None if staff.role != "agency" else staff.agency_id)
    if staff.role == "agency":
        known, owner = await run_in_threadpool(hub.store.suggestion_agency, response_id)
        if known and owner != staff.agency_id:           # an unknown id: 404 below
            raise OTHER_AGENCY
    where = address(request)

    def work():
        from kiosk.reports import mark_handled
        stamp, marked = mark_handled(hub.store, response_id, hub.clock())
        if stamp is None:
            raise Problem(404, "unknown_suggestion",
                          f"no suggestion or complaint with the id {response_id}",
                          f"tidak ada saran atau pengaduan dengan id {response_id}")
        if marked:
            audit_of(hub).record(staff.username, "suggestion.handled", response_id,
                                 address=where)
        return {"id": response_id, "handled_at": stamp, "marked": marked}
    return answer(await asyncio.wrap_future(hub.writer.submit(work)))
