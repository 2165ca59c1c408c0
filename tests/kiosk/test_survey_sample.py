"""Krejcie & Morgan minimum sample, checked against the published table."""

import pytest

from kiosk.survey import SurveyError, krejcie_morgan, sample_reached, sample_status

TABLE = {10: 10, 50: 44, 100: 80, 200: 132, 500: 217, 1000: 278, 2000: 322, 5000: 357,
         10000: 370, 1000000: 384}


@pytest.mark.parametrize("population, sample", TABLE.items())
def test_published_table(population, sample):
    assert krejcie_morgan(population) == sample


def test_rounded_to_nearest_like_the_table_not_up():
    # 50 → 44.34, 500 → 217.47, 2000 → 322.35: rounding up would give 45, 218, 323.
    assert (krejcie_morgan(50), krejcie_morgan(500), krejcie_morgan(2000)) == (44, 217, 322)


def test_small_and_large_populations():
    assert krejcie_morgan(0) == 0
    assert krejcie_morgan(1) == 1
    assert all(krejcie_morgan(n) <= n for n in range(1, 300))
    assert all(krejcie_morgan(n) <= krejcie_morgan(n + 1) for n in range(1, 3000, 7))
    assert krejcie_morgan(10**9) == 384


def test_whether_a_service_reached_its_sample():
    status = sample_status(respondents=250, population=1000)
    assert (status.required, status.reached, status.shortfall) == (278, False, 28)
    assert sample_reached(278, 1000) and not sample_reached(277, 1000)
    assert sample_status(400, 1000000).shortfall == 0


@pytest.mark.parametrize("bad", [-1, 2.5, "100", None, True])
def test_bad_population_is_refused(bad):
    with pytest.raises(SurveyError):
        krejcie_morgan(bad)
