"""Staff log-in for the counter console, the staff pages and scripts; the dependencies that
check a staff session; changing one's own password.

A session is the `anjungan_session` cookie (HttpOnly, SameSite=Strict) or, for scripts,
`Authorization: Bearer staff.<secret>`. A kiosk or display token is refused (403) wherever
staff are needed.

- CSRF: an unsafe request (POST, PUT, PATCH, DELETE) carried by the cookie must send the
  session's token (kiosk.hub.web.csrf) in the X-CSRF-Token header, else 403 `csrf_missing`.
  Log-in and /v1/staff/me answer it as `csrf`. A bearer request carries no ambient
  credential a foreign page could borrow, so it needs none.
- First log-in: an account an admin made or reset (`must_change`) gets 403
  `password_change_required` everywhere but /v1/staff/me, /v1/staff/password and log-out.
- Log-ins, failures (the name as typed, never the password), log-outs and password changes
  go to the audit log (kiosk.hub.audit).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kiosk.hub.accounts import (IDLE_MINUTES, SESSION_HOURS, AccountError, Accounts,
                                LoginRefused, StaffUser)
from kiosk.hub.api.deps import Hub, HubDep, Problem, Token, get_hub
from kiosk.hub.audit import Audit

router = APIRouter(tags=["staff"])

COOKIE = "anjungan_session"
BEARER_PREFIX = "staff."
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

LOGIN_REQUIRED = Problem(401, "login_required", "log in as staff first (or the session "
                         "expired)", "Silakan masuk sebagai petugas (atau sesi sudah berakhir)")
CSRF_MISSING = Problem(403, "csrf_missing", "this form or request lacks its security token "
                       "(X-CSRF-Token): reload the page and try again", "Token keamanan "
                       "formulir tidak ada atau salah: muat ulang halaman lalu coba lagi")
CHANGE_FIRST = Problem(403, "password_change_required", "change your password first: an "
                       "admin set it (POST /v1/staff/password)", "Ganti kata sandi Anda "
                       "terlebih dahulu: kata sandi ini dibuat oleh admin")


def accounts_of(hub: Hub) -> Accounts:
    accounts = getattr(hub, "_accounts", None)
    if accounts is None:
        idle = getattr(hub.limits, "staff_idle_minutes", None) or IDLE_MINUTES
        accounts = hub._accounts = Accounts(hub.store, hub.clock, idle_minutes=idle)
    return accounts


def audit_of(hub: Hub) -> Audit:
    audit = getattr(hub, "_audit", None)
    if audit is None:
        audit = hub._audit = Audit(hub.store, hub.clock)
    return audit


def address(request: Request) -> str:
    """Where a request came from (the peer's address; behind a proxy, the proxy's)."""
    return request.client.host if request.client else ""


def session_secret(request: Request, token) -> str | None:
    """The staff session a request carries; 403 for a kiosk or display token."""
    if token is not None and token.credentials:
        if not token.credentials.startswith(BEARER_PREFIX):
            raise Problem(403, "staff_only", "this needs a staff log-in, not a kiosk or "
                          "display token", "Tindakan ini memerlukan login petugas, bukan "
                          "token anjungan atau layar")
        return token.credentials[len(BEARER_PREFIX):]
    return request.cookies.get(COOKIE)


def _csrf():
    # imported when used: kiosk.hub.web's pages import this module
    from kiosk.hub.web import csrf
    return csrf


def by_cookie(token) -> bool:
    return token is None or not token.credentials


def check_csrf(request: Request, token, secret: str) -> None:
    """403 csrf_missing for an unsafe request carried by the session cookie without the
    session's token."""
    csrf = _csrf()
    if request.method in UNSAFE and by_cookie(token) and \
            not csrf.valid(secret, request.headers.get(csrf.HEADER)):
        raise CSRF_MISSING


async def session_user(request: Request, hub: Hub, token, secret: str | None, *,
                       changed: bool = True) -> StaffUser:
    """The user of the session `secret` (401 without one), with the CSRF rule; `changed`:
    also refuse an account that must change its password first. Keeps the secret on
    request.state.staff_secret (the password change keeps that session)."""
    user = await run_in_threadpool(accounts_of(hub).session_user, secret) if secret else None
    if user is None:
        raise LOGIN_REQUIRED
    check_csrf(request, token, secret)
    if changed and user.must_change:
        raise CHANGE_FIRST
    request.state.staff_secret = secret
    return user


async def staff_user(request: Request, token: Token,
                     hub: Annotated[Hub, Depends(get_hub)]) -> StaffUser:
    return await session_user(request, hub, token, session_secret(request, token))


async def staff_user_unchanged(request: Request, token: Token,
                               hub: Annotated[Hub, Depends(get_hub)]) -> StaffUser:
    """As staff_user, for what an account that must change its password may still do."""
    return await session_user(request, hub, token, session_secret(request, token),
                              changed=False)


StaffDep = Annotated[StaffUser, Depends(staff_user)]
SessionDep = Annotated[StaffUser, Depends(staff_user_unchanged)]


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class PasswordIn(BaseModel):
    old_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


def user_json(user: StaffUser) -> dict:
    return {"username": user.username, "role": user.role, "agency_id": user.agency_id,
            "must_change": user.must_change}


@router.post("/v1/staff/login")
async def login(request: Request, hub: HubDep, body: LoginIn):
    """A session for a staff account: set as the anjungan_session cookie and returned as a
    bearer token (`staff.<secret>`) for scripts, with `csrf` (the X-CSRF-Token a page sends
    with the cookie) and `must_change`. Five wrong passwords lock the account for 15
    minutes."""
    where = address(request)

    def work():
        try:
            secret, user = accounts_of(hub).login(body.username, body.password)
        except LoginRefused as exc:
            audit_of(hub).record(body.username, "login_failed", detail=exc.kind,
                                 address=where)
            raise
        audit_of(hub).record(user.username, "login", address=where)
        return secret, user
    try:
        secret, user = await run_in_threadpool(work)
    except LoginRefused as exc:
        status = {"locked": 423, "disabled": 403}.get(exc.kind, 401)
        raise Problem(status, f"login_{exc.kind}", exc.message("en"), exc.message("id"))
    response = JSONResponse({"user": user_json(user), "token": BEARER_PREFIX + secret,
                             "csrf": _csrf().token_for(secret), "must_change": user.must_change,
                             "expires_in_s": SESSION_HOURS * 3600})
    response.set_cookie(COOKIE, secret, max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="strict", path="/", secure=request.url.scheme == "https")
    return response


@router.post("/v1/staff/logout")
async def logout(request: Request, hub: HubDep, token: Token):
    """End the session (with the cookie: X-CSRF-Token required, so no foreign page can log
    a person out). Without a live session it only clears the cookie."""
    secret = session_secret(request, token)
    if secret:
        def work():
            user = accounts_of(hub).session_user(secret)
            if user is None:
                return
            check_csrf(request, token, secret)
            accounts_of(hub).logout(secret)
            audit_of(hub).record(user.username, "logout", address=address(request))
        await run_in_threadpool(work)
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/v1/staff/me")
async def me(request: Request, user: SessionDep):
    """Who is logged in, with `must_change` and the session's `csrf` token (a page that
    was reloaded reads it here)."""
    return {**user_json(user), "csrf": _csrf().token_for(request.state.staff_secret)}


@router.post("/v1/staff/password")
async def change_password(request: Request, hub: HubDep, user: SessionDep, body: PasswordIn):
    """Change one's own password (the old one is asked again; a wrong one counts towards
    the lockout). Clears must_change; the user's other sessions end, this one stays."""
    def work():
        try:
            accounts_of(hub).change_password(user.username, body.old_password,
                                             body.new_password,
                                             keep_session=request.state.staff_secret)
        except LoginRefused as exc:
            audit_of(hub).record(user.username, "login_failed", "password", exc.kind,
                                 address(request))
            raise
        audit_of(hub).record(user.username, "password_changed", user.username,
                             address=address(request))
    try:
        await run_in_threadpool(work)
    except LoginRefused as exc:
        status = {"locked": 423, "disabled": 403}.get(exc.kind, 403)
        kind = "old_password_wrong" if exc.kind == "wrong" else f"login_{exc.kind}"
        raise Problem(status, kind, "the old password is not right" if exc.kind == "wrong"
                      else exc.message("en"), "Kata sandi lama salah" if exc.kind == "wrong"
                      else exc.message("id"))
    except AccountError as exc:
        raise Problem(422, "bad_password", str(exc), _password_text_id(str(exc)))
    return {**user_json(StaffUser(user.username, user.role, user.agency_id)), "ok": True}


def _password_text_id(text: str) -> str:
    if "differ" in text:
        return "Kata sandi baru harus berbeda dari yang lama"
    if "characters" in text:
        return "Kata sandi minimal 10 karakter"
    return text
