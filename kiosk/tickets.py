"""A device-neutral queue ticket: what goes on it, laid out as a list of simple blocks.

`layout()` turns a `TicketContent` into blocks (text lines with alignment and size, a QR code,
an optional logo, feeds, a rule and the cut). devices/escpos.py turns the blocks into ESC/POS
bytes; `render_png()` draws them as an 80 mm ticket preview (576 dots at 203 dpi), the same
picture the virtual printer produces from the bytes it receives.

The grid is the printer's font A: 48 columns of 12 x 24 dots. Text is wrapped here, so every
renderer prints exactly the same lines.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Union

from kiosk.i18n import tr

COLUMNS = 48  # font A on 80 mm paper
PAPER_DOTS = 576  # printable width of an 80 mm printer at 203 dpi
CHAR_W, CHAR_H = 12, 24  # font A cell in dots
LINE_PITCH = 30  # default line spacing in dots (about 1/6 inch minus a little)
NUMBER_MAX_SIZE = 4  # the queue number is printed up to 4x4
QR_PREFIX = "ANJ1:T:"
FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"


@dataclass(frozen=True)
class TicketContent:
    mpp_name: str
    mpp_region: str
    agency_name: str
    service_name: str
    number: str  # "A-001"
    counter: str  # "Loket 1-4, Lantai 1"
    issued_at: datetime  # aware, in the MPP's local zone
    people_ahead: int
    wait_minutes: int | None
    priority: bool
    qr_payload: str
    lang: str = "id"
    footer: str = ""
    agency_short: str = ""  # "Samsat": printed instead of a long agency name on a long ticket


# --- blocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """One or more lines (separated by \\n) printed with one style."""

    text: str
    align: str = "left"  # left | center | right
    width: int = 1  # character magnification 1..8
    height: int = 1
    bold: bool = False


@dataclass(frozen=True)
class QR:
    data: str
    module: int = 6  # dots per module (1..16)


@dataclass(frozen=True)
class Logo:
    key: str  # two-character key code of a logo stored in the printer's NV memory


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Rule:
    """A dashed line across the paper."""


@dataclass(frozen=True)
class Cut:
    pass


@dataclass(frozen=True)
class Raster:
    """A 1-bit picture, rows of ceil(width/8) bytes, most significant bit left, 1 = black."""

    width: int
    height: int
    data: bytes


Block = Union[Text, QR, Logo, Feed, Rule, Cut, Raster]

# A rule is printed as six dashes at eight times the width: 13 bytes instead of 48.
RULE_TEXT = Text("-" * 6, align="center", width=8)


# --- QR payload ---------------------------------------------------------------------------


def ticket_qr_payload(ticket_id: str) -> str:
    return QR_PREFIX + ticket_id


def sample_content(**changes) -> TicketContent:
    """A ticket of the sample MPP (config/), a busy Monday morning: for the sample PNG, the
    printer bench and the device tests; `changes` replace fields."""
    from dataclasses import replace
    from zoneinfo import ZoneInfo
    sample = TicketContent(
        mpp_name="Mal Pelayanan Publik Kota Tanjung Harapan",
        mpp_region="Pemerintah Kota Tanjung Harapan",
        agency_name="Dinas Kependudukan dan Pencatatan Sipil",
        service_name="Cetak ulang KTP-el",
        number="A-001",
        counter="Loket 1-4, Lantai 1",
        issued_at=datetime(2026, 11, 23, 8, 15, tzinfo=ZoneInfo("Asia/Jakarta")),
        people_ahead=3,
        wait_minutes=25,
        priority=False,
        qr_payload=ticket_qr_payload("7K2M9QX4TB"),  # the store's 10-character ticket id
    )
    return replace(sample, **changes)


def parse_ticket_qr(text: str) -> str | None:
    """The ticket id inside a scanned ticket QR, or None for anything else."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text.startswith(QR_PREFIX):
        return None
    ticket_id = text[len(QR_PREFIX):]
    if not ticket_id or len(ticket_id) > 64 or not ticket_id.isprintable() or " " in ticket_id:
        return None
    return ticket_id


# --- layout -------------------------------------------------------------------------------


def _wrap(text: str, size: int = 1) -> str:
    # One column spare on each side: a full 48-column line looks cramped at the paper's edge.
    columns = max(1, (COLUMNS - 2) // size)
    lines = textwrap.wrap(" ".join(text.split()), columns, break_on_hyphens=False) or [""]
    return "\n".join(lines)


def _zone_abbreviation(moment: datetime) -> str:
    """WIB / WITA / WIT for Indonesian zones; the zone's own name otherwise."""
    key = getattr(moment.tzinfo, "key", "")
    named = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
             "Asia/Ujung_Pandang": "WITA", "Asia/Jayapura": "WIT"}
    if key in named:
        return named[key]
    offset = moment.utcoffset()
    if offset is None:
        return ""
    by_offset = {timedelta(hours=7): "WIB", timedelta(hours=8): "WITA", timedelta(hours=9): "WIT"}
    return by_offset.get(offset) or moment.tzname() or ""


def format_issued_at(moment: datetime, lang: str = "id") -> str:
    """'Senin, 23 Nov 2026 08.15 WIB' (Indonesian uses a dot between hours and minutes)."""
    from babel.dates import format_date

    locale = "id" if lang == "id" else "en_GB"
    # Abbreviated month: "Senin, 23 Nov 2026" — every printed byte costs time on a 9600 line.
    day = format_date(moment.date(), "EEEE, d MMM y", locale=locale)
    clock = moment.strftime("%H.%M" if lang == "id" else "%H:%M")
    return " ".join(part for part in (day, clock, _zone_abbreviation(moment)) if part)


def _queue_text(people_ahead: int, wait_minutes: int | None, lang: str) -> str:
    """People ahead and the wait on one line: every printed byte costs time on a 9600 line."""
    if people_ahead <= 0:
        return tr("No one is ahead of you", lang)
    if wait_minutes is None:
        return tr("People ahead of you: {n}", lang, n=people_ahead)
    if wait_minutes >= 60:
        return tr("{n} ahead of you, wait about {hours} h {minutes} min", lang, n=people_ahead,
                  hours=wait_minutes // 60, minutes=wait_minutes % 60)
    return tr("{n} ahead of you, wait about {minutes} min", lang, n=people_ahead,
              minutes=max(1, wait_minutes))


# Text characters a ticket may carry so that the whole job (commands, native QR, completion
# request) stays under 0.4 s at 9600 baud (384 bytes); see bench/printer.py.
TEXT_BUDGET = 260


def layout(content: TicketContent, logo_key: str = "") -> list[Block]:
    """The ticket as blocks. Long names would make it slow on a 9600-baud line: a ticket over
    TEXT_BUDGET is laid out again with the agency's short name, then also without the closing
    'please wait' line (the screen says it too)."""
    for short_name, please_wait in ((False, True), (True, True), (True, False)):
        blocks = _layout(content, logo_key, short_name, please_wait)
        if _text_size(blocks) <= TEXT_BUDGET:
            break
    return blocks


def _text_size(blocks) -> int:
    return sum(len(b.text) + 1 for b in blocks if isinstance(b, Text))


def _layout(content: TicketContent, logo_key: str, short_name: bool,
            please_wait: bool) -> list[Block]:
    lang = content.lang
    number_size = max(1, min(NUMBER_MAX_SIZE, COLUMNS // max(1, len(content.number))))
    blocks: list[Block] = []
    if logo_key:
        blocks.append(Logo(logo_key))
    blocks += [
        Text(_wrap(content.mpp_name), "center", bold=True),
        Text(_wrap(content.agency_short if short_name and content.agency_short
                   else content.agency_name), "center"),
        Text(_wrap(content.service_name), "center", bold=True),
        Feed(1),
        Text(content.number, "center", number_size, number_size, bold=True),
    ]
    if content.priority:
        blocks.append(Text(_wrap(tr("PRIORITY", lang), 2), "center", 2, 2, bold=True))
    blocks.append(Text(_wrap(content.counter), "center"))
    blocks.append(Feed(1))
    blocks.append(Text(_wrap(_queue_text(content.people_ahead, content.wait_minutes, lang)),
                       "center"))
    blocks.append(Text(_wrap(format_issued_at(content.issued_at, lang)), "center"))
    if please_wait:
        blocks.append(Text(_wrap(tr("Please wait for your number to be called", lang)), "center"))
    blocks.append(Feed(1))
    blocks.append(QR(content.qr_payload))
    if content.footer:
        blocks.append(Text(_wrap(content.footer), "center"))
    blocks.append(Cut())
    return blocks


# --- PNG preview --------------------------------------------------------------------------


def _font(size: int, bold: bool):
    from PIL import ImageFont

    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:  # fonts missing from a stripped install: still draw something legible
        return ImageFont.load_default(size)


def _text_strip(line: str, width: int, height: int, bold: bool):
    """One printed line as a grey-scale strip on the printer's character grid."""
    from PIL import Image, ImageDraw

    # Draw at the larger magnification and shrink the other axis: smoother than stretching.
    scale = max(width, height)
    cell_w, cell_h = CHAR_W * scale, CHAR_H * scale
    columns = max(1, len(line))
    strip = Image.new("L", (columns * cell_w, cell_h), 255)
    draw = ImageDraw.Draw(strip)
    font = _font(round(20 * scale), bold)
    for i, char in enumerate(line):
        draw.text((i * cell_w, 0), char, font=font, fill=0)
    if width != height:
        strip = strip.resize((columns * CHAR_W * width, CHAR_H * height), Image.LANCZOS)
    return strip


def qr_matrix(data: str, error_correction: str = "M", border: int = 0) -> list[list[bool]]:
    """The QR's modules (True = dark), shared by the preview and the raster fallback."""
    import qrcode

    levels = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
              "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}
    code = qrcode.QRCode(error_correction=levels.get(error_correction, levels["M"]),
                         border=border, box_size=1)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


def _qr_image(data: str, module: int, error_correction: str = "M"):
    from PIL import Image

    matrix = qr_matrix(data, error_correction)
    size = len(matrix)
    image = Image.new("L", (size, size), 255)
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    return image.resize((size * module, size * module), Image.NEAREST)


def _raster_image(block: Raster):
    from PIL import Image

    row_bytes = (block.width + 7) // 8
    image = Image.frombytes("1", (row_bytes * 8, block.height), bytes(block.data))
    image = image.crop((0, 0, block.width, block.height))
    return Image.eval(image.convert("L"), lambda v: 255 - v)  # ESC/POS: 1 = black


def _logo_image(key: str):
    from PIL import Image, ImageDraw

    image = Image.new("L", (240, 96), 255)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((2, 2, 237, 93), radius=12, outline=0, width=3)
    draw.text((120, 48), f"NV logo {key}", font=_font(22, True), fill=0, anchor="mm")
    return image


def render_png(blocks, path=None, error_correction: str = "M"):
    """Draw blocks as a ticket preview (PIL image, 576 px wide); also saved when `path` is given."""
    from PIL import Image, ImageDraw

    pieces = []  # (image or None, align, gap above, gap below)
    for index, block in enumerate(blocks):
        if isinstance(block, Text):
            width, height = max(1, min(8, block.width)), max(1, min(8, block.height))
            for line in block.text.split("\n"):
                strip = _text_strip(line, width, height, block.bold)
                pitch = max(LINE_PITCH, CHAR_H * height)
                pieces.append((strip, block.align, 0, pitch - strip.height))
        elif isinstance(block, Rule):
            pieces.append((_text_strip(RULE_TEXT.text, RULE_TEXT.width, 1, False), "left", 0,
                           LINE_PITCH - CHAR_H))
        elif isinstance(block, QR):
            pieces.append((_qr_image(block.data, max(1, min(16, block.module)), error_correction),
                           "center", 6, 12))
        elif isinstance(block, Raster):
            pieces.append((_raster_image(block), "center", 6, 12))
        elif isinstance(block, Logo):
            pieces.append((_logo_image(block.key), "center", 0, 12))
        elif isinstance(block, Feed):
            pieces.append((None, "left", 0, LINE_PITCH * max(0, block.lines)))
        elif isinstance(block, Cut):
            pieces.append((None, "cut" if index < len(blocks) - 1 else "left", 0, 48))
    top = 36
    total = top + sum((img.height if img else 0) + above + below for img, _, above, below in pieces)
    page = Image.new("L", (PAPER_DOTS, max(total, 1)), 255)
    draw = ImageDraw.Draw(page)
    y = top
    for image, align, above, below in pieces:
        y += above
        if image is not None:
            image = image.crop((0, 0, min(image.width, PAPER_DOTS), image.height))
            x = {"center": (PAPER_DOTS - image.width) // 2,
                 "right": PAPER_DOTS - image.width}.get(align, 0)
            page.paste(image, (x, y))
            y += image.height
        elif align == "cut":  # more tickets follow: show where the cutter went through
            for x in range(0, PAPER_DOTS, 16):
                draw.line((x, y + below // 2, x + 8, y + below // 2), fill=128, width=2)
        y += below
    draw.rectangle((0, 0, PAPER_DOTS - 1, page.height - 1), outline=200)  # the paper's edge
    if path is not None:
        page.save(path)
    return page
