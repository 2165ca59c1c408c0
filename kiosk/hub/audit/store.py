"""SQL of the audit log (mixed into kiosk.hub.store.HubStore; table: hub migration 5).
Append and read only: there is deliberately no update or delete here."""

from __future__ import annotations

COLUMNS = ("at", "username", "action", "target", "detail", "address")


class AuditStore:
    def add_audit(self, at: str, username: str | None, action: str, target: str,
                  detail: str, address: str) -> None:
        # ids in commit order (MAX + 1 under one lock), as for hub_event: PostgreSQL has
        # no implicit rowid, and the order of records is the order things happened.
        with self.transaction() as db:
            self._serialise(db, "audit")
            last = db.execute("SELECT COALESCE(MAX(id), 0) FROM hub_audit").fetchone()[0]
            db.execute("INSERT INTO hub_audit (id, at, username, action, target, detail, "
                       "address) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (last + 1, at, username, action, target, detail, address))

    def audit_rows(self, limit: int, offset: int, username: str | None = None,
                   action: str | None = None) -> list[dict]:
        where, args = [], []
        if username is not None:
            where.append("username=?")
            args.append(username)
        if action is not None:
            where.append("action=?")
            args.append(action)
        sql = (f"SELECT {', '.join(COLUMNS)} FROM hub_audit "
               f"{'WHERE ' + ' AND '.join(where) if where else ''} "
               "ORDER BY id DESC LIMIT ? OFFSET ?")
        return [dict(zip(COLUMNS, row)) for row in self.query(sql, (*args, limit, offset))]
