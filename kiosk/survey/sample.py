"""Minimum sample size for the SKM (Krejcie & Morgan), as PermenPANRB 14/2017 refers to it.

    s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)),   χ² = 3.841, P = 0.5, d = 0.05

Rounded to the nearest whole respondent (halves up). The rule's text says "rounded up", but
the published Krejcie–Morgan table that reports quote gives 50→44, 500→217 and 2000→322,
where rounding up would give 45, 218 and 323; we follow the table so a report's minimum
matches the one auditors look up. Population = visitors of that service in the period,
which the kiosk knows from the tickets it issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .errors import SurveyError

CHI_SQUARE = Fraction(3841, 1000)  # 1 degree of freedom, 95 % confidence
PROPORTION = Fraction(1, 2)
MARGIN = Fraction(5, 100)


def krejcie_morgan(population: int) -> int:
    """Minimum number of respondents for a population of `population` visitors."""
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise SurveyError("Population must be a whole number ≥ 0, not {n!r}", n=population)
    if population == 0:
        return 0
    spread = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    exact = spread * population / (MARGIN**2 * (population - 1) + spread)
    return int(exact + Fraction(1, 2))  # floor of a non-negative value + ½ = round half up


@dataclass(frozen=True)
class SampleStatus:
    population: int
    required: int
    respondents: int

    @property
    def reached(self) -> bool:
        return self.respondents >= self.required

    @property
    def shortfall(self) -> int:
        """Respondents still needed (0 once reached)."""
        return max(0, self.required - self.respondents)


def sample_status(respondents: int, population: int) -> SampleStatus:
    """Whether `respondents` answers meet the minimum for `population` visitors."""
    if isinstance(respondents, bool) or not isinstance(respondents, int) or respondents < 0:
        raise SurveyError("Respondent count must be a whole number ≥ 0, not {n!r}",
                          n=respondents)
    return SampleStatus(population, krejcie_morgan(population), respondents)


def sample_reached(respondents: int, population: int) -> bool:
    return sample_status(respondents, population).reached
