"""Run blocking work (store, printer, network) off the UI thread and come back on it.

Kivy widgets may only be touched from the main thread, so results and errors are handed
back through `Clock.schedule_once`. Two workers: a slow print job must not hold up a
status query from the staff panel, and the store serialises its own writes.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from kivy.clock import Clock

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kiosk-worker")


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None):
    """Call `fn()` on a worker; then `on_done(result)` or `on_error(exc)` on the main thread."""

    def work():
        try:
            result = fn()
        except Exception as exc:  # handed to the UI, which decides what the visitor sees
            if on_error is None:
                log.exception("background task failed")
            else:
                # bound now: Python unbinds `exc` when the except block ends
                Clock.schedule_once(lambda dt, exc=exc: on_error(exc))
            return
        if on_done is not None:
            Clock.schedule_once(lambda dt: on_done(result))

    return _pool.submit(work)


def on_main_thread(fn: Callable[..., None]) -> Callable[..., None]:
    """Wrap a device callback (called on a device thread) so it runs on the main thread."""

    def marshal(*args, **kwargs):
        Clock.schedule_once(lambda dt: fn(*args, **kwargs))

    return marshal
