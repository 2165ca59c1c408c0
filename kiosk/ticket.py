"""The queue ticket as a record: its statuses and the two shapes it takes.

    TicketRow   what the stores keep (times as ISO text, the numbering group and sequence)
    Ticket      what the service hands screens, printers and the hub's wire (times aware,
                in the MPP's zone)

Both share the visitor-facing facts (`TicketFacts`), so a field is declared once. Status
names are the constants below; no other module spells them as strings. (The printed
ticket's layout is kiosk.tickets.)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from zoneinfo import ZoneInfo

from kiosk.i18n import N_

# Ticket life: printing -> issued | not_printed | cancelled; not_printed -> issued (reprint).
PRINTING, ISSUED, NOT_PRINTED, CANCELLED = "printing", "issued", "not_printed", "cancelled"
HELD = (PRINTING, ISSUED, NOT_PRINTED)        # numbers a visitor holds (or may hold)
TRANSITIONS = {
    PRINTING: {ISSUED, NOT_PRINTED, CANCELLED},
    NOT_PRINTED: {ISSUED, CANCELLED},
    ISSUED: {CANCELLED},
    CANCELLED: set(),
}

# Each status as staff read it (the stored keys are not words).
STATUS_WORDS = {
    PRINTING: N_("printing"),
    ISSUED: N_("printed"),
    NOT_PRINTED: N_("not printed"),
    CANCELLED: N_("cancelled"),
}


@dataclass(frozen=True)
class TicketFacts:
    id: str
    number: str
    agency_id: str
    service_id: str
    priority: str | None
    booking_id: str | None
    kiosk_id: str
    status: str
    people_ahead: int
    wait_minutes: int


FACTS = tuple(f.name for f in fields(TicketFacts))


@dataclass(frozen=True)
class TicketRow(TicketFacts):
    day: str = ""
    grp: str = ""
    seq: int = 0
    request_id: str | None = None
    issued_at: str = ""
    updated_at: str = ""

    @classmethod
    def of(cls, ticket: "Ticket", request_id: str | None) -> "TicketRow":
        """A ticket numbered elsewhere (the hub), as this store keeps a copy of it."""
        stamp = ticket.issued_at.isoformat(timespec="milliseconds")
        grp, _, seq = ticket.number.rpartition("-")
        return cls(**{name: getattr(ticket, name) for name in FACTS}, day=ticket.day.isoformat(),
                   grp=grp, seq=int(seq), request_id=request_id, issued_at=stamp,
                   updated_at=stamp)

    def values(self) -> tuple:
        """In COLUMNS order, for an INSERT."""
        return tuple(getattr(self, name) for name in COLUMNS_LIST)


COLUMNS_LIST = tuple(f.name for f in fields(TicketRow))
COLUMNS = ", ".join(COLUMNS_LIST)


@dataclass(frozen=True)
class Ticket(TicketFacts):
    issued_at: datetime = None      # aware, in the MPP's zone
    day: date = None
    fresh: bool = False             # True only on the call that took the number

    @classmethod
    def of(cls, row: TicketRow, zone: ZoneInfo, fresh: bool = False) -> "Ticket":
        return cls(**{name: getattr(row, name) for name in FACTS},
                   issued_at=datetime.fromisoformat(row.issued_at).astimezone(zone),
                   day=date.fromisoformat(row.day), fresh=fresh)

    @property
    def held(self) -> bool:
        return self.status != CANCELLED

    def to_json(self) -> dict:
        data = asdict(self)
        data["issued_at"] = self.issued_at.isoformat()
        data["day"] = self.day.isoformat()
        return data
