"""The hub's event stream (Server-Sent Events) read on a background thread.

    GET {hub}/v1/events   Authorization: Bearer TOKEN, Accept: text/event-stream,
                          Last-Event-ID: N after a reconnect
    id: N / event: TYPE / data: JSON lines, a blank line ends an event; ": ping" every 15 s.

Events go to `on_event(Event)` and the connection's ups and downs to `on_status(connected,
why)`, both on the feed's thread (the display marshals them to its UI thread). A dropped
or silent connection (no byte for `read_timeout_s`, twice the ping interval) is retried
with growing, jittered waits, resuming from the last event id so nothing is missed.
"""

from __future__ import annotations

import json
import logging
import random
import socket
import threading
from typing import Callable, Iterator

import requests
import urllib3

from kiosk.display.board import Event

log = logging.getLogger(__name__)

PATH = "/v1/events"


def parse(chunks: Iterator[bytes]) -> Iterator[Event | None]:
    """SSE bytes -> events; yields None for a comment (a keepalive), so a caller sees life."""
    buffer = b""
    event_id, event_type, data = None, "message", []
    for chunk in chunks:
        buffer += chunk
        while True:
            cut = min((i for i in (buffer.find(b"\n"), buffer.find(b"\r")) if i >= 0), default=-1)
            if cut < 0:
                break
            line = buffer[:cut].decode("utf-8", errors="replace")
            skip = 2 if buffer[cut:cut + 2] == b"\r\n" else 1
            buffer = buffer[cut + skip:]
            if not line:
                if data:
                    try:
                        payload = json.loads("\n".join(data))
                    except ValueError:
                        log.warning("event %s with data that is not JSON dropped", event_id)
                    else:
                        yield Event(event_id, event_type, payload)
                event_type, data = "message", []
                continue
            if line.startswith(":"):
                yield None
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "id":
                event_id = int(value) if value.strip().isdigit() else event_id
            elif name == "event":
                event_type = value.strip() or "message"
            elif name == "data":
                data.append(value)


class EventFeed:
    def __init__(self, hub_url: str, token: str, on_event: Callable[[Event], None],
                 on_status: Callable[[bool, str], None] = lambda up, why: None, *,
                 connect_timeout_s: float = 5.0, read_timeout_s: float = 35.0,
                 backoff_s: tuple[float, float] = (1.0, 30.0), session: requests.Session | None = None):
        self.url = hub_url.rstrip("/") + PATH
        self.token = token
        self.on_event = on_event
        self.on_status = on_status
        self.timeouts = (connect_timeout_s, read_timeout_s)
        self.backoff_s = backoff_s
        self.session = session or requests.Session()
        self.last_event_id: int | None = None
        self.connected = False
        self._stop = threading.Event()
        self._response = None
        self._thread = threading.Thread(target=self._run, name="event-feed", daemon=True)

    def start(self) -> "EventFeed":
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            # Closing the response from here would wait for the next byte (up to a ping);
            # shutting its socket down wakes the reading thread at once.
            sock = getattr(getattr(response.raw, "_connection", None), "sock", None)
            try:
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(timeout)

    def _headers(self) -> dict:
        # identity: a compressed stream is buffered by the compressor, delaying each event
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache",
                   "Accept-Encoding": "identity"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = str(self.last_event_id)
        return headers

    def _set_status(self, up: bool, why: str) -> None:
        if up != self.connected or not up:
            self.connected = up
            try:
                self.on_status(up, why)
            except Exception:  # noqa: BLE001 - a display bug must not kill the feed
                log.exception("status callback failed")

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            why = self._stream()
            if self._stop.is_set():
                break
            self._set_status(False, why)
            failures = 0 if why == "ended" else failures + 1
            low, high = self.backoff_s
            wait = min(high, low * 2 ** min(failures, 10)) * random.uniform(0.7, 1.0)
            if why.startswith("refused"):
                wait = high             # a wrong token will not fix itself in a second
            self._stop.wait(wait)

    def _stream(self) -> str:
        """One connection; returns why it ended."""
        try:
            # verify per request: REQUESTS_CA_BUNDLE would override the session's CA file
            response = self.session.get(self.url, headers=self._headers(), stream=True,
                                        timeout=self.timeouts, verify=self.session.verify)
        except requests.RequestException as exc:
            return f"unreachable: {type(exc).__name__}"
        self._response = response
        try:
            if response.status_code in (401, 403):
                return f"refused: HTTP {response.status_code} (check [hub] token)"
            if response.status_code != 200:
                return f"refused: HTTP {response.status_code}"
            for event in parse(self._chunks(response)):
                if self._stop.is_set():
                    return "stopped"
                if event is None:
                    self._set_status(True, "")
                    continue
                if event.id is not None:
                    self.last_event_id = event.id
                self._set_status(True, "")
                try:
                    self.on_event(event)
                except Exception:  # noqa: BLE001
                    log.exception("event handler failed on %s", event.type)
            return "ended"
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError,
                AttributeError) as exc:
            return f"dropped: {type(exc).__name__}"
        finally:
            self._response = None
            response.close()

    @staticmethod
    def _chunks(response) -> Iterator[bytes]:
        # read1 returns whatever has arrived (chunked or not), so an event is handled the
        # moment its bytes land rather than when a fixed-size buffer fills.
        raw = response.raw
        while True:
            chunk = raw.read1(65536)
            if not chunk:
                return
            yield chunk
