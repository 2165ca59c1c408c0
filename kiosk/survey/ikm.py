"""Indeks Kepuasan Masyarakat (IKM) exactly as PermenPANRB 14/2017 computes it.

    NRR per unsur     = sum of that unsur's scores / number of respondents who answered it
    NRR tertimbang    = NRR × weight          (weight 1/9; 0.111 or 0.11 only when asked for)
    IKM               = Σ NRR tertimbang      (1.00 … 4.00)
    IKM converted     = IKM × 25              (25.00 … 100.00)
    mutu / kinerja    = interval table, on the converted value rounded to two decimals

Arithmetic is exact (fractions.Fraction): all-4 answers give exactly 100.00, and a value
that lands on an interval boundary is classified the way a report prints it. The index needs
every unsur answered by at least one respondent; otherwise the result lists the missing unsur
and has no IKM, rather than silently re-weighting the rest.

For big periods the store computes SUM and COUNT per unsur in SQL and passes the totals to
`IkmAccumulator.from_sums`; the result is the same as feeding every response to `add`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Hashable, Iterable, Mapping

from kiosk.i18n import pick

from .errors import SurveyError
from .unsur import UNSUR_KEYS, check_key, check_score

WEIGHTS: dict[str, Fraction] = {
    "exact": Fraction(1, 9),
    # Regional reports that round the weight; all-4 answers then give 99.90 and 99.00.
    "0.111": Fraction(111, 1000),
    "0.11": Fraction(11, 100),
}
DEFAULT_WEIGHT = "exact"
CONVERSION = 25


def rounded(value, places: int = 2) -> Decimal:
    """`value` rounded half up to `places` decimals, the way reports print it.

    Works exactly on Fraction, int and Decimal; a float is taken at its shortest repr.
    """
    if isinstance(value, float):
        value = Decimal(repr(value))
    exact = Fraction(value)
    scaled = exact * 10**places
    sign = -1 if scaled < 0 else 1
    units = int(abs(scaled) + Fraction(1, 2))  # int() floors a non-negative Fraction
    return Decimal(sign * units).scaleb(-places)


@dataclass(frozen=True, eq=False)
class Mutu:
    grade: str  # mutu pelayanan, "A" … "D"
    nilai_persepsi: int  # 1 … 4
    kinerja: Mapping[str, str]  # kinerja unit pelayanan, {"id": official, "en": English}
    interval: tuple[Decimal, Decimal]  # nilai interval (IKM, 1 … 4) as the rule prints it
    converted: tuple[Decimal, Decimal]  # nilai interval konversi (25 … 100)

    def kinerja_text(self, lang: str = "id") -> str:
        return pick(self.kinerja, lang)


# PermenPANRB 14/2017 interval table, lowest first.
MUTU_TABLE: tuple[Mutu, ...] = (
    Mutu("D", 1, {"id": "Tidak Baik", "en": "Not good"}, (Decimal("1.00"), Decimal("2.5996")),
         (Decimal("25.00"), Decimal("64.99"))),
    Mutu("C", 2, {"id": "Kurang Baik", "en": "Less than good"}, (Decimal("2.60"), Decimal("3.064")),
         (Decimal("65.00"), Decimal("76.60"))),
    Mutu("B", 3, {"id": "Baik", "en": "Good"}, (Decimal("3.0644"), Decimal("3.532")),
         (Decimal("76.61"), Decimal("88.30"))),
    Mutu("A", 4, {"id": "Sangat Baik", "en": "Very good"}, (Decimal("3.5324"), Decimal("4.00")),
         (Decimal("88.31"), Decimal("100.00"))),
)


def mutu_for(converted) -> Mutu:
    """Mutu and kinerja for a converted IKM (25 … 100), classified at two decimals."""
    value = rounded(converted, 2)
    # A rounded weight (0.111, 0.11) can bring all-1 answers just under 25: still grade D.
    if Decimal("24") <= value < MUTU_TABLE[0].converted[0]:
        return MUTU_TABLE[0]
    if not MUTU_TABLE[0].converted[0] <= value <= MUTU_TABLE[-1].converted[1]:
        raise SurveyError("A converted IKM must lie between 25 and 100, not {value}",
                          value=value)
    for mutu in MUTU_TABLE:
        if value <= mutu.converted[1]:
            return mutu
    raise AssertionError("unreachable: the table covers 25.00 … 100.00")


def weight_of(name: str) -> Fraction:
    if name not in WEIGHTS:
        raise SurveyError("Unknown IKM weight {weight!r}; use one of: {known}",
                          weight=name, known=", ".join(WEIGHTS))
    return WEIGHTS[name]


@dataclass(frozen=True)
class IkmResult:
    weight: str  # "exact", "0.111" or "0.11"
    respondents: int
    counts: dict[str, int]  # respondents who answered each unsur (all nine keys)
    sums: dict[str, int]  # sum of scores per unsur (all nine keys)
    nrr: dict[str, Fraction]  # only unsur with at least one answer
    nrr_weighted: dict[str, Fraction]
    missing: tuple[str, ...] = ()  # unsur nobody answered: then there is no IKM
    ikm: Fraction | None = None  # 1 … 4
    converted: Fraction | None = None  # 25 … 100
    converted_rounded: Decimal | None = None  # two decimals, the value reports print
    mutu: Mutu | None = field(default=None, compare=False)

    @property
    def complete(self) -> bool:
        return self.ikm is not None

    @property
    def grade(self) -> str | None:
        return self.mutu.grade if self.mutu else None

    def kinerja_text(self, lang: str = "id") -> str:
        return self.mutu.kinerja_text(lang) if self.mutu else ""


class IkmAccumulator:
    """Running totals for one group (agency, service, period): add responses, then `result`."""

    __slots__ = ("sums", "counts", "respondents")

    def __init__(self) -> None:
        self.sums = dict.fromkeys(UNSUR_KEYS, 0)
        self.counts = dict.fromkeys(UNSUR_KEYS, 0)
        self.respondents = 0

    def add(self, response: Mapping[str, int]) -> None:
        """One respondent's answers {unsur key: 1..4}; an absent unsur was not answered.

        A bad response is refused whole, so the totals never hold half of it.
        """
        sums, counts = self.sums, self.counts
        try:
            items = response.items()
        except AttributeError:
            raise SurveyError("Survey answers must map element keys to scores, not {kind}",
                              kind=type(response).__name__) from None
        for key, score in items:
            # Fast check first; the slow path only runs to build the error message.
            if key not in sums or score.__class__ is not int or not 1 <= score <= 4:
                check_score(score, check_key(key))
        for key, score in items:
            sums[key] += score
            counts[key] += 1
        self.respondents += 1

    def merge(self, other: IkmAccumulator) -> IkmAccumulator:
        """Fold another group's totals into this one (e.g. services into their agency)."""
        for key in UNSUR_KEYS:
            self.sums[key] += other.sums[key]
            self.counts[key] += other.counts[key]
        self.respondents += other.respondents
        return self

    @classmethod
    def from_sums(cls, sums: Mapping[str, int], counts: Mapping[str, int],
                  respondents: int) -> IkmAccumulator:
        """Totals computed elsewhere (SQL SUM/COUNT per unsur); an absent key or NULL is 0.

        Checked for consistency, because a wrong GROUP BY should fail loudly, not report.
        PostgreSQL hands SUM(bigint) back as a whole Decimal; that is accepted too.
        """
        acc = cls()
        for key in set(sums) | set(counts):
            check_key(key)
        people = _as_count(respondents)
        if people is None:
            raise SurveyError("Respondent count must be a whole number ≥ 0, not {n!r}",
                              n=respondents)
        for key in UNSUR_KEYS:
            total, count = _as_count(sums.get(key)), _as_count(counts.get(key))
            if total is None or count is None or not (count <= total <= 4 * count <= 4 * people):
                raise SurveyError(
                    "Inconsistent totals for {key}: sum {total!r} from {count!r} answers "
                    "of {respondents} respondents", key=key, total=sums.get(key),
                    count=counts.get(key), respondents=respondents)
            acc.sums[key], acc.counts[key] = total, count
        acc.respondents = people
        return acc

    def result(self, weight: str = DEFAULT_WEIGHT) -> IkmResult:
        w = weight_of(weight)
        nrr = {key: Fraction(self.sums[key], self.counts[key])
               for key in UNSUR_KEYS if self.counts[key]}
        nrr_weighted = {key: value * w for key, value in nrr.items()}
        missing = tuple(key for key in UNSUR_KEYS if key not in nrr)
        common = dict(weight=weight, respondents=self.respondents, counts=dict(self.counts),
                      sums=dict(self.sums), nrr=nrr, nrr_weighted=nrr_weighted,
                      missing=missing)
        if missing:
            return IkmResult(**common)
        ikm = sum(nrr_weighted.values(), Fraction(0))
        converted = ikm * CONVERSION
        return IkmResult(**common, ikm=ikm, converted=converted,
                         converted_rounded=rounded(converted, 2), mutu=mutu_for(converted))


def _as_count(value) -> int | None:
    """A total from SQL as a non-negative int (NULL → 0), or None when it is not one."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


def compute_ikm(responses: Iterable[Mapping[str, int]],
                weight: str = DEFAULT_WEIGHT) -> IkmResult:
    """IKM of a group of respondents, each a mapping {unsur key: score 1..4}."""
    weight_of(weight)  # refuse a bad option before reading a million rows
    acc = IkmAccumulator()
    for response in responses:
        acc.add(response)
    return acc.result(weight)


def accumulate_by(
    rows: Iterable[tuple[Hashable, Mapping[str, int]]],
) -> dict[Hashable, IkmAccumulator]:
    """Split (group, response) rows into one accumulator per group, e.g. (agency, service)."""
    groups: dict[Hashable, IkmAccumulator] = {}
    for group, response in rows:
        acc = groups.get(group)
        if acc is None:
            acc = groups[group] = IkmAccumulator()
        acc.add(response)
    return groups

