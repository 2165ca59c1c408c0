"""How long a kiosk takes to verify one signed booking code (goal: at most 5 ms).

    .venv/bin/python bench/booking.py

Prints `verify_ms`: the mean over 2000 verifications of 50 different codes (with and
without a NIK hash), each going through the full path a scan takes — cleaning the scanner
input, header and key checks, the Ed25519 signature, claims and the check-in window.
`scan_to_ticket_ms` belongs to the UI benchmark.
"""

import sys
import time as clock
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from kiosk.bookings import new_booking, sign_booking, verify_booking  # noqa: E402

ROUNDS = 2000
WIB = ZoneInfo("Asia/Jakarta")


def main() -> None:
    keys = {f"k{n}": Ed25519PrivateKey.generate() for n in range(3)}
    keyring = {kid: key.public_key() for kid, key in keys.items()}
    services = {"dukcapil-ktp": (True, 30, 15)}
    codes = []
    for n in range(50):
        booking = new_booking(
            "dukcapil-ktp", date(2026, 5, 4), time(9), time(10),
            nik=f"320101450590{n + 1:04d}" if n % 2 else None,
            privacy_key=b"bench-privacy-key-0123456789",
        )
        kid = f"k{n % 3}"
        codes.append(f"]Q1{sign_booking(booking, keys[kid], kid)}\r\n")
    now = datetime(2026, 5, 4, 8, 45, tzinfo=WIB)
    for code in codes:  # warm up and make sure every code really passes
        assert verify_booking(code, keyring, now, WIB, services).ok
    started = clock.perf_counter()
    for i in range(ROUNDS):
        verify_booking(codes[i % len(codes)], keyring, now, WIB, services)
    elapsed = clock.perf_counter() - started
    print(f"verify_ms: {elapsed / ROUNDS * 1000:.3f}")


if __name__ == "__main__":
    main()
