"""A virtual ESC/POS printer on a pseudo-terminal.

It parses what the driver sends (init, code page, alignment, sizes, bold, feeds, native QR,
raster pictures, NV logo, cut), turns each ticket back into kiosk.tickets blocks and renders
it to a PNG, so what you see is what the bytes say. It answers DLE EOT status queries from a
state you can switch (`printer.state = "paper_out"`), stays silent like a dead printer, and
can be unplugged and plugged back in.
"""

from __future__ import annotations

import logging
import queue
import threading
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
    `on_status(n)` for each DLE EOT n."""

    def __init__(self, on_ticket, on_status):
        self.on_ticket = on_ticket
        self.on_status = on_status
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


class VirtualPrinter:
    """`port` is the path for the driver; tickets land in `out_dir` as ticket-0001.png..."""

    def __init__(self, out_dir, state: str = "ready", link_dir: Path | None = None,
                 bytes_per_second: float | None = None, name: str = "printer"):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.state = state
        self.tickets: list[Path] = []
        self.jobs: list[list] = []
        self.discarded = 0  # tickets sent while the printer could not print
        self.status_queries = 0
        self._fail_next: str | None = None
        self._changed = threading.Condition()
        self._accepted = 0  # tickets accepted so far (numbering of the PNGs)
        self._to_render: queue.Queue = queue.Queue()
        self._renderer = threading.Thread(target=self._render_tickets, daemon=True,
                                          name="sim-printer-render")
        self._renderer.start()
        self.parser = EscPosParser(self._ticket, self._status)
        self.endpoint = PtyEndpoint(name, self._received, link_dir, bytes_per_second)

    @property
    def port(self) -> str:
        return self.endpoint.port

    def fail_during_next_job(self, state: str) -> None:
        """The next ticket does not come out: the printer switches to `state` while printing."""
        self._fail_next = state

    def _received(self, data: bytes) -> None:
        self.parser.feed(data)

    def _status(self, n: int) -> None:
        self.status_queries += 1
        reply = STATUS_REPLIES.get(self.state, {}).get(n)
        if reply is not None:
            self.endpoint.write(bytes([reply]))

    def _ticket(self, blocks: list, error_correction: str) -> None:
        # Decided at once, like the paper sensor; drawn on another thread, because a real
        # printer answers status queries while it is still printing.
        if self._fail_next:
            self.state, self._fail_next = self._fail_next, None
            self.discarded += 1
        elif self.state not in PRINTING_STATES:
            self.discarded += 1
        else:
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
        self.parser.clear()  # a half-received job is lost with the cable

    def replug(self) -> None:
        self.endpoint.replug()

    def close(self) -> None:
        self.endpoint.close()
        self._to_render.put(None)
        self._renderer.join(timeout=5)
