"""Shared by tests/ops: paths, a fixed clock, and a way to fill a disk."""

from datetime import datetime
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
