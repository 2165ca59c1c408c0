"""A small real Server-Sent Events hub on 127.0.0.1 for the display's tests: the wire
contract of GET /v1/events (bearer token, snapshot first, id/event/data, ": ping",
Last-Event-ID resume), chunked HTTP/1.1 like uvicorn. Tests push events, drop every
connection, or stop and restart the server on the same port."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SseHub:
    def __init__(self, token: str = "rahasia", ping_s: float = 15.0, port: int = 0):
        self.token = token
        self.ping_s = ping_s
        self.events: list[tuple[int, str, dict]] = []
        self.snapshot: dict = {"counters": [], "recent_calls": [], "waiting": {},
                               "server_time": "2026-11-30T09:00:00+07:00"}
        self.requests: list[dict] = []          # headers of every /v1/events request
        self.cond = threading.Condition()
        self.generation = 0
        self.port = port
        self.server = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                hub.serve(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.server.allow_reuse_address = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """The hub goes away: no more connections, the open ones cut."""
        self.drop()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def push(self, kind: str, data: dict) -> int:
        with self.cond:
            event_id = len(self.events) + 1
            self.events.append((event_id, kind, data))
            self.cond.notify_all()
            return event_id

    def drop(self) -> None:
        with self.cond:
            self.generation += 1
            self.cond.notify_all()

    def serve(self, h: BaseHTTPRequestHandler) -> None:
        if h.path.split("?")[0] != "/v1/events":
            h.send_error(404)
            return
        with self.cond:
            self.requests.append(dict(h.headers))
        if h.headers.get("Authorization") != f"Bearer {self.token}":
            body = b'{"detail":"bad token"}'
            h.send_response(401)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
            return
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Cache-Control", "no-cache")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        h.close_connection = True

        def send(text: str) -> None:
            data = text.encode()
            h.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            h.wfile.flush()

        with self.cond:
            generation = self.generation
            last = h.headers.get("Last-Event-ID", "")
            if last.isdigit() and int(last) <= len(self.events):
                sent = int(last)                  # resume: replay what was missed
            else:
                sent = len(self.events)
                snapshot = json.dumps(self.snapshot)
                send(f"id: {sent}\nevent: snapshot\ndata: {snapshot}\n\n")
        try:
            while True:
                with self.cond:
                    self.cond.wait_for(lambda: len(self.events) > sent or self.generation != generation,
                                       timeout=self.ping_s)
                    if self.generation != generation:
                        return                    # cut mid-stream, no closing chunk
                    pending = self.events[sent:]
                if not pending:
                    send(": ping\n\n")
                for event_id, kind, data in pending:
                    send(f"id: {event_id}\nevent: {kind}\ndata: {json.dumps(data)}\n\n")
                    sent = event_id
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


def call(number: str, counter: int, kind: str = "call", agency: str = "dukcapil",
         at: str = "2026-11-30T09:00:00+07:00") -> dict:
    return {"kind": kind, "ticket_id": f"t-{number}", "number": number,
            "counter_id": f"loket-{counter}", "counter_name": {"id": f"Loket {counter}", "en": f"Counter {counter}"},
            "agency_id": agency, "service_id": "ktp", "at": at}
