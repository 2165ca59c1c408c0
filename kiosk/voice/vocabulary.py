"""The finite set of clips every announcement is built from, in Indonesian and English.

A clip is one recordable stretch of speech with a key (its file name without .wav) and the
text a synthesiser reads for it. An MPP that records its own voice records exactly these
(listed in assets/voice/manifest.json); anything else an announcement needs (an unusual
word in a counter's name) is synthesised, or recorded under the key it is given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent.parent.parent / "assets" / "voice" / "manifest.json"

# Letter names as Indonesian spells them (PUEBI/KBBI): K = "ka", Q = "ki", X = "eks".
LETTERS_ID = {
    "A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "ef", "G": "ge", "H": "ha",
    "I": "i", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en", "O": "o", "P": "pe",
    "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "u", "V": "ve", "W": "we", "X": "eks",
    "Y": "ye", "Z": "zet",
}
UNITS_ID = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
UNITS_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen"]
TENS_EN = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


@dataclass(frozen=True)
class Clip:
    key: str      # file name in a clip folder, without .wav
    lang: str     # "id", "en"; "" for the chime (not speech)
    text: str     # what a synthesiser reads for it

    @property
    def speech(self) -> bool:
        return bool(self.lang)


CHIME = Clip("chime", "", "")


def _indonesian() -> list[Clip]:
    clips = [Clip("nomor_antrean", "id", "nomor antrean"),
             Clip("silakan_menuju", "id", "silakan menuju"),
             Clip("loket", "id", "loket")]
    clips += [Clip(f"letter_{c.lower()}", "id", name) for c, name in LETTERS_ID.items()]
    # Whole words for 0..19 and the tens ("dua belas", "dua puluh") sound as one word;
    # the rest of any number up to 999 999 is made of these and four scale words.
    words = UNITS_ID + ["sepuluh", "sebelas"] + [f"{u} belas" for u in UNITS_ID[2:]]
    clips += [Clip(f"num_{n}", "id", w) for n, w in enumerate(words)]
    clips += [Clip(f"num_{t * 10}", "id", f"{UNITS_ID[t]} puluh") for t in range(2, 10)]
    clips += [Clip(f"w_{w}", "id", w) for w in ("seratus", "ratus", "seribu", "ribu")]
    return clips


def _english() -> list[Clip]:
    clips = [Clip("en_number", "en", "number"),
             Clip("en_please_go_to", "en", "please go to"),
             Clip("en_counter", "en", "counter")]
    clips += [Clip(f"en_letter_{c.lower()}", "en", c) for c in LETTERS_ID]
    clips += [Clip(f"en_num_{n}", "en", w) for n, w in enumerate(UNITS_EN)]
    clips += [Clip(f"en_num_{(i + 2) * 10}", "en", w) for i, w in enumerate(TENS_EN)]
    clips += [Clip(f"en_w_{w}", "en", w) for w in ("hundred", "thousand", "and")]
    return clips


CLIPS: dict[str, Clip] = {c.key: c for c in [CHIME, *_indonesian(), *_english()]}


def speech_clips(lang: str | None = None) -> list[Clip]:
    """Every speech clip (of one language, or all)."""
    return [c for c in CLIPS.values() if c.speech and (lang is None or c.lang == lang)]


def by_text(lang: str) -> dict[str, Clip]:
    """Clip of each text a language's vocabulary holds (for reading number words)."""
    return {c.text: c for c in speech_clips(lang)}


def word_clip(word: str, lang: str) -> Clip:
    """A word outside the vocabulary (a counter called "Kasir"): its own key, synthesised
    unless the MPP records it under that key."""
    known = by_text(lang).get(word.lower())
    if known:
        return known
    slug = re.sub(r"[^a-z0-9]+", "_", word.lower()).strip("_") or "x"
    return Clip(("word_" if lang == "id" else "en_word_") + slug, lang, word.lower())


def manifest() -> dict:
    """The manifest an MPP records from: every clip, its language and text, and the format."""
    return {
        "about": "Clips Anjungan's hall announcements are built from. Record each as "
                 "KEY.wav (any rate, mono or stereo, 16-bit) in the clip folder; a missing "
                 "clip is synthesised with espeak-ng. Words of unusual counter names are "
                 "read as word_<word>.wav (en_word_<word>.wav in English).",
        "clips": {c.key: {"lang": c.lang, "text": c.text} for c in speech_clips()},
        "chime": "chime.wav (in this folder unless the clip folder holds its own)",
    }


def write_manifest(path: Path = MANIFEST) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
