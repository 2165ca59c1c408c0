"""Choosing the hub's store from a path or URL (`--db`, ANJUNGAN_HUB_DB, [hub] store)."""

from __future__ import annotations

from pathlib import Path

from kiosk.hub.store import HubStore


def open_hub_store(spec: str | Path, *, backup_dir: Path | None = None) -> HubStore:
    """The hub store a path or URL names: postgresql://… (or postgres://…) opens PostgreSQL,
    anything else (a path, or sqlite:///path) a SQLite file, under the same marker as a
    kiosk's store (kiosk.ops.marker): a hub store that existed and is now empty, garbage or
    missing raises StoreLost (restore from `backup_dir`'s latest backup), never a new one."""
    text = str(spec)
    if text.startswith(("postgresql://", "postgres://")):
        from kiosk.hub.pgstore import PgHubStore
        return PgHubStore(text)
    if text.startswith("sqlite:///"):          # sqlite:///relative, sqlite:////absolute
        text = text[len("sqlite:///"):]
    from kiosk.ops.marker import open_store
    return open_store(Path(text).expanduser(), backup_dir=backup_dir, store_class=HubStore)
