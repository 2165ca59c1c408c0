"""Store failures in plain words for staff and IT.

SQLite says "database or disk is full" (SQLITE_FULL) or, when the write-ahead log cannot
grow, "disk I/O error" (SQLITE_IOERR) whose cause is ENOSPC; both mean the same to the
person at the kiosk: the disk is full. `KioskStore` turns them into DiskFull, a StoreError,
so every caller that already shows a StoreError plainly shows this one plainly too.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from kiosk.store import Store, StoreError

SQLITE_FULL = 13
DISK_FULL_ID = ("Disk penuh: antrean tidak dapat mencatat nomor baru. Hubungi petugas TI "
                "untuk mengosongkan ruang disk; data yang sudah ada tetap aman dan dapat dibaca.")
DISK_FULL_EN = ("disk full: the kiosk cannot record new numbers. Ask IT to free disk space; "
                "what is stored is safe and can still be read.")


class DiskFull(StoreError):
    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(DISK_FULL_EN)

    def lines(self) -> list[str]:
        return [DISK_FULL_ID, DISK_FULL_EN]


def is_disk_full(exc: BaseException) -> bool:
    """True for SQLite's or the OS's way of saying there is no space left."""
    if isinstance(exc, DiskFull):
        return True
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == SQLITE_FULL:
            return True
        text = str(exc).lower()
        return "disk is full" in text or "no space" in text
    cause = exc.__cause__ or exc.__context__
    return cause is not None and cause is not exc and is_disk_full(cause)


def plain(exc: BaseException) -> str:
    """One sentence for a person: disk full named as such, anything else as it is."""
    if is_disk_full(exc):
        return DISK_FULL_EN
    return str(exc)


def no_space_left(folder) -> bool:
    """Almost nothing free where the store is (SQLite's "disk I/O error" on a full disk)."""
    try:
        stat = os.statvfs(folder)
    except OSError:
        return False
    return stat.f_bavail * stat.f_frsize < 64 * 1024


class _PlainTransaction:
    """The store's transaction, with a full disk raised as DiskFull (after the rollback)."""

    def __init__(self, inner, folder):
        self.inner, self.folder = inner, folder

    def _full(self, exc: BaseException) -> bool:
        if is_disk_full(exc):
            return True
        # "disk I/O error", or the marker's write failing inside the ticket's transaction
        # ("user-defined function raised exception"): on a full disk, the disk is why.
        return (isinstance(exc, sqlite3.OperationalError) and self.folder is not None
                and no_space_left(self.folder))

    def __enter__(self):
        try:
            return self.inner.__enter__()
        except sqlite3.Error as exc:
            if self._full(exc):
                raise DiskFull(str(exc)) from exc
            raise

    def __exit__(self, kind, value, tb):
        try:
            self.inner.__exit__(kind, value, tb)
        except sqlite3.Error as exc:          # COMMIT (or the rollback) itself failed
            if self._full(exc) or (value is not None and self._full(value)):
                raise DiskFull(str(exc)) from exc
            raise
        if value is not None and not isinstance(value, DiskFull) and self._full(value):
            raise DiskFull(str(value)) from value
        return False


class KioskStore(Store):
    """The kiosk's store as `kiosk.ops.marker.open_store` opens it: a full disk is DiskFull.
    Reading needs no space, so the staff panel and reports keep working."""

    def transaction(self):
        folder = self.path.parent if isinstance(self.path, Path) else None
        return _PlainTransaction(super().transaction(), folder)
