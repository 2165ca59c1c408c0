"""Staff accounts: passwords (argon2id via argon2-cffi), log-in with lockout, sessions.

A log-in gives a session secret (256 random bits, shown once: the browser keeps it in the
`anjungan_session` cookie, a script sends `Authorization: Bearer staff.<secret>`); the hub
keeps its SHA-256, an expiry (SESSION_HOURS) and when it was last used: a session unused
for `idle_minutes` (IDLE_MINUTES, [hub] staff_idle_minutes) ends too. After MAX_FAILURES wrong passwords in a row an account
is locked for LOCK_MINUTES, even for the right password. An unknown user name costs the
same argon2 work as a known one, so timing does not tell which names exist. Every time
is stored in UTC.

An account made or reset by an admin (`kiosk hub user add|passwd`, the admin's API) carries
`must_change`: its owner changes the password (change_password) before doing anything else.
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
IDLE_MINUTES = 120          # a session nobody used for this long ends (a left-open browser)
TOUCH_SECONDS = 60          # "last used" is written at most this often per session
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")

_hasher = PasswordHasher()
_DUMMY = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """Bad input to an account command (the message says what to change). `key` and
    `values` let a page say it in its own language (kiosk.hub.web.dashboard.texts)."""

    def __init__(self, message: str, key: str = "", **values):
        super().__init__(message)
        self.key, self.values = key, values


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


def _user(row: dict) -> StaffUser:
    return StaffUser(row["username"], row["role"], row["agency_id"],
                     must_change=bool(row["must_change"]))


def session_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Accounts:
    def __init__(self, store, clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 idle_minutes: int = IDLE_MINUTES):
        self.store = store
        self.clock = clock
        self.idle = timedelta(minutes=idle_minutes)

    # -- administration -----------------------------------------------------------------
    def check(self, username: str, role: str, agency_id: str | None, catalog=None) -> None:
        if not USERNAME.match(username or ""):
            raise AccountError(f"{username!r}: a user name is 2-32 lower-case letters, digits, "
                               "'.', '_' or '-'", "account_bad_name", username=username)
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}", "account_bad_role",
                               roles=", ".join(ROLES))
        if role in NEEDS_AGENCY and not agency_id:
            raise AccountError(f"a {role} account needs --agency", "account_needs_agency",
                               role=role)
        if agency_id and catalog is not None and catalog.agency(agency_id) is None:
            raise AccountError(f"unknown agency {agency_id!r} (not in the catalog)",
                               "account_unknown_agency", agency=agency_id)

    @staticmethod
    def check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters",
                               "account_short_password", n=MIN_PASSWORD)

    def add(self, username: str, password: str, role: str, agency_id: str | None = None,
            catalog=None, *, must_change: bool = False) -> None:
        """must_change: the owner must change this password at first log-in (an admin
        made it up: the command line and the admin's API set it)."""
        self.check(username, role, agency_id, catalog)
        self.check_password(password)
        if not self.store.add_staff(username, role, agency_id if role in NEEDS_AGENCY or
                                    agency_id else None, _hasher.hash(password),
                                    _utc(self.clock()), must_change):
            raise AccountError(f"user {username!r} exists already", "account_exists",
                               username=username)

    def set_password(self, username: str, password: str, *, must_change: bool = False) -> None:
        """An admin sets a password (its owner's sessions end); must_change as for add."""
        self.check_password(password)
        if not self.store.update_staff(username, password_hash=_hasher.hash(password),
                                       failures=0, locked_until=None,
                                       must_change=int(must_change)):
            raise AccountError(f"no user {username!r}", "account_unknown", username=username)
        self.store.revoke_sessions(_utc(self.clock()), username=username)

    def change_password(self, username: str, old_password: str, new_password: str, *,
                        keep_session: str | None = None) -> None:
        """The owner changes their password: the old one must be right (a wrong one counts
        towards the lockout: LoginRefused), the new one long enough and different
        (AccountError). Clears must_change; the user's other sessions end (the secret
        `keep_session`, the one asking, stays)."""
        self._verified(username, old_password)
        if new_password == old_password:
            raise AccountError("the new password must differ from the old one",
                               "password_same")
        self.check_password(new_password)
        self.store.update_staff(username, password_hash=_hasher.hash(new_password),
                                must_change=0)
        self.store.revoke_sessions(_utc(self.clock()), username=username,
                                   keep=session_hash(keep_session) if keep_session else None)

    def disable(self, username: str) -> None:
        if not self.store.update_staff(username, disabled_at=_utc(self.clock())):
            raise AccountError(f"no user {username!r}", "account_unknown", username=username)
        self.store.revoke_sessions(_utc(self.clock()), username=username)

    def users(self) -> list[dict]:
        """{username, role, agency_id, failures, locked_until, disabled_at, created_at,
        must_change (bool)} of every account, by name."""
        return [{**row, "must_change": bool(row["must_change"])}
                for row in self.store.staff_rows()]

    # -- log-in and sessions ------------------------------------------------------------
    def login(self, username: str, password: str) -> tuple[str, StaffUser]:
        """(session secret, user); raises LoginRefused."""
        row = self._verified(username, password)
        now = self.clock()
        secret = secrets.token_urlsafe(32)
        self.store.add_session(session_hash(secret), username, _utc(now),
                               _utc(now + timedelta(hours=SESSION_HOURS)))
        return secret, _user(row)

    def _verified(self, username: str, password: str) -> dict:
        """The account's row when the password is right; LoginRefused otherwise (wrong
        passwords counted, the account locked after MAX_FAILURES)."""
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
        return row

    def session_user(self, secret: str | None) -> StaffUser | None:
        """The user of a live session, or None (unknown, expired, idle too long, logged
        out, disabled). Notes the use (at most once a minute)."""
        if not secret:
            return None
        hashed = session_hash(secret)
        row = self.store.session_row(hashed)
        if row is None or row["revoked_at"] or row["disabled_at"]:
            return None
        now = self.clock()
        if datetime.fromisoformat(row["expires_at"]) <= now:
            return None
        seen = datetime.fromisoformat(row["seen_at"] or row["created_at"])
        if now - seen >= self.idle:
            return None
        if (now - seen).total_seconds() >= TOUCH_SECONDS:
            self.store.touch_session(hashed, _utc(now))
        return _user(row)

    def logout(self, secret: str) -> None:
        self.store.revoke_sessions(_utc(self.clock()), secret_hash=session_hash(secret))
