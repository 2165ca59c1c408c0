"""ESC/POS ticket printer on a serial line: status queries, print jobs that confirm, a poller.

Status comes from the real-time command DLE EOT n (printer, offline cause, paper sensor). A
printer answers it the moment it arrives, even while busy, though a busy one may be late: the
driver waits up to `status_timeout_ms` (900 ms) before calling it NO_ANSWER, never "paper OK".
Answers to a query that timed out are counted as owed, so a late one is never taken for the
answer to the next query. A reply byte that does not match the status bit pattern is ignored.

Because DLE EOT is answered before the job ahead of it has printed, a job is confirmed with
GS ( H (transmit process ID) sent after the cut: the printer answers it only when printing
reaches it. The driver waits for that reply as long as the job takes at the line's baud rate
plus `confirm_margin_s`, polling the status meanwhile so that a paper-out or open cover fails
the job at once. Printers without GS ( H are configured `completion = "status_only"`: their
job is judged by the status after sending, which cannot see paper running out mid-ticket.

After any job that did not confirm, the printer is recovered before the next one: our output
queue is discarded, NULs finish any half-received command, ESC @ resets, a cut takes off what
the broken job printed, and a status query verifies it.
Status change callbacks run on the poller thread: marshal them to the UI thread.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

from devices.escpos import EscPosEncoder, process_id_request, recovery, status_query
from devices.serial_port import DeviceBusy, DeviceError, SerialLink
from kiosk.i18n import N_, tr

log = logging.getLogger(__name__)


class PrinterStatus(enum.Enum):
    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"
    BUSY = "busy"
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
    PrinterStatus.BUSY: N_("Printer is busy and does not take data: wait a moment; if it stays busy, check its paper and error light"),
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


PROCESS_REPLY = (0x37, 0x22)  # header and identifier of the GS ( H reply; then 4 digits, NUL
COMPLETIONS = ("process_id", "status_only")
POLL_WHILE_PRINTING_S = 0.3
OWED_EXPIRE_S = 3.0  # a paused printer answers owed queries in one burst, all alike, when it resumes


@dataclass
class PrintResult:
    ok: bool
    status: PrinterStatus
    detail: str  # plain English for the log and the staff screen


class SerialPrinter:
    """The [devices.printer] table: port, baudrate, bytesize, parity, stopbits, handshake,
    codepage, encoding, native_qr, nv_logo; optional status_timeout_ms (900), status_poll_s
    (2), completion ("process_id"), confirm_margin_s (8), buffer_clear (false)."""

    def __init__(self, config: dict):
        self.config = dict(config)
        self.encoder = EscPosEncoder(codepage=int(config.get("codepage", 16)),
                                     encoding=str(config.get("encoding", "cp1252")),
                                     native_qr=bool(config.get("native_qr", True)))
        self.logo_key = str(config.get("nv_logo", "") or "")
        self.status_timeout = float(config.get("status_timeout_ms", 900)) / 1000.0
        self.poll_interval = float(config.get("status_poll_s", 2.0))
        self.baudrate = int(config.get("baudrate", 9600))
        self.completion = str(config.get("completion", "process_id"))
        if self.completion not in COMPLETIONS:
            raise ValueError(f"completion must be one of {', '.join(COMPLETIONS)}")
        self.confirm_margin = float(config.get("confirm_margin_s", 8.0))
        self.buffer_clear = bool(config.get("buffer_clear", False))
        self.last_detail = ""
        self._status_bytes = bytearray()
        self._rejected = 0
        self._frame = bytearray()  # a GS ( H reply being received
        self._process_replies: list[bytes] = []
        self._owed = 0  # status answers still due for queries that timed out
        self._owed_since = 0.0
        self._job_number = 0
        self._recover_pad = 0  # > 0: a job failed; recover before the next one
        self._rx_ready = threading.Condition()
        self._job_lock = threading.RLock()  # one conversation with the printer at a time
        self._callbacks: list[Callable[[PrinterStatus], None]] = []
        self._poller: threading.Thread | None = None
        self._wake = threading.Event()
        self._closed = threading.Event()
        self.link = SerialLink(self.config, self._on_data, name="printer",
                               on_connect=self._on_connect).start()

    def _on_connect(self, up: bool) -> None:
        with self._rx_ready:
            self._owed = 0  # a new connection owes nothing
        self._wake.set()

    def _on_data(self, data: bytes) -> None:
        with self._rx_ready:
            for byte in data:
                if self._frame or byte == PROCESS_REPLY[0]:
                    self._frame.append(byte)
                    if len(self._frame) == 2 and self._frame[1] != PROCESS_REPLY[1]:
                        self._frame.clear()  # 0x37 alone is not a status byte either
                        self._rejected += 1
                    elif len(self._frame) == 7:
                        self._process_replies.append(bytes(self._frame[2:6]))
                        self._frame.clear()
                elif is_status_reply(byte):
                    self._status_bytes.append(byte)
                else:
                    self._rejected += 1
            self._rx_ready.notify_all()

    # --- status ---------------------------------------------------------------------------

    def status(self) -> PrinterStatus:
        with self._job_lock:
            status, self.last_detail = self._query()
        return status

    def _query(self, window: float | None = None) -> tuple[PrinterStatus, str]:
        if not self.link.connected:
            return PrinterStatus.NO_ANSWER, self.link.last_error or "printer port is not open"
        window = self.status_timeout if window is None else window
        with self._rx_ready:
            if self._owed and time.monotonic() - self._owed_since > OWED_EXPIRE_S:
                self._owed = 0  # answers that late are not coming: the printer dropped them
            owed = self._owed
            self._status_bytes.clear()
            self._rejected = 0
        try:
            self.link.write(status_query(1) + status_query(2) + status_query(4), drain=False,
                            timeout=window)
        except DeviceBusy as exc:
            return PrinterStatus.BUSY, str(exc)
        except DeviceError as exc:
            return PrinterStatus.NO_ANSWER, str(exc)
        replies = self._collect(owed, window)
        if len(replies) == 3:
            status = decode_status(*replies)
            return status, status.message("en")
        if self._rejected and not replies:
            return PrinterStatus.ERROR, (f"printer sent {self._rejected} byte(s) that are not "
                                         "status replies: check baud rate and parity")
        if replies:
            return PrinterStatus.ERROR, f"printer answered {len(replies)} of 3 status queries"
        if self._blocked():
            return PrinterStatus.BUSY, "printer holds the line busy (handshake)"
        return PrinterStatus.NO_ANSWER, (f"no answer within {window * 1000:.0f} ms: "
                                         "printer off, unplugged or on another port")

    def _collect(self, owed: int, window: float) -> list[int]:
        """The three answers to our query. A printer answers in order, so ours are the three
        after the `owed` answers to earlier queries that timed out; until all of those have
        come, what has come may be theirs, and we say no answer rather than guess."""
        deadline = time.monotonic() + window
        with self._rx_ready:
            while len(self._status_bytes) < owed + 3:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._rx_ready.wait(remaining)
            got = len(self._status_bytes)
            if got >= owed + 3:
                self._owed = 0
                replies = list(self._status_bytes[owed:owed + 3])
            else:
                self._owed = owed + 3 - got
                self._owed_since = time.monotonic()
                replies = list(self._status_bytes[owed:]) if got > owed else []
            self._status_bytes.clear()
            return replies

    def _blocked(self) -> bool:
        """Our bytes are stuck in the output queue behind a handshake: the printer is busy."""
        if self.config.get("handshake", "none") not in ("rtscts", "xonxoff"):
            return False
        port = self.link._port
        try:
            return port is not None and port.out_waiting > 0
        except (AttributeError, NotImplementedError, OSError, ValueError):
            return False   # a port without an output counter (pty, URL handler) or one gone

    # --- printing -------------------------------------------------------------------------

    def job_bytes(self, blocks) -> bytes:
        """What print_ticket sends for `blocks` (the next job number). Raises ValueError."""
        data = self.encoder.encode(blocks)
        if self.completion == "process_id":
            data += process_id_request(self._job_number + 1)
        return data

    def job_seconds(self, size: int) -> float:
        """How long the printer may take to confirm a job of `size` bytes."""
        return size * 10 / max(300, self.baudrate) * 1.25 + self.confirm_margin

    def print_ticket(self, blocks) -> PrintResult:
        try:
            data = self.job_bytes(blocks)
        except ValueError as exc:
            return PrintResult(False, PrinterStatus.ERROR, f"ticket cannot be encoded: {exc}")
        with self._job_lock:
            self.link.reopen_now()  # a print right after a replug does not wait for the back-off
            result = self._print(data, self.encoder.longest_block)
            self.last_detail = result.detail
        if not result.ok:
            log.warning("printer: job not confirmed: %s", result.detail)
        return result

    def _print(self, data: bytes, longest_block: int) -> PrintResult:
        if self._recover_pad:
            status, detail = self._recover()
            if not status.ok:
                return PrintResult(False, status, f"not printed: {detail}")
        before, detail = self._query()
        if not before.ok:
            return PrintResult(False, before, f"not printed: {detail}")
        self._job_number += 1
        number = f"{self._job_number % 10000:04d}".encode("ascii")
        with self._rx_ready:
            self._process_replies.clear()
        started = time.monotonic()
        deadline = started + self.job_seconds(len(data))
        # Until the job is confirmed: enough NULs to finish any command it may have been cut
        # in. A cut inside a length field (GS ( k pL | pH) takes the next byte as pH: a NUL
        # from the padding leaves at most 255 more, a status poll's DLE 16 * 256 more.
        self._recover_pad = max(longest_block, 255) + 8
        try:
            self.link.write(data, drain=True, timeout=max(1.0, deadline - started))
        except DeviceError as exc:
            # Ask why: a pulled cable answers nothing, a printer holding CTS is busy.
            status, _ = self._query()
            if isinstance(exc, DeviceBusy) and status in (PrinterStatus.NO_ANSWER, PrinterStatus.BUSY):
                status = PrinterStatus.BUSY
            elif status.ok:
                status = PrinterStatus.ERROR
            self._recover()
            return PrintResult(False, status, f"printing interrupted: {exc}")
        if self.completion == "process_id":
            done, status, detail = self._await_completion(number, deadline)
            if not done:
                self._recover()
                return PrintResult(False, status, f"not confirmed: {detail}")
            self._recover_pad = 16  # the printer reached the end: no command was left half-read
        after, detail = self._query()
        if not after.ok:
            self._recover()
            return PrintResult(False, after, f"printer reported after printing: {detail}")
        self._recover_pad = 0
        return PrintResult(True, after, "printed")

    def _await_completion(self, number: bytes, deadline: float):
        """Wait for the job's process-ID reply; poll the status meanwhile, one query at a
        time, so a printer that stops (paper out, cover open) fails the job at once."""
        last = PrinterStatus.READY
        while True:
            with self._rx_ready:
                if number in self._process_replies:
                    return True, PrinterStatus.READY, "printed"
                self._rx_ready.wait(min(POLL_WHILE_PRINTING_S, max(0.0, deadline - time.monotonic())))
                if number in self._process_replies:
                    return True, PrinterStatus.READY, "printed"
            if time.monotonic() >= deadline:
                break
            if self._owed:  # an earlier poll is still unanswered: a busy printer, keep waiting
                status = self._poll_owed()
            else:
                self._recover_pad = max(self._recover_pad, 0x10 * 256 + 255 + 8)
                status, _ = self._query(POLL_WHILE_PRINTING_S)
            if status is not None and not status.ok and status not in (PrinterStatus.NO_ANSWER,
                                                                       PrinterStatus.BUSY):
                # The printer stopped with the stream whole (it answered): a short pad will do.
                self._recover_pad = 16
                return False, status, status.message("en")
            if status is not None:
                last = status
        if last.ok:
            last = PrinterStatus.NO_ANSWER
        waited = self.job_seconds(0) if last is PrinterStatus.NO_ANSWER else 0
        return False, last, (f"the printer did not finish the job in time ({waited:.1f} s margin)"
                             if waited else last.message("en"))

    def _poll_owed(self) -> PrinterStatus | None:
        """Late answers to earlier polls, once all have come: the printer's latest state."""
        with self._rx_ready:
            if len(self._status_bytes) < self._owed or len(self._status_bytes) < 3:
                return None
            replies = list(self._status_bytes[-3:])
            self._status_bytes.clear()
            self._owed = 0
        return decode_status(*replies)

    def _recover(self) -> tuple[PrinterStatus, str]:
        """Before the next job after one that failed: discard our queue, pad the printer out
        of any half-received command, reset it, cut off the broken job, verify."""
        if not self.link.connected:
            return PrinterStatus.NO_ANSWER, self.link.last_error or "printer port is not open"
        self.link.discard_output()
        pad = self._recover_pad or 16
        for attempt in (1, 2):
            try:
                self.link.write(recovery(pad, self.buffer_clear), drain=True,
                                timeout=1.0 + pad * 10 / max(300, self.baudrate) * 2)
                break
            except DeviceError as exc:
                # A port that came back a moment ago (a replug, USB settling) may drop once
                # more as it settles: reopen and try again before calling the print failed.
                if isinstance(exc, DeviceBusy) or attempt == 2 or not self.link.reopen_now(1.0):
                    return (PrinterStatus.BUSY if isinstance(exc, DeviceBusy)
                            else PrinterStatus.NO_ANSWER, f"recovery not sent: {exc}")
        self._recover_pad = 0  # sent: the printer will work through it even if busy now
        status, detail = self._query()
        log.info("printer: recovered after a failed job: %s", detail)
        return status, detail

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
