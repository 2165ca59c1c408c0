"""The IKM report as an Excel workbook (openpyxl): one sheet per part of the report; and the
list of suggestions and complaints (one sheet, `suggestions_workbook`).

    IKM per agency   respondents, population, minimum sample, NRR U1..U9, IKM, mutu, kinerja
    IKM per service  the same per service
    NRR per element  sums, answers, NRR, weight and weighted NRR per unsur, then the IKM

Numbers are stored as numbers (a manager sorts and sums them); the displayed precision comes
from the cell format. NRR and IKM keep full precision; "IKM converted" holds the value
rounded to two decimals, the official figure the mutu is read from.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kiosk.i18n import tr
from kiosk.survey import UNSUR, UNSUR_KEYS, weight_of

from . import labels as L
from .data import IkmReport, IkmRow

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
FORMATS = {"int": "0", "nrr": "0.00", "ikm": "0.0000", "conv": "0.00", "weight": "0.0000"}


def _number(value):
    return None if value is None else float(value)


def _sheet_name(msgid: str, lang: str) -> str:
    # Excel: at most 31 characters and none of []:*?/\
    name = tr(msgid, lang)
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:31]


def _table(ws, report: IkmReport, heading: str, headers, widths, rows, formats,
           bold_last: bool = False, autofilter: bool = False) -> None:
    """Title block, bold header row, data rows; number formats per column."""
    lang = report.lang
    ws.append([f"{tr(heading, lang)} — {report.mpp_name}" if report.mpp_name
               else tr(heading, lang)])
    ws["A1"].font = TITLE
    ws.append([L.period_text(report.period, lang) + " · "
               + tr(L.WEIGHT, lang, weight=L.weight_text(report.weight, lang))])
    ws.append([])
    ws.append(list(headers))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    for values in rows:
        ws.append(list(values))
        for column, fmt in formats.items():
            ws.cell(ws.max_row, column).number_format = FORMATS[fmt]
    if bold_last and rows:
        for cell in ws[ws.max_row]:
            cell.font = BOLD
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    if autofilter:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{ws.max_row}"


def _group_values(row: IkmRow, lang: str) -> list:
    r = row.result
    reached = (tr(L.YES, lang) if row.sample.reached else tr(L.NOT_YET, lang)) \
        if row.has_population else None
    return [r.respondents, row.sample.population,
            row.sample.required if row.has_population else None, reached,
            *(_number(r.nrr.get(k)) for k in UNSUR_KEYS),
            _number(r.ikm), _number(r.converted_rounded), r.grade, r.kinerja_text(lang) or None]


def _group_headers(lang: str) -> list[str]:
    return [tr(L.RESPONDENTS, lang), tr(L.POPULATION, lang), tr(L.MIN_SAMPLE, lang),
            tr(L.SAMPLE_REACHED, lang),
            *(f"{UNSUR[k].code} {UNSUR[k].name_text(lang)}" for k in UNSUR_KEYS),
            tr(L.IKM, lang), tr(L.IKM_CONVERTED, lang), tr(L.MUTU, lang), tr(L.KINERJA, lang)]


def _group_formats(first: int) -> dict[int, str]:
    """Column formats for the group columns starting at column `first`."""
    formats = {first + i: "int" for i in range(3)}
    formats.update({first + 4 + i: "nrr" for i in range(len(UNSUR_KEYS))})
    formats[first + 4 + len(UNSUR_KEYS)] = "ikm"
    formats[first + 5 + len(UNSUR_KEYS)] = "conv"
    return formats


GROUP_WIDTHS = [12, 11, 11, 11, *([14] * len(UNSUR_KEYS)), 10, 11, 8, 14]


def ikm_workbook(report: IkmReport) -> Workbook:
    lang = report.lang
    wb = Workbook()

    ws = wb.active
    ws.title = _sheet_name(L.PER_AGENCY, lang)
    rows = [[row.agency, *_group_values(row, lang)] for row in report.agencies]
    rows.append([report.title, *_group_values(report.total, lang)])
    _table(ws, report, L.PER_AGENCY, [tr(L.AGENCY, lang), *_group_headers(lang)],
           [48, *GROUP_WIDTHS], rows, _group_formats(2), bold_last=True)

    ws = wb.create_sheet(_sheet_name(L.PER_SERVICE, lang))
    rows = [[row.agency, row.service, *_group_values(row, lang)] for row in report.services]
    _table(ws, report, L.PER_SERVICE,
           [tr(L.AGENCY, lang), tr(L.SERVICE, lang), *_group_headers(lang)],
           [34, 48, *GROUP_WIDTHS], rows, _group_formats(3), autofilter=True)

    ws = wb.create_sheet(_sheet_name(L.PER_UNSUR, lang))
    result, weight = report.total.result, float(weight_of(report.weight))
    rows = [[UNSUR[k].code, UNSUR[k].name_text(lang), result.sums[k], result.counts[k],
             _number(result.nrr.get(k)), weight, _number(result.nrr_weighted.get(k))]
            for k in UNSUR_KEYS]
    rows += [[None, tr(L.IKM, lang), None, None, None, None, _number(result.ikm)],
             [None, tr(L.IKM_CONVERTED, lang), None, None, None, None,
              _number(result.converted_rounded)],
             [None, tr(L.MUTU, lang), None, None, None, None, result.grade],
             [None, tr(L.KINERJA, lang), None, None, None, None,
              result.kinerja_text(lang) or None],
             [None, tr(L.RESPONDENTS, lang), None, None, None, None, result.respondents]]
    _table(ws, report, L.PER_UNSUR,
           [tr(L.CODE, lang), tr(L.ELEMENT, lang), tr(L.SUM_OF_SCORES, lang),
            tr(L.ANSWERS, lang), tr(L.NRR, lang), tr(L.WEIGHT_COLUMN, lang),
            tr(L.WEIGHTED_NRR, lang)],
           [8, 44, 14, 12, 10, 10, 16], rows,
           {3: "int", 4: "int", 5: "nrr", 6: "weight", 7: "ikm"})
    # The IKM block under the nine unsur: bold labels, and the converted value at 2 decimals.
    last = ws.max_row
    for offset in range(5):
        ws.cell(last - offset, 2).font = BOLD
        ws.cell(last - offset, 7).font = BOLD
    ws.cell(last - 3, 7).number_format = FORMATS["conv"]
    ws.cell(last, 7).number_format = FORMATS["int"]
    for offset in (1, 2):
        ws.cell(last - offset, 7).number_format = "General"
    return wb


def write_ikm_xlsx(report: IkmReport, path: Path | str) -> Path:
    path = Path(path)
    ikm_workbook(report).save(path)
    return path


def suggestions_workbook(report) -> Workbook:
    """One sheet: a row per suggestion or complaint, the text whole and wrapped, filterable
    by agency; real date-times (the MPP's local time) that sort."""
    from .suggestions import CONTACT, HANDLED, ID, SUMMARY, TEXT, TIME
    from .suggestions import TITLE as HEADING
    lang = report.lang
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(HEADING, lang)
    ws.append([f"{tr(HEADING, lang)} — {report.mpp_name}" if report.mpp_name
               else tr(HEADING, lang)])
    ws["A1"].font = TITLE
    ws.append([L.period_text(report.period, lang) + " · "
               + tr(SUMMARY, lang, n=len(report.rows), open=report.open)])
    ws.append([])
    headers = [ID, tr(TIME, lang), tr(L.AGENCY, lang), tr(L.SERVICE, lang), tr(TEXT, lang),
               tr(CONTACT, lang), tr(HANDLED, lang)]
    ws.append(headers)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    for row in report.rows:
        # Excel has no time zones: the local wall time, as staff read it on the kiosk
        ws.append([row.id, row.at.replace(tzinfo=None), row.agency, row.service, row.text,
                   row.contact or None,
                   row.handled_at.replace(tzinfo=None) if row.handled_at else None])
        for column in (2, 7):
            ws.cell(ws.max_row, column).number_format = "yyyy-mm-dd hh:mm"
        for column in (3, 4, 5, 6):
            ws.cell(ws.max_row, column).alignment = WRAP
    for i, width in enumerate([13, 17, 30, 34, 70, 24, 17], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{ws.max_row}"
    return wb


def write_suggestions_xlsx(report, path: Path | str) -> Path:
    path = Path(path)
    suggestions_workbook(report).save(path)
    return path
