"""Who may do what: a kiosk token does a kiosk's work and nothing else.

A kiosk token sits in kiosk.toml on a machine in the public hall, so it is treated as
public: it issues, prints, checks in, votes, answers the SKM, sends heartbeats and takes
offline blocks, and it acts only on its own tickets, votes and blocks (it reads its own
numbers of the day: GET /v1/kiosks/me/numbers names no kiosk, the token does). Reports,
complaints with their contacts, marking them handled and the list of kiosks are for staff:
a kiosk token gets 403 there.

`Staff` is the dependency of those endpoints: a staff session (kiosk.hub.accounts: the
anjungan_session cookie, or `Bearer staff.<secret>`) passes as its StaffUser, with the CSRF
and first-log-in rules of kiosk.hub.api.staff; without one a staff endpoint answers 401
without a token and 403 with a kiosk token. What each role then reads (kiosk.hub.accounts
.roles): admin and manager the whole MPP; an agency account its own agency only (asking for
another agency: 403 `other_agency`); an officer the counters only (403 `role_refused`).
`Admin` is for managing accounts and reading the audit log.
"""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from kiosk.hub.accounts import StaffUser
from kiosk.hub.accounts.roles import may_manage, may_read, may_watch_kiosks
from kiosk.hub.api.deps import HubDep, Problem, Token

STAFF_ONLY = Problem(
    403, "staff_only",
    "a staff account is needed: a kiosk's token may not read reports, complaints or the "
    "kiosks' list",
    "diperlukan akun petugas: token anjungan tidak boleh membaca laporan, pengaduan, atau "
    "daftar anjungan")


ROLE_REFUSED = Problem(
    403, "role_refused", "your role may not read the whole MPP's reports or complaints",
    "peran Anda tidak boleh membaca laporan atau pengaduan seluruh MPP")
OTHER_AGENCY = Problem(
    403, "other_agency", "your account reads its own agency only",
    "akun Anda hanya boleh membaca data instansinya sendiri")
ADMIN_ONLY = Problem(
    403, "role_refused", "only an admin may do this", "hanya admin yang boleh melakukan ini")


async def staff_only(request: Request, hub: HubDep, token: Token) -> StaffUser:
    """The staff person behind the request. 401 without a valid credential, 403 for a
    kiosk token (the checks read the store, so they run on a worker thread)."""
    from kiosk.hub.api.staff import BEARER_PREFIX, COOKIE, session_user
    bearer = token.credentials if token is not None and token.credentials else None
    if bearer is not None:
        secret = bearer[len(BEARER_PREFIX):] if bearer.startswith(BEARER_PREFIX) else None
    else:
        secret = request.cookies.get(COOKIE)
    if secret is not None or bearer is None:
        return await session_user(request, hub, token, secret)
    await run_in_threadpool(hub.who, token)          # 401 for a token nobody holds
    raise STAFF_ONLY


Staff = Annotated[StaffUser, Depends(staff_only)]


def reading_scope(user: StaffUser, agency: str | None) -> str | None:
    """The agency a report or inbox is cut to for this user: an agency account reads its
    own (also when it names none); 403 for another agency or a role that reads nothing."""
    if user.role == "agency" and agency is None:
        agency = user.agency_id
    if may_read(user, agency):
        return agency
    if user.role == "agency":
        raise OTHER_AGENCY
    raise ROLE_REFUSED


async def kiosk_watcher(user: Staff) -> StaffUser:
    """The kiosks' list and their devices: admin and manager."""
    if not may_watch_kiosks(user):
        raise ROLE_REFUSED
    return user


async def admin_only(user: Staff) -> StaffUser:
    if not may_manage(user):
        raise ADMIN_ONLY
    return user


KioskWatcher = Annotated[StaffUser, Depends(kiosk_watcher)]
Admin = Annotated[StaffUser, Depends(admin_only)]


def not_yours(what: str, ident: str) -> Problem:
    return Problem(403, "not_this_kiosk", f"{what} {ident} belongs to another kiosk",
                   f"{what} {ident} milik anjungan lain")


def own_ticket(hub, view, kiosk: str, ticket_id: str):
    """The ticket, if this kiosk issued it: 404 unknown, 403 another kiosk's."""
    ticket = hub.ticket_or_404(view, ticket_id)
    if ticket.kiosk_id != kiosk:
        raise not_yours("ticket", ticket_id)
    return ticket


# What a kiosk's screens show of another kiosk's ticket (the exit vote and its agency,
# the reprint panel): never the booking it came from.
FOREIGN_TICKET_HIDDEN = ("booking_id",)


def ticket_for(kiosk: str, data: dict) -> dict:
    if data.get("kiosk_id") == kiosk:
        return data
    return {k: (None if k in FOREIGN_TICKET_HIDDEN else v) for k, v in data.items()}


class Issuing:
    """The per-kiosk issuing rate and quota share (kiosk.hub.limits): 429 with Retry-After."""

    def __init__(self, limits, catalog, buckets=None):
        from kiosk.hub.limits import Buckets
        self.limits, self.catalog = limits, catalog
        self.buckets = buckets or Buckets()

    def admit(self, kiosk: str, service_id: str) -> None:
        from kiosk.hub.limits import SHARE_WINDOW_S, quota_share
        limits = self.limits
        wait = self.buckets.take(("rate", kiosk), limits.issue_burst,
                                 limits.issue_per_minute / 60.0)
        if wait:
            raise _slow_down(wait, "too many tickets from this kiosk",
                             "terlalu banyak tiket dari anjungan ini")
        service = self.catalog.service(service_id)
        if service is not None and service.quota:
            share = quota_share(service.quota)
            wait = self.buckets.take(("share", kiosk, service_id), share,
                                     share / SHARE_WINDOW_S)
            if wait:
                self.buckets.give_back(("rate", kiosk))
                raise _slow_down(wait, f"this kiosk took its share of {service_id}'s quota "
                                 "for now", f"anjungan ini sudah mengambil bagiannya dari "
                                 f"kuota {service_id} untuk saat ini")

    def give_back(self, kiosk: str, service_id: str) -> None:
        """An admitted request that turned out a repeat: it took no new number."""
        self.buckets.give_back(("rate", kiosk))
        service = self.catalog.service(service_id)
        if service is not None and service.quota:
            self.buckets.give_back(("share", kiosk, service_id))


def _slow_down(wait: float, en: str, id_: str) -> Problem:
    seconds = max(1, int(wait + 0.999))
    return Problem(429, "slow_down", f"{en}: try again in {seconds} s",
                   f"{id_}: coba lagi dalam {seconds} detik",
                   headers={"Retry-After": str(seconds)})
