"""`kiosk backup` / `kiosk restore`: SQLite's online backup API, verified, rotated.

The backup copies pages from a connection of its own while the kiosk keeps issuing
(WAL: the copy is one consistent snapshot, writers are not stopped). Each backup is then
opened and checked (PRAGMA integrity_check) and its rows per table compared with the
snapshot's, and a small JSON manifest is written beside it. Only then are older backups
beyond `backup_keep` removed. A backup that fails its check is deleted and reported.

Restore copies a verified backup into place (to a temporary file first, swapped in by
rename) and leaves the marker alone: at the next start numbering continues after the
highest number the marker recorded (kiosk.ops.marker), never repeating one.

PostgreSQL hubs are backed up with pg_dump (docs/operations.md), not here.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from kiosk.store import Store, StoreError

SUFFIX = ".sqlite3"


class BackupError(StoreError):
    pass


@dataclass(frozen=True)
class Backup:
    path: Path
    counts: dict[str, int]
    integrity: str


def backup_name(store_path: Path, now: datetime) -> str:
    return f"{store_path.stem}-{now.strftime('%Y%m%dT%H%M%S%fZ')}{SUFFIX}"


def backups(folder: Path, store_path: Path) -> list[Path]:
    """This store's backups in `folder`, oldest first (names sort by time)."""
    if not folder.is_dir():
        return []
    prefix = f"{store_path.stem}-"
    return sorted(p for p in folder.iterdir()
                  if p.name.startswith(prefix) and p.name.endswith(SUFFIX)
                  and p.with_suffix(".json").exists())


def latest(folder: Path, store_path: Path) -> Path | None:
    found = backups(folder, store_path)
    return found[-1] if found else None


def _snapshot_copy(source: Path, target: Path) -> dict[str, int]:
    """Copy `source` into `target` with the online backup API, inside one read transaction
    on the source so the counts taken are those of the copied snapshot."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30, isolation_level=None)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        src.execute("BEGIN")            # a read snapshot: the counts and the copy agree
        tables = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type="
                                            "'table' AND name NOT LIKE 'sqlite_%'")]
        counts = {t: src.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)             # all pages in one step: the same snapshot
        finally:
            dst.close()
        src.execute("COMMIT")
        return counts
    finally:
        src.close()


def verify(path: Path, expected: dict[str, int] | None = None) -> Backup:
    """Open a backup as a store, check its integrity and (when given) its row counts."""
    try:
        store = Store(path)
        try:
            integrity, counts = store.integrity(), store.row_counts()
        finally:
            store.close()
    except (StoreError, sqlite3.DatabaseError) as exc:
        raise BackupError(f"{path.name} is damaged and cannot be used: {exc}") from exc
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    if integrity != "ok":
        raise BackupError(f"backup {path} is damaged: {integrity}")
    if expected is not None and counts != expected:
        differ = {t: (expected.get(t), counts.get(t)) for t in set(expected) | set(counts)
                  if expected.get(t) != counts.get(t)}
        raise BackupError(f"backup {path} does not hold what the store held: {differ}")
    return Backup(path, counts, integrity)


def make_backup(store_path: Path, folder: Path, keep: int,
                now: datetime | None = None) -> tuple[Backup, list[Path]]:
    """Back the store up into `folder`, verify it, rotate. Returns (backup, removed)."""
    store_path = Path(store_path)
    if not store_path.exists():
        raise BackupError(f"there is no store at {store_path} to back up")
    folder.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(timezone.utc)
    target = folder / backup_name(store_path, now)
    partial = target.with_name(target.name + ".partial")
    try:
        counts = _snapshot_copy(store_path, partial)
        made = verify(partial, counts)
    except (sqlite3.Error, StoreError, OSError) as exc:
        partial.unlink(missing_ok=True)
        from kiosk.ops.errors import is_disk_full, DiskFull
        if is_disk_full(exc):
            raise DiskFull(str(exc)) from exc
        raise BackupError(f"backup of {store_path} failed: {exc}") from exc
    _fsync(partial)
    os.replace(partial, target)
    manifest = {"store": str(store_path), "made": now.isoformat(), "counts": counts,
                "integrity": made.integrity}
    target.with_suffix(".json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    removed = []
    for old in backups(folder, store_path)[:-keep]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)
        removed.append(old)
    return Backup(target, counts, made.integrity), removed


def restore(backup_path: Path, store_path: Path) -> Backup:
    """Put a verified backup in the store's place. The kiosk must be stopped (the service
    manager's job); the marker stays, so numbering continues after it."""
    backup_path, store_path = Path(backup_path), Path(store_path)
    manifest = backup_path.with_suffix(".json")
    expected = None
    if manifest.exists():
        expected = json.loads(manifest.read_text()).get("counts")
    staged = store_path.with_name(store_path.name + ".restoring")
    src = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(staged))
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        staged.unlink(missing_ok=True)
        raise BackupError(f"{backup_path} is not a readable backup: {exc}") from exc
    finally:
        src.close()
    try:
        checked = verify(staged, expected)
    except StoreError:
        staged.unlink(missing_ok=True)
        raise
    _fsync(staged)
    _same_owner(staged, store_path)
    for leftover in (store_path.with_name(store_path.name + "-wal"),
                     store_path.with_name(store_path.name + "-shm")):
        leftover.unlink(missing_ok=True)     # the lost store's log must not replay onto it
    os.replace(staged, store_path)
    return Backup(store_path, checked.counts, checked.integrity)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same_owner(staged: Path, store_path: Path) -> None:
    """Run as root, a restore must still leave the kiosk's user owning its store: the
    owner of the file it replaces, else of the folder."""
    if os.geteuid() != 0:
        return
    model = store_path if store_path.exists() else store_path.parent
    info = model.stat()
    os.chown(staged, info.st_uid, info.st_gid)
    os.chmod(staged, 0o640)
