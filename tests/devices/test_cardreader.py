import random
import time

import pytest

from devices.cardreader import RepeatFilter, SerialCardReader
from devices.framing import em4100_frame
from devices.sim.inputs import SimCardReader


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_repeat_filter_suppresses_a_resting_card_only():
    clock = FakeClock()
    f = RepeatFilter(1.0, clock)
    assert f.accept("AAA")
    for _ in range(40):  # RDM6300 repeats every 50 ms for two seconds
        clock.now += 0.05
        assert not f.accept("AAA")
    assert f.accept("BBB")
    clock.now += 1.5
    assert f.accept("BBB")  # lifted and laid down again


@pytest.fixture
def sim(tmp_path):
    s = SimCardReader("stxetx", link_dir=tmp_path)
    yield s
    s.close()


def test_rdm6300_card_reported_once_while_resting(collector, sim):
    got = collector()
    reader = SerialCardReader({"port": sim.port, "framing": "stxetx"}, got)
    try:
        sim.present("0A1B2C3D4E", repeats=15)
        sim.inject_bad_checksum("1111111111")
        sim.present("99AABBCCDD")
        assert got.wait_for(2)
        time.sleep(0.2)
        assert got.items == ["0A1B2C3D4E", "99AABBCCDD"]
    finally:
        reader.close()


def test_line_card_reader(collector, tmp_path):
    sim = SimCardReader("line", link_dir=tmp_path)
    got = collector()
    reader = SerialCardReader({"port": sim.port, "framing": "line"}, got)
    try:
        sim.present("0004718923")
        sim.present("12345")
        assert got.wait_for(2)
        assert got.items == ["0004718923", "12345"]
    finally:
        reader.close()
        sim.close()


def test_bad_framing_config_is_a_clear_error():
    with pytest.raises(ValueError, match="framing must be stxetx or line"):
        SerialCardReader({"port": "/nonexistent", "framing": "wiegand"})


def test_fuzz_card_reader_driver_over_a_pty(collector, sim):
    rng = random.Random(5)
    got = collector()
    reader = SerialCardReader({"port": sim.port}, got)
    cards = [f"{rng.getrandbits(40):010X}" for _ in range(300)]
    noise_total = 0
    try:
        for card in cards:
            n = rng.randrange(667)
            noise_total += n
            sim.inject_noise(n, rng)
            if rng.random() < 0.2:
                sim.inject_bad_checksum(card)
            sim.endpoint.write(em4100_frame(card))
        assert noise_total > 95_000
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not set(cards) <= set(got.items):
            time.sleep(0.05)
        assert got.items == cards  # each once, in order, nothing invented from noise
    finally:
        reader.close()
