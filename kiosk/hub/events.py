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
from collections import deque
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
    """Wakes this process's event streams; on PostgreSQL, listens for the other processes'.

    New events are read from the store once per wake, by one task, into a small buffer the
    streams share: ten displays cost one query per change, not ten. A stream that resumes
    from further back than the buffer reads the store itself.
    """

    def __init__(self, store, keep: int = 500):
        self.store = store
        self.keep = keep
        self._buffer: deque[tuple[int, str, str]] = deque(maxlen=keep)
        self._tail: int | None = None          # newest id read into the buffer
        self._waiters: set[asyncio.Event] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._refreshing = False
        self._again = False
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
        """New events may have been committed (any thread may call this)."""
        loop = self._loop
        if loop is None:
            return                            # nobody has subscribed yet
        try:
            loop.call_soon_threadsafe(self._refresh_soon)
        except RuntimeError:                  # the loop has closed
            pass

    def _refresh_soon(self) -> None:
        if self._refreshing:
            self._again = True
            return
        self._refreshing = True
        self._loop.create_task(self._refresh())

    async def _refresh(self) -> None:
        loop = asyncio.get_running_loop()

        def run_in_threadpool(fn, *args):
            return loop.run_in_executor(None, fn, *args)
        try:
            while True:
                self._again = False
                if self._tail is None:
                    self._tail = (await run_in_threadpool(self.store.event_bounds))[1]
                rows = await run_in_threadpool(self.store.events_after, self._tail, BATCH)
                if rows:
                    self._buffer.extend(rows)
                    self._tail = rows[-1][0]
                    for event in self._waiters:
                        event.set()
                if not self._again and len(rows) < BATCH:
                    return
        except Exception as exc:              # the store away for a moment: next wake
            log.warning("reading new events: %s", exc)
        finally:
            self._refreshing = False

    def _subscribe(self) -> asyncio.Event:
        self._loop = asyncio.get_running_loop()
        event = asyncio.Event()
        self._waiters.add(event)
        return event

    def _after(self, last: int) -> list[tuple[int, str, str]] | None:
        """The buffered events after `last`; None when the buffer does not reach back."""
        if self._tail is None or last > self._tail:
            return [] if self._tail is not None else None
        if not self._buffer:
            return [] if last == self._tail else None
        first = self._buffer[0][0]
        if last < first - 1:
            return None
        return list(self._buffer)[last - first + 1:]

    # -- one stream ---------------------------------------------------------------------
    async def stream(self, last_id: int | None, snapshot: Callable[[], dict],
                     run: Callable, ping_s: float = PING_S) -> AsyncIterator[str]:
        """The text of one subscriber's stream. `run(fn, *args)` runs store reads off the
        event loop (a worker thread); `snapshot()` builds the snapshot's data."""
        woken = self._subscribe()
        try:
            oldest, newest = await run(self.store.event_bounds)
            if self._tail is None:
                self._tail = newest
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
                rows = self._after(last)
                if rows is None:              # further back than the buffer: the store
                    rows = await run(self.store.events_after, last, BATCH)
                for event_id, kind, data in rows:
                    if event_id > last:
                        yield sse(event_id, kind, data)
                        last = event_id
                if rows and len(rows) >= BATCH:
                    continue
                if last < (self._tail or 0):
                    continue
                try:
                    await asyncio.wait_for(woken.wait(), ping_s)
                except asyncio.TimeoutError:
                    yield ": ping\n\n"
        finally:
            self._waiters.discard(woken)
