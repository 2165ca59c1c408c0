"""The nine unsur with the rule's wording, the respondent profile, and the survey messages."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kiosk.i18n import LOCALE_DIR, tr
from kiosk.survey import (
    EDUCATION, GENDERS, OCCUPATIONS, ORDERS, PROFILE_LABELS, UNSUR, UNSUR_KEYS, SurveyError,
    question_number, questions, validate_age, validate_answers, validate_profile,
)

# Copied verbatim from PermenPANRB 14/2017 as quoted in the project's SKM notes.
OFFICIAL = {
    "persyaratan": ("U1", "Persyaratan",
                    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
                    ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
    "prosedur": ("U2", "Sistem, Mekanisme, dan Prosedur",
                 "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
                 ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"]),
    "waktu": ("U3", "Waktu Penyelesaian",
              "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
              ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"]),
    "biaya": ("U4", "Biaya/Tarif",
              "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
              ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]),
    "produk": ("U5", "Produk Spesifikasi Jenis Pelayanan",
               "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
               ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
    "kompetensi": ("U6", "Kompetensi Pelaksana",
                   "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
                   ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"]),
    "perilaku": ("U7", "Perilaku Pelaksana",
                 "Bagaimana pendapat Saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
                 ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"]),
    "pengaduan": ("U8", "Penanganan Pengaduan, Saran dan Masukan",
                  "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
                  ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"]),
    "sarana": ("U9", "Sarana dan Prasarana",
               "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
               ["Buruk", "Cukup", "Baik", "Sangat Baik"]),
}


def test_nine_unsur_with_the_rules_indonesian_wording():
    assert list(UNSUR_KEYS) == list(OFFICIAL)
    for key, (code, name, question, labels) in OFFICIAL.items():
        unsur = UNSUR[key]
        assert (unsur.code, unsur.name_text("id"), unsur.question_text("id")) == (code, name, question)
        assert [a.text("id") for a in unsur.answers] == labels
        assert [a.score for a in unsur.answers] == [1, 2, 3, 4]
        assert unsur.answer(4).text("id") == labels[3]


def test_every_unsur_has_an_english_translation():
    for unsur in questions():
        assert unsur.question_text("en").endswith("?")
        assert unsur.question_text("en") != unsur.question_text("id")
        assert unsur.name_text("en") != unsur.name_text("id")
        english = [a.text("en") for a in unsur.answers]
        assert len(set(english)) == 4 and all(english)
    assert UNSUR["biaya"].answer(4).text("en") == "Free of charge"


def test_no_maklumat_pelayanan_from_the_2014_rule():
    names = " ".join(u.name_text("id").lower() for u in questions())
    assert "maklumat" not in names


def test_two_named_orders_differ_only_in_sarana_and_pengaduan():
    rule = [u.key for u in questions("rule")]
    questionnaire = [u.key for u in questions("questionnaire")]
    assert rule[:7] == questionnaire[:7] and sorted(rule) == sorted(questionnaire)
    assert (rule[7], rule[8]) == ("pengaduan", "sarana")
    assert (questionnaire[7], questionnaire[8]) == ("sarana", "pengaduan")
    assert question_number("sarana", "questionnaire") == 8
    assert question_number("sarana", "rule") == 9
    assert set(ORDERS) == {"rule", "questionnaire"}
    with pytest.raises(SurveyError):
        questions("alphabetical")


def test_validate_answers_keys_not_positions():
    full = {key: 3 for key in reversed(UNSUR_KEYS)}
    assert list(validate_answers(full)) == list(UNSUR_KEYS)  # back in rule order
    with pytest.raises(SurveyError, match="missing: sarana"):
        validate_answers({k: 3 for k in UNSUR_KEYS if k != "sarana"})
    assert validate_answers({"waktu": 2}, complete=False) == {"waktu": 2}
    for bad in ({"U1": 3}, {"waktu": 0}, {"waktu": 5}, {"waktu": "3"}, {"waktu": True}, [3] * 9):
        with pytest.raises(SurveyError):
            validate_answers(bad, complete=False)


# --- profile ---------------------------------------------------------------------------------

def test_profile_options_in_both_languages():
    assert [o.key for o in GENDERS] == ["L", "P"]
    assert [o.text("id") for o in GENDERS] == ["Laki-laki", "Perempuan"]
    assert [o.text("id") for o in EDUCATION] == ["SD", "SMP", "SMA", "D1–D3", "D4/S1", "S2", "S3"]
    assert [o.text("id") for o in OCCUPATIONS] == ["PNS", "TNI", "POLRI", "Swasta", "Wirausaha",
                                                   "Lainnya"]
    assert EDUCATION[4].text("en") == "Bachelor's degree (D4/S1)"
    assert PROFILE_LABELS["education"] and tr(PROFILE_LABELS["education"], "id") == "Pendidikan terakhir"


def test_valid_profile():
    profile = validate_profile({"gender": "P", "age": " 34 ", "education": "D4/S1",
                                "occupation": "LAINNYA", "occupation_other": "  Petani   kopi "})
    assert (profile.gender, profile.age, profile.education) == ("P", 34, "D4/S1")
    assert profile.occupation_other == "Petani kopi"
    # free text only belongs to "Lainnya"
    assert validate_profile({"gender": "L", "age": 50, "education": "SMA", "occupation": "PNS",
                             "occupation_other": "x"}).occupation_other == ""


@pytest.mark.parametrize("change, indonesian", [
    ({"gender": None}, "Silakan pilih jenis kelamin Anda"),
    ({"age": ""}, "Silakan masukkan usia Anda dalam tahun"),
    ({"age": "tiga puluh"}, "Silakan masukkan usia Anda dalam tahun"),
    ({"age": "٣٤"}, "Silakan masukkan usia Anda dalam tahun"),  # non-ASCII digits
    ({"age": 7}, "Usia harus antara 10 dan 120 tahun"),
    ({"age": 130}, "Usia harus antara 10 dan 120 tahun"),
    ({"education": "SMK"}, "tidak dikenal"),
    ({"occupation": "LAINNYA", "occupation_other": "x" * 61}, "paling banyak 60 karakter"),
])
def test_bad_profile_explains_itself_in_indonesian(change, indonesian):
    data = {"gender": "L", "age": 30, "education": "SMA", "occupation": "SWASTA", **change}
    with pytest.raises(SurveyError) as caught:
        validate_profile(data)
    assert indonesian in caught.value.text("id")


def test_age_bounds_are_parameters():
    assert validate_age("17", minimum=17) == 17
    with pytest.raises(SurveyError):
        validate_age(True)


# --- message catalogs --------------------------------------------------------------------------

def survey_msgids():
    source = Path(__file__).resolve().parents[2] / "kiosk" / "survey"
    keywords = {"N_": None, "SurveyError": None, "tr": None}
    return {msg for _, _, msg, _, _ in extract_from_dir(str(source), keywords=keywords)}


def load(lang):
    with (LOCALE_DIR / lang / "survey.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_every_survey_message_has_an_indonesian_translation_with_the_same_placeholders():
    indonesian, english = load("id"), load("en")
    msgids = survey_msgids()
    assert len(msgids) > 40
    for msgid in msgids:
        assert indonesian.get(msgid), f"no Indonesian for {msgid!r}"
        assert set(re.findall(r"{[^}]*}", indonesian[msgid])) == set(re.findall(r"{[^}]*}", msgid))
        assert english.get(msgid) in (msgid, "")
        # what the visitor sees, with every domain's catalog loaded
        assert tr(msgid, "id") == indonesian[msgid]
