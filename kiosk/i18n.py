"""Visitor-facing text in Indonesian (default) and English, from gettext `.po` catalogs.

msgids are English source strings. Catalogs live in kiosk/locale/<lang>/<domain>.po, one
file per part of the program (core, devices, ui, booking, survey) so that they merge
cleanly; all domains of a language are loaded together. Babel reads the .po files, so
translators edit plain .po with any tool and no compile step is needed.

    from kiosk.i18n import tr
    tr("Please wait for your number to be called", "id")
    tr("{n} people ahead", "en", n=3)

Catalog data (agency and service names) carries its own id/en fields; see `pick`.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LANGUAGE = "id"
LANGUAGES = ("id", "en")
log = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """msgid -> translation for one language, all domains merged."""
    from babel.messages.pofile import read_po  # here: the kiosk reads them on a thread (screens.env)

    table: dict[str, str] = {}
    folder = LOCALE_DIR / lang
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=None):
                if message.id and isinstance(message.id, str) and message.string:
                    table[message.id] = message.string
    return table


def tr(msgid: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """Translate `msgid` into `lang`; falls back to the English source, never raises."""
    text = catalog(lang).get(msgid, msgid) if lang != "en" else catalog("en").get(msgid, msgid)
    if values:
        try:
            text = text.format(**values)
        except (KeyError, IndexError, ValueError):
            log.warning("bad placeholders in translation of %r (%s)", msgid, lang)
            text = msgid.format(**values)
    return text


class TranslatableError(ValueError):
    """A refusal whose message is a msgid: `text(lang)` for the person, `str()` (English)
    for logs. The core's error types (SurveyError, ReportError, LifeError) are these."""

    def __init__(self, msgid: str, **values):
        self.msgid = msgid
        self.values = values
        super().__init__(msgid.format(**values))

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return tr(self.msgid, lang, **self.values)


def pick(texts, lang: str = DEFAULT_LANGUAGE) -> str:
    """Choose from a catalog `{id: …, en: …}` value; Indonesian when the language is missing."""
    if isinstance(texts, str):
        return texts
    return texts.get(lang) or texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")


def N_(msgid: str) -> str:
    """Mark a string for translation where it is defined; translate it where it is shown."""
    return msgid
