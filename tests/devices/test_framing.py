import random

from devices.framing import LineFramer, StxEtxFramer, em4100_checksum, em4100_frame


def test_line_framer_joins_pieces_and_splits_lines():
    framer = LineFramer(b"\r\n")
    assert framer.feed(b"ANJ1:B:12") == []
    assert framer.feed(b"34\r") == []
    assert framer.feed(b"\nSECOND\r\n\r\nTHIRD") == [b"ANJ1:B:1234", b"SECOND"]
    assert framer.feed(b"\r\n") == [b"THIRD"]


def test_line_framer_drops_an_overlong_line_but_not_the_next():
    framer = LineFramer(b"\r", max_len=10)
    assert framer.feed(b"x" * 25) == []
    assert framer.feed(b"yyy\rGOOD\r") == [b"GOOD"]
    assert framer.dropped == 1


def test_stx_etx_resyncs_on_every_stx():
    framer = StxEtxFramer(max_len=20)
    assert framer.feed(b"junk\x03\x02half-a-fr\x02WHOLE\x03tail") == [b"WHOLE"]
    assert framer.feed(b"\x02" + b"z" * 30 + b"\x03\x02OK\x03") == [b"OK"]


def test_em4100_checksum():
    frame = em4100_frame("0A1B2C3D4E")
    assert frame == b"\x020A1B2C3D4E" + b"%02X" % (0x0A ^ 0x1B ^ 0x2C ^ 0x3D ^ 0x4E) + b"\x03"
    framer = StxEtxFramer(checksum=em4100_checksum)
    assert framer.feed(frame) == [b"0A1B2C3D4E"]
    assert framer.feed(em4100_frame("0A1B2C3D4E", corrupt=True)) == []
    assert framer.feed(b"\x02GGGGGGGGGGGG\x03\x02short\x03") == []
    assert framer.dropped == 3


def noisy_stream(frames, rng, total_noise, noise_end=b""):
    """Valid frames with random bytes between them (100,000 noise bytes in all)."""
    pieces = []
    per_gap = total_noise // len(frames)
    for frame in frames:
        pieces.append(bytes(rng.randrange(256) for _ in range(rng.randrange(per_gap * 2))))
        pieces.append(noise_end)
        pieces.append(frame)
    data = b"".join(pieces)
    assert len(data) > total_noise * 0.9
    return data


def feed_in_random_pieces(framer, data, rng):
    out, i = [], 0
    while i < len(data):
        step = rng.randrange(1, 300)
        out += framer.feed(data[i:i + step])
        i += step
    return out


def test_fuzz_line_framer_delivers_every_valid_frame_once():
    rng = random.Random(7)
    codes = [f"ANJ1:B:{i:05d}{rng.getrandbits(32):08x}".encode() for i in range(500)]
    data = noisy_stream([c + b"\r" for c in codes], rng, 100_000, noise_end=b"\r")
    frames = feed_in_random_pieces(LineFramer(b"\r", max_len=128), data, rng)
    for code in codes:
        assert frames.count(code) == 1


def test_fuzz_stx_etx_framer_delivers_every_valid_frame_once():
    rng = random.Random(11)
    cards = [f"{rng.getrandbits(40):010X}" for _ in range(500)]
    data = noisy_stream([em4100_frame(c) for c in cards], rng, 100_000)
    frames = feed_in_random_pieces(StxEtxFramer(checksum=em4100_checksum), data, rng)
    assert [f.decode() for f in frames] == cards  # noise never forms a frame with a checksum
