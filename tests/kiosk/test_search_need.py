"""Search by need over the sample catalog: what visitors actually type finds the service."""

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


@pytest.mark.parametrize("query", ["xqzvwk", "qqqqqqqq", "zzz zzz", "1234567"])
def test_garbage_finds_nothing(index, query):
    assert index.search(query) == []


def test_a_disabled_service_is_never_offered(sample):
    from dataclasses import replace
    services = tuple(replace(s, enabled=False) if s.id == "polres-skck-baru" else s
                     for s in sample.services)
    hits = SearchIndex(replace(sample, services=services)).search("skck")
    assert hits and "polres-skck-baru" not in [h.service_id for h in hits]


def test_normalise_drops_case_accents_and_punctuation():
    assert normalise("  KTP-el / Akté ") == "ktp el akte"
