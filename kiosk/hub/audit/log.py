"""Audit: record a staff action, read the newest records (kiosk.hub.audit)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

# What is recorded (the `action` column). Counter actions are "counter." + the endpoint's
# last path segment (call-next, call, recall, no-show, start, finish, transfer, pause,
# resume, close).
ACTIONS = (
    "login", "login_failed", "logout", "password_changed",
    "counter.call-next", "counter.call", "counter.recall", "counter.no-show",
    "counter.start", "counter.finish", "counter.transfer", "counter.pause",
    "counter.resume", "counter.close",
    "suggestion.handled", "report.export",
    "user.add", "user.passwd", "user.disable",
    "token.kiosk", "token.display",
)
FIELD_MAX = 200        # a record is a line, never a document


def _cut(text: str | None) -> str:
    return (text or "").replace("\x00", "")[:FIELD_MAX]


class Audit:
    def __init__(self, store, clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.store = store
        self.clock = clock

    def record(self, username: str | None, action: str, target: str = "", detail: str = "",
               address: str = "") -> None:
        """Append one record (in the caller's transaction when there is one: an action and
        its record commit together). `username` as typed for a failed log-in; None for
        the command line (address "cli")."""
        at = self.clock().astimezone(timezone.utc).isoformat(timespec="milliseconds")
        self.store.add_audit(at, _cut(username) if username is not None else None,
                             _cut(action), _cut(target), _cut(detail), _cut(address))

    def recent(self, limit: int = 100, offset: int = 0, username: str | None = None,
               action: str | None = None) -> list[dict]:
        """Newest first: {at (UTC ISO), username, action, target, detail, address}."""
        limit = max(0, min(int(limit), 1000))
        return self.store.audit_rows(limit, max(0, int(offset)), username, action)
