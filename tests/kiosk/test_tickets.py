from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import zxingcpp

from kiosk.tickets import (COLUMNS, QR, Cut, Logo, Text, TicketContent, format_issued_at, layout,
                           parse_ticket_qr, render_png, ticket_qr_payload)


@pytest.fixture
def content():
    return TicketContent(
        mpp_name="Mal Pelayanan Publik Kota Tanjung Harapan",
        mpp_region="Pemerintah Kota Tanjung Harapan",
        agency_name="Kantor Imigrasi Kelas I Tempat Pemeriksaan Imigrasi Tanjung Harapan",
        agency_short="Imigrasi", service_name="Penggantian paspor hilang atau rusak (wawancara dan foto ulang)",
        number="RA-012", counter="Loket 5, Lantai 2",
        issued_at=datetime(2026, 11, 23, 8, 15, tzinfo=ZoneInfo("Asia/Jakarta")),
        people_ahead=7, wait_minutes=95, priority=True,
        qr_payload=ticket_qr_payload("K01-20261123-RA012"), footer="Terima kasih")


def texts(blocks):
    """The printed texts, with wrapped lines joined again."""
    return [b.text.replace("\n", " ") for b in blocks if isinstance(b, Text)]


def test_ticket_in_indonesian(content):
    blocks = layout(content)
    lines = texts(blocks)
    assert lines[0] == "Mal Pelayanan Publik Kota Tanjung Harapan"
    assert "PRIORITAS" in lines
    assert "7 antrean di depan Anda, tunggu ± 1 jam 35 menit" in lines
    assert "Senin, 23 Nov 2026 08.15 WIB" in lines
    # this ticket is long enough to lose its closing line (tests/kiosk/test_ticket_size.py)
    assert "Mohon menunggu nomor Anda dipanggil" in texts(layout(replace(content, service_name="Paspor")))
    assert QR("ANJ1:T:K01-20261123-RA012") in blocks
    assert lines[-1] == "Terima kasih" and blocks[-1] == Cut()


def test_ticket_in_english(content):
    lines = texts(layout(replace(content, lang="en", priority=False, wait_minutes=None,
                                 footer="")))
    assert "PRIORITY" not in lines and "PRIORITAS" not in lines
    assert "People ahead of you: 7" in lines
    assert "Monday, 23 Nov 2026 08:15 WIB" in lines
    assert "Please wait for your number to be called" in lines


def test_nobody_ahead(content):
    assert "Tidak ada antrean di depan Anda" in texts(layout(replace(content, people_ahead=0)))


def test_number_is_the_biggest_text_and_fits_the_paper(content):
    blocks = layout(content)
    number = next(b for b in blocks if isinstance(b, Text) and b.text == "RA-012")
    assert (number.width, number.height, number.align) == (4, 4, "center")
    assert all(b.width * b.height <= 16 for b in blocks if isinstance(b, Text))
    long_number = next(b for b in layout(replace(content, number="ABCDEFGHIJKLMN-001"))
                       if isinstance(b, Text) and "ABCD" in b.text)
    assert len(long_number.text) * long_number.width <= COLUMNS


def test_long_names_are_wrapped_to_the_paper_width(content):
    for block in layout(content):
        if isinstance(block, Text):
            for line in block.text.split("\n"):
                assert len(line) * block.width <= COLUMNS, line


def test_logo_comes_first_when_configured(content):
    assert layout(content, "A1")[0] == Logo("A1")
    assert not any(isinstance(b, Logo) for b in layout(content))


@pytest.mark.parametrize("zone,expected", [("Asia/Jakarta", "WIB"), ("Asia/Pontianak", "WIB"),
                                           ("Asia/Makassar", "WITA"), ("Asia/Jayapura", "WIT")])
def test_indonesian_time_zones(zone, expected):
    moment = datetime(2026, 8, 17, 13, 5, tzinfo=ZoneInfo(zone))
    assert format_issued_at(moment) == f"Senin, 17 Agu 2026 13.05 {expected}"


def test_zone_from_a_plain_offset():
    moment = datetime(2026, 1, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert format_issued_at(moment).endswith("09.00 WITA")


def test_qr_payload_round_trip_and_rejects():
    assert parse_ticket_qr(ticket_qr_payload("K01-20261123-A001")) == "K01-20261123-A001"
    assert parse_ticket_qr(" ANJ1:T:X9 \r") == "X9"
    for other in ("", "ANJ1:T:", "ANJ1:B:K01", "https://example.com", "ANJ1:T:a b",
                  "ANJ1:T:" + "x" * 65, None, 42):
        assert parse_ticket_qr(other) is None


def test_png_preview_is_a_ticket_with_a_readable_qr(content, tmp_path):
    path = tmp_path / "ticket.png"
    image = render_png(layout(content, "A1"), path)
    assert path.exists() and image.width == 576
    assert 700 < image.height < 1400
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["ANJ1:T:K01-20261123-RA012"]
    # The number band (4x4 text) is dark in the middle of the paper.
    assert image.crop((150, 0, 426, image.height)).getextrema()[0] == 0
