"""SQL of the managers' dashboard (mixed into kiosk.hub.store.HubStore): the complaint
inbox's reply notes (hub migration 8: the staff's note on a suggestion or complaint, one per
SKM response, kept beside it; the kiosk's skm_response stays as it is), the live page's
counts, and the IKM and face-vote figures read from the daily totals that triggers keep
(kiosk.hub.daily_totals, hub migration 9) instead of a month of rows.
"""

from __future__ import annotations

from kiosk.hub.daily_totals import SKM
from kiosk.store import UNSUR_COLUMNS

DAILY = ("day", "agency_id", "service_id")


class DashboardStore:
    def skm_totals(self, day_from: str, day_to: str, agency_id: str | None = None,
                   service_id: str | None = None, by: tuple[str, ...] = ()) -> list[dict]:
        """kiosk.store.Store.skm_totals; the daily grouping the IKM report asks for is
        answered from the daily totals."""
        if tuple(by) != DAILY:
            return super().skm_totals(day_from, day_to, agency_id, service_id, by)
        where, args = ["day BETWEEN ? AND ?", "respondents > 0"], [day_from, day_to]
        for column, value in (("agency_id", agency_id), ("service_id", service_id)):
            if value:
                where.append(f"{column}=?")
                args.append(value)
        rows = self.query(f"SELECT {SKM.columns()} FROM {SKM.table} WHERE {' AND '.join(where)} "
                          "ORDER BY day, agency_id, service_id", args)
        return [{"day": day, "agency_id": agency or None, "service_id": service or None,
                 "respondents": n,
                 "sums": {k: rest[2 * i] for i, k in enumerate(UNSUR_COLUMNS)},
                 "counts": {k: rest[2 * i + 1] for i, k in enumerate(UNSUR_COLUMNS)}}
                for day, agency, service, n, *rest in rows]

    def vote_face_totals(self, day_from: str, day_to: str) -> list[dict]:
        """kiosk.store.Store.vote_face_totals, from the daily totals."""
        return [{"agency_id": a or None, "face": f, "n": n} for a, f, n in self.query(
            "SELECT agency_id, face, SUM(n) FROM hub_vote_face WHERE day BETWEEN ? AND ? "
            "GROUP BY agency_id, face HAVING SUM(n) > 0", (day_from, day_to))]

    def reason_totals(self, day_from: str, day_to: str) -> list:
        """kiosk.store.Store.reason_totals, from the daily totals."""
        return [(a or None, hour, reason, low, n) for a, hour, reason, low, n in self.query(
            "SELECT agency_id, hour, reason, low, SUM(n) FROM hub_vote_reason WHERE day "
            "BETWEEN ? AND ? GROUP BY 1, 2, 3, 4 HAVING SUM(n) > 0", (day_from, day_to))]

    def tickets_per_hour(self, day: str) -> list[tuple[str, str, str, int]]:
        """(agency, status, hour of issue "YYYY-MM-DDTHH±hh:mm", tickets) of a day, held
        ones only: the live page's counts folded in SQL. An issue time is ISO 8601 with the
        offset of the clock that wrote it (UTC from kiosks), so the hour keeps its offset."""
        return [(a, st, f"{hour}{offset}", n) for a, st, hour, offset, n in self.query(
            "SELECT agency_id, status, substr(issued_at, 1, 13), "
            "substr(issued_at, length(issued_at) - 5), COUNT(*) FROM ticket "
            "WHERE day=? AND status != 'cancelled' GROUP BY 1, 2, 3, 4", (day,))]

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

    def purge_expired(self, first_kept: dict[str, str], dry_run: bool = False) -> dict[str, int]:
        """kiosk.store.Store.purge_expired, then the reply notes go with their suggestion:
        a note is kept only while its SKM response still holds the suggestion text (the
        note answers that text and may repeat what the visitor wrote)."""
        counts = super().purge_expired(first_kept, dry_run)
        if not dry_run:
            with self.transaction() as db:
                db.execute("DELETE FROM hub_suggestion_note WHERE NOT EXISTS (SELECT 1 FROM "
                           "skm_response r WHERE r.id = hub_suggestion_note.response_id AND "
                           "r.suggestion IS NOT NULL)")
        return counts

    def suggestion_agency(self, response_id: str) -> tuple[bool, str | None]:
        """(True, its agency) for an SKM response that left a suggestion; (False, None)."""
        rows = self.query("SELECT agency_id FROM skm_response WHERE id=? AND suggestion IS NOT "
                          "NULL AND suggestion != ''", (response_id,))
        return (True, rows[0][0]) if rows else (False, None)
