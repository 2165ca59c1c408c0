"""Staff accounts: passwords (argon2id via argon2-cffi), log-in with lockout, sessions.

A log-in gives a session secret (256 random bits, shown once: the browser keeps it in the
`anjungan_session` cookie, a script sends `Authorization: Bearer staff.<secret>`); the hub
keeps its SHA-256 and an expiry. After MAX_FAILURES wrong passwords in a row an account
is locked for LOCK_MINUTES, even for the right password. An unknown user name costs the
same argon2 work as a known one, so timing does not tell which names exist. Every time
is stored in UTC.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.hub.accounts.roles import NEEDS_AGENCY, ROLES, StaffUser

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 12          # one working day and a little more
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")

_hasher = PasswordHasher()
_DUMMY = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """Bad input to an account command (the message says what to change)."""


@dataclass(frozen=True)
class LoginRefused(Exception):
    kind: str                     # "wrong" (name or password), "locked", "disabled"
    until: datetime | None = None

    def message(self, lang: str = "id") -> str:
        if self.kind == "locked":
            minutes = LOCK_MINUTES
            return (f"Akun dikunci sementara setelah {MAX_FAILURES} kali salah kata sandi. "
                    f"Coba lagi dalam {minutes} menit." if lang == "id" else
                    f"Account locked after {MAX_FAILURES} wrong passwords. Try again in "
                    f"{minutes} minutes.")
        if self.kind == "disabled":
            return ("Akun ini dinonaktifkan." if lang == "id" else "This account is disabled.")
        return ("Nama pengguna atau kata sandi salah." if lang == "id"
                else "Wrong user name or password.")


def _utc(now: datetime) -> str:
    return now.astimezone(timezone.utc).isoformat(timespec="seconds")


def session_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Accounts:
    def __init__(self, store, clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.store = store
        self.clock = clock

    # -- administration -----------------------------------------------------------------
    def check(self, username: str, role: str, agency_id: str | None, catalog=None) -> None:
        if not USERNAME.match(username or ""):
            raise AccountError(f"{username!r}: a user name is 2-32 lower-case letters, digits, "
                               "'.', '_' or '-'")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        if role in NEEDS_AGENCY and not agency_id:
            raise AccountError(f"a {role} account needs --agency")
        if agency_id and catalog is not None and catalog.agency(agency_id) is None:
            raise AccountError(f"unknown agency {agency_id!r} (not in the catalog)")

    @staticmethod
    def check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")

    def add(self, username: str, password: str, role: str, agency_id: str | None = None,
            catalog=None) -> None:
        self.check(username, role, agency_id, catalog)
        self.check_password(password)
        if not self.store.add_staff(username, role, agency_id if role in NEEDS_AGENCY or
                                    agency_id else None, _hasher.hash(password),
                                    _utc(self.clock())):
            raise AccountError(f"user {username!r} exists already")

    def set_password(self, username: str, password: str) -> None:
        self.check_password(password)
        if not self.store.update_staff(username, password_hash=_hasher.hash(password),
                                       failures=0, locked_until=None):
            raise AccountError(f"no user {username!r}")
        self.store.revoke_sessions(_utc(self.clock()), username=username)

    def disable(self, username: str) -> None:
        if not self.store.update_staff(username, disabled_at=_utc(self.clock())):
            raise AccountError(f"no user {username!r}")
        self.store.revoke_sessions(_utc(self.clock()), username=username)

    def users(self) -> list[dict]:
        return self.store.staff_rows()

    # -- log-in and sessions ------------------------------------------------------------
    def login(self, username: str, password: str) -> tuple[str, StaffUser]:
        """(session secret, user); raises LoginRefused."""
        now = self.clock()
        row = self.store.staff_row(username) if USERNAME.match(username or "") else None
        if row is None:
            try:
                _hasher.verify(_DUMMY, password)       # same work as for a real account
            except VerificationError:
                pass
            raise LoginRefused("wrong")
        if row["disabled_at"]:
            raise LoginRefused("disabled")
        locked = datetime.fromisoformat(row["locked_until"]) if row["locked_until"] else None
        if locked and locked > now:
            raise LoginRefused("locked", locked)
        try:
            _hasher.verify(row["password_hash"], password)
        except (VerificationError, InvalidHashError):
            until = now + timedelta(minutes=LOCK_MINUTES)
            if self.store.note_login_failure(username, MAX_FAILURES, _utc(until)) == 0:
                raise LoginRefused("locked", until) from None
            raise LoginRefused("wrong") from None
        if row["failures"] or row["locked_until"]:
            self.store.update_staff(username, failures=0, locked_until=None)
        secret = secrets.token_urlsafe(32)
        self.store.add_session(session_hash(secret), username, _utc(now),
                               _utc(now + timedelta(hours=SESSION_HOURS)))
        return secret, StaffUser(username, row["role"], row["agency_id"])

    def session_user(self, secret: str | None) -> StaffUser | None:
        """The user of a live session, or None (unknown, expired, logged out, disabled)."""
        if not secret:
            return None
        row = self.store.session_row(session_hash(secret))
        if row is None or row["revoked_at"] or row["disabled_at"]:
            return None
        if datetime.fromisoformat(row["expires_at"]) <= self.clock():
            return None
        return StaffUser(row["username"], row["role"], row["agency_id"])

    def logout(self, secret: str) -> None:
        self.store.revoke_sessions(_utc(self.clock()), secret_hash=session_hash(secret))
