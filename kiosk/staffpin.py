"""Staff PIN: stored only as a salted PBKDF2 hash; attempts are limited with a lockout.

A 6-digit PIN has a million values, so a plain hash would fall to brute force at once;
PBKDF2 makes each guess cost, and the lockout limits guesses at the kiosk itself.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 200_000


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def is_valid_hash(stored: str) -> bool:
    parts = stored.split("$")
    return (len(parts) == 4 and parts[0] == ALGORITHM and parts[1].isdigit()
            and all(c in "0123456789abcdef" for c in parts[2] + parts[3]))


def check_pin(pin: str, stored: str) -> bool:
    if not is_valid_hash(stored):
        return False
    _, iterations, salt, digest = stored.split("$")
    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(candidate.hex(), digest)


class PinGate:
    """Counts failed attempts; after `max_attempts` it refuses everything for `lockout_s`."""

    def __init__(self, stored_hash: str, max_attempts: int = 5, lockout_s: float = 300,
                 clock=time.monotonic):
        self.stored_hash = stored_hash
        self.max_attempts = max_attempts
        self.lockout_s = lockout_s
        self.clock = clock
        self.failures = 0
        self.locked_until = 0.0

    def locked_for(self) -> float:
        """Seconds of lockout left (0 when open)."""
        return max(0.0, self.locked_until - self.clock())

    def attempt(self, pin: str) -> bool:
        if self.locked_for() > 0:
            return False
        if check_pin(pin, self.stored_hash):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= self.max_attempts:
            self.failures = 0
            self.locked_until = self.clock() + self.lockout_s
        return False
