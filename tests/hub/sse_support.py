"""A Server-Sent Events reader over requests for the hub tests (a thread reads the stream,
events arrive on a queue), as a display would read GET /v1/events."""

import json
import queue
import socket
import threading
import time

import requests


class SseReader:
    def __init__(self, url: str, token: str | None = None, last_event_id: int | None = None,
                 cookies: dict | None = None):
        headers = {"Accept": "text/event-stream"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.response = requests.get(url + "/v1/events", headers=headers, cookies=cookies,
                                     stream=True, timeout=(5, 60))
        self.events: queue.Queue = queue.Queue()
        self.status = self.response.status_code
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event: dict = {}
        try:
            for raw in self.response.iter_lines(chunk_size=1, decode_unicode=True):
                if raw == "":
                    if event:
                        event["received"] = time.monotonic()
                        self.events.put(event)
                    event = {}
                elif raw.startswith(":"):
                    self.events.put({"comment": raw[1:].strip(), "received": time.monotonic()})
                else:
                    field, _, value = raw.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "id":
                        event["id"] = int(value)
                    elif field == "event":
                        event["event"] = value
                    elif field == "data":
                        event["data"] = json.loads(value)
        except (requests.RequestException, AttributeError, ValueError):
            pass

    def next(self, kind: str | None = None, timeout: float = 10) -> dict:
        """The next event (of `kind`, skipping others and comments)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {kind or 'event'} within {timeout} s")
            event = self.events.get(timeout=left)
            if "comment" in event:
                continue
            if kind is None or event.get("event") == kind:
                return event

    def close(self) -> None:
        # The reader thread blocks in recv(): shut the socket down so it returns now, as a
        # display that goes away would (closing the response alone waits for the timeout).
        sock = getattr(getattr(self.response.raw, "connection", None), "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.response.close()
