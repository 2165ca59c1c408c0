"""The nine unsur (elements) of the SKM per PermenPANRB 14/2017, as data.

Every unsur has a stable key; answers are always stored as {unsur key: score}, never by
position, because the rule lists the unsur in one order (U1..U9) while its example
questionnaire asks sarana as question 8 and pengaduan as question 9, and published reports
use either numbering. Both orders are available as named orders.

The wording fixed by the rule (unsur names, questions, answer labels) is carried here as
{id, en} data rather than gettext msgids: it must print verbatim in reports whatever the UI
catalogs say, and the merged gettext catalogs share one msgid namespace where short words
such as "Good" or "Free" would collide with other parts of the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from kiosk.i18n import pick

from .errors import SurveyError

SCORES = (1, 2, 3, 4)


@dataclass(frozen=True, eq=False)
class Answer:
    score: int
    label: Mapping[str, str]  # {"id": official Indonesian, "en": English}

    def text(self, lang: str = "id") -> str:
        return pick(self.label, lang)


@dataclass(frozen=True, eq=False)
class Unsur:
    key: str
    code: str  # "U1".."U9" in the rule's order
    name: Mapping[str, str]
    question: Mapping[str, str]
    answers: tuple[Answer, ...]  # scores 1, 2, 3, 4 in that order

    def name_text(self, lang: str = "id") -> str:
        return pick(self.name, lang)

    def question_text(self, lang: str = "id") -> str:
        return pick(self.question, lang)

    def answer(self, score: int) -> Answer:
        return self.answers[check_score(score, self.key) - 1]


def _unsur(key, code, name_id, name_en, q_id, q_en, labels_id, labels_en) -> Unsur:
    answers = tuple(
        Answer(score, {"id": label_id, "en": label_en})
        for score, label_id, label_en in zip(SCORES, labels_id, labels_en, strict=True)
    )
    return Unsur(key, code, {"id": name_id, "en": name_en}, {"id": q_id, "en": q_en}, answers)


_SUITABLE_ID = ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
_SUITABLE_EN = ("Not suitable", "Not quite suitable", "Suitable", "Very suitable")

_ALL = (
    _unsur(
        "persyaratan", "U1", "Persyaratan", "Requirements",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "What is your opinion on how well the service requirements suit the type of service?",
        _SUITABLE_ID, _SUITABLE_EN,
    ),
    _unsur(
        "prosedur", "U2", "Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        "How easy did you find the service procedure at this unit?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("Not easy", "Not quite easy", "Easy", "Very easy"),
    ),
    _unsur(
        "waktu", "U3", "Waktu Penyelesaian", "Completion time",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        "What is your opinion on how quickly the service was delivered?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("Not fast", "Not quite fast", "Fast", "Very fast"),
    ),
    _unsur(
        "biaya", "U4", "Biaya/Tarif", "Cost/tariff",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        "What is your opinion on the fairness of the service cost/tariff?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("Very expensive", "Fairly expensive", "Cheap", "Free of charge"),
    ),
    _unsur(
        "produk", "U5", "Produk Spesifikasi Jenis Pelayanan", "Product specification of the service",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?",
        "What is your opinion on how well the service product you received matches what the "
        "service standard states?",
        _SUITABLE_ID, _SUITABLE_EN,
    ),
    _unsur(
        "kompetensi", "U6", "Kompetensi Pelaksana", "Staff competence",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        "What is your opinion on the competence/ability of the staff who served you?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("Not competent", "Not quite competent", "Competent", "Very competent"),
    ),
    _unsur(
        "perilaku", "U7", "Perilaku Pelaksana", "Staff behaviour",
        "Bagaimana pendapat Saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        "What is your opinion on the staff's behaviour in terms of politeness and friendliness?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
         "Sangat sopan dan ramah"),
        ("Not polite and friendly", "Not quite polite and friendly", "Polite and friendly",
         "Very polite and friendly"),
    ),
    _unsur(
        "pengaduan", "U8", "Penanganan Pengaduan, Saran dan Masukan",
        "Handling of complaints, suggestions and feedback",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        "What is your opinion on how complaints from service users are handled?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
         "Dikelola dengan baik"),
        ("There is none", "Exists but does not work", "Works, but not fully",
         "Well managed"),
    ),
    _unsur(
        "sarana", "U9", "Sarana dan Prasarana", "Facilities and infrastructure",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        "What is your opinion on the quality of the facilities and infrastructure?",
        ("Buruk", "Cukup", "Baik", "Sangat Baik"),
        ("Poor", "Fair", "Good", "Very good"),
    ),
)

UNSUR: dict[str, Unsur] = {u.key: u for u in _ALL}
UNSUR_KEYS: tuple[str, ...] = tuple(UNSUR)

# "rule": the order PermenPANRB 14/2017 lists the unsur (U1..U9).
# "questionnaire": the rule's example questionnaire, sarana as Q8 and pengaduan as Q9.
ORDERS: dict[str, tuple[str, ...]] = {
    "rule": UNSUR_KEYS,
    "questionnaire": UNSUR_KEYS[:7] + ("sarana", "pengaduan"),
}
DEFAULT_ORDER = "rule"


def questions(order: str = DEFAULT_ORDER) -> tuple[Unsur, ...]:
    """The nine unsur in a named order, for asking them one per screen or printing a report."""
    if order not in ORDERS:
        raise SurveyError("Unknown questionnaire order {order!r}; use one of: {known}",
                          order=order, known=", ".join(ORDERS))
    return tuple(UNSUR[key] for key in ORDERS[order])


def question_number(key: str, order: str = DEFAULT_ORDER) -> int:
    """1-based position of an unsur in a named order (for display only, never for storage)."""
    check_key(key)
    return questions(order).index(UNSUR[key]) + 1


def check_key(key) -> str:
    if key not in UNSUR:
        raise SurveyError("Unknown survey element {key!r}; expected one of: {known}",
                          key=key, known=", ".join(UNSUR_KEYS))
    return key


def check_score(score, key: str = "") -> int:
    # bool is an int subclass; True as a score is a bug upstream, not an answer.
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
        raise SurveyError("Score for {key} must be a whole number from 1 to 4, not {score!r}",
                          key=key or "the answer", score=score)
    return score


def validate_answers(answers: Mapping[str, int], *, complete: bool = True) -> dict[str, int]:
    """Check one respondent's answers {unsur key: score 1..4}; returned in rule order.

    `complete=True` (what the kiosk stores) requires all nine unsur; imported paper forms may
    pass `complete=False` where a respondent skipped a question.
    """
    if not isinstance(answers, Mapping):
        raise SurveyError("Survey answers must map element keys to scores, not {kind}",
                          kind=type(answers).__name__)
    for key, score in answers.items():
        check_score(score, check_key(key))
    if complete:
        missing = [key for key in UNSUR_KEYS if key not in answers]
        if missing:
            raise SurveyError("Survey answers are missing: {missing}", missing=", ".join(missing))
    return {key: answers[key] for key in UNSUR_KEYS if key in answers}
