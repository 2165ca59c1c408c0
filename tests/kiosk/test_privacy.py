"""The NIK is personal data: keyed hashes and the last four digits, never the number itself."""

import hashlib

import pytest

from kiosk.privacy import (
    card_digest,
    digests_match,
    mask_nik,
    nik_digest,
    nik_last4,
    read_key_file,
    validate_nik,
)

NIK = "3201014505900001"  # Bogor regency, woman born 5 May 1990 (day 05 + 40)
KEY = b"privacy-key-of-the-mpp-0123456789"


@pytest.mark.parametrize("nik", [
    NIK, "3201010505900001", " 3201 0145 0590 0001 ", "9471012902000123", "1101013112990001",
])
def test_real_looking_niks_are_valid(nik):
    assert validate_nik(nik)


@pytest.mark.parametrize("nik, why", [
    ("320101450590001", "15 digits"),
    ("32010145059000011", "17 digits"),
    ("32010145059O0001", "letter O for zero"),
    ("３２０１０１４５０５９００００１", "full-width digits"),
    ("0901014505900001", "no province 09"),
    ("3200014505900001", "regency 00"),
    ("3201004505900001", "district 00"),
    ("3201013202900001", "32 February"),
    ("3201013104900001", "31 April"),
    ("3201017205900001", "day 72 (women: 41-71)"),
    ("3201013501900001", "day 35"),
    ("3201010013900001", "month 13"),
    ("3201010500900001", "month 00"),
    ("3201014505900000", "serial 0000"),
    (None, "nothing"),
    (3201014505900001, "a number, not text"),
])
def test_typos_and_impossible_niks_are_refused(nik, why):
    assert not validate_nik(nik), why


def test_only_the_last_four_digits_are_ever_shown():
    assert nik_last4(NIK) == "0001"
    assert mask_nik(NIK) == "************0001"
    assert mask_nik("3201 0145 0590 0001") == "************0001"
    for bad in ("12345", "", None, "abc"):
        assert mask_nik(bad) == "****************"
    with pytest.raises(ValueError) as error:
        nik_last4("320101450590001")
    assert "320101450590001" not in str(error.value)


def test_nik_digest_is_keyed_and_stable():
    digest = nik_digest(NIK, KEY)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert digest == nik_digest(" 3201 0145 0590 0001", KEY)
    assert digest != nik_digest(NIK, KEY + b"!")
    # Without the key the hash cannot be recomputed from the NIK.
    assert digest != hashlib.sha256(NIK.encode()).hexdigest()
    assert NIK not in digest
    with pytest.raises(ValueError) as error:
        nik_digest("3201014505900", KEY)
    assert "3201014505900" not in str(error.value)
    with pytest.raises(ValueError, match="at least 16 bytes"):
        nik_digest(NIK, b"short")
    with pytest.raises(ValueError):
        nik_digest(NIK, "a text key, not bytes")


def test_card_ids_hash_the_same_however_the_reader_spells_them():
    digest = card_digest("04:A1:B2:C3:D4:E5:F6", KEY)
    assert digest == card_digest("04a1b2c3d4e5f6", KEY) == card_digest("04 A1-B2 C3D4E5F6", KEY)
    assert digest != card_digest("04A1B2C3D4E5F7", KEY)
    assert digest != nik_digest(NIK, KEY)
    for bad in ("", "::", "kartu#1", "A" * 129, None):
        with pytest.raises(ValueError):
            card_digest(bad, KEY)


def test_truncated_digests_still_match_in_constant_time():
    digest = nik_digest(NIK, KEY)
    assert digests_match(digest[:32], digest)
    assert digests_match(digest[:32].upper(), digest)
    assert not digests_match(digest[:31] + "x", digest)
    assert not digests_match("", digest)
    assert not digests_match(digest + "0", digest)
    assert not digests_match(None, digest)


def test_privacy_key_file(tmp_path):
    path = tmp_path / "privacy.key"
    path.write_text("  0123456789abcdef0123456789abcdef\n")
    assert read_key_file(path) == b"0123456789abcdef0123456789abcdef"
    path.write_text("too short\n")
    with pytest.raises(ValueError, match="at least 16 characters"):
        read_key_file(path)
    with pytest.raises(ValueError, match="cannot read"):
        read_key_file(tmp_path / "missing.key")
