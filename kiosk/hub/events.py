"""Live events of the hub for displays, consoles and kiosks: the stream and who wakes it.

THE WIRE (GET /v1/events, Server-Sent Events; kiosk.hub.api.events serves it):

    request   Authorization: Bearer TOKEN   a display token (`kiosk hub token --display
                                            ID`), a kiosk token, or a staff session
                                            (`staff.<secret>` or the anjungan_session cookie)
              Last-Event-ID: N              optional: resume after event N
    stream    id: N                         increasing integer per hub (the event log's id)
              event: TYPE
              data: JSON                    one line
              (blank line)
              : ping                        a comment every 15 s while nothing happens

    snapshot  {"counters": [{"counter_id", "name": {"id", "en"}, "agency_id",
                             "state": "open|paused|closed", "current": "A-013" | null}],
               "recent_calls": [call, … newest first, at most 10],
               "waiting": {"AGENCY_ID": {"count": int, "next": ["A-014", …]}},
               "server_time": ISO 8601}
    call      {"kind": "call" | "recall", "ticket_id", "number", "counter_id",
               "counter_name": {"id", "en"}, "agency_id", "service_id", "at": ISO 8601}
    counter   {"counter_id", "state", "current": number | null}
    queue     {"agency_id", "count", "next": [numbers]}

A stream without Last-Event-ID (or with one the log no longer holds, or from another hub)
starts with a `snapshot` whose id is the newest event's, then every later event. With a
Last-Event-ID the log still holds, it replays the events after it (no snapshot) and goes on.

The events are rows of the store's event log (kiosk.hub.counter_store), appended in the
transaction of the change they tell of. `EventBroker` wakes the open streams of this process
when new rows may be there: on SQLite (one process) after the committing transaction; on
PostgreSQL a listener thread per process LISTENs for the NOTIFY every append sends, so a
call made through any hub process reaches the streams of all of them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from typing import AsyncIterator, Callable

from kiosk.hub.counter_store import EVENT_CHANNEL

log = logging.getLogger(__name__)

PING_S = 15.0
BATCH = 500


def sse(event_id: int | None, kind: str, data: str) -> str:
    """One event in the text/event-stream format (data is one line of JSON)."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {kind}\ndata: {data}\n\n"


class EventBroker:
    """Wakes this process's event streams; on PostgreSQL, listens for the other processes'."""

    def __init__(self, store):
        self.store = store
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        if self.store.dialect == "postgresql":
            self._thread = threading.Thread(target=self._listen, name="hub-events",
                                            daemon=True)
            self._thread.start()
        else:
            self.store.events_listener = self.wake

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _listen(self) -> None:
        import psycopg
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.store.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {EVENT_CHANNEL}")
                    self.wake()       # anything appended while we were not listening
                    while not self._stop.is_set():
                        if any(True for _ in conn.notifies(timeout=1.0, stop_after=1)):
                            self.wake()
            except Exception as exc:          # server restarting: listen again shortly
                log.warning("event listener: %s; listening again in 1 s", exc)
                self._stop.wait(1.0)

    # -- waking -------------------------------------------------------------------------
    def wake(self) -> None:
        with self._lock:
            waiters = list(self._waiters)
        for loop, event in waiters:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:              # that loop has closed
                pass

    def subscribe(self) -> asyncio.Event:
        event = asyncio.Event()
        with self._lock:
            self._waiters.add((asyncio.get_running_loop(), event))
        return event

    def unsubscribe(self, event: asyncio.Event) -> None:
        with self._lock:
            self._waiters = {w for w in self._waiters if w[1] is not event}

    # -- one stream ---------------------------------------------------------------------
    async def stream(self, last_id: int | None, snapshot: Callable[[], dict],
                     run: Callable, ping_s: float = PING_S) -> AsyncIterator[str]:
        """The text of one subscriber's stream. `run(fn, *args)` runs store reads off the
        event loop (a worker thread); `snapshot()` builds the snapshot's data."""
        woken = self.subscribe()
        try:
            oldest, newest = await run(self.store.event_bounds)
            replayable = (last_id is not None and last_id <= newest
                          and (last_id >= oldest - 1 or oldest == 0))
            if replayable:
                last = last_id
            else:
                data = await run(snapshot)
                yield sse(newest, "snapshot", json.dumps(data, separators=(",", ":")))
                last = newest
            while True:
                woken.clear()
                rows = await run(self.store.events_after, last, BATCH)
                for event_id, kind, data in rows:
                    yield sse(event_id, kind, data)
                    last = event_id
                if len(rows) == BATCH:
                    continue
                try:
                    await asyncio.wait_for(woken.wait(), ping_s)
                except asyncio.TimeoutError:
                    yield ": ping\n\n"
        finally:
            self.unsubscribe(woken)
