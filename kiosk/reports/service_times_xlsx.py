"""The service-times report as an Excel workbook (openpyxl): one sheet per section.

    Total · Per agency · Per service · Per counter · Per agency and hour

Each row: its names, tickets, called, served, no-shows, wait and service minutes (median,
p90), the no-show share and the share served within the published time. Numbers are numbers
(minutes to one decimal, shares as percentages by cell format) so a manager sorts and sums.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kiosk.i18n import N_, tr

from . import labels as L
from .service_times import MINUTES_NOTE, SECTIONS, TITLE, ServiceTimes
from .xlsx import BOLD, HEADER_FILL, TITLE as TITLE_FONT, WRAP, _sheet_name

COUNTER = N_("Counter")
CALLED = N_("Called")
SERVED = N_("Served")
NO_SHOWS = N_("No-shows")
FIGURES = (N_("Tickets"), CALLED, SERVED, NO_SHOWS, N_("Wait median"), N_("Wait p90"),
           N_("Service median"), N_("Service p90"), N_("No-show"), N_("Within time"))
FORMATS = ("0", "0", "0", "0", "0.0", "0.0", "0.0", "0.0", "0%", "0%")

# The name columns of each section: (heading, width, the row's attribute).
NAMES = {
    "total": ((L.TOTAL, 24, None),),
    "agencies": ((L.AGENCY, 40, "agency"),),
    "services": ((L.AGENCY, 30, "agency"), (L.SERVICE, 44, "service")),
    "counters": ((L.AGENCY, 30, "agency"), (COUNTER, 20, "counter")),
    "hours": ((L.AGENCY, 30, "agency"), (L.HOUR, 8, "hour")),
}


def _figures(row) -> list:
    t = row.times
    return [t.tickets, t.called, t.served, t.no_shows, t.wait_median, t.wait_p90,
            t.service_median, t.service_p90, t.no_show_share, t.within_share]


def _sheet(ws, report: ServiceTimes, section: str, heading: str, rows) -> None:
    lang, data = report.lang, report.data
    ws.append([f"{tr(TITLE, lang)} — {data.mpp_name}" if data.mpp_name else tr(TITLE, lang)])
    ws["A1"].font = TITLE_FONT
    ws.append([L.period_text(report.period, lang) + " · " + tr(heading, lang)])
    ws.append([tr(MINUTES_NOTE, lang)])
    ws.append([])
    names = NAMES[section]
    ws.append([tr(n[0], lang) for n in names] + [tr(f, lang) for f in FIGURES])
    header = ws.max_row
    for cell in ws[header]:
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    for row in rows:
        values = [tr(L.TOTAL, lang) if attr is None else getattr(row, attr)
                  for _, _, attr in names]
        ws.append(values + _figures(row))
        for i, fmt in enumerate(FORMATS, start=len(names) + 1):
            ws.cell(ws.max_row, i).number_format = fmt
    widths = [n[1] for n in names] + [11] * len(FIGURES)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(header + 1, len(names) + 1)
    if len(rows) > 1:
        ws.auto_filter.ref = f"A{header}:{get_column_letter(len(widths))}{ws.max_row}"


def service_times_workbook(report: ServiceTimes) -> Workbook:
    lang, data = report.lang, report.data
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(L.TOTAL, lang)
    _sheet(ws, report, "total", L.TOTAL, [data.total])
    for section, heading in SECTIONS:
        _sheet(wb.create_sheet(_sheet_name(heading, lang)), report, section, heading,
               getattr(data, section))
    return wb


def write_service_times_xlsx(report: ServiceTimes, path: Path | str) -> Path:
    path = Path(path)
    service_times_workbook(report).save(path)
    return path
