"""The [store] keys kiosk.ops reads, validated the way kiosk.config validates (file, key, why).

    [store]
    path = "~/.local/share/anjungan/kiosk.sqlite3"
    backup_dir = "/media/backup/anjungan"   # default: backups/ beside the store
    backup_keep = 14                          # newest backups kept per store
    [store.keep_days]                         # see kiosk.ops.retention for the defaults
    suggestions = 365
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.ops.retention import DEFAULT_KEEP_DAYS, KINDS, MIN_KEEP_DAYS

DEFAULT_BACKUP_KEEP = 14


@dataclass(frozen=True)
class OpsSettings:
    backup_dir: Path
    backup_keep: int = DEFAULT_BACKUP_KEEP
    keep_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_KEEP_DAYS))


def read(store: dict, reader, config_path: Path, store_path: Path) -> OpsSettings:
    """OpsSettings from the [store] table; problems go to `reader` (kiosk.config.Reader)."""
    store = store if isinstance(store, dict) else {}
    backup_dir = reader.get(store, "backup_dir", "store", str, "")
    if backup_dir:
        folder = Path(backup_dir).expanduser()
        folder = folder if folder.is_absolute() else (config_path.parent / folder).resolve()
    else:
        folder = store_path.parent / "backups"
    keep = reader.get(store, "backup_keep", "store", int, DEFAULT_BACKUP_KEEP)
    if keep is not None and not 1 <= keep <= 1000:
        reader.problem("store.backup_keep", "must be between 1 and 1000 (backups kept)")
        keep = DEFAULT_BACKUP_KEEP
    days = dict(DEFAULT_KEEP_DAYS)
    table = reader.get(store, "keep_days", "store", dict, {}) or {}
    for kind, value in table.items():
        where = f"store.keep_days.{kind}"
        if kind not in KINDS:
            reader.problem(where, f"unknown kind of record; known: {', '.join(KINDS)}")
        elif isinstance(value, bool) or not isinstance(value, int):
            reader.problem(where, f"must be a whole number of days, got {value!r}")
        elif not MIN_KEEP_DAYS[kind] <= value <= 3660:
            reader.problem(where, f"must be between {MIN_KEEP_DAYS[kind]} and 3660 days "
                                  f"({MIN_KEEP_DAYS[kind]}: {KINDS[kind]})")
        else:
            days[kind] = value
    return OpsSettings(backup_dir=folder, backup_keep=keep or DEFAULT_BACKUP_KEEP, keep_days=days)


def of(settings) -> OpsSettings:
    """The ops settings of loaded Settings (kiosk.config.load has reported any problem)."""
    from kiosk.config import Reader
    return read(settings.raw.get("store", {}), Reader(str(settings.path)), settings.path,
                settings.store_path)
