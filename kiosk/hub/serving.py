"""How the hub is served (uvicorn): connection limits, timeouts and TLS, the same for
`kiosk hub serve` and the tests' hub.

uvicorn closes a keep-alive connection idle after an answer, but not one that never sends
a request or sends it a byte at a time (its keep-alive timer is cancelled by any data):
GuardedH11 gives every request `request_timeout_s` to arrive whole — headers and body —
from the moment the connection opens or the previous answer went out, then closes it.
Header size is bounded by h11 (h11_max_incomplete_event_size), so the h11 protocol is
used rather than httptools, whose limits cannot be set.
"""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from kiosk.hub.guard import HEADER_LIMIT


class OneWrite:
    """A connection's transport whose writes of one turn of the event loop leave in one
    send: an answer's status line and headers and its body are one packet, not two (each
    send on loopback costs the hub about as much as answering the request's JSON)."""

    def __init__(self, transport, loop):
        self._transport, self._loop = transport, loop
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not data:
            return
        if not self._parts:
            self._loop.call_soon(self._flush)
        self._parts.append(data)

    def _flush(self) -> None:
        if self._parts:
            data = b"".join(self._parts)
            self._parts.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self._flush()                 # what was written goes out before the close
        self._transport.close()

    def __getattr__(self, name):
        return getattr(self._transport, name)


class GuardedH11(H11Protocol):
    request_timeout_s = 10.0

    def connection_made(self, transport) -> None:
        super().connection_made(OneWrite(transport, self.loop))
        self._deadline = None
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(self.request_timeout_s, self._too_slow)

    def _too_slow(self) -> None:
        self._deadline = None
        # A request still arriving (or none at all) after the deadline: close. One being
        # answered is left alone; its answer re-arms the deadline.
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            if self.cycle is not None and not self.cycle.response_complete:
                self.cycle.disconnected = True
                self.cycle.message_event.set()
            self.transport.close()


def uvicorn_options(limits, *, tls_cert: str | None = None, tls_key: str | None = None) -> dict:
    """Keyword arguments for uvicorn.run / uvicorn.Config from kiosk.hub.limits.HubLimits."""
    protocol = type("GuardedH11", (GuardedH11,),
                    {"request_timeout_s": float(limits.request_timeout_s)})
    options = dict(http=protocol, timeout_keep_alive=limits.keep_alive_s,
                   h11_max_incomplete_event_size=HEADER_LIMIT,
                   limit_concurrency=limits.max_connections, backlog=2048,
                   access_log=False)
    if tls_cert or tls_key:
        options.update(ssl_certfile=tls_cert, ssl_keyfile=tls_key)
    return options
