"""ESC/POS encoder: ticket blocks (kiosk.tickets) to the bytes an 80 mm thermal printer prints.

Only the commands listed in shared/domain/DEVICES.md are used, so the output works on Epson
TM-T82/T88 and the usual compatibles. Text is encoded in the configured code page; anything the
page cannot hold is transliterated to ASCII (never UTF-8, which prints as garbage). Style
commands are sent only when the style changes, which keeps a ticket near 300 bytes.
"""

from __future__ import annotations

import unicodedata

from kiosk.tickets import QR, RULE_TEXT, Cut, Feed, Logo, Raster, Rule, Text, qr_matrix

ESC, GS, DLE, EOT = 0x1B, 0x1D, 0x10, 0x04
INIT = b"\x1b\x40"
QR_EC = {"L": 0x30, "M": 0x31, "Q": 0x32, "H": 0x33}
QR_MAX_DATA = 7089
ALIGN = {"left": 0, "center": 1, "right": 2}

# Typographic characters that code pages lack, spelled the way a person would type them.
_ASCII_FALLBACK = {
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
    "\u201d": '"', "\u2026": "...", "\u2022": "*", "\u00b1": "+/-", "\u00a0": " ", "\u20ac": "EUR",
    "\u00d7": "x", "\u2192": "->", "\u00b7": ".",
}


def transliterate(text: str, encoding: str) -> bytes:
    """Encode text in the printer's code page, replacing what it cannot print with ASCII."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode(encoding)
            continue
        except (UnicodeEncodeError, LookupError):
            pass
        ascii_text = _ASCII_FALLBACK.get(char)
        if ascii_text is None:  # é -> e, ğ -> g: drop the accents
            decomposed = unicodedata.normalize("NFKD", char)
            ascii_text = "".join(c for c in decomposed if ord(c) < 128 and c.isprintable())
        out += (ascii_text or "?").encode("ascii")
    return bytes(out)


def _gs_k(fn: int, payload: bytes) -> bytes:
    """GS ( k for the QR symbol (cn = 49): pL pH count fn, cn and the payload."""
    size = len(payload) + 2
    return bytes([GS, 0x28, 0x6B, size & 0xFF, size >> 8, 0x31, fn]) + payload


def qr_native(data: str, module: int = 6, error_correction: str = "M") -> bytes:
    """Model 2, module size, error correction, store data, print: the printer draws the QR."""
    content = data.encode("utf-8")
    if not content or len(content) > QR_MAX_DATA:
        raise ValueError(f"QR data must be 1..{QR_MAX_DATA} bytes, got {len(content)}")
    module = max(1, min(16, int(module)))
    return (_gs_k(0x41, b"\x32\x00") + _gs_k(0x43, bytes([module]))
            + _gs_k(0x45, bytes([QR_EC.get(error_correction, 0x31)]))
            + _gs_k(0x50, b"\x30" + content) + _gs_k(0x51, b"\x30"))


def raster(block: Raster) -> bytes:
    """GS v 0: print a 1-bit picture (normal density)."""
    row_bytes = (block.width + 7) // 8
    header = bytes([GS, 0x76, 0x30, 0, row_bytes & 0xFF, row_bytes >> 8,
                    block.height & 0xFF, block.height >> 8])
    return header + bytes(block.data[: row_bytes * block.height])


def qr_raster(data: str, module: int = 6, error_correction: str = "M") -> Raster:
    """The QR as a picture, for printers without native QR (20-40x more bytes)."""
    matrix = qr_matrix(data, error_correction, border=2)
    side = len(matrix) * module
    row_bytes = (side + 7) // 8
    data_out = bytearray()
    for row in matrix:
        bits = bytearray(row_bytes)
        for x in range(side):
            if row[x // module]:
                bits[x >> 3] |= 0x80 >> (x & 7)
        data_out += bytes(bits) * module
    return Raster(side, side, bytes(data_out))


def logo(key: str) -> bytes:
    """GS ( L fn 69: print the NV graphic stored under a two-character key code."""
    codes = key.encode("ascii", "replace")
    if len(codes) != 2 or not all(32 <= c <= 126 for c in codes):
        raise ValueError(f"NV logo key must be two printable ASCII characters, got {key!r}")
    return bytes([GS, 0x28, 0x4C, 0x06, 0x00, 0x30, 0x45]) + codes + b"\x01\x01"


def size_byte(width: int, height: int) -> int:
    return ((max(1, min(8, width)) - 1) << 4) | (max(1, min(8, height)) - 1)


class EscPosEncoder:
    def __init__(self, codepage: int = 16, encoding: str = "cp1252", native_qr: bool = True,
                 qr_error_correction: str = "M"):
        self.codepage = int(codepage)
        self.encoding = encoding
        self.native_qr = native_qr
        self.qr_error_correction = qr_error_correction

    def encode(self, blocks) -> bytes:
        """A whole job: initialise, code page, the blocks. Raises ValueError for bad blocks."""
        out = bytearray(INIT + bytes([ESC, 0x74, self.codepage & 0xFF]))
        self.longest_block = 0  # longest parameter block of the job: what recovery must pad
        state = {"align": 0, "size": 0, "bold": False}  # the printer's state after ESC @

        def style(align: int, size: int, bold: bool) -> None:
            if state["align"] != align:
                out.extend(bytes([ESC, 0x61, align]))
            if state["size"] != size:
                out.extend(bytes([GS, 0x21, size]))
            if state["bold"] != bold:
                out.extend(bytes([ESC, 0x45, int(bold)]))
            state.update(align=align, size=size, bold=bold)

        for block in blocks:
            if isinstance(block, Rule):
                block = RULE_TEXT
            if isinstance(block, Text):
                style(ALIGN.get(block.align, 0), size_byte(block.width, block.height), block.bold)
                for line in block.text.split("\n"):
                    out += transliterate(line, self.encoding) + b"\n"
            elif isinstance(block, QR):
                style(1, state["size"], state["bold"])
                if self.native_qr:
                    out += qr_native(block.data, block.module, self.qr_error_correction)
                    self._block(len(block.data.encode("utf-8")) + 8)
                else:
                    picture = qr_raster(block.data, block.module, self.qr_error_correction)
                    out += raster(picture)
                    self._block(len(picture.data) + 8)
            elif isinstance(block, Raster):
                style(1, state["size"], state["bold"])
                out += raster(block)
                self._block(len(block.data) + 8)
            elif isinstance(block, Logo):
                style(1, state["size"], state["bold"])
                out += logo(block.key)
            elif isinstance(block, Feed):
                lines = max(0, min(255, block.lines))
                out += b"\n" * lines if lines <= 3 else bytes([ESC, 0x64, lines])
            elif isinstance(block, Cut):
                out += CUT  # feed to the cutter, partial cut
            else:
                raise ValueError(f"unknown ticket block {block!r}")
        return bytes(out)

    def _block(self, size: int) -> None:
        self.longest_block = max(self.longest_block, size)


def process_id_request(number: int) -> bytes:
    """GS ( H fn 48: the printer sends back 37 22 d1 d2 d3 d4 00 when printing reaches it,
    i.e. once everything before it has printed. d1..d4 are four digits."""
    return bytes([GS, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30]) + f"{number % 10000:04d}".encode("ascii")


# Epson's real-time "clear buffers" (DLE DC4 fn 8): drops a queued job, where the printer has it.
BUFFER_CLEAR = bytes([DLE, 0x14, 8, 1, 3, 20, 1, 6, 2, 8])
CUT = bytes([GS, 0x56, 0x42, 0x00])


def recovery(pad: int, buffer_clear: bool = False) -> bytes:
    """Bring a printer out of a half-received command: NULs finish any pending parameter
    block (a NUL outside a command prints nothing), ESC @ resets, and a cut takes off what
    the broken job had printed, so that it does not come out on top of the next ticket."""
    return (BUFFER_CLEAR if buffer_clear else b"") + b"\x00" * max(16, pad) + INIT + CUT


def status_query(n: int) -> bytes:
    """DLE EOT n: real-time status (1 printer, 2 offline cause, 3 error cause, 4 paper)."""
    return bytes([DLE, EOT, n])
