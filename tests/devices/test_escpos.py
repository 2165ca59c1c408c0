from escpos.constants import QR_ECLEVEL_H, QR_ECLEVEL_L, QR_ECLEVEL_M
from escpos.printer import Dummy

from devices.escpos import EscPosEncoder, logo, qr_native, transliterate
from devices.sim.printer import EscPosParser
from kiosk.tickets import QR, Cut, Feed, Logo, Raster, Rule, Text


def reference_qr(data, ec, size):
    dummy = Dummy()
    dummy.qr(data, ec=ec, size=size, native=True)
    return dummy.output


def test_native_qr_bytes_match_python_escpos():
    for data, module, ours, theirs in [("ANJ1:T:K01-20261123-A001", 6, "M", QR_ECLEVEL_M),
                                       ("x", 1, "L", QR_ECLEVEL_L),
                                       ("A" * 300, 16, "H", QR_ECLEVEL_H)]:
        assert qr_native(data, module, ours) == reference_qr(data, theirs, module)


def test_native_qr_commands_are_exactly_the_documented_ones():
    data = "ANJ1:T:42"
    assert qr_native(data, 6, "M") == (
        bytes.fromhex("1D286B0400314132 00".replace(" ", ""))
        + bytes.fromhex("1D286B03003143") + b"\x06"
        + bytes.fromhex("1D286B03003145") + b"\x31"
        + bytes([0x1D, 0x28, 0x6B, len(data) + 3, 0, 0x31, 0x50, 0x30]) + data.encode()
        + bytes.fromhex("1D286B0300315130"))


def test_qr_data_length_is_checked():
    for bad in ("", "x" * 7090):
        try:
            qr_native(bad)
        except ValueError as exc:
            assert "QR data" in str(exc)
        else:
            raise AssertionError("accepted QR data the printer cannot store")


def test_nv_logo_command_is_eleven_bytes():
    assert logo("A1") == bytes.fromhex("1D284C0600304541310101")
    assert len(logo("A1")) == 11


def test_text_never_leaves_as_utf8():
    text = "Loket 1–4 “Lantai” — café ± 5 menit • Ğ 中"
    for encoding in ("cp437", "cp850", "cp1252", "cp858"):
        data = transliterate(text, encoding)
        assert data.decode(encoding).startswith("Loket 1")
        assert "\u4e2d".encode("utf-8") not in data and b"\xe2\x80" not in data
    assert transliterate(text, "ascii") == b'Loket 1-4 "Lantai" - cafe +/- 5 menit * G ?'


def test_job_starts_with_init_and_code_page_and_ends_with_cut():
    data = EscPosEncoder(codepage=19, encoding="cp858").encode([Text("Halo"), Cut()])
    assert data == b"\x1b@\x1bt\x13Halo\n\x1dVB\x00"


def test_style_commands_only_when_the_style_changes():
    blocks = [Text("a", "center", bold=True), Text("b", "center", bold=True),
              Text("C", "center", 4, 4, bold=True), Text("d", "center")]
    data = EscPosEncoder().encode(blocks)
    assert data == (b"\x1b@\x1bt\x10" + b"\x1ba\x01\x1bE\x01a\nb\n" + b"\x1d!\x33C\n"
                    + b"\x1d!\x00\x1bE\x00d\n")


def test_encoded_ticket_parses_back_to_the_same_blocks(blocks):
    parsed = []
    parser = EscPosParser(lambda b, ec: parsed.append((b, ec)), lambda n: None)
    parser.feed(EscPosEncoder().encode([Logo("A1")] + blocks))
    (got, ec), = parsed
    assert ec == "M"
    texts = [b for b in blocks if isinstance(b, Text)]
    got_texts = [b for b in got if isinstance(b, Text) and b.text != "------"]
    assert [(t.text.replace("–", "\u2013"), t.align, t.width, t.height, t.bold) for t in got_texts] \
        == [(t.text, t.align, t.width, t.height, t.bold) for t in texts]
    assert Logo("A1") in got and QR("ANJ1:T:K01-20261123-A001", 6) in got
    assert got[-1] == Cut() and Feed(1) in got


def test_raster_qr_costs_far_more_bytes_than_native(blocks):
    native = EscPosEncoder(native_qr=True).encode(blocks)
    raster = EscPosEncoder(native_qr=False).encode(blocks)
    assert b"\x1dv0" in raster and b"\x1d(k" not in raster
    assert len(raster) > 5 * len(native)


def test_rule_is_a_short_wide_dash_line():
    data = EscPosEncoder().encode([Rule()])
    assert data.endswith(b"\x1ba\x01\x1d!\x70------\n")


def test_unknown_block_is_a_clear_error():
    try:
        EscPosEncoder().encode(["not a block"])
    except ValueError as exc:
        assert "unknown ticket block" in str(exc)
    else:
        raise AssertionError("encoded garbage")


def test_raster_block_header():
    data = EscPosEncoder().encode([Raster(16, 2, b"\xff\x00\x0f\xf0")])
    assert data.endswith(b"\x1dv0\x00\x02\x00\x02\x00\xff\x00\x0f\xf0")
