"""Staff accounts of the hub: officers at counters, agency and MPP managers, admins.

    roles     admin | manager | agency | officer; what each may do at a counter
    store     StaffStore: the staff_user and staff_session tables (mixed into HubStore)
    service   Accounts: add, change password, disable, list; log in (argon2 hashes,
              lockout after repeated failures), sessions with an expiry and an idle
              timeout, the forced change of a password an admin set (must_change)

The first piece of the staff side: the manager pages will extend it.
"""

from .roles import ADMIN, AGENCY, MANAGER, OFFICER, ROLES, StaffUser, may_use_counter
from .service import (
    IDLE_MINUTES, LOCK_MINUTES, MAX_FAILURES, SESSION_HOURS, AccountError, Accounts,
    LoginRefused,
)

__all__ = ["ADMIN", "AGENCY", "MANAGER", "OFFICER", "ROLES", "StaffUser", "may_use_counter",
           "IDLE_MINUTES", "LOCK_MINUTES", "MAX_FAILURES", "SESSION_HOURS", "AccountError", "Accounts",
           "LoginRefused"]
