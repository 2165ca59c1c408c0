"""Report data: IKM per agency and service, face-vote shares and ticket demand per hour.

Pure functions over a Store and the catalog; they return plain dataclasses that the
renderers (text, CSV, XLSX, PNG) only format. Names are resolved in the report's language
when the report is built, so every renderer prints the same words.

The IKM report reads one SQL GROUP BY (agency, service) of SUM/COUNT per unsur and folds the
service totals into agency and overall totals with `IkmAccumulator.merge`, so a month of a
million responses costs one pass over the table. Population (for the Krejcie–Morgan minimum
sample) is the number of tickets held in the period: every ticket except cancelled ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Mapping
from zoneinfo import ZoneInfo

from kiosk.catalog import Catalog
from kiosk.i18n import TranslatableError, N_, pick, tr
from kiosk.store import Store
from kiosk.reports.labels import ALL_AGENCIES, OTHER_REASON, REASON_KEYS
from kiosk.survey import (
    DEFAULT_WEIGHT, UNSUR_KEYS, FaceShares, IkmAccumulator, IkmResult, SampleStatus, face_shares,
    sample_status, weight_of,
)

NO_AGENCY = N_("(agency not recorded)")
NO_SERVICE = N_("(service not recorded)")


class ReportError(TranslatableError):
    """A report cannot be made as asked; `text(lang)` is the message for the user."""


@dataclass(frozen=True)
class Period:
    """Local (MPP) calendar days, both ends included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ReportError("The period ends ({end}) before it starts ({start})",
                              start=self.start.isoformat(), end=self.end.isoformat())

    @property
    def days(self) -> tuple[str, str]:
        return self.start.isoformat(), self.end.isoformat()


# --- names -------------------------------------------------------------------------------

def agency_name(catalog: Catalog, agency_id: str | None, lang: str, short: bool = False) -> str:
    """The agency's name in `lang` (its short name for charts); the id if it left the catalog."""
    if agency_id is None:
        return tr(NO_AGENCY, lang)
    agency = catalog.agency(agency_id)
    if agency is None:
        return agency_id
    return agency.short if short and agency.short else pick(agency.name, lang)


def service_name(catalog: Catalog, service_id: str | None, lang: str) -> str:
    if service_id is None:
        return tr(NO_SERVICE, lang)
    service = catalog.service(service_id)
    return pick(service.name, lang) if service else service_id


def _catalog_order(catalog: Catalog):
    """Sort key: catalog order first, ids no longer in the catalog after, unrecorded last."""
    agencies = {a.id: i for i, a in enumerate(catalog.agencies)}
    services = {s.id: i for i, s in enumerate(catalog.services)}

    def key(pair: tuple[str | None, str | None]):
        agency_id, service_id = pair
        return (agency_id is None, agencies.get(agency_id, len(agencies)), agency_id or "",
                service_id is None, services.get(service_id, len(services)), service_id or "")
    return key


# --- IKM -----------------------------------------------------------------------------------

TOTAL, AGENCY, SERVICE = "total", "agency", "service"


@dataclass(frozen=True)
class IkmRow:
    level: str                  # "total", "agency" or "service"
    agency_id: str | None       # None on the total row, or when the agency was not recorded
    service_id: str | None
    agency: str                 # names in the report's language ("" where not applicable)
    short: str                  # agency short name, for charts
    service: str
    result: IkmResult
    sample: SampleStatus        # population = held tickets in the period

    @property
    def has_population(self) -> bool:
        """False when no ticket counts for this row (then the minimum sample means nothing)."""
        return self.sample.population > 0


@dataclass(frozen=True)
class IkmReport:
    period: Period
    mpp_name: str
    lang: str
    weight: str
    title: str                  # what the total row covers: all agencies, an agency, a service
    total: IkmRow
    agencies: tuple[IkmRow, ...]
    services: tuple[IkmRow, ...]

    @property
    def empty(self) -> bool:
        return self.total.result.respondents == 0


def ticket_counts(store: Store, period: Period, catalog: Catalog,
                  agency_id: str | None = None,
                  service_id: str | None = None) -> dict[tuple[str, str], int]:
    """Held (not cancelled) tickets per (agency, service) in the period: the population.

    Grouped by (day, service) so SQLite answers from its (day, service_id, status) index
    in order, without reading the table; the agency comes from the catalog.
    """
    per_service: dict[str, int] = {}
    for _day, service, n in store.held_per_day_and_service(*period.days):
        per_service[service] = per_service.get(service, 0) + n
    agency_of = {s.id: s.agency for s in catalog.services}
    unknown = [s for s in per_service if s not in agency_of]
    if unknown:  # services since removed from the catalog: ask the tickets themselves
        agency_of.update(store.agencies_of_services(unknown))
    return {(agency_of[s], s): n for s, n in per_service.items()
            if (agency_id is None or agency_of[s] == agency_id)
            and (service_id is None or s == service_id)}


def skm_accumulators(store: Store, period: Period, agency_id: str | None = None,
                     service_id: str | None = None) -> dict[tuple, IkmAccumulator]:
    """SKM totals per (agency, service) in the period, one accumulator each.

    The SQL groups by day as well: SQLite then walks its (day, agency_id, service_id …)
    index in order instead of sorting every response of the period; the days are added
    up here, a few thousand small rows for a month.
    """
    folded: dict[tuple, tuple[list[int], dict[str, int], dict[str, int]]] = {}
    for row in store.skm_totals(*period.days, agency_id=agency_id, service_id=service_id,
                                by=("day", "agency_id", "service_id")):
        key = (row["agency_id"], row["service_id"])
        if key not in folded:
            folded[key] = ([0], dict.fromkeys(UNSUR_KEYS, 0), dict.fromkeys(UNSUR_KEYS, 0))
        people, sums, counts = folded[key]
        people[0] += row["respondents"]
        for unsur in UNSUR_KEYS:
            sums[unsur] += row["sums"][unsur]
            counts[unsur] += row["counts"][unsur]
    return {key: IkmAccumulator.from_sums(sums, counts, people[0])
            for key, (people, sums, counts) in folded.items()}


def ikm_report(store: Store, catalog: Catalog, period: Period, *, mpp_name: str = "",
               lang: str = "id", weight: str = DEFAULT_WEIGHT, agency_id: str | None = None,
               service_id: str | None = None) -> IkmReport:
    """IKM for the whole MPP (or one agency / service), per agency and per service.

    Lists every agency and service that had respondents or tickets in the period, in
    catalog order; one without respondents shows no IKM but still its population and the
    minimum sample it needs.
    """
    weight_of(weight)  # an unknown option fails before any query
    per_service = skm_accumulators(store, period, agency_id, service_id)
    population = ticket_counts(store, period, catalog, agency_id, service_id)
    for pair in population:
        per_service.setdefault(pair, IkmAccumulator())

    per_agency: dict[str | None, IkmAccumulator] = {}
    agency_population: dict[str | None, int] = {}
    everything, everyone = IkmAccumulator(), 0
    order = sorted(per_service, key=_catalog_order(catalog))
    for pair in order:
        agency = pair[0]
        per_agency.setdefault(agency, IkmAccumulator()).merge(per_service[pair])
        agency_population[agency] = agency_population.get(agency, 0) + population.get(pair, 0)
        everything.merge(per_service[pair])
        everyone += population.get(pair, 0)

    def make(level, agency, service, acc, people) -> IkmRow:
        return IkmRow(
            level=level, agency_id=agency, service_id=service,
            agency=agency_name(catalog, agency, lang) if level != TOTAL else "",
            short=agency_name(catalog, agency, lang, short=True) if level != TOTAL else "",
            service=service_name(catalog, service, lang) if level == SERVICE else "",
            result=acc.result(weight), sample=sample_status(acc.respondents, people))

    if service_id:
        title = service_name(catalog, service_id, lang)
    elif agency_id:
        title = agency_name(catalog, agency_id, lang)
    else:
        title = tr(ALL_AGENCIES, lang)
    return IkmReport(
        period=period, mpp_name=mpp_name, lang=lang, weight=weight, title=title,
        total=make(TOTAL, None, None, everything, everyone),
        agencies=tuple(make(AGENCY, a, None, per_agency[a], agency_population[a])
                       for a in per_agency),
        services=tuple(make(SERVICE, a, s, per_service[(a, s)], population.get((a, s), 0))
                       for a, s in order))


# --- face votes ----------------------------------------------------------------------------

# Main reasons given after a vote: reason key -> (votes with face 1 or 2, with face 3 or 4).
# A reason reads the other way round after a happy face ("waktu": waiting took too long /
# quick service), so the two are never added up into one count.
ReasonCounts = Mapping[str, tuple[int, int]]


def ordered_reasons(counts: ReasonCounts) -> list[tuple[str, int, int]]:
    """(key, faces 1–2, faces 3–4) in the order the kiosk asks them, given reasons only."""
    return [(key, *counts[key]) for key in REASON_KEYS if key in counts and any(counts[key])]


@dataclass(frozen=True)
class VoteRow:
    agency_id: str | None
    agency: str
    short: str
    hour: int | None            # local hour the vote was given; None: all hours of the agency
    shares: FaceShares
    reasons: ReasonCounts = field(default_factory=dict)


@dataclass(frozen=True)
class VotesReport:
    period: Period
    mpp_name: str
    lang: str
    rows: tuple[VoteRow, ...]   # per agency: its hours in order, then its all-hours row
    total: FaceShares
    total_reasons: ReasonCounts = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.total.total == 0


def reason_counts(store: Store, period: Period,
                  agency_id: str | None = None) -> dict[tuple, dict[str, list[int]]]:
    """Main reasons per (agency, hour) in the period: {(agency, hour): {key: [low, high]}}.
    A reason no kiosk offers (free text sent to the hub by another client) counts as
    "lainnya", so every output has the same six reasons."""
    out: dict[tuple, dict[str, list[int]]] = {}
    for agency, hour, reason, low, n in store.reason_totals(*period.days):
        if agency_id is not None and agency != agency_id:
            continue
        key = reason if reason in REASON_KEYS else OTHER_REASON
        pair = out.setdefault((agency, hour), {}).setdefault(key, [0, 0])
        pair[0 if low else 1] += n
    return out


def _fold(parts) -> dict[str, tuple[int, int]]:
    total: dict[str, list[int]] = {}
    for counts in parts:
        for key, (low, high) in counts.items():
            pair = total.setdefault(key, [0, 0])
            pair[0] += low
            pair[1] += high
    return {key: tuple(pair) for key, pair in total.items()}


def votes_report(store: Store, catalog: Catalog, period: Period, *, mpp_name: str = "",
                 lang: str = "id", agency_id: str | None = None) -> VotesReport:
    """Share of each face per agency and local hour (the hour is stored local at voting),
    and the main reasons given after the votes."""
    rows = [r for r in store.vote_rows(*period.days)
            if agency_id is None or r["agency_id"] == agency_id]
    by_hour = face_shares(rows, by=("agency_id", "hour"), count_field="n")
    by_agency = face_shares(rows, by=("agency_id",), count_field="n")
    overall = face_shares(rows, by=(), count_field="n").get((), FaceShares((0, 0, 0, 0)))
    reasons = reason_counts(store, period, agency_id)
    order = _catalog_order(catalog)
    out: list[VoteRow] = []
    for (agency,) in sorted(by_agency, key=lambda k: order((k[0], None))):
        names = agency_name(catalog, agency, lang), agency_name(catalog, agency, lang, short=True)
        hours = sorted(h for a, h in by_hour if a == agency)
        out += [VoteRow(agency, *names, h, by_hour[(agency, h)],
                        _fold([reasons.get((agency, h), {})])) for h in hours]
        out.append(VoteRow(agency, *names, None, by_agency[(agency,)],
                           _fold(c for (a, _), c in reasons.items() if a == agency)))
    return VotesReport(period, mpp_name, lang, tuple(out), overall, _fold(reasons.values()))


def agency_votes_report(store: Store, catalog: Catalog, period: Period, *, mpp_name: str = "",
                        lang: str = "id", agency_id: str | None = None) -> VotesReport:
    """votes_report without the hours: each agency's all-hours row only (the same shares and
    reasons), from per-agency totals that SQL folds — what a page showing a month needs."""
    rows = [r for r in store.vote_face_totals(*period.days)
            if agency_id is None or r["agency_id"] == agency_id]
    by_agency = face_shares(rows, by=("agency_id",), count_field="n")
    overall = face_shares(rows, by=(), count_field="n").get((), FaceShares((0, 0, 0, 0)))
    reasons = reason_counts(store, period, agency_id)
    order = _catalog_order(catalog)
    out = [VoteRow(agency, agency_name(catalog, agency, lang),
                   agency_name(catalog, agency, lang, short=True), None, by_agency[(agency,)],
                   _fold(c for (a, _), c in reasons.items() if a == agency))
           for (agency,) in sorted(by_agency, key=lambda k: order((k[0], None)))]
    return VotesReport(period, mpp_name, lang, tuple(out), overall, _fold(reasons.values()))


# --- demand ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DemandRow:
    agency_id: str | None
    agency: str
    short: str
    per_hour: dict[int, int]    # local hour -> held tickets issued in that hour

    @property
    def total(self) -> int:
        return sum(self.per_hour.values())


@dataclass(frozen=True)
class DemandReport:
    period: Period
    mpp_name: str
    lang: str
    zone: str
    hours: tuple[int, ...]      # every hour from the first to the last one with a ticket
    rows: tuple[DemandRow, ...]

    @property
    def empty(self) -> bool:
        return not self.rows

    def hour_total(self, hour: int) -> int:
        return sum(row.per_hour.get(hour, 0) for row in self.rows)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def local_hour(issued_at: str, zone: ZoneInfo) -> int:
    """The MPP-local hour of a stored issue time (UTC ISO 8601, as the store writes it)."""
    return datetime.fromisoformat(issued_at).astimezone(zone).hour


def demand_report(store: Store, catalog: Catalog, zone: ZoneInfo, period: Period, *,
                  mpp_name: str = "", lang: str = "id",
                  agency_id: str | None = None) -> DemandReport:
    """Held tickets per agency and local hour of issue."""
    counts: dict[str | None, dict[int, int]] = {}
    for row in store.demand_rows(*period.days):
        if agency_id is not None and row["agency_id"] != agency_id:
            continue
        hour = local_hour(row["issued_at"], zone)
        per_hour = counts.setdefault(row["agency_id"], {})
        per_hour[hour] = per_hour.get(hour, 0) + 1
    order = _catalog_order(catalog)
    agencies = sorted(counts, key=lambda a: order((a, None)))
    rows = tuple(DemandRow(a, agency_name(catalog, a, lang),
                           agency_name(catalog, a, lang, short=True), dict(sorted(counts[a].items())))
                 for a in agencies)
    seen = [h for row in rows for h in row.per_hour]
    hours = tuple(range(min(seen), max(seen) + 1)) if seen else ()
    return DemandReport(period, mpp_name, lang, zone.key, hours, rows)

