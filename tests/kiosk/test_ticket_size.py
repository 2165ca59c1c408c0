"""A ticket with long names stays quick on a 9600-baud line (issue 12): the agency's short
name, then no closing 'please wait' line, only when the full ticket would be too long."""

from kiosk.tickets import TEXT_BUDGET, Text, layout, sample_content

LONG_AGENCY = "Kantor Wilayah Badan Pertanahan Nasional dan Tata Ruang Provinsi Tanjung Harapan"


def lines(blocks):
    return [b.text.replace("\n", " ") for b in blocks if isinstance(b, Text)]


def test_a_short_ticket_keeps_the_full_agency_name_and_every_line():
    content = sample_content(agency_short="Dukcapil")
    printed = lines(layout(content))
    assert content.agency_name in printed and "Dukcapil" not in printed
    assert "Mohon menunggu nomor Anda dipanggil" in printed


def test_a_long_ticket_prints_the_short_name_and_stays_in_budget():
    content = sample_content(agency_name=LONG_AGENCY, agency_short="BPN",
                             service_name="Pendaftaran peralihan hak atas tanah karena jual beli, "
                                          "hibah atau waris (balik nama sertipikat)")
    blocks = layout(content)
    assert "BPN" in lines(blocks) and LONG_AGENCY not in lines(blocks)
    assert sum(len(b.text) + 1 for b in blocks if isinstance(b, Text)) <= TEXT_BUDGET
