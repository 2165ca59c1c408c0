"""Suggestions and complaints left at the end of the SKM, listed for staff to follow up.

`kiosk report suggestions` prints them (time, agency, service, text, contact) as a table,
CSV or a workbook, and marks one as handled (`--handled ID`). No full NIK ever leaves
here: a visitor may type theirs into the text or the contact field, and although the kiosk
keeps only its last four digits, answers from elsewhere (the hub's API, older kiosks) may
not; every run of sixteen digits is masked (kiosk.privacy.mask_nik) when the list is made,
before any renderer or the hub's answer sees it.
"""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.catalog import Catalog
from kiosk.i18n import N_, tr
from kiosk.privacy import mask_niks
from kiosk.store import Store, utc_now

from . import labels as L
from .data import Period, agency_name, service_name
from .tables import _cut, _header, grid

TITLE = N_("Suggestions and complaints")
SUMMARY = N_("{n} suggestion(s) or complaint(s), {open} not handled yet")
TIME = N_("Time")
TEXT = N_("Suggestion or complaint")
CONTACT = N_("Contact")
HANDLED = N_("Handled")
ID = "ID"

TEXT_WIDTH = 56      # the terminal table wraps the text; CSV and XLSX keep it whole
SERVICE_WIDTH = 32

@dataclass(frozen=True)
class SuggestionRow:
    id: str                     # the SKM response's id: what `--handled ID` takes
    at: datetime                # in the MPP's zone
    kiosk_id: str
    agency_id: str | None
    agency: str
    short: str
    service_id: str | None
    service: str
    text: str                   # NIK-like numbers masked
    contact: str                # NIK-like numbers masked
    handled_at: datetime | None

    @property
    def handled(self) -> bool:
        return self.handled_at is not None


@dataclass(frozen=True)
class SuggestionsReport:
    period: Period
    mpp_name: str
    lang: str
    zone: str
    rows: tuple[SuggestionRow, ...]

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def open(self) -> int:
        return sum(not row.handled for row in self.rows)


def _local(stamp: str | None, zone: ZoneInfo) -> datetime | None:
    return datetime.fromisoformat(stamp).astimezone(zone) if stamp else None


def suggestions_report(store: Store, catalog: Catalog, zone: ZoneInfo, period: Period, *,
                       mpp_name: str = "", lang: str = "id", agency_id: str | None = None,
                       service_id: str | None = None,
                       open_only: bool = False) -> SuggestionsReport:
    """Every SKM response of the period that left a suggestion or complaint, oldest first
    (`open_only`: those not marked as handled)."""
    rows = []
    for r in store.suggestion_rows(*period.days, agency_id=agency_id, service_id=service_id,
                                   open_only=open_only):
        rows.append(SuggestionRow(
            id=r["id"], at=_local(r["at"], zone), kiosk_id=r["kiosk_id"],
            agency_id=r["agency_id"], agency=agency_name(catalog, r["agency_id"], lang),
            short=agency_name(catalog, r["agency_id"], lang, short=True),
            service_id=r["service_id"],
            service=service_name(catalog, r["service_id"], lang) if r["service_id"] else "",
            text=mask_niks(r["suggestion"]), contact=mask_niks(r["contact"]),
            handled_at=_local(r["handled_at"], zone)))
    return SuggestionsReport(period, mpp_name, lang, zone.key, tuple(rows))


def mark_handled(store: Store, response_id: str,
                 now: datetime | None = None) -> tuple[str | None, bool]:
    """Mark one suggestion as handled: (when it was marked, True if only now), or
    (None, False) when no SKM response with that id left a suggestion. Marking again keeps
    the first time."""
    stamp = (now or utc_now()).isoformat(timespec="seconds")
    return store.mark_suggestion_handled(response_id, stamp)


# --- renderers ------------------------------------------------------------------------------

def time_text(at: datetime | None, lang: str) -> str:
    """2026-10-05 12.00 in Indonesian, 2026-10-05 12:00 in English."""
    if at is None:
        return L.DASH
    return at.strftime("%Y-%m-%d %H.%M" if lang == "id" else "%Y-%m-%d %H:%M")


def suggestions_table(report: SuggestionsReport) -> str:
    lang = report.lang
    out = _header(TITLE, report, lang, tr(SUMMARY, lang, n=len(report.rows), open=report.open))
    rows = []
    for row in report.rows:
        lines = textwrap.wrap(row.text, TEXT_WIDTH) or [""]
        rows.append([row.id, time_text(row.at, lang), row.short,
                     _cut(row.service, SERVICE_WIDTH) or L.DASH, lines[0], row.contact or L.DASH,
                     time_text(row.handled_at, lang) if row.handled else L.DASH])
        rows += [["", "", "", "", line, "", ""] for line in lines[1:]]
    out += grid([ID, tr(TIME, lang), tr(L.AGENCY, lang), tr(L.SERVICE, lang), tr(TEXT, lang),
                 tr(CONTACT, lang), tr(HANDLED, lang)], rows)
    return "\n".join(out) + "\n"


SUGGESTIONS_CSV_COLUMNS = ("id", "at", "agency_id", "agency", "service_id", "service",
                           "suggestion", "contact", "handled_at", "kiosk_id")


def suggestions_csv(report: SuggestionsReport) -> str:
    """One row per suggestion; times ISO 8601 in the MPP's zone, the text whole."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SUGGESTIONS_CSV_COLUMNS)
    for row in report.rows:
        writer.writerow([row.id, row.at.isoformat(), row.agency_id or "", row.agency,
                         row.service_id or "", row.service, row.text, row.contact,
                         row.handled_at.isoformat() if row.handled_at else "", row.kiosk_id])
    return buffer.getvalue()

