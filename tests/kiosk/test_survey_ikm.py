"""IKM per PermenPANRB 14/2017: worked examples by hand, interval boundaries, weights."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.survey import (
    MUTU_TABLE, ORDERS, UNSUR_KEYS, IkmAccumulator, SurveyError, accumulate_by, compute_ikm,
    mutu_for, rounded,
)

KEYS = UNSUR_KEYS  # persyaratan prosedur waktu biaya produk kompetensi perilaku pengaduan sarana


def answers(*scores):
    """Scores given in the rule's order U1..U9."""
    return dict(zip(KEYS, scores, strict=True))


def uniform(nrr: Fraction, respondents: int) -> IkmAccumulator:
    """Totals where every unsur has the same NRR (sum = nrr × respondents)."""
    total = nrr * respondents
    assert total.denominator == 1
    return IkmAccumulator.from_sums(dict.fromkeys(KEYS, int(total)),
                                    dict.fromkeys(KEYS, respondents), respondents)


# --- worked examples -----------------------------------------------------------------------

def test_three_respondents_worked_by_hand():
    #            U1 U2 U3 U4 U5 U6 U7 U8 U9
    r1 = answers(4, 3, 3, 4, 3, 4, 4, 2, 3)
    r2 = answers(3, 3, 2, 4, 3, 3, 4, 2, 3)
    r3 = answers(4, 4, 3, 4, 3, 4, 4, 3, 4)
    # Sums per unsur: 11 10 8 12 9 11 12 7 10  (total 90)
    # NRR = sum / 3:  3.667 3.333 2.667 4.000 3.000 3.667 4.000 2.333 3.333
    # IKM = Σ NRR × 1/9 = (90/3) / 9 = 10/3 = 3.3333
    # converted = 10/3 × 25 = 83.333… → 83.33 → mutu B, kinerja "Baik"
    result = compute_ikm([r1, r2, r3])
    assert result.respondents == 3
    assert result.sums == answers(11, 10, 8, 12, 9, 11, 12, 7, 10)
    assert result.counts == dict.fromkeys(KEYS, 3)
    assert result.nrr["persyaratan"] == Fraction(11, 3)
    assert result.nrr["pengaduan"] == Fraction(7, 3)
    assert result.nrr["biaya"] == 4
    assert result.nrr_weighted["waktu"] == Fraction(8, 27)
    assert result.ikm == Fraction(10, 3)
    assert result.converted_rounded == Decimal("83.33")
    assert (result.grade, result.kinerja_text("id"), result.kinerja_text("en")) == ("B", "Baik", "Good")
    assert rounded(result.nrr["persyaratan"], 3) == Decimal("3.667")


def test_same_three_respondents_with_rounded_weights():
    rows = [answers(4, 3, 3, 4, 3, 4, 4, 2, 3), answers(3, 3, 2, 4, 3, 3, 4, 2, 3),
            answers(4, 4, 3, 4, 3, 4, 4, 3, 4)]
    # Σ NRR = 30.  0.111: IKM = 30 × 0.111 = 3.33 → 83.25.  0.11: 30 × 0.11 = 3.3 → 82.50.
    assert compute_ikm(rows, weight="0.111").converted_rounded == Decimal("83.25")
    assert compute_ikm(rows, weight="0.11").converted_rounded == Decimal("82.50")


def test_unanswered_unsur_divides_by_those_who_answered_it():
    # R1 answers all nine with 4. R2 answers 1 everywhere but skips biaya (U4).
    # NRR biaya = 4 / 1 = 4; every other NRR = (4 + 1) / 2 = 2.5
    # IKM = (8 × 2.5 + 4) / 9 = 24/9 = 2.6667 → 66.67 → C "Kurang Baik".
    # (Dividing biaya by both respondents would wrongly give 61.11, mutu D.)
    r2 = dict.fromkeys(KEYS, 1)
    del r2["biaya"]
    result = compute_ikm([dict.fromkeys(KEYS, 4), r2])
    assert result.counts["biaya"] == 1 and result.counts["waktu"] == 2
    assert result.nrr["biaya"] == 4 and result.nrr["waktu"] == Fraction(5, 2)
    assert result.ikm == Fraction(24, 9)
    assert result.converted_rounded == Decimal("66.67")
    assert (result.grade, result.kinerja_text("id")) == ("C", "Kurang Baik")


def test_an_unsur_nobody_answered_gives_no_index_instead_of_a_reweighted_one():
    partial = dict.fromkeys(KEYS, 4)
    del partial["sarana"]
    result = compute_ikm([partial, partial])
    assert result.missing == ("sarana",)
    assert not result.complete
    assert result.ikm is None and result.grade is None and result.kinerja_text() == ""
    assert result.nrr["persyaratan"] == 4  # what was answered is still reported


def test_no_responses_at_all():
    result = compute_ikm([])
    assert result.respondents == 0 and result.missing == KEYS and not result.complete


# --- weights -------------------------------------------------------------------------------

@pytest.mark.parametrize("weight, expected", [
    ("exact", "100.00"),  # 4 × 9 × 1/9 × 25, exactly
    ("0.111", "99.90"),  # 4 × 9 × 0.111 = 3.996 → × 25 = 99.9
    ("0.11", "99.00"),  # 4 × 9 × 0.11 = 3.96 → × 25 = 99
])
def test_all_fours_under_each_weight(weight, expected):
    result = compute_ikm([dict.fromkeys(KEYS, 4)] * 5, weight=weight)
    assert result.converted_rounded == Decimal(expected)
    assert result.weight == weight


def test_exact_weight_is_the_default_and_exact():
    result = compute_ikm([dict.fromkeys(KEYS, 4)])
    assert result.weight == "exact"
    assert result.ikm == 4 and result.converted == 100  # Fractions, no float residue
    assert compute_ikm([dict.fromkeys(KEYS, 1)]).converted == 25


def test_unknown_weight_is_refused_with_a_clear_message():
    with pytest.raises(SurveyError, match="0.111"):
        compute_ikm([dict.fromkeys(KEYS, 4)], weight="0.1111")


# --- interval table ------------------------------------------------------------------------

@pytest.mark.parametrize("converted, grade", [
    ("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"),
    ("88.30", "B"), ("88.31", "A"), ("100.00", "A"),
    # classified at two decimals, the way the report prints it
    ("64.994", "D"), ("64.995", "C"), ("76.604", "C"), ("76.605", "B"),
    ("88.304", "B"), ("88.305", "A"),
])
def test_interval_boundaries(converted, grade):
    assert mutu_for(Decimal(converted)).grade == grade
    assert mutu_for(Fraction(converted)).grade == grade
    assert mutu_for(float(converted)).grade == grade


def test_kinerja_labels_are_the_rules():
    assert [(m.grade, m.kinerja_text("id")) for m in MUTU_TABLE] == [
        ("D", "Tidak Baik"), ("C", "Kurang Baik"), ("B", "Baik"), ("A", "Sangat Baik")]
    assert mutu_for(Decimal("70")).kinerja_text("en") == "Less than good"


@pytest.mark.parametrize("nrr, respondents, printed, grade", [
    # Uniform NRR equal to the rule's NI boundaries gives its NIK boundaries.
    ("2.5996", 2500, "64.99", "D"),
    ("2.60", 5, "65.00", "C"),
    ("3.064", 125, "76.60", "C"),
    ("3.0644", 2500, "76.61", "B"),
    ("3.532", 250, "88.30", "B"),
    ("3.5324", 2500, "88.31", "A"),
    # 3.0642 falls in the gap between the NI rows (3.064 | 3.0644); converted 76.605 prints
    # as 76.61, so it is B.
    ("3.0642", 5000, "76.61", "B"),
])
def test_boundaries_reached_from_real_totals(nrr, respondents, printed, grade):
    result = uniform(Fraction(nrr), respondents).result()
    assert result.ikm == Fraction(nrr)
    assert result.converted_rounded == Decimal(printed)
    assert result.grade == grade


def test_converted_value_outside_25_to_100_is_refused():
    # Just under 25 is grade D (reachable with the rounded weights); far outside is a bug.
    assert mutu_for(Decimal("24.99")).grade == "D"
    for bad in ("23.99", "100.01"):
        with pytest.raises(SurveyError):
            mutu_for(Decimal(bad))


# --- questionnaire orders --------------------------------------------------------------------

def test_either_questionnaire_order_gives_the_same_report():
    # The same three paper forms, typed in positionally by two people: one numbering U1..U9
    # the rule's way, one following the example questionnaire (sarana Q8, pengaduan Q9).
    forms = [  # by unsur key, the truth
        answers(4, 3, 3, 4, 3, 4, 4, 2, 3),
        answers(3, 3, 2, 4, 3, 3, 4, 1, 4),
        answers(4, 4, 3, 4, 3, 4, 4, 3, 4),
    ]
    rule_rows = [[form[k] for k in ORDERS["rule"]] for form in forms]
    questionnaire_rows = [[form[k] for k in ORDERS["questionnaire"]] for form in forms]
    assert rule_rows != questionnaire_rows  # the positions really differ
    from_rule = compute_ikm(dict(zip(ORDERS["rule"], row)) for row in rule_rows)
    from_questionnaire = compute_ikm(dict(zip(ORDERS["questionnaire"], row))
                                     for row in questionnaire_rows)
    assert from_rule == from_questionnaire
    assert from_rule.nrr["pengaduan"] == 2 and from_rule.nrr["sarana"] == Fraction(11, 3)


# --- accumulator and SQL totals --------------------------------------------------------------

def test_from_sums_equals_feeding_every_response():
    rows = [answers(4, 3, 3, 4, 3, 4, 4, 2, 3), answers(1, 2, 3, 4, 1, 2, 3, 4, 1)]
    direct = compute_ikm(rows)
    totals = IkmAccumulator.from_sums(direct.sums, direct.counts, direct.respondents)
    assert totals.result() == direct


def test_from_sums_accepts_sql_shapes():
    # SQLite SUM over no rows is NULL; PostgreSQL SUM(bigint) is a Decimal.
    acc = IkmAccumulator.from_sums({"persyaratan": Decimal(7), "sarana": None},
                                   {"persyaratan": 2, "sarana": 0}, 2)
    assert acc.sums["persyaratan"] == 7 and acc.counts["sarana"] == 0
    assert acc.result().missing == KEYS[1:]


@pytest.mark.parametrize("sums, counts, respondents", [
    ({"persyaratan": 9}, {"persyaratan": 2}, 2),  # above 4 × count
    ({"persyaratan": 1}, {"persyaratan": 2}, 2),  # below 1 × count
    ({"persyaratan": 8}, {"persyaratan": 2}, 1),  # more answers than respondents
    ({"U1": 8}, {"U1": 2}, 2),  # position codes are not keys
    ({"persyaratan": 2.5}, {"persyaratan": 1}, 1),
    ({}, {}, -1),
])
def test_from_sums_refuses_inconsistent_totals(sums, counts, respondents):
    with pytest.raises(SurveyError):
        IkmAccumulator.from_sums(sums, counts, respondents)


def test_bad_response_is_refused_whole():
    acc = IkmAccumulator()
    acc.add(dict.fromkeys(KEYS, 3))
    for bad in ({"persyaratan": 4, "waktu": 5}, {"persyaratan": 4, "kecepatan": 2},
                {"persyaratan": True}, {"persyaratan": "4"}, [4, 4, 4]):
        with pytest.raises(SurveyError) as caught:
            acc.add(bad)
        assert caught.value.text("id") != str(caught.value)  # an Indonesian message exists
    assert acc.respondents == 1 and acc.sums["persyaratan"] == 3


def test_accumulate_by_groups_and_merges_back():
    rows = [(("DUKCAPIL", "KTP"), answers(4, 4, 4, 4, 4, 4, 4, 4, 4)),
            (("DUKCAPIL", "KK"), answers(2, 2, 2, 2, 2, 2, 2, 2, 2)),
            (("DUKCAPIL", "KTP"), answers(3, 3, 3, 3, 3, 3, 3, 3, 3))]
    groups = accumulate_by(rows)
    assert groups[("DUKCAPIL", "KTP")].result().converted == Fraction(175, 2)  # NRR 3.5 → 87.5
    assert groups[("DUKCAPIL", "KK")].result().converted == 50
    agency = IkmAccumulator().merge(groups[("DUKCAPIL", "KTP")]).merge(groups[("DUKCAPIL", "KK")])
    assert agency.result() == compute_ikm(response for _, response in rows)  # NRR 3 → 75.00


# --- properties ------------------------------------------------------------------------------

complete = st.fixed_dictionaries({key: st.integers(1, 4) for key in KEYS})
partial = st.dictionaries(st.sampled_from(KEYS), st.integers(1, 4))


@settings(max_examples=150, deadline=None)
@given(st.lists(complete, min_size=1, max_size=30), st.lists(partial, max_size=10), st.randoms())
def test_ikm_stays_in_range_and_ignores_respondent_order(full, some, rnd):
    rows = full + some
    result = compute_ikm(rows)
    assert 1 <= result.ikm <= 4 and 25 <= result.converted <= 100
    assert result.grade == mutu_for(result.converted).grade
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    assert compute_ikm(shuffled) == result
    # key order inside a response does not matter either
    assert compute_ikm(dict(reversed(r.items())) for r in rows) == result


@settings(max_examples=100, deadline=None)
@given(st.lists(complete, min_size=2, max_size=30), st.data())
def test_split_and_merge_equals_whole(rows, data):
    cut = data.draw(st.integers(1, len(rows) - 1))
    left, right = IkmAccumulator(), IkmAccumulator()
    for r in rows[:cut]:
        left.add(r)
    for r in rows[cut:]:
        right.add(r)
    merged = left.merge(right)
    whole = compute_ikm(rows)
    assert merged.result() == whole
    assert IkmAccumulator.from_sums(whole.sums, whole.counts, whole.respondents).result() == whole


@settings(max_examples=100, deadline=None)
@given(st.lists(complete, min_size=1, max_size=20), st.data())
def test_a_better_answer_never_lowers_the_index(rows, data):
    i = data.draw(st.integers(0, len(rows) - 1))
    key = data.draw(st.sampled_from(KEYS))
    better = [dict(r) for r in rows]
    better[i][key] = min(4, better[i][key] + 1)
    assert compute_ikm(better).ikm >= compute_ikm(rows).ikm


def test_rounded_weight_below_25_is_still_grade_d():
    from kiosk.survey import UNSUR_KEYS, compute_ikm
    result = compute_ikm([{k: 1 for k in UNSUR_KEYS}], weight="0.111")
    assert result.converted_rounded < 25 and result.grade == "D"
