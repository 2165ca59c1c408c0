"""The exit screens' UI state: the ticket a visitor scanned, the vote booth (the misuse
filter in front of the store) and the SKM answers being collected. No rules live here:
reasons, text limits and the masking of personal data are kiosk.survey's (records.py),
applied by the service where the answers are written.

One `ExitState` per app (`exit_state(app)`). The screens only show it and hand taps to it;
every store call runs on a worker and comes back on the main thread.

A face vote is written when kiosk.survey.VoteFilter settles it (its correction window
closed), so a double tap or a quick change of mind is one row. The follow-up answers (the
agency of a vote given without a ticket, the main reason) usually come after that write and
are added to the same row with `set_vote_agency` / `set_vote_reason`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from kivy.clock import Clock

from kiosk.i18n import N_
from kiosk.survey import DEFAULT_ORDER, VoteFilter, questions
from kiosk.survey.votes import ALREADY_VOTED  # noqa: F401  (the exit screens show it)
from kiosk.tickets import parse_ticket_qr
from screens.background import run_in_background

log = logging.getLogger(__name__)

COOLDOWN_S = 3.0             # after a vote, presses without a new ticket are ignored this long
CORRECTION_WINDOW_S = 1.5    # a second press inside it replaces the face (last press wins)

ALREADY_ANSWERED = N_("This ticket has already been used to fill in the survey. Thank you!")
UNKNOWN_TICKET = N_("We could not find this ticket. You can still rate our service below.")
RESTING = N_("Thank you, your rating has been received. The next rating can be given in a moment.")


@dataclass(frozen=True)
class Binding:
    """A ticket the visitor scanned: their vote and survey belong to its agency and service."""

    ticket_id: str
    number: str
    agency_id: str
    service_id: str
    voted: bool = False
    answered: bool = False


@dataclass(eq=False)
class VoteSession:
    """One visitor's vote from the tap to the last follow-up answer."""

    face: int
    at: float                       # VoteFilter's time of the first press (its identity)
    binding: Binding | None = None
    agency_id: str | None = None
    reason: str | None = None
    vote_id: str = ""               # once stored
    refused: bool = False           # the store already had a vote for this ticket
    failed: bool = False            # could not be stored (staff were alerted)
    saved: dict = field(default_factory=dict)  # what the store holds: {"reason", "agency_id"}

    @property
    def ticket_id(self) -> str | None:
        return self.binding.ticket_id if self.binding else None


class VoteBooth:
    """Face presses in, stored votes out, through kiosk.survey.VoteFilter."""

    def __init__(self, app, cooldown: float = COOLDOWN_S,
                 correction_window: float = CORRECTION_WINDOW_S, clock=time.monotonic):
        self.app = app
        self.clock = clock
        self.filter = VoteFilter(cooldown=cooldown, correction_window=correction_window,
                                 clock=clock)
        self.last_press: float | None = None
        self.on_change = None       # called with a session whose stored state changed
        self._sessions: dict[float, VoteSession] = {}
        self._event = None

    def resting_for(self) -> float:
        """Seconds until a press without a new ticket counts again (0: now)."""
        if self.last_press is None:
            return 0.0
        return max(0.0, self.filter.cooldown - (self.clock() - self.last_press))

    def pending_binding(self) -> Binding | None:
        """The ticket of the vote still open to a change of mind (its screen has moved on)."""
        vote = self.filter.pending
        session = self._sessions.get(vote.at) if vote is not None else None
        return session.binding if session is not None else None

    def press(self, face: int, binding: Binding | None = None):
        """A face pressed: (VoteDecision, the VoteSession it started or changed, or None)."""
        decision = self.filter.press(face, binding.ticket_id if binding else None)
        if decision.action != "already_voted":
            self.last_press = self.clock()  # the filter restarts its quiet time on these too
        vote = decision.vote
        if not decision.counted or vote is None:
            return decision, None
        session = self._sessions.get(vote.at)
        if session is None:
            session = self._sessions[vote.at] = VoteSession(
                face=vote.face, at=vote.at, binding=binding,
                agency_id=binding.agency_id if binding else None)
        session.face = vote.face
        self._schedule()
        return decision, session

    def set_agency(self, session: VoteSession, agency_id: str | None) -> None:
        if session.binding is None:
            session.agency_id = agency_id
            self._push(session)

    def set_reason(self, session: VoteSession, reason: str | None) -> None:
        session.reason = reason
        self._push(session)

    # -- storing -------------------------------------------------------------------------
    def _schedule(self) -> None:
        if self._event is not None:
            self._event.cancel()
        wait = self.filter.seconds_until_settled()
        if wait is not None:
            self._event = Clock.schedule_once(lambda dt: self.settle(), wait + 0.02)

    def settle(self) -> None:
        for vote in self.filter.settle():
            session = self._sessions.pop(vote.at, None) or VoteSession(face=vote.face, at=vote.at)
            session.face = vote.face
            self._store(session)
        self._schedule()

    def _store(self, session: VoteSession) -> None:
        service = self.app.service
        sent = {"reason": session.reason, "agency_id": session.agency_id}
        session.saved = dict(sent)

        def write():
            return service.record_vote(session.face, ticket_id=session.ticket_id,
                                       agency_id=None if session.binding else sent["agency_id"],
                                       reason=sent["reason"])

        def done(result):
            session.vote_id = result.id
            session.refused = not result.accepted
            if result.accepted:
                self._push(session)   # follow-up answers given while it was being written
            self._changed(session)

        def failed(exc):
            log.error("a face vote could not be stored", exc_info=exc)
            session.failed = True
            self.app.alert_staff(f"a face vote could not be stored: {exc}")
            self._changed(session)

        run_in_background(write, done, failed)

    def _push(self, session: VoteSession) -> None:
        """Bring the stored row up to date with the follow-up answers (once it exists)."""
        if not session.vote_id or session.refused:
            return  # not written yet: _store sends what the session holds then
        service = self.app.service
        # Both services take them: LocalService updates the row, RemoteService also queues
        # the change for the hub behind the vote itself (it reaches the hub once, after it).
        updates = []
        if session.reason != session.saved.get("reason") and session.reason:
            updates.append(lambda r=session.reason: service.set_vote_reason(session.vote_id, r))
        if (session.binding is None and session.agency_id
                and session.agency_id != session.saved.get("agency_id")):
            updates.append(lambda a=session.agency_id: service.set_vote_agency(session.vote_id,
                                                                                a))
        session.saved = {"reason": session.reason, "agency_id": session.agency_id}
        for update in updates:
            run_in_background(update, None, lambda exc: log.error(
                "a vote's follow-up answer could not be stored", exc_info=exc))

    def _changed(self, session: VoteSession) -> None:
        if self.on_change is not None:
            self.on_change(session)

    def flush(self) -> None:
        """The app is stopping: write the vote still in its correction window now."""
        if self._event is not None:
            self._event.cancel()
        for vote in self.filter.flush():
            session = self._sessions.pop(vote.at, None) or VoteSession(face=vote.face, at=vote.at)
            try:
                self.app.service.record_vote(
                    vote.face, ticket_id=session.ticket_id,
                    agency_id=None if session.binding else session.agency_id,
                    reason=session.reason)
            except Exception:
                log.exception("a face vote could not be stored at shutdown")


@dataclass
class SkmDraft:
    """One respondent's SKM while they answer it, screen by screen."""

    binding: Binding | None = None
    agency_id: str | None = None
    profile: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)    # {unsur key: score}, never by position
    suggestion: str = ""
    contact: str = ""
    order: str = DEFAULT_ORDER

    @property
    def questions(self):
        return questions(self.order)


class ExitState:
    """Per app: the booth, and the draft of the survey in progress."""

    def __init__(self, app):
        self.app = app
        self.booth = VoteBooth(app)
        self.skm: SkmDraft | None = None
        app.bind(on_stop=lambda *args: self.booth.flush())

    def look_up(self, text: str, on_found, on_refused) -> bool:
        """A scanned code: False when it is not a ticket's QR. Otherwise the ticket is looked
        up on a worker; then `on_found(Binding)` or `on_refused(msgid)` on the main thread."""
        ticket_id = parse_ticket_qr(text)
        if ticket_id is None:
            return False
        service = self.app.service

        def find():
            ticket = service.ticket(ticket_id)
            if ticket is None:
                return None
            voted, answered = service.ticket_feedback(ticket_id)
            return Binding(ticket.id, ticket.number, ticket.agency_id, ticket.service_id,
                           voted or self.booth.filter.has_voted(ticket.id), answered)

        def found(binding):
            if binding is None:
                on_refused(UNKNOWN_TICKET)
            else:
                on_found(binding)

        def failed(exc):
            log.warning("ticket %s could not be looked up: %s", ticket_id, exc)
            on_refused(UNKNOWN_TICKET)

        run_in_background(find, found, failed)
        return True


def bind_survey(app, text: str, on_bound=None) -> bool:
    """A ticket scanned during the survey: the answers belong to its agency and service.
    True when `text` is a ticket's QR (the survey keeps the screen either way)."""
    state = exit_state(app)

    def found(binding):
        if state.skm is not None and state.skm.binding is None and not binding.answered:
            state.skm.binding = binding
            state.skm.agency_id = binding.agency_id
            if on_bound is not None:
                on_bound(binding)

    return state.look_up(text, found, lambda msgid: None)


def survey_draft(app) -> SkmDraft:
    """The survey in progress (started on first use), shared by the survey's screens."""
    state = exit_state(app)
    if state.skm is None:
        # the questions in the order kiosk.toml names ([survey] order); stored by key anyway
        state.skm = SkmDraft(order=app.settings.survey.order)
    return state.skm


def exit_state(app) -> ExitState:
    state = getattr(app, "_exit_state", None)
    if state is None:
        state = app._exit_state = ExitState(app)
    return state
