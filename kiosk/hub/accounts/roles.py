"""Staff roles and what each may do at the counters.

An officer works at the counters of their own agency; an agency account (the agency's
head of service) may act at any of its agency's counters; a manager (the MPP's) and an
admin at every counter. Officers and agency accounts always name their agency.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, MANAGER, AGENCY, OFFICER = "admin", "manager", "agency", "officer"
ROLES = (ADMIN, MANAGER, AGENCY, OFFICER)
NEEDS_AGENCY = (AGENCY, OFFICER)


@dataclass(frozen=True)
class StaffUser:
    username: str
    role: str
    agency_id: str | None
    disabled: bool = False
    must_change: bool = False     # a new or reset password: change it before anything else


def may_use_counter(user: StaffUser, counter_agency: str) -> bool:
    if user.disabled:
        return False
    if user.role in (ADMIN, MANAGER):
        return True
    return user.role in NEEDS_AGENCY and user.agency_id == counter_agency
