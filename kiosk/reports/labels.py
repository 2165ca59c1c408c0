"""Words and number formats shared by every report renderer.

Headings are English msgids translated with `tr` (Indonesian in kiosk/locale/id/reports.po);
Indonesian reports print a decimal comma (84,28) and Indonesian month names, as MPP staff
expect on paper. CSV and XLSX keep machine numbers (a dot, or real numbers) instead.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from kiosk.survey.records import REASON_KEYS as SURVEY_REASON_KEYS
from kiosk.i18n import N_, tr
from kiosk.survey import rounded

IKM_TITLE = N_("Community Satisfaction Index (IKM)")
VOTES_TITLE = N_("Face votes per agency and hour")
DEMAND_TITLE = N_("Tickets per agency and hour")
PERIOD = N_("Period: {start} – {end}")
PERIOD_DAY = N_("Day: {day}")
WEIGHT = N_("Element weight: {weight}")
WEIGHT_EXACT = N_("1/9 (exact)")
WEIGHT_ROUNDED = N_("{weight} (rounded)")
PER_AGENCY = N_("IKM per agency")
PER_SERVICE = N_("IKM per service")
PER_UNSUR = N_("NRR per element")
PER_UNSUR_AGENCY = N_("NRR per element and agency")
AGENCY = N_("Agency")
SERVICE = N_("Service")
RESPONDENTS = N_("Respondents")
POPULATION = N_("Population")
MIN_SAMPLE = N_("Minimum sample")
SAMPLE_REACHED = N_("Sample reached")
YES = N_("yes")
NOT_YET = N_("not yet")
IKM = N_("IKM")
IKM_CONVERTED = N_("IKM converted")
MUTU = N_("Quality")
KINERJA = N_("Performance")
CODE = N_("Code")
ELEMENT = N_("Element")
SUM_OF_SCORES = N_("Sum of scores")
ANSWERS = N_("Answers")
NRR = N_("NRR")
WEIGHT_COLUMN = N_("Weight")
WEIGHTED_NRR = N_("Weighted NRR")
ALL_AGENCIES = N_("All agencies")
TOTAL = N_("Total")
HOUR = N_("Hour")
ALL_HOURS = N_("All hours")
VOTES = N_("Votes")
SATISFIED = N_("Satisfied (3+4)")
MEAN = N_("Mean")
TIMES_IN = N_("Local time ({zone})")
NOT_SATISFIED = N_("Not satisfied (1+2)")
REASONS_TITLE = N_("Main reason per agency")
REASON = N_("Main reason")
NO_REASONS = N_("No visitor has given a main reason yet")
SUMMARY = N_("IKM {value} · quality {grade} ({kinerja}) · {respondents} respondents")
NO_IKM = N_("No IKM: not every element has an answer yet")
SAMPLE_NOTE = N_("* minimum sample (Krejcie & Morgan) not reached yet")
NO_RESPONDENTS = N_("no respondents yet")
DASH = "—"

# The main reasons a visitor may tap after a face vote (kiosk.survey.records.REASONS,
# with wording that follows the face). Stored by key; a report names them neutrally, for a
# face of 1–2 and of 3–4 alike ("waktu": waiting took too long / quick service).
REASON_LABELS = {
    "waktu": N_("Speed of service"),
    "perilaku": N_("Staff behaviour"),
    "prosedur": N_("Procedure"),
    "persyaratan": N_("Requirements"),
    "sarana": N_("Facilities"),
    "lainnya": N_("Other reason"),
}
REASON_KEYS = SURVEY_REASON_KEYS         # one list: the keys the exit screen offers
OTHER_REASON = "lainnya"       # where a reason no kiosk offers (free text via the API) counts


def reason_text(key: str, lang: str) -> str:
    return tr(REASON_LABELS.get(key, REASON_LABELS[OTHER_REASON]), lang)


def number(value, places: int, lang: str) -> str:
    """`value` at `places` decimals, half up as the rule prints; a comma in Indonesian."""
    if value is None:
        return DASH
    text = str(rounded(value, places))
    return text.replace(".", ",") if lang == "id" else text


def day_text(day: date, lang: str) -> str:
    """1 Oktober 2026 / 1 October 2026."""
    return format_date(day, "d MMMM y", locale="id" if lang == "id" else "en")


def period_text(period, lang: str) -> str:
    """"Periode: 1 Oktober 2026 – 31 Oktober 2026", or "Tanggal: 23 November 2026" for a
    period of one day (not the same date twice)."""
    if period.start == period.end:
        return tr(PERIOD_DAY, lang, day=day_text(period.start, lang))
    return tr(PERIOD, lang, start=day_text(period.start, lang), end=day_text(period.end, lang))


def weight_text(weight: str, lang: str) -> str:
    if weight == "exact":
        return tr(WEIGHT_EXACT, lang)
    shown = weight.replace(".", ",") if lang == "id" else weight
    return tr(WEIGHT_ROUNDED, lang, weight=shown)


def hour_text(hour: int | None, lang: str) -> str:
    """08.00–09.00 in Indonesian, 08:00–09:00 in English; None is every hour."""
    if hour is None:
        return tr(ALL_HOURS, lang)
    sep = "." if lang == "id" else ":"
    return f"{hour:02d}{sep}00–{hour + 1:02d}{sep}00"


def reached_text(row, lang: str) -> str:
    if not row.has_population:
        return DASH
    return tr(YES, lang) if row.sample.reached else tr(NOT_YET, lang)

