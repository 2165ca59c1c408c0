"""Every visitor-facing string of the screens has an Indonesian translation (no Kivy needed)."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

from kiosk.i18n import LOCALE_DIR, catalog

SCREENS = Path(__file__).resolve().parents[2] / "screens"
# app.t("…"), app.t('…'), _key(…, msgid="…") and PriorityButton labels in kv
PATTERNS = [re.compile(r'\.t\(\s*"((?:[^"\\]|\\.)+)"'), re.compile(r'msgid="([^"]+)"'),
            re.compile(r'\bN_\(\s*"((?:[^"\\]|\\.)+)"'),
            re.compile(r'^\s*label: "([^"]+)"', re.M)]


def used_msgids() -> set[str]:
    found = set()
    for path in list(SCREENS.glob("*.py")) + list(SCREENS.glob("*.kv")):
        text = path.read_text()
        for pattern in PATTERNS:
            found.update(m.replace("\\n", "\n") for m in pattern.findall(text))
    return found


def test_every_ui_string_is_translated_into_indonesian():
    used = used_msgids()
    assert len(used) > 60
    missing = sorted(m for m in used if m not in catalog("id"))
    assert missing == []


def test_ui_catalogs_are_valid_po_with_a_header_and_matching_placeholders():
    for lang in ("id", "en"):
        with (LOCALE_DIR / lang / "ui.po").open("rb") as fh:
            messages = [m for m in read_po(fh) if m.id]
        assert len(messages) > 60
        for m in messages:
            if m.string:
                assert set(re.findall(r"{\w+}", m.id)) == set(re.findall(r"{\w+}", m.string)), m.id
