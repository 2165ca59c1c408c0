"""An announcement as clips: chime, "Nomor antrean A-13, silakan menuju Loket 3", and
optionally the same in English. Pure: no audio here, only which clips in which order,
plus the sentence (for the screen, and for synthesis when clips are not wanted)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.voice.numbers import number_words, prefix_words, split_number, ticket_words
from kiosk.voice.vocabulary import CHIME, CLIPS, Clip, word_clip

SENTENCES = {
    "id": "Nomor antrean {number}, silakan menuju {counter}",
    "en": "Number {number}, please go to {counter}",
}
LEADS = {"id": ("nomor_antrean", "silakan_menuju"), "en": ("en_number", "en_please_go_to")}


@dataclass(frozen=True)
class VoiceOptions:
    languages: tuple[str, ...] = ("id",)   # ("id", "en"): repeated in English
    digits: bool = False                    # "A-123" as a, satu, dua, tiga


@dataclass(frozen=True)
class Announcement:
    """Groups of clips: words inside a group follow closely, groups are separated by a
    pause (where a speaker would put a comma)."""
    number: str
    counter: dict
    groups: tuple[tuple[Clip, ...], ...]
    texts: dict          # lang -> sentence, for the screen and for whole-sentence synthesis

    @property
    def clips(self) -> list[Clip]:
        return [c for group in self.groups for c in group]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.clips]

    def spoken(self, lang: str) -> str:
        """The sentence as the clips read it ("nomor antrean, a tiga belas, ...")."""
        groups = [g for g in self.groups if g and g[0].lang == lang]
        return ", ".join(" ".join(c.text for c in g) for g in groups)


def counter_words(name: str, lang: str) -> list[Clip]:
    """'Loket 3' -> loket, tiga; 'Loket 12B' -> loket, dua belas, be; other words are
    synthesised (or recorded as word_<word>)."""
    clips = []
    for token in re.findall(r"\d+|[^\W\d_]+", name or ""):
        if token.isdigit():
            clips += number_words(int(token), lang) if int(token) <= 999_999 else []
        elif len(token) == 1:
            clips += prefix_words(token.upper(), lang)
        else:
            clips.append(word_clip(token, lang))
    return clips


def announce(number: str, counter_name: dict | str, options: VoiceOptions = VoiceOptions()
             ) -> Announcement:
    """The announcement of a call. `counter_name` is the counter's {id, en} name."""
    names = counter_name if isinstance(counter_name, dict) else {"id": counter_name}
    split_number(number)  # refuses what is not a ticket number, before anything is said
    groups: list[tuple[Clip, ...]] = [(CHIME,)]
    texts = {}
    for lang in options.languages:
        name = names.get(lang) or names.get("id") or ""
        lead, go_to = LEADS[lang]
        groups.append((CLIPS[lead],))
        groups.append(tuple(ticket_words(number, lang, options.digits)))
        groups.append((CLIPS[go_to], *counter_words(name, lang)))
        texts[lang] = SENTENCES[lang].format(number=number.strip().upper(), counter=name)
    return Announcement(number=number, counter=dict(names), groups=tuple(groups), texts=texts)
