"""The respondent profile asked before the nine questions (PermenPANRB 14/2017 questionnaire).

Options carry stable keys for storage and English msgids for display through `tr`
(Indonesian in kiosk/locale/id/survey.po). The agency, service, date and hour of the survey
are not asked: the kiosk knows them from the ticket and the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from kiosk.i18n import N_, tr

from .errors import SurveyError

MIN_AGE = 10
MAX_AGE = 120
OTHER_OCCUPATION_MAX = 60


@dataclass(frozen=True)
class Option:
    key: str
    label: str  # English msgid

    def text(self, lang: str = "id") -> str:
        return tr(self.label, lang)


GENDERS = (
    Option("L", N_("Male")),
    Option("P", N_("Female")),
)

EDUCATION = (
    Option("SD", N_("Primary school (SD)")),
    Option("SMP", N_("Junior high school (SMP)")),
    Option("SMA", N_("Senior high school (SMA)")),
    Option("D1-D3", N_("Diploma (D1–D3)")),
    Option("D4/S1", N_("Bachelor's degree (D4/S1)")),
    Option("S2", N_("Master's degree (S2)")),
    Option("S3", N_("Doctorate (S3)")),
)

OCCUPATIONS = (
    Option("PNS", N_("Civil servant (PNS)")),
    Option("TNI", N_("Armed forces (TNI)")),
    Option("POLRI", N_("Police (POLRI)")),
    Option("SWASTA", N_("Private sector employee")),
    Option("WIRAUSAHA", N_("Self-employed")),
    Option("LAINNYA", N_("Other")),
)

PROFILE_FIELDS = {"gender": GENDERS, "education": EDUCATION, "occupation": OCCUPATIONS}

# Headings for the profile screens, and what to say when one is left empty.
PROFILE_LABELS = {
    "gender": N_("Gender"),
    "age": N_("Age (years)"),
    "education": N_("Highest education"),
    "occupation": N_("Occupation"),
}
_AGE_REQUIRED = N_("Please enter your age in years")
_REQUIRED = {
    "gender": N_("Please choose your gender"),
    "age": _AGE_REQUIRED,
    "education": N_("Please choose your highest education"),
    "occupation": N_("Please choose your occupation"),
}


@dataclass(frozen=True)
class Profile:
    gender: str
    age: int
    education: str
    occupation: str
    occupation_other: str = ""  # only with occupation LAINNYA ("Lainnya (sebutkan)")


def option(field: str, key: str) -> Option:
    """The option `key` of a profile field ("gender", "education", "occupation")."""
    for choice in PROFILE_FIELDS[field]:
        if choice.key == key:
            return choice
    raise SurveyError("Unknown {field} {key!r}; expected one of: {known}",
                      field=field, key=key,
                      known=", ".join(choice.key for choice in PROFILE_FIELDS[field]))


def validate_age(value, *, minimum: int = MIN_AGE, maximum: int = MAX_AGE) -> int:
    """Age in whole years, from an int or the digits typed on the on-screen keypad."""
    if isinstance(value, int) and not isinstance(value, bool):
        age = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        age = int(value.strip())
    else:
        raise SurveyError(_AGE_REQUIRED)
    if not minimum <= age <= maximum:
        raise SurveyError("Age must be between {minimum} and {maximum} years",
                          minimum=minimum, maximum=maximum)
    return age


def validate_profile(data: Mapping) -> Profile:
    """Check a profile from the UI or the hub; unknown option keys and bad ages are refused."""
    for field, message in _REQUIRED.items():
        if data.get(field) in (None, ""):
            raise SurveyError(message)
    other = " ".join(str(data.get("occupation_other") or "").split())
    occupation = option("occupation", data["occupation"]).key
    if occupation != "LAINNYA":
        other = ""
    elif len(other) > OTHER_OCCUPATION_MAX:
        raise SurveyError("Please describe your occupation in at most {n} characters",
                          n=OTHER_OCCUPATION_MAX)
    return Profile(
        gender=option("gender", data["gender"]).key,
        age=validate_age(data["age"]),
        education=option("education", data["education"]).key,
        occupation=occupation,
        occupation_other=other,
    )
