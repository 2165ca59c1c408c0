"""Search by need over the sample catalog: what visitors actually type finds the service."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk import config
from kiosk.search import SearchIndex, normalise

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample():
    return config.load(ROOT / "config" / "kiosk.toml").catalog


@pytest.fixture(scope="module")
def index(sample):
    return SearchIndex(sample)


# (what the visitor types, the service that must be among the first three)
QUERIES = [
    ("paspor", "imigrasi-paspor-baru"),
    ("pasport", "imigrasi-paspor-baru"),
    ("passport", "imigrasi-paspor-baru"),
    ("paspr", "imigrasi-paspor-baru"),
    ("PASPOR ANAK", "imigrasi-paspor-anak"),
    ("paspor hilang", "imigrasi-paspor-hilang"),
    ("perpanjang paspor", "imigrasi-paspor-penggantian"),
    ("bikin ktp", "dukcapil-ktp-perekaman"),
    ("ktp hilang", "dukcapil-ktp-cetak-ulang"),
    ("ktphilang", "dukcapil-ktp-cetak-ulang"),
    ("e-ktp rusak", "dukcapil-ktp-cetak-ulang"),
    ("perpanjangsim", "satpas-sim-a-perpanjangan"),
    ("perpanjang sim c", "satpas-sim-c-perpanjangan"),
    ("sim motor", "satpas-sim-c-perpanjangan"),
    ("sim hilang", "satpas-sim-penggantian"),
    ("driving licence", "satpas-sim-a-perpanjangan"),
    ("skck", "polres-skck-baru"),
    ("sckc", "polres-skck-baru"),
    ("surat kelakuan baik", "polres-skck-baru"),
    ("surat kelakuan bik", "polres-skck-baru"),
    ("police clearance", "polres-skck-baru"),
    ("pajak motor", "samsat-pkb-tahunan"),
    ("pajakmotor", "samsat-pkb-tahunan"),
    ("pajak mobil", "samsat-pkb-tahunan"),
    ("ganti plat", "samsat-stnk-lima-tahunan"),
    ("balik nama motor", "samsat-balik-nama"),
    ("bpjs pindah faskes", "bpjs-kesehatan-pindah-faskes"),
    ("pindah faskes", "bpjs-kesehatan-pindah-faskes"),
    ("daftar bpjs", "bpjs-kesehatan-pendaftaran"),
    ("cairkan jht", "bpjs-ketenagakerjaan-klaim-jht"),
    ("akta lahir", "dukcapil-akta-kelahiran"),
    ("akte kelahiran", "dukcapil-akta-kelahiran"),
    ("birth certificate", "dukcapil-akta-kelahiran"),
    ("kartu keluarga", "dukcapil-kk-baru"),
    ("pindah domisili", "dukcapil-pindah-keluar"),
    ("npwp", "kpp-npwp-badan"),
    ("lapor spt", "kpp-konsultasi-spt"),
    ("nikah", "kemenag-pendaftaran-nikah"),
    ("mau nikah", "kemenag-pendaftaran-nikah"),
    ("daftar haji", "kemenag-pendaftaran-haji"),
    ("umroh", "kemenag-informasi-haji-umrah"),
    ("sertifikat halal", "kemenag-halal-self-declare"),
    ("sertifikat tanah", "bpn-pengecekan-sertipikat"),
    ("bayar pbb", "bapenda-bayar-pbb"),
    ("izin usaha", "dpmptsp-nib-oss"),
    ("imb", "dpmptsp-pbg"),
    ("pasang listrik", "pln-pasang-baru"),
    ("tambah daya", "pln-tambah-daya"),
    ("air keruh", "pdam-pengaduan"),
    ("kartu kuning", "disnaker-kartu-kuning"),
    ("gugat cerai", "pengadilan-agama-ecourt"),
    ("tilang", "kejari-tilang"),
    ("buka rekening", "bank-daerah-buka-rekening"),
    ("materai", "pos-meterai"),
    ("gadai emas", "pegadaian-gadai"),
    ("pensiun janda", "taspen-klaim-janda-duda"),
    ("polisi", "polres-skck-baru"),
    ("lost passport", "imigrasi-paspor-hilang"),
    ("car tax", "samsat-pkb-tahunan"),
    ("visa", "imigrasi-informasi"),
]


@pytest.mark.parametrize("query,service_id", QUERIES)
def test_what_visitors_type_finds_the_service_in_the_top_three(index, query, service_id):
    top = [hit.service_id for hit in index.search(query)[:3]]
    assert service_id in top, f"{query!r} -> {top}"


def test_at_least_thirty_queries_and_every_target_exists(sample):
    assert len(QUERIES) >= 30
    assert all(sample.service(service_id) for _, service_id in QUERIES)


def test_every_sample_service_carries_keywords(sample):
    assert [s.id for s in sample.services if not s.keywords] == []


def test_each_hit_names_its_agency_and_results_are_ranked(index, sample):
    hits = index.search("paspor")
    assert all(sample.service(h.service_id).agency == h.agency_id for h in hits)
    assert [h.agency_id for h in hits[:5]] == ["imigrasi"] * 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize("query", ["", "   ", "-", "a"])
def test_an_empty_query_lists_nothing(index, query):
    assert index.search(query) == []


@pytest.mark.parametrize("query", ["xqzvwk", "qqqqqqqq", "zzz zzz", "1234567",
                                   "bikin sertifikat kucing", "sertifikatkucing"])
def test_garbage_finds_nothing(index, query):
    assert index.search(query) == []


def test_an_agency_name_ranks_its_services_above_a_near_spelling_elsewhere(index):
    hits = index.search("imigrasi")  # not "migrasi" (PLN's switch to prepaid)
    assert [h.agency_id for h in hits[:5]] == ["imigrasi"] * 5


def test_a_disabled_service_is_never_offered(sample):
    from dataclasses import replace
    services = tuple(replace(s, enabled=False) if s.id == "polres-skck-baru" else s
                     for s in sample.services)
    hits = SearchIndex(replace(sample, services=services)).search("skck")
    assert hits and "polres-skck-baru" not in [h.service_id for h in hits]


def test_normalise_drops_case_accents_and_punctuation():
    assert normalise("  KTP-el / Akté ") == "ktp el akte"


# -- the MPP's next opening time (kiosk/opening.py), pure inputs, the sample catalog --------
# Sample hours: Mon-Thu 08:00-15:30, Fri 08:00-16:00 with the 11:30-13:00 prayer break,
# Sat 08:00-12:00 (Samsat until 13:00), cut-off 30 min; Christmas Eve and Day are holidays.
WIB = ZoneInfo("Asia/Jakarta")


def at(*args):
    return datetime(*args, tzinfo=WIB)


@pytest.mark.parametrize("now,kind,opens,when_id,when_en", [
    (at(2026, 11, 23, 19, 0), "closed", at(2026, 11, 24, 8, 0),
     "besok pukul 08.00 WIB", "tomorrow at 08.00 WIB"),
    (at(2026, 11, 27, 12, 0), "friday_break", at(2026, 11, 27, 13, 0),
     "hari ini pukul 13.00 WIB", "today at 13.00 WIB"),
    (at(2026, 12, 24, 10, 0), "holiday", at(2026, 12, 26, 8, 0),
     "Sabtu, 26 Desember pukul 08.00 WIB", "Saturday, 26 December at 08.00 WIB"),
    (at(2026, 11, 28, 14, 0), "closed", at(2026, 11, 30, 8, 0),
     "Senin, 30 November pukul 08.00 WIB", "Monday, 30 November at 08.00 WIB"),
    (at(2026, 11, 29, 10, 0), "closed", at(2026, 11, 30, 8, 0),
     "besok pukul 08.00 WIB", "tomorrow at 08.00 WIB"),
    (at(2026, 11, 24, 6, 30), "closed", at(2026, 11, 24, 8, 0),
     "hari ini pukul 08.00 WIB", "today at 08.00 WIB"),
])
def test_closed_mpp_says_why_and_when_it_opens(sample, now, kind, opens, when_id, when_en):
    from kiosk.opening import mpp_closed, when_text
    closed = mpp_closed(sample, now, WIB)
    assert closed is not None and closed.kind == kind
    assert closed.opens == opens
    assert when_text(closed.opens, now, "id") == when_id
    assert when_text(closed.opens, now, "en") == when_en


def test_the_holiday_is_named_and_the_sentence_is_plain(sample):
    from kiosk.opening import mpp_closed
    now = at(2026, 12, 25, 9, 0)
    closed = mpp_closed(sample, now, WIB)
    assert closed.reason("id") == "Hari ini hari libur: Kelahiran Yesus Kristus (Hari Raya Natal)."
    assert closed.opens_text(now, "id") == "Buka kembali besok pukul 08.00 WIB."
    assert closed.opens_text(now, "en") == "Opens again tomorrow at 08.00 WIB."


@pytest.mark.parametrize("now", [at(2026, 11, 23, 10, 0), at(2026, 11, 27, 13, 0),
                                 at(2026, 11, 28, 12, 10)])  # Saturday 12.10: Samsat still
def test_open_when_some_service_gives_a_number(sample, now):
    from kiosk.opening import mpp_closed, next_opening
    assert mpp_closed(sample, now, WIB) is None
    assert next_opening(sample, now, WIB) == now


def test_no_opening_within_a_month_is_said_plainly(sample):
    from dataclasses import replace
    from kiosk.opening import mpp_closed
    shut = replace(sample, services=tuple(replace(s, enabled=False) for s in sample.services))
    closed = mpp_closed(shut, at(2026, 11, 23, 10, 0), WIB)
    assert closed.opens is None and "information desk" in closed.opens_text(at(2026, 11, 23), "en")


# -- the catalog loader checks the new fields ------------------------------------------------
def load_with(tmp_path, service_lines="", tail=""):
    text = (ROOT / "tests" / "kiosk" / "data" / "catalog.toml").read_text()
    text = re.sub(r"\n\[contacts\]\n(?:[^\[\n].*\n)*", "\n", text)  # each test gives its own
    text = text.replace('id = "imigrasi-paspor"\n', 'id = "imigrasi-paspor"\n' + service_lines)
    path = tmp_path / "catalog.toml"
    path.write_text(text + tail)
    return config.load_catalog(path)


def test_keywords_online_url_and_contacts_are_read(tmp_path):
    catalog = load_with(tmp_path, 'keywords = ["pasport", " bikin paspor "]\n'
                        'online_url = "https://www.imigrasi.go.id/"\n',
                        '\n[contacts]\ninformation_desk = { id = "Lobi", en = "Lobby" }\n'
                        'whatsapp = "0811 1"\n')
    service = catalog.service("imigrasi-paspor")
    assert service.keywords == ("pasport", "bikin paspor")
    assert service.online_url == "https://www.imigrasi.go.id/"
    assert catalog.contacts.information_desk["en"] == "Lobby"
    assert catalog.contacts.whatsapp == "0811 1" and catalog.contacts.call_centre == ""
    assert load_with(tmp_path).contacts is None


def test_bad_keywords_urls_and_contacts_are_named(tmp_path):
    with pytest.raises(config.ConfigError) as info:
        load_with(tmp_path, 'keywords = ["paspor", 3, ""]\nonline_url = "imigrasi.go.id"\n',
                  '\n[contacts]\nwhatsap = "0811"\ncomplaints_url = "lapor"\n')
    text = str(info.value)
    for expected in ("service[imigrasi-paspor].keywords[1]: must be a non-empty string, got 3",
                     "service[imigrasi-paspor].keywords[2]",
                     "service[imigrasi-paspor].online_url: 'imigrasi.go.id' must be a web address",
                     "contacts.whatsap: unknown key", "contacts.information_desk: missing",
                     "contacts.complaints_url"):
        assert expected in text
    with pytest.raises(config.ConfigError, match=r"keywords: must be a list"):
        load_with(tmp_path, 'keywords = "paspor"\n')


def test_a_catalog_without_services_finds_nothing(sample):
    from dataclasses import replace
    assert SearchIndex(replace(sample, services=())).search("paspor") == []
