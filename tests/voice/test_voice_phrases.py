"""What the hall hears for a call: the exact clip sequence, and the manifest an MPP records."""

import json
import random

import pytest
from num2words import num2words

from kiosk.voice import CLIPS, VoiceOptions, announce, manifest, split_number, ticket_words
from kiosk.voice.numbers import number_words
from kiosk.voice.vocabulary import MANIFEST, LETTERS_ID

LOKET_3 = {"id": "Loket 3", "en": "Counter 3"}


def test_a013_at_loket_3_is_chime_then_the_indonesian_sentence():
    a = announce("A-013", LOKET_3)
    assert a.keys == ["chime", "nomor_antrean", "letter_a", "num_13",
                      "silakan_menuju", "loket", "num_3"]
    assert a.spoken("id") == "nomor antrean, a tiga belas, silakan menuju loket tiga"
    assert a.texts == {"id": "Nomor antrean A-013, silakan menuju Loket 3"}


def test_english_repeat_follows_the_indonesian():
    a = announce("A-013", LOKET_3, VoiceOptions(languages=("id", "en")))
    assert a.keys[7:] == ["en_number", "en_letter_a", "en_num_13",
                          "en_please_go_to", "en_counter", "en_num_3"]
    assert a.spoken("en") == "number, A thirteen, please go to counter three"
    assert a.texts["en"] == "Number A-013, please go to Counter 3"


@pytest.mark.parametrize("number, words", [
    ("01", "satu"),
    ("10", "sepuluh"),
    ("12", "dua belas"),
    ("20", "dua puluh"),
    ("4K-10", "empat ka sepuluh"),
    ("A-100", "a seratus"),
    ("B-111", "be seratus sebelas"),
    ("C-123", "ce seratus dua puluh tiga"),
    ("Q-1000", "ki seribu"),
    ("W-2019", "we dua ribu sembilan belas"),
    ("X-000", "eks nol"),
    ("y-7", "ye tujuh"),
    ("RA005", "er a lima"),
])
def test_numbers_read_as_values(number, words):
    assert " ".join(c.text for c in ticket_words(number, "id")) == words


@pytest.mark.parametrize("number, keys", [
    ("A-013", ["letter_a", "num_1", "num_3"]),
    ("20", ["num_2", "num_0"]),
    ("4K-10", ["num_4", "letter_k", "num_1", "num_0"]),
    ("A-100", ["letter_a", "num_1", "num_0", "num_0"]),
])
def test_digit_by_digit_drops_only_the_padding(number, keys):
    a = announce(number, LOKET_3, VoiceOptions(digits=True))
    assert a.keys[2:2 + len(keys)] == keys
    assert a.keys[2 + len(keys)] == "silakan_menuju"


def test_every_letter_has_its_indonesian_name():
    names = {c: CLIPS[f"letter_{c.lower()}"].text for c in LETTERS_ID}
    assert (names["A"], names["B"], names["C"], names["K"], names["Q"], names["W"],
            names["X"], names["Y"], names["Z"], names["V"]) == \
        ("a", "be", "ce", "ka", "ki", "we", "eks", "ye", "zet", "ve")


def test_number_clips_say_exactly_what_num2words_says():
    rng = random.Random(13)
    values = list(range(0, 1200)) + rng.sample(range(1200, 1_000_000), 2000)
    for value in values:
        for lang in ("id", "en"):
            said = " ".join(c.text for c in number_words(value, lang))
            assert said == " ".join(num2words(value, lang=lang).replace("-", " ").replace(",", "").split())


def test_counter_names_outside_the_vocabulary_get_their_own_synthesised_clip():
    a = announce("A-001", {"id": "Kasir 2A", "en": "Cashier 2A"}, VoiceOptions(("id", "en")))
    assert a.keys[4:8] == ["silakan_menuju", "word_kasir", "num_2", "letter_a"]
    assert "en_word_cashier" in a.keys
    assert CLIPS.get("word_kasir") is None     # not part of the recordable set


@pytest.mark.parametrize("bad", ["", "A--1", "A-", "ABCD-1", "A-1234567", "Ä-1", "A 1"])
def test_a_number_that_is_not_a_ticket_is_refused_plainly(bad):
    with pytest.raises(ValueError, match="not a ticket number"):
        split_number(bad)


def test_committed_manifest_names_every_clip():
    on_disk = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert on_disk == manifest()
    clips = on_disk["clips"]
    assert {"nomor_antrean", "silakan_menuju", "loket", "letter_q", "num_19", "num_90",
            "w_seratus", "w_ribu", "en_number", "en_num_13", "en_w_thousand"} <= set(clips)
    assert clips["letter_x"] == {"lang": "id", "text": "eks"}
