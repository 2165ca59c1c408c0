"""Staff alerts kept as message ids with their values, so the staff panel shows each in the
panel's language when it is read (not in the language the kiosk had when it happened), and
a repeated alert is said once.

A value with a `message(lang)` method (a devices.printer.PrinterStatus) is put in its words
for that language; other values are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.i18n import N_, tr

from kiosk.ticket import STATUS_WORDS as TICKET_STATES


def ticket_state_text(status: str, lang: str) -> str:
    return tr(TICKET_STATES[status], lang) if status in TICKET_STATES else status


def _shown(value, lang: str):
    message = getattr(value, "message", None)
    return message(lang) if callable(message) else value


@dataclass
class Alert:
    stamp: str  # HH.MM, local time
    msgid: str
    values: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        shown = {key: _shown(value, lang) for key, value in self.values.items()}
        return f"{self.stamp} {tr(self.msgid, lang, **shown)}"


class AlertLog:
    """The last `keep` alerts, newest first."""

    def __init__(self, keep: int = 5):
        self.keep = keep
        self.alerts: list[Alert] = []

    def add(self, stamp: str, msgid: str, **values) -> bool:
        """Keep an alert; False (and nothing kept) when it repeats the newest one."""
        if self.alerts and (self.alerts[0].msgid, self.alerts[0].values) == (msgid, values):
            return False
        self.alerts = [Alert(stamp, msgid, values)] + self.alerts[: self.keep - 1]
        return True

    def clear(self) -> None:
        self.alerts = []

    def text(self, lang: str) -> str:
        return "\n".join(alert.text(lang) for alert in self.alerts)


PRINTER_ALERT = N_("{printer}")  # a printer status, in its own words
TICKET_NOT_PRINTED = N_("ticket {number} not printed: {reason}")
STAFF_CALLED = N_("the visitor with ticket {number} asks for staff at this kiosk")
