"""Warm the hub's kept IKM totals (kiosk.hub.dashboard_store) when it starts: a restart
loses them, and summing a busy month afresh made the first IKM page take seconds. The
work runs on a daemon thread, so start-up and requests never wait for it; a request that
needs a day the thread is summing waits for that day only."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from kiosk.hub.dashboard_store import WARM_DAYS

log = logging.getLogger(__name__)


def start(store, today) -> threading.Thread | None:
    """Sum the last WARM_DAYS days up to `today` (a date) in the background."""
    warm = getattr(store, "warm_skm_totals", None)
    if warm is None:
        return None
    first = (today - timedelta(days=WARM_DAYS)).isoformat()

    def run():
        try:
            warm(first, today.isoformat())
        except Exception:                     # a closed store at shutdown; the page sums later
            log.warning("could not warm the IKM totals", exc_info=True)
    thread = threading.Thread(target=run, name="ikm-warmup", daemon=True)
    thread.start()
    return thread
