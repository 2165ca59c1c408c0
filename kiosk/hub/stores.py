"""Choosing the hub's store from a path or URL (`--db`, ANJUNGAN_HUB_DB, [hub] store)."""

from __future__ import annotations

from pathlib import Path

from kiosk.hub.store import HubStore


def open_hub_store(spec: str | Path) -> HubStore:
    """The hub store a path or URL names: postgresql://… (or postgres://…) opens PostgreSQL,
    anything else (a path, or sqlite:///path) a SQLite file."""
    text = str(spec)
    if text.startswith(("postgresql://", "postgres://")):
        from kiosk.hub.pgstore import PgHubStore
        return PgHubStore(text)
    if text.startswith("sqlite:///"):          # sqlite:///relative, sqlite:////absolute
        text = text[len("sqlite:///"):]
    return HubStore(Path(text).expanduser())
