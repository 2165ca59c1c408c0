"""The one-tap exit vote: four faces, their shares, and the misuse filter in front of them.

The face vote is not the SKM (PermenPANRB 14/2017): it is its own measure, reported as the
share of each face per agency and hour. Faces score 1..4 like the SKM scale so both read the
same way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Callable, Hashable, Iterable, Mapping, Sequence

from kiosk.i18n import N_, tr

from .errors import SurveyError
from .ikm import rounded


@dataclass(frozen=True)
class Face:
    score: int
    key: str
    label: str  # English msgid; Indonesian in locale/id/survey.po

    def text(self, lang: str = "id") -> str:
        return tr(self.label, lang)


FACES: tuple[Face, ...] = (
    Face(1, "sangat_tidak_puas", N_("Very dissatisfied")),
    Face(2, "tidak_puas", N_("Dissatisfied")),
    Face(3, "puas", N_("Satisfied")),
    Face(4, "sangat_puas", N_("Very satisfied")),
)


def face(score) -> Face:
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 4:
        raise SurveyError("A face vote must be a whole number from 1 to 4, not {score!r}",
                          score=score)
    return FACES[score - 1]


# --- shares -------------------------------------------------------------------------------

@dataclass(frozen=True)
class FaceShares:
    counts: tuple[int, int, int, int]  # votes for faces 1, 2, 3, 4

    @classmethod
    def from_counts(cls, counts: Mapping[int, int]) -> FaceShares:
        """From SQL `GROUP BY face` totals {face: count}; absent faces count 0."""
        for score, count in counts.items():
            _vote_count(count, face(score).score)
        return cls(tuple(counts.get(score, 0) for score in (1, 2, 3, 4)))

    @property
    def total(self) -> int:
        return sum(self.counts)

    def count(self, score: int) -> int:
        return self.counts[face(score).score - 1]

    def share(self, score: int) -> Fraction:
        """Share of votes for one face, 0 … 1 (0 when there are no votes)."""
        return Fraction(self.count(score), self.total) if self.total else Fraction(0)

    def percent(self, score: int, places: int = 1) -> Decimal:
        return rounded(self.share(score) * 100, places)

    @property
    def satisfied(self) -> Fraction:
        """Share of the two happy faces (puas + sangat puas)."""
        return self.share(3) + self.share(4)

    @property
    def mean(self) -> Fraction | None:
        if not self.total:
            return None
        return Fraction(sum(score * n for score, n in zip((1, 2, 3, 4), self.counts)), self.total)


def face_shares(rows: Iterable[Mapping], by: Sequence[str] | Callable[[Mapping], Hashable]
                = ("agency", "hour"), face_field: str = "face",
                count_field: str | None = None) -> dict[Hashable, FaceShares]:
    """Shares of each face per group, from vote rows such as {"agency", "hour", "face"}.

    `by` names the fields forming the group key (a tuple, in that order; `()` gives one
    overall group) or is a function row -> key. Groups come out in first-seen order.
    With `count_field`, each row is already a SQL `GROUP BY … face` total holding that many
    votes (e.g. sqlite3.Row with a column "n").
    """
    key_of = by if callable(by) else (lambda row, fields=tuple(by): tuple(row[f] for f in fields))
    tallies: dict[Hashable, list[int]] = {}
    for row in rows:
        score = face(row[face_field]).score
        tally = tallies.get(key := key_of(row))
        if tally is None:
            tally = tallies[key] = [0, 0, 0, 0]
        tally[score - 1] += _vote_count(row[count_field], score) if count_field else 1
    return {key: FaceShares(tuple(tally)) for key, tally in tallies.items()}


def _vote_count(count, score: int) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise SurveyError("Vote count for face {score} must be a whole number ≥ 0, "
                          "not {count!r}", score=score, count=count)
    return count


# --- misuse filter ------------------------------------------------------------------------

@dataclass(frozen=True)
class Vote:
    face: int
    ticket: str | None  # ticket id when the visitor scanned their ticket, else None
    at: float  # clock time of the first press
    presses: int = 1  # presses folded into this vote


@dataclass(frozen=True)
class VoteDecision:
    action: str  # "accepted", "changed", "ignored" or "already_voted"
    vote: Vote | None = None  # the pending vote after this press (accepted / changed)

    @property
    def counted(self) -> bool:
        """The press started or changed a vote: show (or keep showing) the thank-you."""
        return self.action in ("accepted", "changed")

    def message(self, lang: str = "id") -> str:
        if self.action == "already_voted":
            return tr(ALREADY_VOTED, lang)
        return ""


ALREADY_VOTED = N_("This ticket has already been used to give a rating. Thank you!")


class VoteFilter:
    """Turns raw face presses into votes. Pure: time comes from the injected `clock`.

    The rule:
    - The first press starts a vote and opens a correction window (`correction_window`,
      default 1.5 s). Presses inside the window with the same ticket (or both unbound)
      replace the face: the last press wins, so "sad, happy, sad, happy" is one vote.
    - After that, presses are ignored until the kiosk has been quiet for `cooldown` seconds
      (default 3 s). Every ignored press restarts that quiet time, so holding or mashing the
      screen never makes a second vote.
    - A ticket votes once. Its second vote is refused with a kind message (`already_voted`),
      even after the cooldown. A press bound to a fresh ticket is accepted at once, even
      during the cooldown: scanning a new ticket proves a new visitor is there.
    - Votes are final when their window closes; `settle()` hands them over for storing
      (so nothing has to be updated after it is written), `flush()` at shutdown.
    """

    def __init__(self, *, cooldown: float = 3.0, correction_window: float = 1.5,
                 clock: Callable[[], float] = time.monotonic,
                 voted_tickets: Iterable[str] = ()):
        if not 0 <= correction_window <= cooldown:
            raise SurveyError("The correction window ({window} s) must be between 0 and the "
                              "cooldown ({cooldown} s)", window=correction_window,
                              cooldown=cooldown)
        self.cooldown = cooldown
        self.correction_window = correction_window
        self.clock = clock
        self._voted = set(voted_tickets)
        self._pending: Vote | None = None
        self._settled: list[Vote] = []
        self._last_press: float | None = None

    @property
    def pending(self) -> Vote | None:
        """The vote still inside its correction window, if any."""
        self._close_window(self.clock())
        return self._pending

    def has_voted(self, ticket: str) -> bool:
        return ticket in self._voted

    def press(self, score: int, ticket: str | None = None) -> VoteDecision:
        score = face(score).score
        ticket = ticket or None
        now = self.clock()
        self._close_window(now)
        pending = self._pending

        if pending is not None and pending.ticket == ticket:
            self._last_press = now
            if score == pending.face:
                return VoteDecision("ignored", pending)  # a double tap on the same face
            self._pending = replace(pending, face=score, presses=pending.presses + 1)
            return VoteDecision("changed", self._pending)

        if ticket is not None and ticket in self._voted:
            return VoteDecision("already_voted")

        quiet = self._last_press is None or now - self._last_press >= self.cooldown
        if ticket is None and not quiet:
            self._last_press = now
            return VoteDecision("ignored")

        self._close_pending()  # a new visitor ends the previous correction window early
        self._pending = Vote(face=score, ticket=ticket, at=now)
        if ticket is not None:
            self._voted.add(ticket)
        self._last_press = now
        return VoteDecision("accepted", self._pending)

    def settle(self) -> list[Vote]:
        """Votes that are now final, oldest first; each is returned once."""
        self._close_window(self.clock())
        settled, self._settled = self._settled, []
        return settled

    def flush(self) -> list[Vote]:
        """Every vote, the pending one included (the kiosk is closing)."""
        self._close_pending()
        return self.settle()

    def seconds_until_settled(self) -> float | None:
        """When to call `settle()` next (None: nothing pending)."""
        if self.pending is None:
            return None
        return max(0.0, self._pending.at + self.correction_window - self.clock())

    def _close_window(self, now: float) -> None:
        if self._pending is not None and now - self._pending.at >= self.correction_window:
            self._close_pending()

    def _close_pending(self) -> None:
        if self._pending is not None:
            self._settled.append(self._pending)
            self._pending = None
