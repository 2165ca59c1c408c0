"""Whatever reaches the scanner, the kiosk answers calmly and accepts only genuine codes.

The checks call the verifier without its last-resort guard (`_verify`), so a crash inside
shows up here as a failure instead of being turned into "malformed".
"""

import base64
import hashlib
import hmac
import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.bookings import (
    MAX_CODE_LENGTH,
    REASONS,
    new_booking,
    normalize_scan,
    parse_reference,
    sign_booking,
)
from kiosk.bookings.verify import _verify

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 5, 4, 8, 45, tzinfo=WIB)
SERVICES = {"dukcapil-ktp": (True, 30, 15)}
KEY = ed25519.Ed25519PrivateKey.generate()
KEYRING = {"k1": KEY.public_key()}
PUBLIC_PEM = KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
PUBLIC_RAW = KEY.public_key().public_bytes(
    serialization.Encoding.Raw, serialization.PublicFormat.Raw)
GENUINE = sign_booking(
    new_booking("dukcapil-ktp", date(2026, 5, 4), time(9), time(10),
                nik="3201014505900001", privacy_key=b"k" * 32), KEY, "k1")
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def verdict_for(code):
    verdict = _verify(code, KEYRING, NOW, WIB, SERVICES)
    assert verdict.reason in REASONS or verdict.reason == "ok"
    assert verdict.message("id") and verdict.next_step("en")  # always something to say
    # Nothing is accepted unless it is, character for character, the genuine code.
    if verdict.ok:
        assert normalize_scan(code) == GENUINE
    return verdict


def test_the_genuine_code_passes():
    assert verdict_for(GENUINE).ok


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    assert not verdict_for(data).ok


@FUZZ
@given(st.text(max_size=3000))
def test_random_text(text):
    assert not verdict_for(text).ok
    parse_reference(text)  # the manual-entry path must not raise either


@FUZZ
@given(st.lists(st.text(alphabet=B64, max_size=700), min_size=1, max_size=6))
def test_token_shaped_noise(segments):
    assert not verdict_for(".".join(segments)).ok


@FUZZ
@given(st.integers(0, len(GENUINE) - 1), st.characters(codec="utf-8"))
def test_one_character_changed(position, char):
    tampered = GENUINE[:position] + char + GENUINE[position + 1:]
    verdict_for(tampered)  # accepted only if it normalizes back to the genuine code


@FUZZ
@given(st.integers(0, len(GENUINE)), st.text(min_size=1, max_size=20))
def test_characters_inserted(position, extra):
    verdict_for(GENUINE[:position] + extra + GENUINE[position:])


@FUZZ
@given(st.integers(0, len(GENUINE) - 1), st.integers(1, 40))
def test_characters_dropped(position, length):
    assert not verdict_for(GENUINE[:position] + GENUINE[position + length:]).ok


@FUZZ
@given(st.binary(min_size=0, max_size=128))
def test_tampered_signatures(signature):
    head, payload, _ = GENUINE.split(".")
    verdict = verdict_for(f"{head}.{payload}.{b64(signature)}")
    assert verdict.reason in ("bad_signature", "malformed") and verdict.booking is None


@FUZZ
@given(st.integers(2049, 100_000))
def test_very_long_payloads(size):
    head, payload, sig = GENUINE.split(".")
    assert verdict_for(f"{head}.{payload}{'A' * size}.{sig}").reason == "malformed"
    assert verdict_for(GENUINE + " " * size).reason == "malformed"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=4),
    max_leaves=20,
)
CLAIMS = st.fixed_dictionaries(
    {},
    optional={k: JSON | st.text(max_size=12) for k in ("bid", "svc", "d", "s", "e", "nh", "n4")},
)


@FUZZ
@given(st.sampled_from(["none", "HS256", "HS384", "HS512", "RS256", "ES256", "PS256",
                        "EdDSA ", "eddsa", "ED25519", ""]),
       st.sampled_from([PUBLIC_PEM, PUBLIC_RAW, b"", b"secret"]),
       CLAIMS)
def test_tokens_signed_with_other_algorithms(alg, secret, claims):
    header = b64(json.dumps({"alg": alg, "kid": "k1"}).encode())
    payload = b64(json.dumps(claims).encode())
    digest = {"HS384": hashlib.sha384, "HS512": hashlib.sha512}.get(alg, hashlib.sha256)
    signature = b64(hmac.new(secret, f"{header}.{payload}".encode(), digest).digest())
    for token in (f"{header}.{payload}.{signature}", f"{header}.{payload}."):
        verdict = verdict_for(token)
        expected = "algorithm_not_allowed" if len(token) <= MAX_CODE_LENGTH else "malformed"
        assert verdict.reason == expected and verdict.booking is None


@FUZZ
@given(CLAIMS, st.dictionaries(st.text(max_size=6), JSON, max_size=3))
def test_genuinely_signed_odd_claims_and_headers(claims, extra_header):
    """Even a real key on strange content must give an answer, never an exception."""
    headers = {"kid": "k1", **{k: v for k, v in extra_header.items() if k not in ("alg",)}}
    try:
        token = jwt.encode(claims, KEY, algorithm="EdDSA", headers=headers)
    except (jwt.PyJWTError, TypeError, ValueError):
        return  # PyJWT itself refuses to produce it
    verdict = _verify(token, KEYRING, NOW, WIB, SERVICES)
    assert verdict.reason in REASONS or verdict.reason == "ok"
    if verdict.ok:
        assert verdict.booking.service == "dukcapil-ktp"
        assert verdict.booking.date == date(2026, 5, 4)


def test_deeply_nested_json_is_refused_not_crashed():
    nested = b64(b"[" * 1400)  # deeper than Python's recursion limit, within 2048 chars
    assert verdict_for(f"{nested}.e30.").reason == "malformed"
    head, _, sig = GENUINE.split(".")
    assert not verdict_for(f"{head}.{b64(b'[' * 1400)}.{sig}").ok
