import random
import time

import pytest

from devices.scanner import SerialScanner, WedgeDecoder, clean_scan
from devices.sim.inputs import SimScanner


@pytest.fixture
def sim(tmp_path):
    s = SimScanner(link_dir=tmp_path)
    yield s
    s.close()


def test_clean_scan_strips_aim_id_prefix_and_line_end():
    assert clean_scan(b"]Q1ANJ1:B:ABC\r\n") == "ANJ1:B:ABC"
    assert clean_scan(b"\nSTX]C0012345") == "STX]C0012345"
    assert clean_scan(b"PFX]Q1hello", prefix=b"PFX") == "hello"
    assert clean_scan(b"]Q1") is None and clean_scan(b"\x00\r") is None
    assert clean_scan(b"]Q1\xff\xfe") == "\xff\xfe"  # not UTF-8: still no exception


def test_serial_scanner_delivers_codes_with_aim_stripped(collector, sim):
    got = collector()
    scanner = SerialScanner({"port": sim.port, "suffix": "\r"}, got)
    try:
        sim.inject("ANJ1:T:K01-20261123-A001")
        sim.inject_noise(40, random.Random(1))
        sim.inject("BOOK-7Q4K")
        assert got.wait_until_seen("BOOK-7Q4K")
        assert "ANJ1:T:K01-20261123-A001" in got.items
    finally:
        scanner.close()


def test_crlf_scanner_with_cr_suffix_configured(collector, tmp_path):
    sim = SimScanner(suffix=b"\r\n", link_dir=tmp_path)
    got = collector()
    scanner = SerialScanner({"port": sim.port, "suffix": "CR"}, got)
    try:
        sim.inject("ONE")
        sim.inject("TWO")
        assert got.wait_for(2)
        assert got.items == ["ONE", "TWO"]
    finally:
        scanner.close()
        sim.close()


def test_scanner_survives_unplug_and_replug(collector, sim):
    got = collector()
    scanner = SerialScanner({"port": sim.port}, got)
    try:
        sim.inject("BEFORE")
        assert got.wait_for(1)
        sim.unplug()
        time.sleep(0.3)
        assert not scanner.connected
        sim.replug()
        assert scanner.link.wait_connected(3)
        sim.inject("AFTER")
        assert got.wait_for(2)
        assert got.items == ["BEFORE", "AFTER"]
    finally:
        scanner.close()


def test_fuzz_scanner_driver_over_a_pty(collector, sim):
    rng = random.Random(3)
    got = collector()
    scanner = SerialScanner({"port": sim.port}, got)
    codes = [f"ANJ1:B:{i:04d}{rng.getrandbits(32):08x}" for i in range(300)]
    noise_total = 0
    try:
        for code in codes:
            n = rng.randrange(667)
            noise_total += n + 1
            sim.inject_raw(bytes(rng.randrange(256) for _ in range(n)) + b"\r")
            sim.inject(code)
        assert noise_total > 95_000
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not set(codes) <= set(got.items):
            time.sleep(0.05)
        for code in codes:
            assert got.items.count(code) == 1
    finally:
        scanner.close()


def test_handler_errors_do_not_stop_the_scanner(sim):
    calls = []

    def bad_handler(text):
        calls.append(text)
        raise RuntimeError("UI bug")
    scanner = SerialScanner({"port": sim.port}, bad_handler)
    try:
        sim.inject("A1234")
        sim.inject("B1234")
        deadline = time.monotonic() + 3
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert calls == ["A1234", "B1234"]
    finally:
        scanner.close()


def test_wedge_decoder_takes_a_fast_burst_as_a_scan():
    got = []
    wedge = WedgeDecoder(got.append, inter_key_timeout=0.05)
    t = 100.0
    for ch in "]Q1ANJ1:B:XY12":
        wedge.feed(ch, t)
        t += 0.004
    assert wedge.enter(t) is True
    assert got == ["ANJ1:B:XY12"]


def test_wedge_decoder_ignores_a_person_typing():
    got = []
    wedge = WedgeDecoder(got.append)
    t = 0.0
    for ch in "1234":
        wedge.feed(ch, t)
        t += 0.2
    assert wedge.enter(t) is False and got == []


def test_wedge_decoder_drops_typed_keys_before_a_scan_and_short_bursts():
    got = []
    wedge = WedgeDecoder(got.append)
    wedge.feed("z", 0.0)
    wedge.feed("z", 0.3)
    for i, ch in enumerate("CODE9"):
        wedge.feed(ch, 1.0 + i * 0.01)
    assert wedge.enter(1.06) and got == ["CODE9"]
    wedge.feed("a", 2.0)
    wedge.feed("b", 2.01)
    assert wedge.enter(2.02) is False and got == ["CODE9"]
    wedge.feed("LATE", 3.0)
    assert wedge.enter(3.5) is False  # Enter long after the burst: a person pressed it
