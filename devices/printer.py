"""ESC/POS ticket printer on a serial line: status queries, print jobs that confirm, a poller.

Status comes from the real-time command DLE EOT n (printer, offline cause, paper sensor),
sent together and answered within `status_timeout_ms` (default 200 ms). No answer means the
printer is off, unplugged or on the wrong port: NO_ANSWER, never "paper OK". A reply byte
that does not match the status bit pattern is not a status and is ignored.

A job is reported printed only when the status queried after sending it is still fine.
Status change callbacks run on the poller thread: marshal them to the UI thread.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

from devices.escpos import EscPosEncoder, status_query
from devices.serial_port import DeviceError, SerialLink
from kiosk.i18n import N_, tr

log = logging.getLogger(__name__)


class PrinterStatus(enum.Enum):
    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"
    NO_ANSWER = "no_answer"

    @property
    def ok(self) -> bool:
        """The printer can print (a roll running low still prints)."""
        return self in (PrinterStatus.READY, PrinterStatus.PAPER_NEAR_END)

    def message(self, lang: str = "id") -> str:
        """What staff should know or do, in plain words."""
        return tr(_MESSAGES[self], lang)


_MESSAGES = {
    PrinterStatus.READY: N_("Printer ready"),
    PrinterStatus.PAPER_NEAR_END: N_("Paper is running low: load a new roll soon"),
    PrinterStatus.PAPER_OUT: N_("Printer is out of paper: load a new roll"),
    PrinterStatus.COVER_OPEN: N_("Printer cover is open: close it"),
    PrinterStatus.OFFLINE: N_("Printer is offline: check it and press its online or feed button"),
    PrinterStatus.ERROR: N_("Printer error: check the cutter and the paper path, then switch it off and on"),
    PrinterStatus.NO_ANSWER: N_("Printer does not answer: check its power and cable"),
}


def is_status_reply(byte: int) -> bool:
    """A genuine DLE EOT reply byte has bits 1 and 4 set and bits 0 and 7 clear."""
    return (byte & 0x93) == 0x12


def decode_status(printer: int, offline: int, paper: int) -> PrinterStatus:
    """Replies to DLE EOT 1, 2 and 4, in that order."""
    if printer & 0x08 or printer & 0x20:  # offline, or waiting for online recovery
        if offline & 0x04:
            return PrinterStatus.COVER_OPEN
        if offline & 0x20 or paper & 0x60:
            return PrinterStatus.PAPER_OUT
        if offline & 0x40:
            return PrinterStatus.ERROR
        return PrinterStatus.OFFLINE
    if paper & 0x60:
        return PrinterStatus.PAPER_OUT
    if paper & 0x0C:
        return PrinterStatus.PAPER_NEAR_END
    return PrinterStatus.READY


@dataclass
class PrintResult:
    ok: bool
    status: PrinterStatus
    detail: str  # plain English for the log and the staff screen


class SerialPrinter:
    """The [devices.printer] table: port, baudrate, bytesize, parity, stopbits, handshake,
    codepage, encoding, native_qr, nv_logo; optional status_timeout_ms (200), status_poll_s (2)."""

    def __init__(self, config: dict):
        self.config = dict(config)
        self.encoder = EscPosEncoder(codepage=int(config.get("codepage", 16)),
                                     encoding=str(config.get("encoding", "cp1252")),
                                     native_qr=bool(config.get("native_qr", True)))
        self.logo_key = str(config.get("nv_logo", "") or "")
        self.status_timeout = float(config.get("status_timeout_ms", 200)) / 1000.0
        self.poll_interval = float(config.get("status_poll_s", 2.0))
        self.baudrate = int(config.get("baudrate", 9600))
        self.last_detail = ""
        self._rx = bytearray()
        self._rx_ready = threading.Condition()
        self._job_lock = threading.RLock()  # one conversation with the printer at a time
        self._callbacks: list[Callable[[PrinterStatus], None]] = []
        self._poller: threading.Thread | None = None
        self._wake = threading.Event()
        self._closed = threading.Event()
        self.link = SerialLink(self.config, self._on_data, name="printer",
                               on_connect=lambda up: self._wake.set()).start()

    def _on_data(self, data: bytes) -> None:
        with self._rx_ready:
            self._rx += data
            self._rx_ready.notify_all()

    # --- status ---------------------------------------------------------------------------

    def status(self) -> PrinterStatus:
        with self._job_lock:
            status, self.last_detail = self._query()
        return status

    def _query(self) -> tuple[PrinterStatus, str]:
        if not self.link.connected:
            return PrinterStatus.NO_ANSWER, self.link.last_error or "printer port is not open"
        with self._rx_ready:
            self._rx.clear()
        try:
            self.link.write(status_query(1) + status_query(2) + status_query(4), drain=False)
        except DeviceError as exc:
            return PrinterStatus.NO_ANSWER, str(exc)
        deadline = time.monotonic() + self.status_timeout
        replies: list[int] = []
        rejected = 0
        with self._rx_ready:
            while len(replies) < 3:
                for byte in self._rx:
                    if is_status_reply(byte) and len(replies) < 3:
                        replies.append(byte)
                    else:
                        rejected += 1
                self._rx.clear()
                remaining = deadline - time.monotonic()
                if len(replies) >= 3 or remaining <= 0:
                    break
                self._rx_ready.wait(remaining)
        if len(replies) == 3:
            status = decode_status(*replies)
            return status, status.message("en")
        if rejected and not replies:
            return PrinterStatus.ERROR, (f"printer sent {rejected} byte(s) that are not status "
                                         "replies: check baud rate and parity")
        if replies:
            return PrinterStatus.ERROR, f"printer answered {len(replies)} of 3 status queries"
        return PrinterStatus.NO_ANSWER, (f"no answer within {self.status_timeout * 1000:.0f} ms: "
                                         "printer off, unplugged or on another port")

    # --- printing -------------------------------------------------------------------------

    def print_ticket(self, blocks) -> PrintResult:
        try:
            data = self.encoder.encode(blocks)
        except ValueError as exc:
            return PrintResult(False, PrinterStatus.ERROR, f"ticket cannot be encoded: {exc}")
        with self._job_lock:
            before, detail = self._query()
            self.last_detail = detail
            if not before.ok:
                return PrintResult(False, before, f"not printed: {detail}")
            # Generous time for the bytes to leave at the line speed, plus the printer's pauses.
            seconds = 3.0 + 2 * len(data) * 10 / max(1200, self.baudrate)
            try:
                self.link.write(data, drain=True, timeout=seconds)
            except DeviceError as exc:
                # Ask why: a pulled cable answers nothing, a printer holding CTS says why.
                status, _ = self._query()
                if status.ok:
                    status = PrinterStatus.ERROR
                self.last_detail = f"printing interrupted: {exc}"
                return PrintResult(False, status, self.last_detail)
            after, detail = self._query()
            self.last_detail = detail
        if after.ok:
            return PrintResult(True, after, "printed")
        return PrintResult(False, after, f"printer reported after printing: {detail}")

    # --- polling --------------------------------------------------------------------------

    def on_status_change(self, callback: Callable[[PrinterStatus], None]) -> None:
        """Call `callback(status)` now-ish and whenever the status changes (poller thread)."""
        self._callbacks.append(callback)
        if self._poller is None:
            self._poller = threading.Thread(target=self._poll, daemon=True, name="printer-poll")
            self._poller.start()
        else:
            self._wake.set()

    def _poll(self) -> None:
        last = None
        told: set[int] = set()
        while not self._closed.is_set():
            status = self.status()
            for callback in list(self._callbacks):
                if status != last or id(callback) not in told:
                    told.add(id(callback))
                    try:
                        callback(status)
                    except Exception:
                        log.exception("printer status callback failed")
            if status != last:
                log.info("printer: %s (%s)", status.value, self.last_detail)
            last = status
            self._wake.wait(self.poll_interval)
            self._wake.clear()

    def close(self) -> None:
        self._closed.set()
        self._wake.set()
        self.link.close()
        if self._poller is not None and self._poller is not threading.current_thread():
            self._poller.join(timeout=2)
