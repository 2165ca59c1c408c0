"""Shared by tests/ops: paths, a fixed clock, and a way to fill a disk."""

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

DATA = Path(__file__).resolve().parents[1] / "kiosk" / "data"
ROOT = Path(__file__).resolve().parents[2]
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def fill(folder: Path) -> None:
    """Take every free byte of the disk holding `folder`."""
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass


TODAY = date(2026, 11, 30)
PAST_YEAR = ("2025-12-01", "2026-11-30")
WIB = ZoneInfo("Asia/Jakarta")


def seed_two_years(service) -> int:
    """Every Monday from December 2024 to today: two tickets, a vote and an SKM answer with
    a suggestion and a contact for one of them, and a booking with a card hash. Writes go
    through the service (kiosk or hub store alike); returns the visitors seeded."""
    from kiosk.queueing import Refused
    from kiosk.survey import UNSUR_KEYS
    day, n = date(2024, 12, 2), 0
    while day <= TODAY:
        now = datetime.combine(day, time(9, 0), WIB)
        for service_id in ("dukcapil-ktp", "imigrasi-paspor"):
            try:
                ticket = service.issue_ticket(service_id, now=now)
            except Refused:                       # a holiday in the test catalog
                continue
            service.confirm_printed(ticket.id)
            n += 1
            service.record_vote(1 + n % 4, ticket_id=ticket.id, now=now)
            answers = {key: 1 + (n + i) % 4 for i, key in enumerate(UNSUR_KEYS)}
            profile = {"gender": "P", "age": 30 + n % 40, "education": "SMA",
                       "occupation": "LAINNYA", "occupation_other": "Petani"}
            service.record_skm(profile, answers, ticket_id=ticket.id,
                               suggestion=f"antrean lama minggu {n}",
                               contact=f"08123{n:06d}", now=now)
        service.store.add_booking(booking_id=f"RSV-{n:08d}", day=day.isoformat(),
                                  code=f"code-{n}", card_hash=f"hash-{n}")
        day += timedelta(days=7)
    return n
