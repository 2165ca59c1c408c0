"""An in-process hub core over a real hub store (SQLite file or PostgreSQL database) with a
clock the test moves, for the counter tests."""

import shutil
from datetime import datetime, timedelta
from pathlib import Path

from kiosk import config
from kiosk.hub.core import HubCore
from kiosk.hub.counters import CounterDesk
from kiosk.hub.stores import open_hub_store

DATA = Path(__file__).parent.parent / "kiosk" / "data"
START = datetime.fromisoformat("2026-11-23T09:00:00+07:00")    # a Monday, open


class Clock:
    def __init__(self, start: datetime = START):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: float = 1) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


class Desks:
    """Kiosk T1 issuing through the hub core, counters acting through the desk."""

    def __init__(self, folder: Path, db: str | None):
        for name in ("kiosk.toml", "catalog.toml"):
            shutil.copy(DATA / name, folder / name)
        self.settings = config.load(folder / "kiosk.toml")
        self.store = open_hub_store(db or str(folder / "hub.sqlite3"))
        self.clock = Clock()
        self.core = HubCore(self.settings, self.store, self.clock)
        self.desk = CounterDesk(self.settings, self.store, self.clock)
        self.kiosk = self.core.view("T1")

    def issue(self, service="dukcapil-ktp", priority=None, minutes=1):
        self.clock.tick(minutes)
        ticket = self.kiosk.issue_ticket(service, priority)
        return self.kiosk.confirm_printed(ticket.id)

    def number(self, done) -> str:
        return self.store.counter_ticket(done.ticket_id).number

    def close(self):
        self.store.close()
