"""Exit satisfaction: the SKM survey and its IKM per PermenPANRB 14/2017, and the face vote.

Pure computation and definitions; the store and the UI call these.

    unsur    the nine elements, their official wording, the two questionnaire orders
    profile  respondent profile options and validation
    ikm      NRR, IKM, converted value, mutu/kinerja; streaming and from-SQL-totals forms
    sample   Krejcie & Morgan minimum sample
    votes    the four faces, face shares per group, the misuse filter for the one-tap vote
"""

from .errors import SurveyError
from .ikm import (
    DEFAULT_WEIGHT, MUTU_TABLE, WEIGHTS, IkmAccumulator, IkmResult, Mutu, accumulate_by,
    compute_ikm, mutu_for, rounded, weight_of,
)
from .profile import (
    EDUCATION, GENDERS, MAX_AGE, MIN_AGE, OCCUPATIONS, PROFILE_FIELDS, PROFILE_LABELS, Option,
    Profile, option, validate_age, validate_profile,
)
from .sample import SampleStatus, krejcie_morgan, sample_reached, sample_status
from .unsur import (
    DEFAULT_ORDER, ORDERS, SCORES, UNSUR, UNSUR_KEYS, Answer, Unsur, question_number, questions,
    validate_answers,
)
from .votes import (
    FACES, Face, FaceShares, Vote, VoteDecision, VoteFilter, face, face_shares,
)

__all__ = [
    "SurveyError",
    "DEFAULT_WEIGHT", "MUTU_TABLE", "WEIGHTS", "IkmAccumulator", "IkmResult", "Mutu",
    "accumulate_by", "compute_ikm", "mutu_for", "rounded", "weight_of",
    "EDUCATION", "GENDERS", "MAX_AGE", "MIN_AGE", "OCCUPATIONS", "PROFILE_FIELDS",
    "PROFILE_LABELS", "Option", "Profile", "option", "validate_age", "validate_profile",
    "SampleStatus", "krejcie_morgan", "sample_reached", "sample_status",
    "DEFAULT_ORDER", "ORDERS", "SCORES", "UNSUR", "UNSUR_KEYS", "Answer", "Unsur",
    "question_number", "questions", "validate_answers",
    "FACES", "Face", "FaceShares", "Vote", "VoteDecision", "VoteFilter", "face", "face_shares",
]
