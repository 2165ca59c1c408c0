"""SQL of the managers' dashboard (mixed into kiosk.hub.store.HubStore): the complaint
inbox's reply notes (hub migration 8: the staff's note on a suggestion or complaint, one per
SKM response, kept beside it; the kiosk's skm_response stays as it is), the live page's
counts, and the IKM's daily totals kept between requests.

A month of a busy MPP holds a million SKM responses; summing their nine unsur afresh takes
the hub seconds on every IKM page or report. The totals per (day, agency, service) are kept
in memory instead and a day is summed again only when its number of responses changed (a
late answer pushed from a kiosk's outbox, a retention purge). SKM responses are never
edited (only their handled mark, which no total reads), so an unchanged count means
unchanged totals. At most KEEP_DAYS days are kept (the ones asked for last). The hub warms
the last WARM_DAYS days on a background thread when it starts (kiosk.hub.api), so the first
IKM page after a restart does not sum a month afresh.
"""

from __future__ import annotations

import threading

DAILY = ("day", "agency_id", "service_id")
KEEP_DAYS = 400
_SETUP = threading.Lock()
WARM_DAYS = 40


class DashboardStore:
    def skm_totals(self, day_from: str, day_to: str, agency_id: str | None = None,
                   service_id: str | None = None, by: tuple[str, ...] = ()) -> list[dict]:
        """kiosk.store.Store.skm_totals; the daily grouping the IKM report asks for is
        answered from the kept daily totals."""
        if tuple(by) != DAILY:
            return super().skm_totals(day_from, day_to, agency_id, service_id, by)
        return [row for row in self._daily_skm(day_from, day_to)
                if (agency_id is None or row["agency_id"] == agency_id)
                and (service_id is None or row["service_id"] == service_id)]

    def warm_skm_totals(self, day_from: str, day_to: str) -> None:
        """Sum the daily IKM totals of a period ahead of the first IKM page: the hub starts
        this on a background thread, so the first page after a restart finds them kept."""
        self._daily_skm(day_from, day_to)

    def _daily_skm(self, day_from: str, day_to: str) -> list[dict]:
        with _SETUP:
            if not hasattr(self, "_skm_days"):
                # _skm_lock guards the dict; _skm_summing makes a request wait for the day
                # the warm-up thread is summing instead of summing it a second time
                self._skm_days, self._skm_lock = {}, threading.Lock()
                self._skm_summing = threading.Lock()
        counted = self.query("SELECT day, COUNT(*) FROM skm_response WHERE day BETWEEN ? AND ? "
                             "GROUP BY day ORDER BY day", (day_from, day_to))
        out = []
        for day, n in counted:
            kept = self._kept_day(day, n)
            if kept is None:
                with self._skm_summing:
                    kept = self._kept_day(day, n)
                    if kept is None:
                        rows = super().skm_totals(day, day, by=DAILY)
                        kept = (sum(r["respondents"] for r in rows), rows)
                        self._keep_day(day, kept)
            out += kept[1]
        return out

    def _kept_day(self, day: str, n: int) -> tuple | None:
        with self._skm_lock:
            kept = self._skm_days.get(day)
        return kept if kept is not None and kept[0] == n else None

    def _keep_day(self, day: str, kept: tuple) -> None:
        with self._skm_lock:
            self._skm_days.pop(day, None)
            self._skm_days[day] = kept              # newest last
            while len(self._skm_days) > KEEP_DAYS:
                self._skm_days.pop(next(iter(self._skm_days)))

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
