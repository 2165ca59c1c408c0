"""A simulated device end of a serial cable: the master side of a pseudo-terminal.

The driver opens `port` (a symlink, like /dev/serial/by-id/..., to the pty slave) with real
pyserial. `unplug()` closes the master, which the driver sees exactly as a pulled USB cable
(reads fail, writes fail with EIO, reopening fails with ENOENT); `replug()` makes a new pty and
points the same symlink at it.
"""

from __future__ import annotations

import logging
import os
import select
import tempfile
import threading
import tty
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)


class PtyEndpoint:
    def __init__(self, name: str, on_data: Callable[[bytes], None] | None = None,
                 link_dir: Path | None = None, bytes_per_second: float | None = None):
        self.name = name
        self.on_data = on_data
        self.bytes_per_second = bytes_per_second  # emulate a slow line/printer when set
        self._own_dir = None
        if link_dir is None:
            self._own_dir = tempfile.TemporaryDirectory(prefix="anjungan-sim-")
            link_dir = Path(self._own_dir.name)
        self.port = str(Path(link_dir) / f"{name}.tty")
        self._lock = threading.Lock()
        self._master = self._slave = -1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.plugged = False
        self.replug()

    def replug(self) -> None:
        with self._lock:
            if self.plugged:
                return
            master, slave = os.openpty()
            tty.setraw(slave)  # no echo, no CR/LF translation before pyserial opens it
            tty.setraw(master)
            self._master, self._slave = master, slave
            tmp = self.port + ".new"
            if os.path.lexists(tmp):
                os.unlink(tmp)
            os.symlink(os.ttyname(slave), tmp)
            os.replace(tmp, self.port)
            self.plugged = True
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._read, args=(master, self._stop),
                                            daemon=True, name=f"sim-{self.name}")
            self._thread.start()

    def unplug(self) -> None:
        with self._lock:
            if not self.plugged:
                return
            self.plugged = False
            self._stop.set()
            if os.path.lexists(self.port):
                os.unlink(self.port)
            # Keeping our slave descriptor open would keep the line alive for the driver.
            for fd in (self._master, self._slave):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._master = self._slave = -1
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)

    def _read(self, master: int, stop: threading.Event) -> None:
        chunk = 64 if self.bytes_per_second else 4096
        while not stop.is_set():
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(master, chunk)
            except (OSError, ValueError):
                if stop.is_set():
                    return
                # EIO: no driver has the slave open right now; wait for one.
                stop.wait(0.05)
                continue
            if not data:
                continue
            if self.on_data is not None:
                try:
                    self.on_data(data)
                except Exception:
                    log.exception("%s simulator failed on input", self.name)
            if self.bytes_per_second:
                stop.wait(len(data) / self.bytes_per_second)

    def write(self, data: bytes) -> bool:
        """Send bytes to the driver; False when unplugged (also part-way through)."""
        for start in range(0, len(data), 1024):
            with self._lock:
                if not self.plugged:
                    return False
                view = memoryview(data)[start:start + 1024]
                try:
                    while view:  # a pty may take part of a chunk
                        view = view[os.write(self._master, view):]
                except OSError:
                    return False
        return True

    def close(self) -> None:
        self.unplug()
        if self._own_dir is not None:
            self._own_dir.cleanup()
            self._own_dir = None
