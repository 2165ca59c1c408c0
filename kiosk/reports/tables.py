"""Plain-text tables for a terminal, and CSV files, for the three reports.

Text tables are for reading: short agency names, headings in the report's language, an
Indonesian decimal comma. CSV is for other programs: one row per group, stable English
column keys (unsur columns named by unsur key, e.g. `nrr_waktu`), dot decimals, UTF-8.
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

from kiosk.i18n import tr
from kiosk.queueing import zone_abbreviation
from kiosk.survey import FACES, UNSUR, UNSUR_KEYS, rounded

from . import labels as L
from .data import DemandReport, IkmReport, IkmRow, VotesReport, ordered_reasons

SERVICE_WIDTH = 48  # long service names are cut in the terminal; CSV and XLSX keep them whole


def grid(headers: Sequence[str], rows: Sequence[Sequence[str]],
         right: Sequence[int] = ()) -> list[str]:
    """Aligned columns, two spaces apart; columns in `right` (numbers) align right."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row)]

    def line(cells):
        parts = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()
    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _header(title: str, report, lang: str, extra: str = "") -> list[str]:
    lines = [f"{tr(title, lang)} — {report.mpp_name}" if report.mpp_name else tr(title, lang),
             L.period_text(report.period, lang) + (f" · {extra}" if extra else "")]
    return [*lines, ""]


# --- IKM -----------------------------------------------------------------------------------

def summary_line(row: IkmRow, lang: str) -> str:
    result = row.result
    if not result.complete:
        return tr(L.NO_IKM, lang)
    return tr(L.SUMMARY, lang, value=L.number(result.converted, 2, lang), grade=result.grade,
              kinerja=result.kinerja_text(lang), respondents=result.respondents)


def _ikm_cells(row: IkmRow, lang: str) -> list[str]:
    r = row.result
    return [str(r.respondents), str(row.sample.population) if row.has_population else L.DASH,
            str(row.sample.required) if row.has_population else L.DASH,
            L.reached_text(row, lang), L.number(r.ikm, 4, lang), L.number(r.converted, 2, lang),
            r.grade or L.DASH, r.kinerja_text(lang) or L.DASH]


def ikm_table(report: IkmReport) -> str:
    lang = report.lang
    out = _header(L.IKM_TITLE, report, lang,
                  tr(L.WEIGHT, lang, weight=L.weight_text(report.weight, lang)))
    out += [f"{report.title}: {summary_line(report.total, lang)}", ""]
    numbers = ["RESPONDENTS", "POPULATION", "MIN_SAMPLE", "SAMPLE_REACHED", "IKM",
               "IKM_CONVERTED", "MUTU", "KINERJA"]
    heads = [tr(getattr(L, name), lang) for name in numbers]

    out.append(tr(L.PER_AGENCY, lang))
    rows = [[row.short, *_ikm_cells(row, lang)] for row in report.agencies]
    rows.append([report.title, *_ikm_cells(report.total, lang)])
    out += grid([tr(L.AGENCY, lang), *heads], rows, right=range(1, 7))

    out += ["", tr(L.PER_UNSUR, lang)]
    result = report.total.result
    rows = []
    for key in UNSUR_KEYS:
        unsur = UNSUR[key]
        rows.append([unsur.code, unsur.name_text(lang), str(result.sums[key]),
                     str(result.counts[key]), L.number(result.nrr.get(key), 2, lang),
                     L.number(result.nrr_weighted.get(key), 4, lang)])
    rows.append(["", tr(L.IKM, lang), "", "", "", L.number(result.ikm, 4, lang)])
    rows.append(["", tr(L.IKM_CONVERTED, lang), "", "", "", L.number(result.converted, 2, lang)])
    out += grid([tr(L.CODE, lang), tr(L.ELEMENT, lang), tr(L.SUM_OF_SCORES, lang),
                 tr(L.ANSWERS, lang), tr(L.NRR, lang), tr(L.WEIGHTED_NRR, lang)],
                rows, right=range(2, 6))

    out += ["", tr(L.PER_UNSUR_AGENCY, lang)]
    rows = [[row.short, *(L.number(row.result.nrr.get(k), 2, lang) for k in UNSUR_KEYS)]
            for row in (*report.agencies, report.total)]
    rows[-1][0] = report.title
    out += grid([tr(L.AGENCY, lang), *(UNSUR[k].code for k in UNSUR_KEYS)], rows,
                right=range(1, 10))

    out += ["", tr(L.PER_SERVICE, lang)]
    rows = [[row.short, _cut(row.service, SERVICE_WIDTH), *_ikm_cells(row, lang)]
            for row in report.services]
    out += grid([tr(L.AGENCY, lang), tr(L.SERVICE, lang), *heads], rows, right=range(2, 8))
    return "\n".join(out) + "\n"


IKM_CSV_COLUMNS = ("level", "agency_id", "agency", "service_id", "service", "respondents",
                   "population", "min_sample", "sample_reached",
                   *(f"nrr_{k}" for k in UNSUR_KEYS),
                   "ikm", "ikm_converted", "mutu", "kinerja", "weight", "period_from", "period_to")


def _csv_number(value, places: int) -> str:
    return "" if value is None else str(rounded(value, places))


def ikm_csv(report: IkmReport) -> str:
    """One row for the total, then one per agency, then one per service."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(IKM_CSV_COLUMNS)
    for row in (report.total, *report.agencies, *report.services):
        r = row.result
        reached = ("true" if row.sample.reached else "false") if row.has_population else ""
        writer.writerow([
            row.level, row.agency_id or "", row.agency if row.level != "total" else report.title,
            row.service_id or "", row.service, r.respondents,
            row.sample.population, row.sample.required if row.has_population else "", reached,
            *(_csv_number(r.nrr.get(k), 4) for k in UNSUR_KEYS),
            _csv_number(r.ikm, 4), _csv_number(r.converted, 2), r.grade or "",
            r.kinerja_text(report.lang), report.weight,
            report.period.start.isoformat(), report.period.end.isoformat()])
    return buffer.getvalue()


# --- face votes -------------------------------------------------------------------------------

def votes_table(report: VotesReport) -> str:
    lang = report.lang
    out = _header(L.VOTES_TITLE, report, lang)
    heads = [tr(L.AGENCY, lang), tr(L.HOUR, lang), tr(L.VOTES, lang),
             *(f"{f.score} {f.text(lang)}" for f in FACES), tr(L.SATISFIED, lang), tr(L.MEAN, lang)]
    rows, previous = [], object()
    for row in report.rows:
        s = row.shares
        # The agency's name on its first line only; its all-hours line closes the group.
        name = row.short if row.agency_id != previous else ""
        previous = row.agency_id
        rows.append([name, L.hour_text(row.hour, lang),
                     str(s.total), *(f"{L.number(s.share(f.score) * 100, 1, lang)} %"
                                     for f in FACES),
                     f"{L.number(s.satisfied * 100, 1, lang)} %", L.number(s.mean, 2, lang)])
    t = report.total
    rows.append([tr(L.TOTAL, lang), tr(L.ALL_HOURS, lang), str(t.total),
                 *(f"{L.number(t.share(f.score) * 100, 1, lang)} %" for f in FACES),
                 f"{L.number(t.satisfied * 100, 1, lang)} %", L.number(t.mean, 2, lang)])
    out += grid(heads, rows, right=range(2, 9))
    out += ["", *reasons_lines(report)]
    return "\n".join(out) + "\n"


def reasons_lines(report: VotesReport) -> list[str]:
    """The main reasons per agency (all hours), then for the whole report; a reason counted
    apart after an unhappy face (1–2) and a happy one (3–4)."""
    lang = report.lang
    out = [tr(L.REASONS_TITLE, lang)]
    if not ordered_reasons(report.total_reasons):
        return [*out, tr(L.NO_REASONS, lang)]
    rows = []
    groups = [(row.short, row.reasons) for row in report.rows if row.hour is None]
    groups.append((tr(L.TOTAL, lang), report.total_reasons))
    for name, counts in groups:
        for i, (key, low, high) in enumerate(ordered_reasons(counts)):
            rows.append([name if i == 0 else "", L.reason_text(key, lang), str(low), str(high),
                         str(low + high)])
    out += grid([tr(L.AGENCY, lang), tr(L.REASON, lang), tr(L.NOT_SATISFIED, lang),
                 tr(L.SATISFIED, lang), tr(L.TOTAL, lang)], rows, right=range(2, 5))
    return out


VOTES_CSV_COLUMNS = ("agency_id", "agency", "hour", "votes",
                     *(f"n_{f.key}" for f in FACES), *(f"pct_{f.key}" for f in FACES),
                     "pct_satisfied", "mean", "reasons_given",
                     # per reason: votes with face 1 or 2, and with face 3 or 4, that gave it
                     *(f"reason_{k}_{part}" for k in L.REASON_KEYS for part in ("1_2", "3_4")),
                     "period_from", "period_to")


def votes_csv(report: VotesReport) -> str:
    """One row per agency and hour, plus one per agency with an empty hour (all hours);
    the main reasons given with those votes in the same row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(VOTES_CSV_COLUMNS)
    for row in report.rows:
        s = row.shares
        reasons = [n for k in L.REASON_KEYS for n in row.reasons.get(k, (0, 0))]
        writer.writerow([row.agency_id or "", row.agency, "" if row.hour is None else row.hour,
                         s.total, *s.counts, *(_csv_number(s.share(f.score) * 100, 1) for f in FACES),
                         _csv_number(s.satisfied * 100, 1), _csv_number(s.mean, 2),
                         sum(reasons), *reasons,
                         report.period.start.isoformat(), report.period.end.isoformat()])
    return buffer.getvalue()


# --- demand -----------------------------------------------------------------------------------

def demand_table(report: DemandReport) -> str:
    lang = report.lang
    out = _header(L.DEMAND_TITLE, report, lang, tr(L.TIMES_IN, lang, zone=zone_abbreviation(report.zone)))
    sep = "." if lang == "id" else ":"
    heads = [tr(L.AGENCY, lang), *(f"{h:02d}{sep}00" for h in report.hours), tr(L.TOTAL, lang)]
    rows = [[row.short, *(str(row.per_hour.get(h, 0)) for h in report.hours), str(row.total)]
            for row in report.rows]
    rows.append([tr(L.TOTAL, lang), *(str(report.hour_total(h)) for h in report.hours),
                 str(report.total)])
    out += grid(heads, rows, right=range(1, len(heads)))
    return "\n".join(out) + "\n"


DEMAND_HOUR_COLUMN = "h{hour:02d}"


def demand_csv(report: DemandReport) -> str:
    """One row per agency, one column per local hour (h08 = 08.00–09.00), and the total."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["agency_id", "agency", *(DEMAND_HOUR_COLUMN.format(hour=h)
                                              for h in report.hours), "total",
                     "period_from", "period_to", "timezone"])
    for row in report.rows:
        writer.writerow([row.agency_id or "", row.agency,
                         *(row.per_hour.get(h, 0) for h in report.hours), row.total,
                         report.period.start.isoformat(), report.period.end.isoformat(),
                         report.zone])
    return buffer.getvalue()

