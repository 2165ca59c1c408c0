"""Ticket numbers read aloud as clips: "A-013" -> letter a, "tiga belas".

The words come from num2words (Indonesian and English); they are then matched, longest
first, against the vocabulary's number clips, so what is spoken is exactly num2words'
reading and every clip is one of a finite, recordable set.
"""

from __future__ import annotations

import re

from num2words import num2words

from kiosk.voice.vocabulary import CLIPS, Clip, by_text

MAX_NUMBER = 999_999       # [queue] number_padding is at most 6 digits
NUMBER = re.compile(r"^(?:([A-Z0-9]{1,3})-)?(\d{1,6})$|^([A-Z]{1,3})(\d{1,6})$")


def split_number(number: str) -> tuple[str, str]:
    """'A-013' -> ('A', '013'); '4K-10' -> ('4K', '10'); 'A013' -> ('A', '013'); '12' -> ('', '12')."""
    text = (number or "").strip().upper()
    match = NUMBER.match(text)
    if not match:
        raise ValueError(f"{number!r} is not a ticket number (like A-013 or 4K-10)")
    if match[2] is not None:
        return match[1] or "", match[2]
    return match[3], match[4]


def _key(lang: str, name: str) -> str:
    return name if lang == "id" else f"en_{name}"


def number_words(value: int, lang: str) -> list[Clip]:
    """A value read as a number: 123 -> seratus, dua puluh, tiga."""
    if not 0 <= value <= MAX_NUMBER:
        raise ValueError(f"{value} is outside 0..{MAX_NUMBER}")
    words = num2words(value, lang=lang).replace("-", " ").replace(",", " ").split()
    table = by_text(lang)
    clips, i = [], 0
    while i < len(words):
        for size in (2, 1):        # "tiga belas" is one clip, "tiga" another
            phrase = " ".join(words[i:i + size])
            if len(words[i:i + size]) == size and phrase in table:
                clips.append(table[phrase])
                i += size
                break
        else:
            raise ValueError(f"no clip for {words[i]!r} in {value} ({lang})")
    return clips


def digit_words(digits: str, lang: str) -> list[Clip]:
    return [CLIPS[_key(lang, f"num_{d}")] for d in digits]


def prefix_words(prefix: str, lang: str) -> list[Clip]:
    """'4K' -> empat, ka: letters by their names, digits one by one."""
    return [CLIPS[_key(lang, f"num_{c}" if c.isdigit() else f"letter_{c.lower()}")]
            for c in prefix]


def ticket_words(number: str, lang: str, digits: bool = False) -> list[Clip]:
    """'A-013' -> a, tiga belas (value) or a, satu, tiga (digits). Leading zeros are
    padding, never read: the visitor hears the number, not the ticket's print width."""
    prefix, figures = split_number(number)
    value = int(figures)
    tail = digit_words(str(value), lang) if digits else number_words(value, lang)
    return prefix_words(prefix, lang) + tail
