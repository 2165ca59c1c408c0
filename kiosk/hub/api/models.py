"""The request bodies the hub's API takes: each field bounded, so bad input is a 422, never a
500 or an unbounded string in the store."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from kiosk.hub.api.deps import ID_PATTERN, REASON_PATTERN, TEXT, Priority, TicketId
from kiosk.survey import records


class IssueIn(BaseModel):
    service_id: str = Field(pattern=ID_PATTERN)
    priority: Priority | None = None
    booking_id: str | None = Field(None, max_length=64, pattern=TEXT)


class OfflineTicketIn(BaseModel):
    id: str = Field(pattern=r"^[0-9A-Z]{10}$")
    day: date
    group: str = Field(pattern=r"^[A-Z0-9]{1,3}$")
    seq: int = Field(ge=1, le=999999)
    service_id: str = Field(pattern=ID_PATTERN)
    priority: Priority | None = None
    booking_id: str | None = Field(None, max_length=64, pattern=TEXT)
    people_ahead: int = Field(0, ge=0, le=100000)
    wait_minutes: int = Field(0, ge=0, le=100000)
    issued_at: datetime


class ReasonIn(BaseModel):
    reason: str = Field("", max_length=500, pattern=TEXT)


class CheckInIn(BaseModel):
    """A scanned or typed booking code, or a card tapped to find today's booking."""
    code: str | None = Field(None, min_length=1, max_length=4096)
    card_id: str | None = Field(None, min_length=1, max_length=64)


class VoteIn(BaseModel):
    face: int = Field(ge=1, le=4)
    ticket_id: TicketId | None = None
    agency_id: str | None = Field(None, pattern=ID_PATTERN)
    service_id: str | None = Field(None, pattern=ID_PATTERN)
    reason: str | None = Field(None, max_length=500, pattern=TEXT)
    at: datetime | None = None


class VoteAmendIn(BaseModel):
    """Follow-up answers to a vote already sent; a field left out is left as it is."""
    agency_id: str | None = Field(None, pattern=ID_PATTERN,
                                  description="only for a vote given without a ticket")
    reason: str | None = Field(None, pattern=REASON_PATTERN,
                               description="main reason key: waktu, perilaku, prosedur, "
                                           "persyaratan, sarana or lainnya")


class SkmIn(BaseModel):
    profile: dict[str, Annotated[str, Field(max_length=200, pattern=TEXT)] | int | None] = \
        Field(max_length=10)
    answers: dict[str, int] = Field(max_length=20)
    ticket_id: TicketId | None = None
    agency_id: str | None = Field(None, pattern=ID_PATTERN)
    service_id: str | None = Field(None, pattern=ID_PATTERN)
    suggestion: str = Field("", max_length=records.SUGGESTION_MAX, pattern=TEXT)
    contact: str = Field("", max_length=records.CONTACT_MAX, pattern=TEXT)
    at: datetime | None = None


class HeartbeatIn(BaseModel):
    devices: dict[str, str] = Field(default_factory=dict, max_length=20)
    online_since: datetime | None = None
    outbox: int = Field(0, ge=0)
    version: str = Field("", max_length=40, pattern=TEXT)
    catalog: str = Field("", max_length=40, pattern=TEXT)   # its catalog file's version


class BlockIn(BaseModel):
    day: date
    group: str = Field(pattern=r"^[A-Z0-9]{1,3}$")
    size: int = Field(ge=1, le=500)
