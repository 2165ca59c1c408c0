"""A ticket's life past *issued*: the statuses, the transition table and the officer's actions.

    printing ──> issued | not_printed | cancelled          (the kiosk's part, kiosk.store)
    issued, not_printed, transferred ──call──> called      (by a counter, an officer, at a time)
    called ──recall──> called                              (at most no_show_after_recalls times)
    called ──no_show──> no_show                            (only after that many recalls)
    called ──start──> serving ──finish──> served           (finish straight from called too)
    called, serving ──transfer──> transferred              (keeps its number; waits again in the
                                                            target service's queue, front or back)

A not_printed ticket is still held by a visitor (the number was on the screen), so it can
be called. `transferred` is a waiting status: the ticket is called again in its new queue.
`TRANSITIONS` extends kiosk.store's table and is what the store should check; `advance`
applies one action to a `TicketLife` with the checks a counter needs (only the counter that
holds a ticket may act on it) and returns the `Step` to record. Refusals are `LifeError`s
with a message in the officer's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from kiosk.i18n import TranslatableError, N_
from kiosk.ticket import CANCELLED, ISSUED, NOT_PRINTED, PRINTING

CALLED, SERVING, SERVED, NO_SHOW, TRANSFERRED = (
    "called", "serving", "served", "no_show", "transferred")

WAITING = (ISSUED, NOT_PRINTED, TRANSFERRED)    # in a queue: the calling rule may call these
AT_COUNTER = (CALLED, SERVING)                  # held by one counter
FINAL = (SERVED, NO_SHOW, CANCELLED)

TRANSITIONS: dict[str, frozenset[str]] = {
    PRINTING: frozenset({ISSUED, NOT_PRINTED, CANCELLED}),
    NOT_PRINTED: frozenset({ISSUED, CANCELLED, CALLED}),
    ISSUED: frozenset({CANCELLED, CALLED}),
    TRANSFERRED: frozenset({CALLED, CANCELLED}),
    CALLED: frozenset({SERVING, SERVED, NO_SHOW, TRANSFERRED}),
    SERVING: frozenset({SERVED, TRANSFERRED}),
    SERVED: frozenset(),
    NO_SHOW: frozenset(),
    CANCELLED: frozenset(),
}

# Officer actions: action -> (statuses it applies to, status it leads to).
CALL, RECALL, START, FINISH, MARK_NO_SHOW, TRANSFER = (
    "call", "recall", "start", "finish", "no_show", "transfer")
ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    CALL: (WAITING, CALLED),
    RECALL: ((CALLED,), CALLED),
    START: ((CALLED,), SERVING),
    FINISH: ((CALLED, SERVING), SERVED),
    MARK_NO_SHOW: ((CALLED,), NO_SHOW),
    TRANSFER: ((CALLED, SERVING), TRANSFERRED),
}


class LifeError(TranslatableError):
    """An action that makes no sense for the ticket now; `text(lang)` says why plainly."""


@dataclass(frozen=True)
class TicketLife:
    """Where a ticket stands on the counter side."""

    number: str
    status: str = ISSUED
    counter_id: str | None = None   # the counter holding it (called / serving)
    recalls: int = 0                # recalls since it was last called


@dataclass(frozen=True)
class Step:
    """One recorded step: what happened, when, at which counter, by which officer."""

    action: str
    status: str                      # the status after the step
    at: datetime
    counter_id: str | None
    officer: str
    detail: dict = field(default_factory=dict)   # recall count; transfer target and place


def can_become(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def advance(life: TicketLife, action: str, *, at: datetime, counter_id: str, officer: str,
            no_show_after_recalls: int, to_service: str | None = None,
            to_front: bool = False) -> tuple[TicketLife, Step]:
    """Apply an officer's action; raise LifeError when it makes no sense now."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    sources, target = ACTIONS[action]
    if life.status not in sources:
        if life.status not in _REFUSAL:
            raise ValueError(f"unknown ticket status {life.status!r}")
        raise LifeError(_REFUSAL[life.status], number=life.number)
    if action != CALL and life.counter_id != counter_id:
        raise LifeError(N_("Number {number} is being handled at another counter."),
                        number=life.number)
    detail: dict = {}
    recalls = life.recalls
    if action == RECALL:
        if recalls >= no_show_after_recalls:
            raise LifeError(N_("Number {number} has been called again {n} times: mark it as "
                               "not present."), number=life.number, n=recalls)
        recalls += 1
        detail["recall"] = recalls
    elif action == MARK_NO_SHOW and recalls < no_show_after_recalls:
        raise LifeError(N_("Call number {number} again first: it may be marked not present "
                           "after {n} recalls."), number=life.number, n=no_show_after_recalls)
    elif action == TRANSFER:
        if not to_service:
            raise ValueError("a transfer needs the target service")
        detail = {"to_service": to_service, "place": "front" if to_front else "back"}
    holder = counter_id if target in AT_COUNTER else None
    if action in (CALL, TRANSFER):
        recalls = 0
    new = replace(life, status=target, counter_id=holder, recalls=recalls)
    return new, Step(action, target, at, counter_id, officer, detail)


_REFUSAL = {
    SERVED: N_("Number {number} has already been served."),
    NO_SHOW: N_("Number {number} was marked not present."),
    CANCELLED: N_("Number {number} was cancelled."),
    PRINTING: N_("Number {number} is still being printed."),
    CALLED: N_("Number {number} has already been called."),
    SERVING: N_("Number {number} is being served."),
    ISSUED: N_("Number {number} has not been called yet."),
    NOT_PRINTED: N_("Number {number} has not been called yet."),
    TRANSFERRED: N_("Number {number} has not been called yet."),
}
