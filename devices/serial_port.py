"""The shared serial layer: open a port from a config table, read it in a thread, reconnect.

A `SerialLink` owns one port. Its reader thread hands every chunk of bytes to `on_data`; when
the device disappears (unplugged, powered off) the thread closes the port and tries again
with a growing pause (0.5 s doubling to 5 s), reopening by the same name, so configure a
stable one such as /dev/serial/by-id/... . Callbacks run on the reader thread.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

import serial

from kiosk.device_keys import BYTESIZES, HANDSHAKES, STOPBITS

log = logging.getLogger(__name__)

BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 5.0
PARITIES = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD,
            "M": serial.PARITY_MARK, "S": serial.PARITY_SPACE}


class DeviceError(Exception):
    """The device cannot be reached; the message says why in plain words."""


class DeviceBusy(DeviceError):
    """The device is there but holds the line (RTS/CTS low or XOFF): it is busy, not gone."""


def serial_settings(config: dict) -> dict:
    """pyserial keyword arguments from a [devices.*] table. Raises ValueError naming the key."""
    handshake = str(config.get("handshake", "none")).lower()
    if handshake not in HANDSHAKES:
        raise ValueError(f"handshake must be one of {', '.join(HANDSHAKES)}, not {handshake!r}")
    parity = str(config.get("parity", "N")).upper()
    if parity not in PARITIES:
        raise ValueError(f"parity must be one of {', '.join(PARITIES)}, not {parity!r}")
    stopbits = float(config.get("stopbits", 1))
    if stopbits not in STOPBITS:
        raise ValueError(f"stopbits must be 1, 1.5 or 2, not {stopbits!r}")
    bytesize = int(config.get("bytesize", 8))
    if bytesize not in BYTESIZES:
        raise ValueError(f"bytesize must be 5..8, not {bytesize!r}")
    return {
        "baudrate": int(config.get("baudrate", 9600)),
        "bytesize": bytesize,
        "parity": PARITIES[parity],
        "stopbits": 1.5 if stopbits == 1.5 else int(stopbits),
        "rtscts": handshake == "rtscts",
        "xonxoff": handshake == "xonxoff",
    }


def open_port(config: dict, read_timeout: float = 0.2, write_timeout: float | None = 5.0):
    """Open the port named by config["port"] (a device path or a pyserial URL such as socket://)."""
    port = str(config.get("port", "")).strip()
    if not port:
        raise DeviceError("no port configured")
    settings = serial_settings(config)
    if "://" not in port:
        settings["exclusive"] = True  # a second program opening the printer would garble tickets
    try:
        return serial.serial_for_url(port, timeout=read_timeout, write_timeout=write_timeout,
                                     **settings)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise DeviceError(f"cannot open {port}: {exc}") from exc


class SerialLink:
    """One port, one reader thread, automatic reconnect. Thread-safe `write`."""

    def __init__(self, config: dict, on_data: Callable[[bytes], None], *, name: str = "device",
                 on_connect: Callable[[bool], None] | None = None, write_timeout: float = 5.0):
        self.config = dict(config)
        self.name = name
        self.on_data = on_data
        self.on_connect = on_connect
        self.write_timeout = write_timeout
        self.last_error = ""
        self._port = None
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._kick = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def start(self) -> "SerialLink":
        """Try to open at once (so the first status query can succeed), then keep reading."""
        port = self._try_open()
        self._thread = threading.Thread(target=self._run, args=(port,), daemon=True,
                                        name=f"serial-{self.name}")
        self._thread.start()
        return self

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def reopen_now(self, timeout: float = 0.5) -> bool:
        """Someone needs the device now (a print right after a replug): skip the back-off."""
        if not self.connected:
            self._kick.set()
        return self._connected.wait(timeout)

    def discard_output(self) -> None:
        """Throw away what is still queued for the device (a job that failed)."""
        with self._write_lock:
            if self._port is not None:
                try:
                    self._port.reset_output_buffer()
                except Exception:  # noqa: BLE001, S110 - termios.error on a pulled cable: nothing to discard
                    pass

    def _try_open(self):
        try:
            port = open_port(self.config, write_timeout=self.write_timeout)
        except DeviceError as exc:
            if str(exc) != self.last_error:
                log.warning("%s: %s", self.name, exc)
            self.last_error = str(exc)
            return None
        try:
            port.reset_input_buffer()  # stale bytes from before an unplug are not replies
        except (serial.SerialException, OSError):
            pass
        self.last_error = ""
        self._port = port
        self._connected.set()
        log.info("%s: connected on %s", self.name, self.config.get("port"))
        self._notify(True)
        return port

    def _notify(self, connected: bool) -> None:
        if self.on_connect is not None:
            try:
                self.on_connect(connected)
            except Exception:  # a faulty callback must not kill the reader thread
                log.exception("%s: connect callback failed", self.name)

    def _run(self, port) -> None:
        delay = BACKOFF_START_S
        while not self._stop.is_set():
            if port is None:
                kicked = self._kick.wait(delay)
                self._kick.clear()
                if self._stop.is_set():
                    break
                delay = BACKOFF_START_S if kicked else min(delay * 2, BACKOFF_MAX_S)
                port = self._try_open()
                continue
            delay = BACKOFF_START_S
            self._read_until_lost(port)
            self._drop(port)
            port = None

    def _read_until_lost(self, port) -> None:
        while not self._stop.is_set():
            try:
                data = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
                # TypeError/AttributeError: pyserial raising from a port closed under it.
                if not self._stop.is_set():
                    self.last_error = f"connection lost: {exc}"
                    log.warning("%s: %s", self.name, self.last_error)
                return
            if data:
                try:
                    self.on_data(data)
                except Exception:
                    log.exception("%s: data handler failed", self.name)

    def _drop(self, port) -> None:
        was_connected = self._connected.is_set()
        self._connected.clear()
        with self._write_lock:
            self._port = None
            try:
                port.close()
            except (serial.SerialException, OSError):
                pass
        if was_connected:
            self._notify(False)

    def write(self, data: bytes, drain: bool = True, timeout: float | None = None) -> None:
        """Send bytes; with drain, wait until they have left the computer. Raises DeviceError."""
        timeout = self.write_timeout if timeout is None else timeout
        with self._write_lock:
            port = self._port
            if port is None:
                raise DeviceError(self.last_error or f"{self.config.get('port')} is not connected")
            try:
                if port.write_timeout != timeout:
                    port.write_timeout = timeout
                deadline = time.monotonic() + timeout
                port.write(data)
                if drain:
                    _drain(port, deadline)
            except serial.SerialTimeoutException as exc:
                if self.config.get("handshake", "none") in ("rtscts", "xonxoff"):
                    raise DeviceBusy(f"the device holds the line busy ({self.config['handshake']}):"
                                     f" {exc}") from exc
                raise DeviceError(f"the device does not accept data: {exc}") from exc
            except (serial.SerialException, OSError) as exc:
                self.last_error = f"connection lost: {exc}"
                raise DeviceError(self.last_error) from exc

    def close(self) -> None:
        self._stop.set()
        self._kick.set()
        port = self._port
        if port is not None:
            try:
                port.cancel_read()
            except (AttributeError, NotImplementedError, serial.SerialException, OSError):
                pass
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        if self._port is not None:
            self._drop(self._port)


def _drain(port, deadline: float) -> None:
    """Wait until the output queue is empty, but not past the deadline: tcdrain (flush) would
    wait forever on a printer holding CTS low."""
    try:
        while port.out_waiting > 0:
            if time.monotonic() > deadline:
                raise serial.SerialTimeoutException("output still queued at the deadline")
            time.sleep(0.005)
    except (AttributeError, NotImplementedError):  # URL handlers without an output queue
        port.flush()
