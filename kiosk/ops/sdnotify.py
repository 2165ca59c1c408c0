"""systemd's notify protocol with the standard library: READY=1 and WATCHDOG=1 datagrams
to $NOTIFY_SOCKET. Without that variable (not started by systemd) every call does nothing.

The kiosk's window calls `alive()` from its main loop (a Kivy Clock interval), so the
watchdog is fed only while the UI loop turns: a hung UI stops the pings and systemd
restarts the service (WatchdogSec in config/systemd/anjungan-kiosk.service).
"""

from __future__ import annotations

import os
import socket

_ready_sent = False


def _address() -> str | None:
    path = os.environ.get("NOTIFY_SOCKET")
    if not path or path[0] not in "/@":
        return None
    return "\0" + path[1:] if path[0] == "@" else path     # '@': an abstract socket


def notify(message: str) -> bool:
    """Send one notification; True when systemd's socket took it."""
    address = _address()
    if address is None:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(message.encode(), address)
        return True
    except OSError:
        return False


def alive() -> bool:
    """READY=1 the first time, WATCHDOG=1 after: call it from the main loop."""
    global _ready_sent
    if not _ready_sent:
        _ready_sent = notify("READY=1\nSTATUS=showing the kiosk")
        return _ready_sent
    return notify("WATCHDOG=1")


def interval_s(default: float = 5.0) -> float:
    """Half the watchdog period systemd asked for ($WATCHDOG_USEC), else `default`."""
    try:
        return max(0.5, int(os.environ["WATCHDOG_USEC"]) / 2_000_000)
    except (KeyError, ValueError):
        return default
