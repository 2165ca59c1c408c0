"""Render the agency icons in assets/icons/ from Font Awesome Free (solid).

    pip download --no-deps fontawesomefree==6.6.0 -d /tmp/fa
    .venv/bin/python docs/tools/agency_icons.py /tmp/fa/fontawesomefree-6.6.0-py3-none-any.whl

The kiosk ships the PNGs (white glyphs on transparent ground, drawn over the agency's
coloured circle); this script is only needed to add or change one. The catalog names an
icon by our own word (`icon = "passport"`); ICONS maps it to the Font Awesome glyph.
Font Awesome Free icons are CC BY 4.0: see assets/icons/LICENSE.
"""

from __future__ import annotations

import json
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parents[2] / "assets" / "icons"
SIZE = 192      # px; the tile shows it at 116 dp
GLYPH = 0.50    # share of the circle the glyph fills, so it sits well inside the ring
BASE = "fontawesomefree/static/fontawesomefree/"
ICONS = {
    "id-card": "id-card", "passport": "passport", "police": "shield-halved",
    "steering-wheel": "road", "car": "car", "health": "heart-pulse",
    "worker": "helmet-safety", "tax": "file-invoice", "land": "map-location-dot",
    "license": "file-signature", "receipt": "receipt", "water": "faucet-drip",
    "power": "bolt", "mosque": "mosque", "job": "briefcase", "court": "scale-balanced",
    "law": "gavel", "bank": "building-columns", "post": "envelope", "pawn": "coins",
    "pension": "person-cane",
}


def render(font: ImageFont.FreeTypeFont, char: str) -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = draw.textbbox((0, 0), char, font=font)
    x = (SIZE - (right - left)) / 2 - left
    y = (SIZE - (bottom - top)) / 2 - top
    draw.text((x, y), char, font=font, fill=(255, 255, 255, 255))
    return image


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as z:
        meta = json.loads(z.read(BASE + "metadata/icons.json"))
        ttf = z.read(BASE + "webfonts/fa-solid-900.ttf")
        licence = z.read(BASE + "LICENSE.txt").decode("utf-8")
    font = ImageFont.truetype(BytesIO(ttf), int(SIZE * GLYPH))
    OUT.mkdir(parents=True, exist_ok=True)
    for ours, fa in ICONS.items():
        glyph = chr(int(meta[fa]["unicode"], 16))
        render(font, glyph).save(OUT / f"{ours}.png", optimize=True)
        print(OUT / f"{ours}.png")
    (OUT / "LICENSE").write_text(
        "Agency icons: Font Awesome Free 6.6.0 (solid), by Fonticons, Inc., "
        "https://fontawesome.com\nIcons licensed CC BY 4.0; rendered to PNG by "
        "docs/tools/agency_icons.py (no other change).\n\n" + licence)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
