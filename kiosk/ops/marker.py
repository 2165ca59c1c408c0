"""A store that has existed is never silently recreated, and numbering never repeats.

SQLite happily opens a 0-byte file as a brand-new database: after a failed disk or a botched
copy the kiosk would start the day again at A-001 while visitors hold A-001…A-057. So a small
JSON marker lives beside the store (`kiosk.sqlite3.marker`): the store's creation id and,
for the last two local days, the highest number of every group. It is written (atomically,
fsynced) by a trigger inside the very transaction that stores a ticket, so it is never
behind a committed ticket.

At open (`open_store`):
- marker present, store missing, empty, not SQLite or unreadable: StoreLost, a plain message
  for staff ("restore from backup"); nothing is created, no ticket can be issued.
- marker present, store readable but behind it (restored from an older backup): the day's
  sequences are raised to the marker's numbers, so the next number continues.
- no marker: a new store (or one from before markers): the marker is derived from it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

from kiosk.ops.errors import DiskFull, KioskStore, no_space_left
from kiosk.store import StoreError

log = logging.getLogger(__name__)

SUFFIX = ".marker"
SQLITE_HEADER = b"SQLite format 3\x00"
DAYS_KEPT = 2          # today and yesterday: the hours around midnight


def marker_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + SUFFIX)


class StoreLost(StoreError):
    """The store this kiosk had is gone, empty or unreadable: refuse to number from it."""

    def __init__(self, store_path: Path, why: str, backup: Path | None = None):
        self.store_path, self.why, self.backup = store_path, why, backup
        # --db names the store itself: the command is right whatever --config IT uses.
        restore = f"kiosk restore {backup or 'BACKUP-FILE'} --db {store_path}"
        self.text_id = ("Penyimpanan antrean rusak atau kosong; hubungi petugas TI — "
                        f"pulihkan dari cadangan: {restore}")
        self.text_en = (f"The ticket store {store_path} is {why}; it existed before "
                        f"(see {marker_path(store_path).name}), so no new numbering is "
                        f"started from it. Call IT to restore the latest backup: {restore}")
        super().__init__(f"{self.text_id}\n{self.text_en}")

    def lines(self) -> list[str]:
        return [self.text_id, self.text_en]


def read_marker(store_path: Path) -> dict | None:
    """The marker's content; None when there is none. A marker that cannot be parsed still
    says the store existed: it reads as one with no numbers."""
    path = marker_path(store_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("marker %s cannot be read: %s", path, exc)
        return {"damaged": True, "days": {}}
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("days", {}), dict):
            raise ValueError("not a marker")
        return data
    except ValueError:
        return {"damaged": True, "days": {}}


def write_marker(store_path: Path, data: dict) -> None:
    """Atomically: a temporary file, fsync, rename, fsync of the folder."""
    path = marker_path(store_path)
    tmp = path.with_name(path.name + ".tmp")
    body = json.dumps(data, indent=1, sort_keys=True).encode()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    try:
        os.write(fd, body)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def store_state(store_path: Path) -> str:
    """'missing', 'empty', 'not_sqlite' or 'present' (a file that starts like SQLite)."""
    try:
        with open(store_path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "not_sqlite"
    if not head:
        return "empty"
    return "present" if head == SQLITE_HEADER else "not_sqlite"


WHY = {"missing": "missing", "empty": "empty (0 bytes)",
       "not_sqlite": "not a store any more (overwritten)",
       "unreadable": "damaged (it cannot be read)", "blank": "empty (a blank database with no tickets)"}


class Marker:
    """The numbers a store has handed out, kept beside it (see the module's text)."""

    def __init__(self, store_path: Path, data: dict | None):
        self.store_path = store_path
        data = dict(data or {})
        self.data = {"store_id": data.get("store_id") or secrets.token_hex(8),
                     "created": data.get("created") or _stamp(),
                     "days": {d: dict(g) for d, g in (data.get("days") or {}).items()
                              if isinstance(g, dict)}}
        self._lock = threading.Lock()

    @property
    def days(self) -> dict[str, dict[str, int]]:
        return self.data["days"]

    def merge(self, numbers: dict[str, dict[str, int]]) -> bool:
        """Take the higher of each group's number; True when anything changed."""
        changed = False
        for day, groups in numbers.items():
            mine = self.days.setdefault(day, {})
            for grp, last in groups.items():
                if last > mine.get(grp, 0):
                    mine[grp] = last
                    changed = True
        newest = sorted(self.days)[-DAYS_KEPT:]
        for day in list(self.days):
            if day not in newest:
                del self.days[day]
                changed = True
        return changed

    def save(self) -> None:
        self.data["updated"] = _stamp()
        write_marker(self.store_path, self.data)

    def note(self, day: str, grp: str, seq: int) -> None:
        """Called inside the ticket's transaction: an error here rolls the ticket back.
        The file is read again first: another process on the same store (`kiosk issue`
        beside the running kiosk) may have written it, and the store's write lock, held
        by this transaction, makes the read-merge-write one step across processes."""
        with self._lock:
            on_disk = read_marker(self.store_path)
            changed = self.merge({day: {grp: seq}})
            if on_disk and not on_disk.get("damaged"):
                self.merge(on_disk.get("days", {}))
                changed = changed or on_disk.get("days") != self.days
            if changed:
                self.save()


def _stamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_store(store_path: Path | str, *, backup_dir: Path | None = None,
               store_class=KioskStore):
    """Open the kiosk's store under the marker's protection (see the module's text)."""
    store_path = Path(store_path).expanduser()
    marker = read_marker(store_path)
    state = store_state(store_path)
    if marker is not None and state != "present":
        raise StoreLost(store_path, WHY[state], _latest_backup(backup_dir, store_path))
    try:
        store = store_class(store_path)
    except StoreError as exc:
        if no_space_left(store_path.parent):
            # SQLite cannot create its -wal and -shm files: a full disk, not a damaged store.
            raise DiskFull(str(exc)) from exc
        if marker is not None or state == "not_sqlite":
            raise StoreLost(store_path, WHY["unreadable"],
                            _latest_backup(backup_dir, store_path)) from exc
        raise
    try:
        _reconcile(store, store_path, marker, backup_dir)
    except BaseException:
        store.close()
        raise
    return store


def _reconcile(store, store_path: Path, marker_data: dict | None,
               backup_dir: Path | None) -> None:
    marker = Marker(store_path, marker_data)
    if marker_data is not None and marker.days and not store.last_numbers():
        # Readable but blank: a fresh file put where the store was. Its marker has numbers.
        store.close()
        raise StoreLost(store_path, WHY["blank"], _latest_backup(backup_dir, store_path))
    for day, groups in sorted(marker.days.items()):
        raised = store.continue_numbers(day, groups)
        for grp, (was, now) in raised.items():
            log.warning("store %s was behind its marker on %s: group %s continues after %d "
                        "(the store had %d)", store_path, day, grp, now, was)
    marker.merge(store.last_numbers())
    try:
        marker.save()
    except OSError as exc:
        # A full disk: the kiosk still starts, so staff can read; every ticket tries the
        # marker again inside its transaction and is refused ("disk full") while it fails.
        log.warning("marker %s not updated at start: %s", marker_path(store_path), exc)
    store.watch_numbers(marker.note)


def _latest_backup(backup_dir: Path | None, store_path: Path) -> Path | None:
    if backup_dir is None:
        return None
    try:
        from kiosk.ops.backup import latest
        return latest(backup_dir, store_path)
    except (OSError, ImportError, sqlite3.Error):
        return None
