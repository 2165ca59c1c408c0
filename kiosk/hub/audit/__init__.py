"""The audit log of the hub: who did what, when and from where (append-only).

    log     Audit(store, clock): record(username, action, target, detail, address) and
            recent(limit, offset, username, action); the action names (ACTIONS)
    store   AuditStore: the hub_audit table's SQL (mixed into HubStore; hub migration 5)

Staff log-ins and failures, log-outs, counter actions, complaints marked handled, report
exports, account changes and kiosk-token changes are recorded. Nothing here updates or
deletes a record, and no API endpoint does: an admin reads it (GET /v1/audit). A record
never holds personal data (a visitor's contact, a NIK) or a password: only user names,
ids and numbers.
"""

from .log import ACTIONS, Audit

__all__ = ["ACTIONS", "Audit"]
