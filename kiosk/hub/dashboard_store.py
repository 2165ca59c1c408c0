"""SQL of the managers' dashboard (mixed into kiosk.hub.store.HubStore): the complaint
inbox's reply notes (hub migration 6: the staff's note on a suggestion or complaint, one per
SKM response, kept beside it; the kiosk's skm_response stays as it is)."""

from __future__ import annotations


class DashboardStore:
    def set_suggestion_note(self, response_id: str, note: str, username: str, at: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO hub_suggestion_note (response_id, note, username, at) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (response_id) DO UPDATE SET "
                       "note=excluded.note, username=excluded.username, at=excluded.at",
                       (response_id, note, username, at))

    def suggestion_notes(self, response_ids: list[str]) -> dict[str, dict]:
        """{response id: {note, username, at}} for those that have one."""
        out: dict[str, dict] = {}
        for start in range(0, len(response_ids), 500):
            part = response_ids[start:start + 500]
            marks = ", ".join("?" * len(part))
            for rid, note, username, at in self.query(
                    "SELECT response_id, note, username, at FROM hub_suggestion_note WHERE "
                    f"response_id IN ({marks})", tuple(part)):
                out[rid] = {"note": note, "username": username, "at": at}
        return out

    def suggestion_agency(self, response_id: str) -> tuple[bool, str | None]:
        """(True, its agency) for an SKM response that left a suggestion; (False, None)."""
        rows = self.query("SELECT agency_id FROM skm_response WHERE id=? AND suggestion IS NOT "
                          "NULL AND suggestion != ''", (response_id,))
        return (True, rows[0][0]) if rows else (False, None)
