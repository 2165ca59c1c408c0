"""A virtual ESC/POS printer on a pseudo-terminal.

It parses what the driver sends (init, code page, alignment, sizes, bold, feeds, native QR,
raster pictures, NV logo, cut), turns each ticket back into kiosk.tickets blocks and renders
it to a PNG, so what you see is what the bytes say. It answers DLE EOT status queries from a
state you can switch (`printer.state = "paper_out"`), stays silent like a dead printer, and
can be unplugged and plugged back in.

Like a real printer it works in two stages. Receiving: real-time commands (DLE EOT status,
DLE DC4 fn 8 buffer clear) are answered the moment they arrive, wherever they sit in the
stream, before the job ahead of them has printed; everything goes into a receive buffer
of `buffer_size` bytes (when it is full the printer stops reading and the line backs up).
Printing: a second thread takes the buffer through the parser, `job_seconds` per ticket;
GS ( H (transmit process ID) is answered only when printing reaches it. Faults to show:
paper running out part-way through a job, a pause of N seconds (nothing read, nothing
printed, status answered late), and bytes lost on the line, which leaves the parser inside
a half-received command that eats whatever comes next.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from pathlib import Path

from devices.sim.pty import PtyEndpoint
from kiosk.tickets import QR, Cut, Feed, Logo, Raster, Text, render_png

log = logging.getLogger(__name__)

CODEPAGES = {0: "cp437", 2: "cp850", 16: "cp1252", 19: "cp858"}
ALIGNS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
EC_LEVELS = {0x30: "L", 0x31: "M", 0x32: "Q", 0x33: "H"}

# Replies to DLE EOT 1, 2, 4 (and 3) per state; bits as in shared/domain/DEVICES.md.
STATUS_REPLIES = {
    "ready": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "offline": {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},
    "error": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},
    "garbled": {1: 0xFF, 2: 0x00, 3: 0xFF, 4: 0x80},  # wrong baud rate: bytes, but no status
    "silent": {},
}
PRINTING_STATES = ("ready", "near_end")


class EscPosParser:
    """Incremental ESC/POS parser producing ticket blocks; `on_ticket(blocks, ec)` at each cut,
    `on_status(n)` for each DLE EOT n, `on_process_id(d1..d4)` for each GS ( H fn 48."""

    def __init__(self, on_ticket, on_status, on_process_id=None):
        self.on_ticket = on_ticket
        self.on_status = on_status
        self.on_process_id = on_process_id
        self.clear()

    def clear(self) -> None:
        """Forget everything, as after power-up or a pulled cable."""
        self._buffer = bytearray()
        self.blocks: list = []
        self.reset()

    def reset(self) -> None:
        self.encoding = "cp437"
        self.align, self.width, self.height, self.bold = "left", 1, 1, False
        self.qr_data, self.qr_module, self.qr_ec = b"", 3, "L"
        self._line = bytearray()
        self._line_style = None

    def feed(self, data: bytes) -> None:
        self._buffer += data
        while self._buffer:
            used = self._step(self._buffer)
            if used == 0:  # an incomplete command: wait for more bytes
                return
            del self._buffer[:used]

    def _style(self):
        return (self.align, self.width, self.height, self.bold)

    def _end_line(self) -> None:
        if self._line:
            align, width, height, bold = self._line_style or self._style()
            text = bytes(self._line).decode(self.encoding, "replace")
            self.blocks.append(Text(text, align, width, height, bold))
        else:
            self.blocks.append(Feed(1))
        self._line = bytearray()
        self._line_style = None

    def _step(self, buf: bytearray) -> int:
        first = buf[0]
        if first >= 0x20:
            end = 1
            while end < len(buf) and buf[end] >= 0x20:
                end += 1
            if not self._line:
                self._line_style = self._style()
            self._line += buf[:end]
            return end
        if first == 0x0A:
            self._end_line()
            return 1
        if first == 0x10:
            if len(buf) < 3:
                return 0
            if buf[1] == 0x04:
                self.on_status(buf[2])
            return 3
        if first == 0x1B:
            return self._esc(buf)
        if first == 0x1D:
            return self._gs(buf)
        return 1  # CR and other control bytes: nothing to print

    def _esc(self, buf: bytearray) -> int:
        if len(buf) < 2:
            return 0
        cmd = buf[1]
        if cmd == 0x40:  # ESC @
            if self._line:
                self._end_line()
            self.reset()
            return 2
        if len(buf) < 3:
            return 0
        n = buf[2]
        if cmd == 0x74:
            self.encoding = CODEPAGES.get(n, "cp437")
        elif cmd == 0x61:
            self.align = ALIGNS.get(n, "left")
        elif cmd == 0x45:
            self.bold = bool(n & 1)
        elif cmd == 0x21:  # ESC ! print mode
            self.bold = bool(n & 0x08)
            self.height = 2 if n & 0x10 else 1
            self.width = 2 if n & 0x20 else 1
        elif cmd == 0x64:
            if self._line:
                self._end_line()
            self.blocks.append(Feed(n))
        return 3  # other ESC x n commands: one parameter, ignored

    def _gs(self, buf: bytearray) -> int:
        if len(buf) < 3:
            return 0
        cmd = buf[1]
        if cmd == 0x21:
            self.width, self.height = (buf[2] >> 4) + 1, (buf[2] & 0x0F) + 1
            return 3
        if cmd == 0x56:  # GS V m [n]: cut
            if buf[2] in (0x41, 0x42, 0x61, 0x62):
                if len(buf) < 4:
                    return 0
                used = 4
            else:
                used = 3
            if self._line:
                self._end_line()
            self.blocks.append(Cut())
            blocks, self.blocks = self.blocks, []
            self.on_ticket(blocks, self.qr_ec)
            return used
        if cmd == 0x28:  # GS ( x pL pH ...
            if len(buf) < 5:
                return 0
            size = buf[3] + 256 * buf[4]
            if len(buf) < 5 + size:
                return 0
            body = bytes(buf[5:5 + size])
            if buf[2] == 0x6B:
                self._qr(body)
            elif buf[2] == 0x48 and len(body) == 6 and body[0] == 0x30 and self.on_process_id:
                self.on_process_id(body[2:6])
            elif buf[2] == 0x4C and len(body) >= 4 and body[1] == 0x45:
                self._flush_line()
                self.blocks.append(Logo(body[2:4].decode("ascii", "replace")))
            return 5 + size
        if cmd == 0x76 and buf[2] == 0x30:  # GS v 0 m xL xH yL yH data
            if len(buf) < 8:
                return 0
            row_bytes, rows = buf[4] + 256 * buf[5], buf[6] + 256 * buf[7]
            if len(buf) < 8 + row_bytes * rows:
                return 0
            self._flush_line()
            self.blocks.append(Raster(row_bytes * 8, rows, bytes(buf[8:8 + row_bytes * rows])))
            return 8 + row_bytes * rows
        return 3  # other GS x n commands: one parameter, ignored

    def _flush_line(self) -> None:
        if self._line:
            self._end_line()

    def _qr(self, body: bytes) -> None:
        if len(body) < 2 or body[0] != 0x31:
            return
        fn, args = body[1], body[2:]
        if fn == 0x43 and args:
            self.qr_module = args[0]
        elif fn == 0x45 and args:
            self.qr_ec = EC_LEVELS.get(args[0], "M")
        elif fn == 0x50 and args:
            self.qr_data = args[1:]
        elif fn == 0x51:
            self._flush_line()
            self.blocks.append(QR(self.qr_data.decode("utf-8", "replace"), self.qr_module))


DLE, EOT, DC4 = 0x10, 0x04, 0x14
BUFFER_CLEAR = bytes([DLE, DC4, 8, 1, 3, 20, 1, 6, 2, 8])  # Epson: clear receive and print buffers
INIT = b"\x1b\x40"


class VirtualPrinter:
    """`port` is the path for the driver; tickets land in `out_dir` as ticket-0001.png...

    `buffer_clear`: the printer honours DLE DC4 fn 8 (Epson TM-T88V and later do; many
    compatibles do not). `job_seconds`: time the mechanism takes per ticket."""

    def __init__(self, out_dir, state: str = "ready", link_dir: Path | None = None,
                 bytes_per_second: float | None = None, name: str = "printer",
                 job_seconds: float = 0.1, buffer_size: int = 4096, buffer_clear: bool = False,
                 process_id: bool = True):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.state = state
        self.job_seconds = job_seconds
        self.buffer_size = buffer_size
        self.buffer_clear = buffer_clear
        self.process_id = process_id  # answers GS ( H; printers without it ignore the command
        self.tickets: list[Path] = []
        self.jobs: list[list] = []
        self.discarded = 0  # tickets sent while the printer could not print
        self.cleared = 0  # bytes thrown away by a real-time buffer clear
        self.status_queries = 0
        self.received = bytearray()  # every byte that reached the printer, for tests
        self._fail_next: str | None = None
        self._paper_out_after: int | None = None
        self._pause_next: float | None = None
        self._paused_until = 0.0
        self._lose: tuple[int, int] | None = None  # (bytes to keep, bytes to drop) of next job
        self._lose_started = False
        self._generation = 0  # counts buffer clears: a ticket being cut when one comes is lost
        self._parse_lock = threading.Lock()
        self.blank_cuts = 0  # cuts with nothing printed before them (recovery after a failure)
        self._realtime = bytearray()  # tail of a real-time command split across reads
        self._buffer = bytearray()  # receive buffer, waiting to be printed
        self._buffer_changed = threading.Condition()
        self._closing = False
        self._changed = threading.Condition()
        self._accepted = 0  # tickets accepted so far (numbering of the PNGs)
        self._to_render: queue.Queue = queue.Queue()
        self._renderer = threading.Thread(target=self._render_tickets, daemon=True,
                                          name="sim-printer-render")
        self._renderer.start()
        self.parser = EscPosParser(self._ticket, lambda n: None, self._process_id)
        self._printing = threading.Thread(target=self._print_loop, daemon=True,
                                          name="sim-printer-mechanism")
        self._printing.start()
        self.answer_delay = 0.0  # seconds before each status answer leaves
        self._replies: queue.Queue = queue.Queue()
        self._late = threading.Thread(target=self._send_late_replies, daemon=True,
                                      name="sim-printer-replies")
        self._late.start()
        self.endpoint = PtyEndpoint(name, self._received, link_dir, bytes_per_second)

    @property
    def port(self) -> str:
        return self.endpoint.port

    @property
    def bytes_per_second(self):
        return self.endpoint.bytes_per_second

    @bytes_per_second.setter
    def bytes_per_second(self, value):
        self.endpoint.bytes_per_second = value

    # --- faults to switch on ---------------------------------------------------------------

    def fail_during_next_job(self, state: str) -> None:
        """The next ticket does not come out: the printer switches to `state` while printing."""
        self._fail_next = state

    def paper_runs_out_during_next_job(self, after_bytes: int = 60) -> None:
        """The roll ends `after_bytes` into the next job: the rest does not print."""
        self._paper_out_after = after_bytes

    def pause_during_next_job(self, seconds: float) -> None:
        """When the next job arrives the printer stops for `seconds`: it reads nothing,
        prints nothing and answers nothing (a busy mechanism, a full buffer)."""
        self._pause_next = seconds

    def pause(self, seconds: float) -> None:
        """Stop now for `seconds`, as above."""
        self._paused_until = time.monotonic() + seconds

    def lose_bytes_of_next_job(self, keep: int, drop: int) -> None:
        """Of the next job, `keep` bytes arrive and the following `drop` are lost on the line."""
        self._lose = (keep, drop)

    # --- receiving: real-time commands at once, the rest into the buffer -------------------

    def _wait_out_pause(self) -> None:
        while not self._closing:
            left = self._paused_until - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.05))

    def _received(self, data: bytes) -> None:
        self._wait_out_pause()
        if self._pause_next is not None and INIT in data:
            self._paused_until, self._pause_next = time.monotonic() + self._pause_next, None
            self._wait_out_pause()
        data = self._line_loss(data)
        if not data:
            return
        self.received += data
        if len(self.received) > 1 << 16:  # the recent bytes are enough for a test to look at
            del self.received[:-(1 << 15)]
        data = self._realtime_commands(data)
        with self._buffer_changed:
            # A full buffer: stop reading, so the line backs up to the driver (busy).
            self._buffer_changed.wait_for(
                lambda: self._closing or len(self._buffer) < self.buffer_size)
            self._buffer += data
            self._buffer_changed.notify_all()

    def _line_loss(self, data: bytes) -> bytes:
        if self._lose is None:
            return data
        head = b""
        if not self._lose_started:  # the job starts at its ESC @
            start = data.find(INIT)
            if start < 0:
                return data
            self._lose_started = True
            head, data = data[:start], data[start:]
        keep, drop = self._lose
        kept, rest = data[:keep], data[keep:]
        keep -= len(kept)
        dropped = min(drop, len(rest)) if keep == 0 else 0
        drop -= dropped
        if keep == 0 and drop == 0:
            self._lose, self._lose_started = None, False
        else:
            self._lose = (keep, drop)
        return head + kept + rest[dropped:]

    def _realtime_commands(self, data: bytes) -> bytes:
        """DLE EOT n acts on arrival, even inside another command's data; so does DLE DC4
        fn 8 on a printer that has it. Returns what is left for the receive buffer."""
        stream = self._realtime + data
        self._realtime = bytearray()
        i = stream.find(DLE)
        while 0 <= i:
            if len(stream) - i < 3:
                self._realtime = bytearray(stream[i:])  # finish it with the next read
                break
            if stream[i + 1] == EOT:
                self._status(stream[i + 2])
                i += 3
            elif stream[i + 1] == DC4 and stream[i + 2] == 8 and len(stream) - i < len(BUFFER_CLEAR):
                self._realtime = bytearray(stream[i:])
                break
            else:
                i += 1
            i = stream.find(DLE, i)
        if self.buffer_clear:
            at = data.rfind(BUFFER_CLEAR)
            if at >= 0:
                self._clear_buffer()
                return data[at + len(BUFFER_CLEAR):]
        return data

    def _clear_buffer(self) -> None:
        with self._buffer_changed:
            self.cleared += len(self._buffer)
            self._buffer.clear()
            self._generation += 1
            self._buffer_changed.notify_all()
        with self._parse_lock:
            self.parser.clear()

    def _status(self, n: int) -> None:
        self.status_queries += 1
        reply = STATUS_REPLIES.get(self.state, {}).get(n)
        if reply is None:
            return
        if self.answer_delay or not self._replies.empty():
            # Late, but in order, and telling the state as it was when asked.
            self._replies.put((time.monotonic() + self.answer_delay, bytes([reply])))
        else:
            self.endpoint.write(bytes([reply]))

    def _send_late_replies(self) -> None:
        while True:
            item = self._replies.get()
            if item is None:
                return
            due, data = item
            time.sleep(max(0.0, due - time.monotonic()))
            self.endpoint.write(data)

    # --- printing: the buffer through the parser, at the mechanism's pace ------------------

    def _print_loop(self) -> None:
        while True:
            with self._buffer_changed:
                self._buffer_changed.wait_for(lambda: self._closing or self._buffer)
                if self._closing:
                    return
            if self._paused_until > time.monotonic():
                self._wait_out_pause()
                time.sleep(0.05)  # the receive side catches up with the line first
            with self._buffer_changed:
                chunk = bytes(self._buffer[:256])
                del self._buffer[:256]
                self._buffer_changed.notify_all()
            if self._paper_out_after is not None:
                if self._paper_out_after <= len(chunk):
                    self.state, self._paper_out_after = "paper_out", None
                else:
                    self._paper_out_after -= len(chunk)
            with self._parse_lock:
                self.parser.feed(chunk)

    def _process_id(self, data: bytes) -> None:
        # Reached in the job: everything before it has printed. An offline printer stops here.
        if self.process_id and self.state in PRINTING_STATES:
            self.endpoint.write(b"\x37\x22" + bytes(data) + b"\x00")

    def _ticket(self, blocks: list, error_correction: str) -> None:
        if blocks == [Cut()]:
            self.blank_cuts += 1
            return
        if self._fail_next:
            self.state, self._fail_next = self._fail_next, None
            self.discarded += 1
        elif self.state not in PRINTING_STATES:
            self.discarded += 1
        else:
            generation = self._generation
            if self.job_seconds:
                time.sleep(self.job_seconds)  # the mechanism feeds and cuts
            if generation != self._generation:  # a buffer clear came in meanwhile
                self.discarded += 1
                return
            self._accepted += 1
            self._to_render.put((blocks, error_correction, self._accepted))

    def _render_tickets(self) -> None:
        while True:
            job = self._to_render.get()
            if job is None:
                return
            blocks, error_correction, number = job
            path = self.out_dir / f"ticket-{number:04d}.png"
            try:
                render_png(blocks, path, error_correction=error_correction)
            except (OSError, ValueError) as exc:
                log.error("virtual printer cannot render a ticket: %s", exc)
                continue
            with self._changed:
                self.jobs.append(blocks)
                self.tickets.append(path)
                self._changed.notify_all()
            log.info("virtual printer: printed %s", path)

    def wait_for_tickets(self, count: int, timeout: float = 3.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: len(self.tickets) >= count, timeout)

    def unplug(self) -> None:
        self.endpoint.unplug()
        with self._buffer_changed:
            self._buffer.clear()
        self.parser.clear()  # a half-received job is lost with the cable

    def replug(self) -> None:
        self.endpoint.replug()

    def close(self) -> None:
        self.endpoint.close()
        with self._buffer_changed:
            self._closing = True
            self._buffer_changed.notify_all()
        self._printing.join(timeout=5)
        self._replies.put(None)
        self._to_render.put(None)
        self._renderer.join(timeout=5)
