"""Booking codes at the kiosk: every check-in rule, its reason and its words to the visitor."""

import base64
import hashlib
import hmac
import json
import os
import stat
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from kiosk.bookings import (
    REASONS,
    Booking,
    KeyringError,
    ServiceWindow,
    Verdict,
    generate_keypair,
    is_reference_code,
    load_keyring,
    load_private_key,
    new_booking,
    new_reference,
    normalize_scan,
    parse_reference,
    sign_booking,
    verify_booking,
)
from kiosk.bookings.reference import ALPHABET, CHECK_ALPHABET, check_symbol

WIB = ZoneInfo("Asia/Jakarta")
PRIVACY_KEY = b"shared-privacy-key-for-tests-0123"
NIK = "3201014505900001"
SERVICES = {
    "dukcapil-ktp": ServiceWindow(True, 30, 15),
    "imigrasi-paspor": (True, 60, 0),
    "samsat-pajak": (False, 30, 15),
}
KEY = ed25519.Ed25519PrivateKey.generate()
OTHER_KEY = ed25519.Ed25519PrivateKey.generate()
KEYRING = {"k1": KEY.public_key()}
PUBLIC_PEM = KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def booking(service="dukcapil-ktp", day=date(2026, 5, 4), start=time(9), end=time(10), **kw):
    return new_booking(service, day, start, end, **kw)


def code(service="dukcapil-ktp", key=KEY, kid="k1", **kw):
    return sign_booking(booking(service, **kw), key, kid)


def forged(alg: str, secret: bytes, claims=None, kid="k1") -> str:
    """A token signed with HMAC under `secret`, the classic key-confusion attack."""
    header = b64(json.dumps({"alg": alg, "kid": kid}).encode())
    payload = b64(json.dumps(claims or booking().claims()).encode())
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    signature = hmac.new(secret, f"{header}.{payload}".encode(), digest).digest()
    return f"{header}.{payload}.{b64(signature)}"


def unsigned() -> str:
    header = b64(json.dumps({"alg": "none", "kid": "k1"}).encode())
    return f"{header}.{b64(json.dumps(booking().claims()).encode())}."


def changed_payload() -> str:
    """A genuine code whose payload was edited to another service; signature kept."""
    head, _, sig = code().split(".")
    claims = booking().claims() | {"svc": "imigrasi-paspor"}
    return f"{head}.{b64(json.dumps(claims, separators=(',', ':')).encode())}.{sig}"


def at(hour, minute=0, day=4):
    return datetime(2026, 5, day, hour, minute, tzinfo=WIB)


def check(text, now=None, tz=WIB, services=SERVICES, keyring=KEYRING):
    return verify_booking(text, keyring, now or at(8, 45), tz, services)


# One row per rule: (what the visitor scans, when, reason, Indonesian words, English words)
RULES = [
    ("ok", code, at(8, 45), "ok", "Booking Anda sah", "Your booking is valid"),
    ("opens inclusive", code, at(8, 30), "ok", "sesi 09.00–10.00 WIB", "session 09.00–10.00"),
    ("closes inclusive", code, at(9, 15), "ok", "Booking Anda sah", "Your booking is valid"),
    ("malformed", lambda: "hello world", at(8, 45), "malformed",
     "Kode ini tidak dapat dibaca", "This code cannot be read"),
    ("bad_signature", changed_payload, at(8, 45), "bad_signature",
     "tidak asli atau sudah diubah", "not genuine or has been changed"),
    ("unknown_key", lambda: code(kid="k9"), at(8, 45), "unknown_key",
     "tidak dapat diperiksa di anjungan ini", "cannot be checked at this kiosk"),
    ("algorithm none", unsigned, at(8, 45), "algorithm_not_allowed",
     "tidak diterbitkan oleh sistem booking", "not issued by the booking system"),
    ("wrong_date", code, at(9, day=5), "wrong_date",
     "Booking ini untuk Senin, 04 Mei 2026, bukan hari ini",
     "This booking is for Monday, May 4, 2026, not today"),
    ("too_early", code, at(8, 29), "too_early",
     "Check-in dibuka pukul 08.30 WIB. Silakan kembali", "Check-in opens at 08.30 WIB."),
    ("too_late", code, at(9, 16), "too_late",
     "sudah ditutup pukul 09.15 WIB", "closed at 09.15 WIB"),
    ("unknown_service", lambda: code("pln-pasang-baru"), at(8, 45), "unknown_service",
     "tidak tersedia di sini", "not offered here"),
    ("service_disabled", lambda: code("samsat-pajak"), at(8, 45), "service_disabled",
     "tutup hari ini", "closed today"),
]


@pytest.mark.parametrize("make, now, reason, indonesian, english", [r[1:] for r in RULES],
                         ids=[r[0] for r in RULES])
def test_each_rule_gives_its_reason_and_plain_words(make, now, reason, indonesian, english):
    verdict = check(make(), now)
    assert verdict.reason == reason
    assert verdict.ok is (reason == "ok")
    assert indonesian in verdict.message("id") + " " + verdict.next_step("id")
    assert english in verdict.message("en") + " " + verdict.next_step("en")


def test_every_reason_has_its_own_message_and_next_step_in_both_languages():
    seen = set()
    for reason in REASONS:
        verdict = Verdict(False, reason, booking(), at(8, 30), at(9, 15), "WIB")
        texts = [verdict.message("id"), verdict.next_step("id"),
                 verdict.message("en"), verdict.next_step("en")]
        assert all(texts) and "{" not in "".join(texts), reason
        assert verdict.message("id") != verdict.message("en"), f"{reason}: not translated"
        assert verdict.next_step("id") != verdict.next_step("en"), f"{reason}: not translated"
        seen.add(verdict.message("en"))
    assert len(seen) == len(REASONS)
    assert "already_checked_in" in REASONS
    repeat = Verdict(False, "already_checked_in", booking())
    assert repeat.message("id") == "Booking ini sudah digunakan untuk check-in."


def test_window_is_configured_per_service():
    passport = code("imigrasi-paspor")  # 60 minutes before, none after
    assert check(passport, at(8, 0)).ok
    assert check(passport, at(7, 59)).reason == "too_early"
    assert check(passport, at(9, 0)).ok
    assert check(passport, at(9, 1)).reason == "too_late"
    tuple_form = {"dukcapil-ktp": (True, 5, 5)}
    assert check(code(), at(8, 54), services=tuple_form).reason == "too_early"
    mapping_form = {"dukcapil-ktp": {"before_min": 90}}
    assert check(code(), at(7, 30), services=mapping_form).ok
    assert check(code(), at(7, 30), services={"dukcapil-ktp": True}).reason == "too_early"


def test_date_and_window_are_read_in_the_mpps_zone():
    wit = ZoneInfo("Asia/Jayapura")  # UTC+9: 07:45 WIT on 4 May is still 3 May in UTC
    early_session = code(start=time(7, 30), end=time(8, 30))
    utc_now = datetime(2026, 5, 3, 22, 45, tzinfo=timezone.utc)
    verdict = check(early_session, utc_now, tz=wit)
    assert verdict.ok and verdict.zone == "WIT"
    assert verdict.message("en") == "Your booking is valid: session 07.30–08.30 WIT."
    before_dawn = datetime(2026, 5, 3, 20, 0, tzinfo=timezone.utc)  # 05:00 WIT, same day
    too_early = check(early_session, before_dawn, tz="Asia/Jayapura")
    assert too_early.reason == "too_early"
    assert too_early.message("id") == (
        "Check-in dibuka pukul 07.00 WIT. Silakan kembali pada jam tersebut.")
    # 08:45 in Jakarta is 09:45 in Makassar: too late there for the 09:00 session.
    late = check(code(), at(8, 45), tz="Asia/Makassar")
    assert late.reason == "too_late" and late.message("en").endswith("09.15 WITA.")


def test_window_may_cross_midnight():
    night = code(day=date(2026, 5, 5), start=time(0, 10), end=time(1, 0))
    assert check(night, at(23, 50, day=4)).ok
    assert check(night, at(23, 30, day=4)).reason == "wrong_date"
    assert check(night, at(0, 26, day=5)).reason == "too_late"


def test_scanner_noise_around_a_code_is_ignored():
    genuine = code()
    for noisy in (f"]Q1{genuine}\r\n", f"  {genuine}\t", f"\x02{genuine}\x03",
                  genuine[:100] + "\n" + genuine[100:], "\ufeff" + genuine,
                  f"]Q3{genuine}".encode(), bytearray(genuine.encode() + b"\r")):
        assert check(noisy).ok, repr(noisy)[:40]
    assert normalize_scan(" rsv-abcd efgh\r") == "rsv-abcdefgh"


def test_any_input_is_answered_without_raising():
    for junk in (None, 12, 3.5, object(), [], b"", "", "   ", b"\xff\xfe\x00", "a.b.c", "..",
                 "a.b", "a.b.c.d.e", code() + "A" * 3000, b"x" * 10_000, "é" * 2049,
                 "eyJhbGciOiJFZERTQSJ9." * 100):
        verdict = check(junk)
        assert verdict.reason == "malformed" and not verdict.ok and verdict.booking is None
        assert verdict.message("id") == "Kode ini tidak dapat dibaca."


def test_other_algorithms_are_refused_before_any_key_is_used():
    claims = booking().claims()
    raw_public = KEY.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    attempts = [
        unsigned(),
        forged("HS256", PUBLIC_PEM),  # the public key as an HMAC secret: key confusion
        forged("HS256", raw_public),
        forged("HS512", PUBLIC_PEM),
        jwt.encode(claims, rsa_key, algorithm="RS256", headers={"kid": "k1"}),
        jwt.encode(claims, rsa_key, algorithm="PS256", headers={"kid": "k1"}),
        jwt.encode(claims, ec_key, algorithm="ES256", headers={"kid": "k1"}),
    ]
    for attempt in attempts:
        verdict = check(attempt)
        assert verdict.reason == "algorithm_not_allowed" and verdict.booking is None


def test_signatures_from_any_other_key_are_refused():
    assert check(code(key=OTHER_KEY)).reason == "bad_signature"
    ed448_code = jwt.encode(booking().claims(), ed448.Ed448PrivateKey.generate(),
                            algorithm="EdDSA", headers={"kid": "k1"})
    assert check(ed448_code).reason == "bad_signature"
    head, payload, sig = code().split(".")
    assert check(f"{head}.{payload}.{sig[:-10]}").reason == "bad_signature"
    assert check(f"{head}.{payload}.").reason == "bad_signature"


def test_a_code_cannot_be_respelled_and_still_pass():
    genuine = code()
    head, payload, sig = genuine.split(".")
    # The last base64 character of a 64-byte signature carries 4 spare bits: flipping them
    # decodes to the same bytes, yet the code must not be accepted in another spelling.
    last = sig[-1]
    twins = [c for c in "AEIMQUYcgkosw048" if c != last
             and base64.urlsafe_b64decode(sig[:-1] + c + "==") ==
             base64.urlsafe_b64decode(sig + "==")]
    assert twins
    for twin in twins:
        assert not check(f"{head}.{payload}.{sig[:-1]}{twin}").ok
    assert not check(f"{head}.{payload}=.{sig}").ok
    assert not check(f"{head}.{payload}.{sig}==").ok


def test_signed_but_unusable_codes_are_malformed():
    def signed(claims, **header):
        return jwt.encode(claims, KEY, algorithm="EdDSA", headers={"kid": "k1", **header})

    good = booking().claims()
    assert check(signed(good)).ok  # PyJWT's usual "typ" header is fine
    for bad in ({k: v for k, v in good.items() if k != "svc"},
                good | {"e": "08:00"}, good | {"d": "2026-02-30"}, good | {"s": "9:00"},
                good | {"bid": ""}, good | {"n4": 1234}, good | {"nh": "XYZ"}):
        assert check(signed(bad)).reason == "malformed", bad
    assert check(signed(good, jku="https://evil.example/keys")).reason == "malformed"
    assert check(signed(good | {"extra": 1})).ok  # unknown claims are ignored


def test_key_rotation_keeps_old_codes_working():
    new_key = ed25519.Ed25519PrivateKey.generate()
    keyring = {"k1": KEY.public_key(), "k2": new_key.public_key()}
    assert check(code(), keyring=keyring).ok
    newer = check(code(key=new_key, kid="k2"), keyring=keyring)
    assert newer.ok and newer.booking.kid == "k2"
    assert check(code(key=new_key, kid="k1"), keyring=keyring).reason == "bad_signature"


def test_naive_now_is_a_programming_error():
    with pytest.raises(TypeError):
        verify_booking(code(), KEYRING, datetime(2026, 5, 4, 8, 45), WIB, SERVICES)


def test_booking_carries_nik_hash_and_last_four_only():
    made = booking(nik=NIK, card_id="04:A1:B2:C3", privacy_key=PRIVACY_KEY)
    token = sign_booking(made, KEY, "k1")
    assert NIK not in token and NIK not in base64.urlsafe_b64decode(
        token.split(".")[1] + "==").decode()
    verdict = check(token)
    assert verdict.ok
    found = verdict.booking
    assert found.nik_last4 == "0001" and found.masked_nik == "************0001"
    assert found.matches_nik(NIK, PRIVACY_KEY)
    assert found.matches_nik("3201 0145 0590 0001", PRIVACY_KEY)
    assert not found.matches_nik("3201014505900002", PRIVACY_KEY)
    assert not found.matches_nik(NIK, b"another-privacy-key-of-32-bytes!")
    assert found.matches_card("04a1b2c3", PRIVACY_KEY)
    assert not found.matches_card("04a1b2c4", PRIVACY_KEY)
    plain = check(code()).booking
    assert plain.masked_nik == "" and not plain.matches_nik(NIK, PRIVACY_KEY)
    assert plain == Booking(plain.booking_id, "dukcapil-ktp", date(2026, 5, 4), time(9),
                            time(10), kid="k1")


def test_new_booking_refuses_bad_input_without_echoing_the_nik():
    with pytest.raises(ValueError) as wrong:
        booking(nik="3201019999900001", privacy_key=PRIVACY_KEY)
    assert "3201019999900001" not in str(wrong.value)
    with pytest.raises(ValueError):
        booking(nik=NIK)  # no privacy key: the NIK could not be hashed
    with pytest.raises(ValueError):
        booking(start=time(10), end=time(9))
    with pytest.raises(ValueError):
        booking(service="Layanan KTP / cetak")


def test_codes_stay_small_enough_for_a_phone_screen_qr():
    full = sign_booking(booking(service="dukcapil-ktp-cetak-ulang", nik=NIK, card_id="04A1B2C3",
                                privacy_key=PRIVACY_KEY), KEY, "k260504")
    assert len(code()) < 250
    assert len(full) < 400  # QR version 15 at level M (412 bytes) still scans from a phone


# --- reference codes -----------------------------------------------------------------

def test_reference_codes_catch_every_single_typo_and_swap():
    reference = new_reference()
    assert is_reference_code(reference) and parse_reference(reference) == reference
    symbols = reference[4:]
    for i in range(len(symbols)):
        for other in ALPHABET:
            if other != symbols[i]:
                typo = symbols[:i] + other + symbols[i + 1:]
                assert not is_reference_code("RSV-" + typo), typo
        if i + 1 < len(symbols) and symbols[i] != symbols[i + 1]:
            swapped = symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2:]
            assert not is_reference_code("RSV-" + swapped), swapped


def test_reference_codes_are_read_the_forgiving_crockford_way():
    data = "0A1B2C3"
    reference = f"RSV-{data}{check_symbol(data)}"
    spaced = f"rsv {data[:4].lower()}-{data[4:]}{check_symbol(data)}"
    assert parse_reference(spaced) == reference
    assert parse_reference(reference.replace("0", "o").replace("1", "l")) == reference
    assert parse_reference(reference[4:]) == reference  # prefix may be left out
    assert parse_reference(reference.encode()) == reference
    for junk in (None, 7, "", "RSV-", "RSV-ABC", reference + "7", "X" * 5000, "RSV-UUUUUUUU"):
        assert parse_reference(junk) is None and not is_reference_code(junk)


def test_new_references_use_only_letters_and_digits_but_others_are_accepted():
    assert all(new_reference()[-1] in ALPHABET for _ in range(200))
    exotic = next(d for d in (f"{n:07d}" for n in range(1000)) if check_symbol(d) in "*~$=U")
    assert check_symbol(exotic) in CHECK_ALPHABET[32:]
    assert is_reference_code(f"RSV-{exotic}{check_symbol(exotic)}")


def test_a_reference_code_is_not_a_signed_code():
    assert check(new_reference()).reason == "malformed"


# --- keyrings ----------------------------------------------------------------------

def test_keygen_writes_a_private_key_only_its_owner_can_read(tmp_path):
    kid, private_path, public_path = generate_keypair(tmp_path / "keys", "mpp-2026a")
    assert kid == "mpp-2026a" and private_path.name == "mpp-2026a.private.pem"
    assert stat.S_IMODE(os.stat(private_path).st_mode) == 0o600
    loaded_kid, key = load_private_key(private_path)
    assert loaded_kid == "mpp-2026a"
    assert load_keyring(public_path)["mpp-2026a"].public_bytes_raw() == \
        key.public_key().public_bytes_raw()
    with pytest.raises(KeyringError, match="already exists"):
        generate_keypair(tmp_path / "keys", "mpp-2026a")
    with pytest.raises(KeyringError, match="key id"):
        generate_keypair(tmp_path / "keys", "bad kid!")


def test_keyring_from_a_folder_skips_private_keys(tmp_path, caplog):
    generate_keypair(tmp_path, "k1")
    generate_keypair(tmp_path, "k2")
    (tmp_path / "k3.pem").write_bytes(PUBLIC_PEM)
    (tmp_path / "notes.txt").write_text("not a key")
    keyring = load_keyring(tmp_path)
    assert sorted(keyring) == ["k1", "k2", "k3"]
    assert "private keys do not belong on a kiosk" in caplog.text


def test_keyring_from_toml(tmp_path):
    second = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    path = tmp_path / "keyring.toml"
    path.write_text(f'[keys]\nk1 = """{PUBLIC_PEM.decode()}"""\n'
                    f'"k2026-b" = """{second.decode()}"""\n')
    keyring = load_keyring(path)
    assert sorted(keyring) == ["k1", "k2026-b"]
    assert check(code(), keyring=keyring).ok


@pytest.mark.parametrize("content, why", [
    (b"", "not a PEM public key"),
    (b"-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n", "not a PEM public key"),
    (rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
     "not an Ed25519 key"),
    (KEY.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                       serialization.NoEncryption()), "holds a private key"),
])
def test_unusable_key_files_are_named_with_the_reason(tmp_path, content, why):
    path = tmp_path / "k1.public.pem"
    path.write_bytes(content)
    with pytest.raises(KeyringError) as error:
        load_keyring(path)
    assert str(path) in str(error.value) and why in str(error.value)


def test_unusable_keyrings_say_why(tmp_path):
    with pytest.raises(KeyringError, match="no public keys"):
        load_keyring(tmp_path)
    with pytest.raises(KeyringError, match="cannot read"):
        load_keyring(tmp_path / "missing.pem")
    bad = tmp_path / "ring.toml"
    bad.write_text("[keys\n")
    with pytest.raises(KeyringError, match="not valid TOML"):
        load_keyring(bad)
    bad.write_text('keys = "k1"\n')
    with pytest.raises(KeyringError, match=r"\[keys\] table"):
        load_keyring(bad)
    bad.write_text('[keys]\n"bad kid" = "x"\n')
    with pytest.raises(KeyringError, match="key id"):
        load_keyring(bad)


def test_timedelta_window_arithmetic_matches_the_visitor_clock():
    # 30 minutes before 09:00 is 08:30 on the kiosk's own clock, printed the Indonesian way.
    verdict = check(code(), at(8, 0))
    assert verdict.opens_at == at(8, 30) and verdict.closes_at == at(9, 0) + timedelta(minutes=15)
