"""Staff roles and what each may do: at the counters, and what each reads.

An officer works at the counters of their own agency; an agency account (the agency's
head of service) may act at any of its agency's counters; a manager (the MPP's) and an
admin at every counter. Officers and agency accounts always name their agency. Reports
and complaints: admin and manager the whole MPP, an agency account its own agency, an
officer none; accounts and the audit log: the admin.
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


def may_read(user: StaffUser, agency_id: str | None) -> bool:
    """Reports, complaints and service times of `agency_id` (None: the whole MPP): admin
    and manager everything, an agency account its own agency, an officer nothing."""
    if user.disabled:
        return False
    if user.role in (ADMIN, MANAGER):
        return True
    return user.role == AGENCY and agency_id is not None and agency_id == user.agency_id


def may_see_contacts(user: StaffUser, agency_id: str | None) -> bool:
    """A complainant's contact: those who follow complaints up (manager, admin, the
    agency's own account); never an officer (nor a kiosk token, which is no user)."""
    return may_read(user, agency_id)


def may_watch_kiosks(user: StaffUser) -> bool:
    return not user.disabled and user.role in (ADMIN, MANAGER)


def may_manage(user: StaffUser) -> bool:
    """Accounts, tokens, the audit log: the admin (IT)."""
    return not user.disabled and user.role == ADMIN
