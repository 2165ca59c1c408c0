"""Colours and type for a civic kiosk on a wall: deep blue header, teal actions, white cards.

Two palettes: the everyday one, and a high-contrast, large-text one (white and yellow on
black, text 25 % larger) that a visitor can switch on from any screen. Colours are RGBA
tuples; the App exposes each as a property the kv rules bind to, so switching repaints live.
"""

from __future__ import annotations


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, alpha)


NORMAL = {
    "bg": rgba("#EEF2F6"),
    "surface": rgba("#FFFFFF"),
    "ink": rgba("#14213D"),        # 15:1 on white
    "ink_soft": rgba("#475569"),   # 7.6:1 on white
    "header": rgba("#0A3D7A"),
    "on_header": rgba("#FFFFFF"),
    "band": rgba("#00897B"),       # the teal stripe under the header
    "primary": rgba("#00796B"),    # white text on it: 5.3:1
    "on_primary": rgba("#FFFFFF"),
    "secondary": rgba("#FFFFFF"),
    "on_secondary": rgba("#0A3D7A"),
    "line": rgba("#C9D3DF"),
    "good": rgba("#1B6E35"),
    "bad": rgba("#A4231B"),
    "notice": rgba("#FFF4DB"),
    "number": rgba("#0A3D7A"),
    "disabled": rgba("#9AA5B1"),
}

HIGH_CONTRAST = {
    "bg": rgba("#000000"),
    "surface": rgba("#000000"),
    "ink": rgba("#FFFFFF"),
    "ink_soft": rgba("#FFFF66"),
    "header": rgba("#000000"),
    "on_header": rgba("#FFFF00"),
    "band": rgba("#FFFF00"),
    "primary": rgba("#FFD400"),
    "on_primary": rgba("#000000"),
    "secondary": rgba("#000000"),
    "on_secondary": rgba("#FFFFFF"),
    "line": rgba("#FFFFFF"),
    "good": rgba("#8CFF8C"),
    "bad": rgba("#FF9E9E"),
    "notice": rgba("#1A1A00"),
    "number": rgba("#FFFF00"),
    "disabled": rgba("#A6A6A6"),   # black on it: 8.6:1
}

LARGE_TEXT_SCALE = 1.25

# Tile colours for agency initials: distinct, all dark enough for white letters (>= 4.5:1).
TILE_COLOURS = ["#0A3D7A", "#00695C", "#6A1B9A", "#AD1457", "#8D4A00", "#1565C0",
                "#2E7D32", "#4527A0", "#00838F", "#5D4037", "#283593", "#C62828"]


def tile_colour(index: int) -> tuple[float, float, float, float]:
    return rgba(TILE_COLOURS[index % len(TILE_COLOURS)])


def initials(short: str, fallback: str = "") -> str:
    """'Dukcapil' -> 'DU'; 'BPJS Kesehatan' -> 'BK'; used when an agency has no icon."""
    cleaned = "".join(c if c.isalnum() else " " for c in (short or fallback))
    words = cleaned.split()
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[1][0]).upper()
