"""The two-phase print that turns a tap (or a booking scan) into a ticket in a visitor's hand.

1. the service takes the number (stored *printing*);
2. the printer prints it and confirms that printing reached the end of the job;
3. *issued* only when the printer confirms, otherwise *not printed*: the number stays the
   visitor's and the screen shows it with its QR.
The printer's full word is kept (`printer_status`, e.g. PAPER_NEAR_END on a ticket that did
print), so the app can warn staff before the roll runs out in front of a visitor.
Blocking (store, serial): run it from a worker thread, never the UI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from kiosk.i18n import pick
from kiosk.service import KioskService
from kiosk.ticket import ISSUED, NOT_PRINTED, Ticket
from kiosk.tickets import TicketContent, layout, ticket_qr_payload

log = logging.getLogger(__name__)


class PrintOutcomeLike(Protocol):
    ok: bool
    detail: str
    status: object  # devices.printer.PrinterStatus; `.value` is its key, e.g. "paper_near_end"


class TicketPrinterLike(Protocol):
    """What the journey needs of a printer (devices/printer.py provides it)."""

    def print_ticket(self, blocks) -> PrintOutcomeLike: ...


@dataclass(frozen=True)
class Outcome:
    ticket: Ticket
    printed: bool
    detail: str = ""
    content: TicketContent | None = None
    printer_status: object = None  # what the printer said (a PrinterStatus), None if not asked

    @property
    def paper_near_end(self) -> bool:
        return getattr(self.printer_status, "value", self.printer_status) == "paper_near_end"


def ticket_content(service: KioskService, ticket: Ticket, lang: str = "id") -> TicketContent:
    settings, catalog = service.settings, service.catalog
    svc = catalog.service(ticket.service_id)
    agency = catalog.agency(ticket.agency_id)
    return TicketContent(
        mpp_name=settings.mpp_name, mpp_region=settings.mpp_region,
        agency_name=pick(agency.name, lang) if agency else ticket.agency_id,
        service_name=pick(svc.name, lang) if svc else ticket.service_id,
        number=ticket.number, counter=pick(agency.counter, lang) if agency else "",
        issued_at=ticket.issued_at, people_ahead=ticket.people_ahead,
        wait_minutes=ticket.wait_minutes, priority=bool(ticket.priority),
        qr_payload=ticket_qr_payload(ticket.id), lang=lang,
        agency_short=(agency.short or "") if agency else "")


def print_ticket(service: KioskService, printer: TicketPrinterLike | None, ticket: Ticket,
                 lang: str = "id", logo_key: str = "") -> Outcome:
    """Print an already-taken number and record whether it came out."""
    content = ticket_content(service, ticket, lang)
    if printer is None:
        detail = "no printer configured"
        return Outcome(service.fail_printing(ticket.id, detail), False, detail, content)
    ok, detail, status = _print(printer, layout(content, logo_key), ticket.number)
    if ok:
        return Outcome(service.confirm_printed(ticket.id), True, detail, content, status)
    return Outcome(service.fail_printing(ticket.id, detail or "not printed"), False, detail,
                   content, status)


def _print(printer: TicketPrinterLike, blocks, number: str) -> tuple[bool, str, object]:
    try:
        result = printer.print_ticket(blocks)
        return (bool(result.ok), str(getattr(result, "detail", "")),
                getattr(result, "status", None))
    except Exception as exc:  # a driver bug must not lose the number the visitor holds
        log.exception("printer raised while printing %s", number)
        return False, f"printer error: {exc}", None


def issue_and_print(service: KioskService, printer: TicketPrinterLike | None, service_id: str,
                    priority: str | None = None, request_id: str | None = None,
                    lang: str = "id", logo_key: str = "") -> Outcome:
    """Take a number and print it. Raises queueing.Refused when no number can be taken.

    The same `request_id` (a double tap, a retry) returns the same ticket; one that was
    already printed is not printed again.
    """
    ticket = service.issue_ticket(service_id, priority=priority, request_id=request_id)
    if not ticket.fresh:  # the other tap is printing it, or already has
        return Outcome(ticket, ticket.status == ISSUED, "already handled",
                       ticket_content(service, ticket, lang))
    return print_ticket(service, printer, ticket, lang, logo_key)


@dataclass(frozen=True)
class CheckInOutcome:
    """A booking scan's answer; `outcome` is set when there is a ticket to show."""

    check: "CheckIn"
    outcome: Outcome | None = None


def check_in_and_print(service: KioskService, printer: TicketPrinterLike | None,
                       code: str | None = None, card_id: str | None = None, lang: str = "id",
                       logo_key: str = "") -> CheckInOutcome:
    """Check a booking in (by code, or by card) and print its ticket through the same two
    phases as a walk-in. A booking checked in before is shown again, not printed again (a
    reprint is the visitor's choice, within the limit). Raises queueing.Refused."""
    check = service.check_in_card(card_id) if card_id is not None else service.check_in(code)
    if check.ticket is None:
        return CheckInOutcome(check)
    ticket = check.ticket
    if check.repeat:
        return CheckInOutcome(check, Outcome(ticket, ticket.status == ISSUED, "already checked in",
                                             ticket_content(service, ticket, lang)))
    return CheckInOutcome(check, print_ticket(service, printer, ticket, lang, logo_key))


def reprint_ticket(service: KioskService, printer: TicketPrinterLike | None, ticket: Ticket,
                   lang: str = "id", logo_key: str = "") -> Outcome:
    """Print an existing ticket again (staff, or a booked visitor within the limit). A
    failed reprint leaves an issued ticket issued; a ticket never printed becomes issued
    once a reprint comes out."""
    service.note_reprint(ticket.id)
    content = ticket_content(service, ticket, lang)
    if printer is None:
        return Outcome(ticket, False, "no printer configured", content)
    ok, detail, status = _print(printer, layout(content, logo_key), ticket.number)
    if ok and ticket.status == NOT_PRINTED:
        ticket = service.confirm_printed(ticket.id)
    return Outcome(ticket, ok, detail or ("printed" if ok else "not printed"), content, status)
