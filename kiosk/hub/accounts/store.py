"""SQL of the staff accounts (mixed into kiosk.hub.store.HubStore; tables: hub migration 4).
Only hashes are kept: argon2 for passwords, SHA-256 for session secrets (256 random bits)."""

from __future__ import annotations


class StaffStore:
    def staff_row(self, username: str) -> dict | None:
        rows = self.query("SELECT username, role, agency_id, password_hash, failures, "
                          "locked_until, disabled_at, created_at, must_change FROM staff_user WHERE "
                          "username=?", (username,))
        return dict(zip(rows[0].keys(), rows[0])) if rows else None

    def staff_rows(self) -> list[dict]:
        rows = self.query("SELECT username, role, agency_id, failures, locked_until, "
                          "disabled_at, created_at, must_change FROM staff_user ORDER BY username")
        return [dict(zip(r.keys(), r)) for r in rows]

    def add_staff(self, username: str, role: str, agency_id: str | None, password_hash: str,
                  at: str, must_change: bool = False) -> bool:
        """False when the username exists already."""
        with self.transaction() as db:
            self._serialise(db, f"staff/{username}")
            if db.execute("SELECT 1 FROM staff_user WHERE username=?", (username,)).fetchone():
                return False
            db.execute("INSERT INTO staff_user (username, role, agency_id, password_hash, "
                       "created_at, must_change) VALUES (?, ?, ?, ?, ?, ?)",
                       (username, role, agency_id, password_hash, at, int(must_change)))
            return True

    def update_staff(self, username: str, **values) -> bool:
        allowed = {"password_hash", "failures", "locked_until", "disabled_at", "role",
                   "agency_id", "must_change"}
        assert set(values) <= allowed, values
        sets = ", ".join(f"{k}=?" for k in values)
        with self.transaction() as db:
            cursor = db.execute(f"UPDATE staff_user SET {sets} WHERE username=?",
                                (*values.values(), username))
            return cursor.rowcount == 1

    def note_login_failure(self, username: str, max_failures: int, locked_until: str) -> int:
        """Count a failed password; at `max_failures` lock the account until `locked_until`
        and start counting afresh. Returns the failures now counted (0 when just locked)."""
        with self.transaction() as db:
            self._serialise(db, f"staff/{username}")
            row = db.execute("SELECT failures FROM staff_user WHERE username=?",
                             (username,)).fetchone()
            if row is None:
                return 0
            failures = row[0] + 1
            if failures >= max_failures:
                db.execute("UPDATE staff_user SET failures=0, locked_until=? WHERE username=?",
                           (locked_until, username))
                return 0
            db.execute("UPDATE staff_user SET failures=? WHERE username=?", (failures, username))
            return failures

    def add_session(self, secret_hash: str, username: str, created_at: str,
                    expires_at: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO staff_session (hash, username, created_at, expires_at) "
                       "VALUES (?, ?, ?, ?)", (secret_hash, username, created_at, expires_at))

    def session_row(self, secret_hash: str) -> dict | None:
        rows = self.query("SELECT s.username, s.expires_at, s.revoked_at, s.created_at, "
                          "s.seen_at, u.role, u.agency_id, u.disabled_at, u.must_change "
                          "FROM staff_session s JOIN staff_user u ON "
                          "u.username = s.username WHERE s.hash=?", (secret_hash,))
        return dict(zip(rows[0].keys(), rows[0])) if rows else None

    def touch_session(self, secret_hash: str, at: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE staff_session SET seen_at=? WHERE hash=?", (at, secret_hash))

    def revoke_sessions(self, at: str, *, secret_hash: str | None = None,
                        username: str | None = None, keep: str | None = None) -> None:
        """End one session (by hash) or every session of a user but `keep` (a hash)."""
        column, value = ("hash", secret_hash) if secret_hash else ("username", username)
        with self.transaction() as db:
            db.execute(f"UPDATE staff_session SET revoked_at=? WHERE {column}=? AND "
                       "revoked_at IS NULL AND hash <> ?", (at, value, keep or ""))
