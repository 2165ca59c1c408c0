"""How long each kind of record is kept, and the daily purge (UU 27/2022 PDP, Pasal 16:
personal data is kept only as long as its purpose needs it, then deleted).

What each kind holds, its default and why an MPP can defend it:

  bookings      the booking register: the signed code (NIK hash and last four, card hash).
                31 days: a check-in is done the day it is made; a month lets staff answer a
                complaint about it. Tickets keep their booking id only as long.
  card_hashes   a booking's keyed card hash, used only to find today's booking at a tap.
                1 day (the day after, it is cleared; the register row stays its 31 days).
  contacts      the contact a visitor left with an SKM suggestion (and the "other
                occupation" text). 90 days: time to answer a complaint (UU 25/2009 asks for
                answers within weeks), then no reason to hold a phone number.
  suggestions   the suggestion or complaint text itself. 365 days: the yearly follow-up
                report lists them; after it, only the count matters.
  skm_answers   the nine unsur scores and the respondent profile (no name, no contact).
                1100 days (about three years): the IKM is reported yearly (PermenPANRB
                14/2017) and compared with the two years before. No identity once the
                contact and the text are gone.
  votes         face votes (a face, a reason key, an hour): 1100 days, as SKM answers.
  tickets       numbers, services and times: the IKM's population (tickets taken) and the
                demand report. 1100 days, as SKM answers, so a past year's IKM report keeps
                its population.

Every limit counts local days back from today: with `suggestions = 365`, a suggestion of
day D is cleared on day D + 366. The IKM for any period inside the answers' limit is
unchanged by the purge, because the scores are never touched before their own limit.
The minima keep what the yearly report needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

KINDS = {
    "tickets": "the yearly IKM report's population and the demand report need a year",
    "votes": "the yearly votes report needs a year",
    "skm_answers": "the yearly IKM report needs a year of answers",
    "suggestions": "the follow-up of a suggestion needs a month",
    "contacts": "answering a complaint needs a week",
    "bookings": "a check-in is done the day it is made",
    "card_hashes": "a card tap finds the booking of the day",
}
DEFAULT_KEEP_DAYS = {"tickets": 1100, "votes": 1100, "skm_answers": 1100, "suggestions": 365,
                     "contacts": 90, "bookings": 31, "card_hashes": 1}
MIN_KEEP_DAYS = {"tickets": 400, "votes": 400, "skm_answers": 400, "suggestions": 30,
                 "contacts": 7, "bookings": 1, "card_hashes": 1}
# Outbox entries already delivered to the hub carry copies of votes and SKM answers (text
# included); they go with the shortest text limit.
OUTBOX_KIND = "contacts"


@dataclass(frozen=True)
class PurgeLine:
    kind: str
    before: str            # local day: records of earlier days go
    count: int


def cutoffs(keep_days: dict[str, int], today: date) -> dict[str, str]:
    """kind -> the first local day still kept."""
    return {kind: (today - timedelta(days=days)).isoformat()
            for kind, days in keep_days.items()}


def purge(store, keep_days: dict[str, int], today: date, dry_run: bool = False) -> list[PurgeLine]:
    """Delete or clear what is older than its limit; with dry_run, only count it.
    Works on the kiosk store and on the hub's (SQLite and PostgreSQL): the SQL is the
    store's own (Store.purge_expired)."""
    limits = cutoffs({**DEFAULT_KEEP_DAYS, **keep_days}, today)
    limits["outbox"] = limits[OUTBOX_KIND]
    counts = store.purge_expired(limits, dry_run=dry_run)
    return [PurgeLine(kind, limits[kind], n) for kind, n in counts.items()]


def describe(lines: list[PurgeLine], dry_run: bool) -> list[str]:
    verb = "would go" if dry_run else "gone"
    return [f"{line.kind:<14} {line.count:>7} {verb} (records before {line.before})"
            for line in lines]
