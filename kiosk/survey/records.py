"""The one way a face vote or an SKM response becomes a row, whoever writes it.

The kiosk's own service, its hub client (before queueing the push) and the hub (for what
any kiosk or tool sends it) all build rows here, so the rules hold on every write path:
the face and answers validated, the profile checked, free text cut to its limit with single
spaces, and no full NIK in any spelling (UU 27/2022: only its last four digits are kept).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.i18n import N_
from kiosk.privacy import mask_niks

from .profile import OTHER_OCCUPATION_MAX, validate_profile
from .unsur import UNSUR_KEYS, validate_answers
from .votes import face as check_face

SUGGESTION_MAX = 2000      # characters of a suggestion or complaint
CONTACT_MAX = 200          # characters of a contact (phone, e-mail) left for a reply
REASON_MAX = 32            # a reason is a key, never free text
UNSUR_COUNT = len(UNSUR_KEYS)


@dataclass(frozen=True)
class Reason:
    """A tappable main reason after a face vote. The key is stored (language-neutral; where
    it fits, the key of the SKM unsur it speaks about, so reasons and IKM read side by side)."""

    key: str
    unhappy: str   # msgid shown after face 1 or 2
    happy: str     # msgid shown after face 3 or 4

    def text(self, face: int) -> str:
        return self.unhappy if face <= 2 else self.happy


REASONS = (
    Reason("waktu", N_("Waiting took too long"), N_("Quick service")),
    Reason("perilaku", N_("Staff were not friendly"), N_("Friendly, polite staff")),
    Reason("prosedur", N_("The procedure was confusing"), N_("Easy procedure")),
    Reason("persyaratan", N_("Requirements were unclear"), N_("Clear requirements")),
    Reason("sarana", N_("Uncomfortable facilities"), N_("Comfortable facilities")),
    Reason("lainnya", N_("Something else"), N_("Something else")),
)
REASON_KEYS = tuple(reason.key for reason in REASONS)


def clean_free_text(text: str | None, limit: int) -> str:
    """Free text as it may be stored: single spaces, at most `limit` characters, and no
    full NIK (masked after cutting, so a NIK cut in half at the limit is masked too)."""
    text = " ".join(str(text or "").split())
    return mask_niks(mask_niks(text)[:limit])


def clean_reason(reason: str | None) -> str | None:
    """A reason as stored: its key (unknown keys from older kiosks are kept, cleaned)."""
    if reason is None:
        return None
    return clean_free_text(reason, REASON_MAX) or None


@dataclass(frozen=True)
class Stamp:
    """When something was given, in the MPP's zone: the report groups by local day and hour."""

    at: datetime
    day: str
    hour: int

    @classmethod
    def of(cls, at: datetime, zone: ZoneInfo) -> "Stamp":
        local = at.astimezone(zone)
        return cls(local, local.date().isoformat(), local.hour)


@dataclass(frozen=True)
class VoteRecord:
    id: str
    stamp: Stamp
    kiosk_id: str
    face: int
    agency_id: str | None
    service_id: str | None
    ticket_id: str | None
    reason: str | None = None


@dataclass(frozen=True)
class SkmRecord:
    id: str
    stamp: Stamp
    kiosk_id: str
    agency_id: str | None
    service_id: str | None
    ticket_id: str | None
    profile: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)    # {unsur key: 1-4}, never by position
    suggestion: str = ""
    contact: str = ""


def vote_record(*, id: str, at: datetime, zone: ZoneInfo, kiosk_id: str, face: int,
                agency_id: str | None = None, service_id: str | None = None,
                ticket_id: str | None = None, reason: str | None = None) -> VoteRecord:
    """A vote row; SurveyError (a ValueError with a bilingual text) for a face not 1-4."""
    return VoteRecord(id, Stamp.of(at, zone), kiosk_id, check_face(face).score, agency_id,
                      service_id, ticket_id, clean_reason(reason))


def skm_record(*, id: str, at: datetime, zone: ZoneInfo, kiosk_id: str, profile: dict,
               answers: dict, agency_id: str | None = None, service_id: str | None = None,
               ticket_id: str | None = None, suggestion: str | None = "",
               contact: str | None = "") -> SkmRecord:
    """An SKM row; SurveyError for answers or a profile outside the questionnaire."""
    answers = validate_answers(answers, complete=False)
    profile = asdict(validate_profile(profile))
    if profile.get("occupation_other"):
        profile["occupation_other"] = clean_free_text(profile["occupation_other"],
                                                       OTHER_OCCUPATION_MAX)
    return SkmRecord(id, Stamp.of(at, zone), kiosk_id, agency_id, service_id, ticket_id,
                     profile, answers, clean_free_text(suggestion, SUGGESTION_MAX),
                     clean_free_text(contact, CONTACT_MAX))
