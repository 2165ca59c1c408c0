"""Reports over a real store: IKM worked by hand, population and sample, votes, demand, files."""

import csv
import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from kiosk.reports import (
    IKM_CSV_COLUMNS, Period, ReportError, demand_csv, demand_report, demand_table, ikm_csv,
    ikm_report, ikm_table, votes_csv, votes_report, votes_table,
)
from kiosk.survey import ORDERS, UNSUR_KEYS, SurveyError
from kiosk.survey.records import skm_record

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 10, 5)
OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
PROFILE = {"gender": "P", "age": 34, "education": "SMA", "occupation": "SWASTA"}

# Three respondents of "dukcapil-ktp", answers in the rule's order U1..U9.
ANSWERS = (
    (4, 3, 2, 4, 3, 4, 4, 2, 3),
    (3, 3, 3, 4, 3, 3, 4, 3, 3),
    (3, 2, 2, 4, 3, 3, 3, 2, 4),
)


def at(hour, minute=0, day=MONDAY, zone=WIB):
    """A local MPP time, handed to the service in UTC as the kiosk clock does."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(
        timezone.utc)


def take(service, service_id, n, start=at(9)):
    tickets = []
    for i in range(n):
        ticket = service.issue_ticket(service_id, now=start + timedelta(minutes=i))
        tickets.append(service.confirm_printed(ticket.id))
    return tickets


def answer(service, ticket, scores, order="rule", when=at(11)):
    """Answers given in a questionnaire order; the kiosk stores them by unsur key."""
    answers = dict(zip(ORDERS[order], scores))
    assert service.record_skm(PROFILE, answers, ticket_id=ticket.id, now=when).accepted


@pytest.fixture
def worked(make_service):
    """The hand-worked example: 5 tickets (one cancelled), 3 SKM respondents."""
    service = make_service()
    tickets = take(service, "dukcapil-ktp", 5)
    service.cancel_ticket(tickets[4].id, "left")
    for ticket, scores in zip(tickets, ANSWERS):
        answer(service, ticket, scores)
    return service


def report_of(service, **kw):
    kw.setdefault("mpp_name", service.settings.mpp_name)
    return ikm_report(service.store, service.catalog, OCTOBER, **kw)


def test_worked_example_by_hand(worked):
    report = report_of(worked)
    total = report.total.result
    # Sums per unsur: 10, 8, 7, 12, 9, 10, 11, 7, 10 (84 points) from 3 respondents.
    assert total.respondents == 3
    assert total.nrr == {
        "persyaratan": Fraction(10, 3), "prosedur": Fraction(8, 3), "waktu": Fraction(7, 3),
        "biaya": Fraction(4), "produk": Fraction(3), "kompetensi": Fraction(10, 3),
        "perilaku": Fraction(11, 3), "pengaduan": Fraction(7, 3), "sarana": Fraction(10, 3)}
    # IKM = Σ NRR × 1/9 = 28/9 = 3.1111; × 25 = 77.777… → 77.78, interval 76.61–88.30: B, Baik.
    assert total.ikm == Fraction(28, 9)
    assert total.converted_rounded == Decimal("77.78")
    assert (total.grade, total.kinerja_text("id")) == ("B", "Baik")
    # One agency and one service hold the same answers.
    [agency] = report.agencies
    [ktp] = report.services
    assert (agency.agency_id, ktp.service_id) == ("dukcapil", "dukcapil-ktp")
    assert agency.result == total and ktp.result == total
    assert ktp.agency == "Dinas Kependudukan dan Pencatatan Sipil"
    assert ktp.service == "Cetak ulang KTP-el"


def test_population_is_held_tickets_and_sample_is_checked(worked):
    report = report_of(worked)
    ktp = report.services[0]
    # 5 taken, 1 cancelled: 4 visitors. Krejcie & Morgan for N=4 asks 4; 3 answered.
    assert ktp.sample.population == 4
    assert ktp.sample.required == 4
    assert not ktp.sample.reached and ktp.sample.shortfall == 1
    # The fourth visitor answers: now the minimum is reached.
    fourth = worked.tickets(MONDAY)[3]
    answer(worked, fourth, (3,) * 9)
    assert report_of(worked).services[0].sample.reached


def test_fifty_visitors_need_forty_four_respondents(make_service):
    service = make_service()
    tickets = take(service, "dukcapil-ktp", 50)
    for ticket in tickets[:43]:
        answer(service, ticket, (3,) * 9)
    row = report_of(service).services[0]
    assert (row.sample.population, row.sample.required, row.sample.reached) == (50, 44, False)
    answer(service, tickets[43], (4,) * 9)
    assert report_of(service).services[0].sample.reached


def test_services_without_answers_still_show_their_population(worked):
    take(worked, "imigrasi-paspor", 2)
    report = report_of(worked)
    paspor = next(r for r in report.services if r.service_id == "imigrasi-paspor")
    assert paspor.result.respondents == 0 and not paspor.result.complete
    assert (paspor.sample.population, paspor.sample.required) == (2, 2)
    assert report.total.sample.population == 6  # 4 + 2 held tickets
    # The total IKM is unchanged by a service nobody has rated yet.
    assert report.total.result.converted_rounded == Decimal("77.78")


def test_either_questionnaire_order_gives_the_same_report(make_service):
    rule, asked = make_service(), make_service()
    for service, order in ((rule, "rule"), (asked, "questionnaire")):
        tickets = take(service, "dukcapil-ktp", 3)
        for ticket, scores in zip(tickets, ANSWERS):
            by_key = dict(zip(ORDERS["rule"], scores))
            # The same visitor, asked sarana as Q8 and pengaduan as Q9 in the second kiosk.
            answer(service, ticket, [by_key[k] for k in ORDERS[order]], order)
    assert ikm_csv(report_of(rule)) == ikm_csv(report_of(asked))
    assert report_of(asked).total.result.nrr["pengaduan"] == Fraction(7, 3)


@pytest.mark.parametrize("weight, converted, ikm", [
    ("exact", "77.78", Fraction(28, 9)),
    ("0.111", "77.70", Fraction(28 * 111, 1000)),   # 28 × 0.111 = 3.108
    ("0.11", "77.00", Fraction(308, 100)),           # 28 × 0.11 = 3.08
])
def test_weight_option(worked, weight, converted, ikm):
    report = report_of(worked, weight=weight)
    assert report.weight == weight
    assert report.total.result.ikm == ikm
    assert report.total.result.converted_rounded == Decimal(converted)
    assert f",{converted}," in ikm_csv(report).splitlines()[1]


def test_unknown_weight_is_refused_before_reading(worked):
    with pytest.raises(SurveyError) as caught:
        report_of(worked, weight="0.1")
    assert "0.111" in caught.value.text("en")


def test_filters_by_agency_and_service(worked):
    [paspor] = take(worked, "imigrasi-paspor", 1)
    answer(worked, paspor, (1,) * 9)
    both = report_of(worked)
    assert [r.agency_id for r in both.agencies] == ["dukcapil", "imigrasi"]
    imigrasi = report_of(worked, agency_id="imigrasi")
    assert [r.agency_id for r in imigrasi.agencies] == ["imigrasi"]
    assert imigrasi.title == "Kantor Imigrasi"
    assert imigrasi.total.result.converted_rounded == Decimal("25.00")
    assert imigrasi.total.result.grade == "D"
    ktp = report_of(worked, service_id="dukcapil-ktp", lang="en")
    assert ktp.title == "e-ID card reprint" and ktp.total.result.respondents == 3


def test_unbound_answers_count_for_their_agency(worked):
    # A visitor without a ticket picks the agency only; a retired service keeps its id.
    assert worked.record_skm(PROFILE, dict.fromkeys(UNSUR_KEYS, 4), agency_id="dukcapil",
                             now=at(12)).accepted
    worked.store.add_skm(skm_record(
        id="OLD", at=at(12), zone=worked.zone, kiosk_id="T1", agency_id="dukcapil",
        service_id="dukcapil-retired", profile=PROFILE, answers=dict.fromkeys(UNSUR_KEYS, 4)))
    report = report_of(worked)
    assert report.agencies[0].result.respondents == 5
    names = [r.service for r in report.services]
    assert names == ["Cetak ulang KTP-el", "dukcapil-retired", "(layanan tidak tercatat)"]
    unbound = report.services[-1]
    assert unbound.sample.population == 0 and not unbound.has_population


def test_period_outside_the_answers_is_empty(worked):
    report = ikm_report(worked.store, worked.catalog,
                        Period(date(2026, 11, 1), date(2026, 11, 30)))
    assert report.empty and report.agencies == () and report.total.result.respondents == 0


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ReportError) as caught:
        Period(date(2026, 10, 31), date(2026, 10, 1))
    assert "2026-10-01" in caught.value.text("id")


def test_text_table_is_indonesian_by_default_and_english_on_request(worked):
    text = ikm_table(report_of(worked))
    assert "Indeks Kepuasan Masyarakat (IKM) — MPP Uji" in text
    assert "Periode: 1 Oktober 2026 – 31 Oktober 2026" in text
    assert "IKM per instansi" in text and "NRR per unsur" in text
    assert "Semua instansi: IKM 77,78 · mutu B (Baik) · 3 responden" in text
    lines = text.splitlines()
    # The U3 line: sum 7 from 3 answers, NRR 2,33, weighted 0,2593.
    u3 = next(line for line in lines if line.startswith("U3 "))
    assert u3.split()[-4:] == ["7", "3", "2,33", "0,2593"]
    english = ikm_table(report_of(worked, lang="en"))
    assert "IKM per agency" in english and "77.78" in english and "Good" in english
    # Columns line up: every row of the agency table is as wide as its rule line.
    start = lines.index("IKM per instansi")
    rule = lines[start + 2]
    assert set(rule) <= {"-", " "}
    assert all(len(line) <= len(rule) for line in lines[start + 1:start + 5])


def test_a_one_day_report_names_the_day_once(worked):
    day = Period(date(2026, 10, 5), date(2026, 10, 5))
    for lang, line in (("id", "Tanggal: 5 Oktober 2026"), ("en", "Day: 5 October 2026")):
        text = ikm_table(ikm_report(worked.store, worked.catalog, day, lang=lang,
                                    mpp_name="MPP Uji"))
        assert line in text and "–" not in text.split(line)[0] + line


def test_csv_reads_back_one_row_per_group(worked):
    take(worked, "imigrasi-paspor", 1)
    rows = list(csv.DictReader(io.StringIO(ikm_csv(report_of(worked)))))
    assert tuple(rows[0]) == IKM_CSV_COLUMNS
    assert [(r["level"], r["agency_id"], r["service_id"]) for r in rows] == [
        ("total", "", ""), ("agency", "dukcapil", ""), ("agency", "imigrasi", ""),
        ("service", "dukcapil", "dukcapil-ktp"), ("service", "imigrasi", "imigrasi-paspor")]
    total = rows[0]
    assert total["agency"] == "Semua instansi"
    assert float(total["nrr_waktu"]) == pytest.approx(7 / 3, abs=5e-5)
    assert total["ikm_converted"] == "77.78" and total["mutu"] == "B"
    assert (total["respondents"], total["population"]) == ("3", "5")
    assert rows[4]["ikm"] == "" and rows[4]["sample_reached"] == "false"


def test_xlsx_has_a_sheet_per_part_with_real_numbers(worked, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from kiosk.reports.xlsx import write_ikm_xlsx
    path = write_ikm_xlsx(report_of(worked), tmp_path / "ikm.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["IKM per instansi", "IKM per layanan", "NRR per unsur"]

    ws = wb["IKM per instansi"]
    header = [c.value for c in ws[4]]
    assert header[:5] == ["Instansi", "Responden", "Populasi", "Sampel minimum",
                          "Sampel tercapai"]
    assert all(c.font.bold for c in ws[4])
    row = dict(zip(header, (c.value for c in ws[5])))
    assert row["Instansi"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert row["Responden"] == 3 and row["IKM konversi"] == 77.78
    assert row["U3 Waktu Penyelesaian"] == pytest.approx(7 / 3)
    assert (row["Mutu"], row["Kinerja"]) == ("B", "Baik")
    assert ws.column_dimensions["A"].width >= 30

    ws = wb["NRR per unsur"]
    values = {r[1]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert values["Biaya/Tarif"][2:5] == (12, 3, 4.0)
    assert values["IKM"][6] == pytest.approx(28 / 9)
    assert values["IKM konversi"][6] == 77.78


def test_png_charts_are_a4_pages(worked, tmp_path):
    image = pytest.importorskip("PIL.Image")
    pytest.importorskip("matplotlib")
    from kiosk.reports.charts import write_demand_png, write_ikm_png
    ikm = write_ikm_png(report_of(worked), tmp_path / "ikm.png")
    demand = write_demand_png(demand_report(worked.store, worked.catalog, worked.zone, OCTOBER,
                                            mpp_name="MPP Uji"), tmp_path / "demand.png")
    with image.open(ikm) as png:
        assert png.format == "PNG"
        width, height = png.size
        assert 1200 <= width <= 1300 and 1700 <= height <= 1800   # A4 portrait, 150 dpi
        # Not a blank page: the bars put plenty of non-white pixels on it.
        colours = png.convert("RGB").getcolors(maxcolors=1 << 20)
        assert sum(n for n, rgb in colours if rgb != (255, 255, 255)) > 0.03 * width * height
    with image.open(demand) as png:
        assert png.size[0] > png.size[1] >= 1200                   # A4 landscape


def test_votes_shares_per_agency_and_local_hour(make_service):
    service = make_service()
    tickets = take(service, "dukcapil-ktp", 3) + take(service, "imigrasi-paspor", 1)
    for ticket, face, when in zip(tickets, (4, 4, 2, 3), (at(9, 5), at(9, 40), at(9, 59),
                                                         at(10, 1))):
        assert service.record_vote(face, ticket_id=ticket.id, now=when).accepted
    report = votes_report(service.store, service.catalog, OCTOBER)
    rows = [(r.agency_id, r.hour, r.shares.counts) for r in report.rows]
    assert rows == [("dukcapil", 9, (0, 1, 0, 2)), ("dukcapil", None, (0, 1, 0, 2)),
                    ("imigrasi", 10, (0, 0, 1, 0)), ("imigrasi", None, (0, 0, 1, 0))]
    assert report.total.counts == (0, 1, 1, 2)
    text = votes_table(report)
    assert "09.00–10.00" in text and "66,7 %" in text and "Semua jam" in text
    parsed = list(csv.DictReader(io.StringIO(votes_csv(report))))
    assert parsed[0]["hour"] == "9" and parsed[0]["n_sangat_puas"] == "2"
    assert parsed[0]["pct_tidak_puas"] == "33.3" and parsed[0]["pct_satisfied"] == "66.7"
    assert parsed[1]["hour"] == "" and parsed[1]["votes"] == "3"
    only = votes_report(service.store, service.catalog, OCTOBER, agency_id="imigrasi")
    assert only.total.counts == (0, 0, 1, 0)


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
def test_demand_counts_tickets_in_the_mpp_local_hour(make_service, zone):
    service = make_service(zone)
    local = ZoneInfo(zone)
    take(service, "dukcapil-ktp", 2, start=at(8, 30, zone=local))
    take(service, "dukcapil-ktp", 1, start=at(13, 10, zone=local))
    take(service, "imigrasi-paspor", 1, start=at(13, 50, zone=local))
    cancelled = take(service, "imigrasi-paspor", 1, start=at(14, 0, zone=local))[0]
    service.cancel_ticket(cancelled.id, "left")
    # The store keeps UTC: 08.30 WIB is 01:30 UTC, but the report says 08.00–09.00.
    assert service.store.tickets()[0].issued_at.endswith("+00:00")
    report = demand_report(service.store, service.catalog, local, OCTOBER)
    assert report.hours == tuple(range(8, 14))
    assert [(r.agency_id, r.per_hour) for r in report.rows] == [
        ("dukcapil", {8: 2, 13: 1}), ("imigrasi", {13: 1})]
    assert report.total == 4 and report.hour_total(13) == 2
    table = demand_table(report)
    assert "08.00" in table and "13.00" in table
    parsed = list(csv.DictReader(io.StringIO(demand_csv(report))))
    assert parsed[0]["h08"] == "2" and parsed[0]["h09"] == "0" and parsed[0]["total"] == "3"
    assert parsed[1]["timezone"] == zone
