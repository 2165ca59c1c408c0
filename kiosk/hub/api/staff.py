"""Staff log-in for the counter console and scripts, and the dependency that checks it.

A session is the `anjungan_session` cookie (HttpOnly, SameSite=Strict: the console's own
requests only) or, for scripts, `Authorization: Bearer staff.<secret>`. A kiosk or display
token is refused (403) wherever staff are needed.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kiosk.hub.accounts import SESSION_HOURS, Accounts, LoginRefused, StaffUser
from kiosk.hub.api.deps import Hub, HubDep, Problem, Token, get_hub

router = APIRouter(tags=["staff"])

COOKIE = "anjungan_session"
BEARER_PREFIX = "staff."


def accounts_of(hub: Hub) -> Accounts:
    accounts = getattr(hub, "_accounts", None)
    if accounts is None:
        accounts = hub._accounts = Accounts(hub.store, hub.clock)
    return accounts


def session_secret(request: Request, token) -> str | None:
    """The staff session a request carries; 403 for a kiosk or display token."""
    if token is not None and token.credentials:
        if not token.credentials.startswith(BEARER_PREFIX):
            raise Problem(403, "staff_only", "this needs a staff log-in, not a kiosk or "
                          "display token", "Tindakan ini memerlukan login petugas, bukan "
                          "token anjungan atau layar")
        return token.credentials[len(BEARER_PREFIX):]
    return request.cookies.get(COOKIE)


async def staff_user(request: Request, token: Token,
                     hub: Annotated[Hub, Depends(get_hub)]) -> StaffUser:
    secret = session_secret(request, token)
    user = await run_in_threadpool(accounts_of(hub).session_user, secret) if secret else None
    if user is None:
        raise Problem(401, "login_required", "log in as staff first (or the session expired)",
                      "Silakan masuk sebagai petugas (atau sesi sudah berakhir)")
    return user


StaffDep = Annotated[StaffUser, Depends(staff_user)]


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


def user_json(user: StaffUser) -> dict:
    return {"username": user.username, "role": user.role, "agency_id": user.agency_id}


@router.post("/v1/staff/login")
async def login(hub: HubDep, body: LoginIn):
    """A session for a staff account: set as the anjungan_session cookie and returned as a
    bearer token (`staff.<secret>`) for scripts. Five wrong passwords lock the account for
    15 minutes."""
    try:
        secret, user = await run_in_threadpool(accounts_of(hub).login, body.username,
                                               body.password)
    except LoginRefused as exc:
        status = {"locked": 423, "disabled": 403}.get(exc.kind, 401)
        raise Problem(status, f"login_{exc.kind}", exc.message("en"), exc.message("id"))
    response = JSONResponse({"user": user_json(user), "token": BEARER_PREFIX + secret,
                             "expires_in_s": SESSION_HOURS * 3600})
    response.set_cookie(COOKIE, secret, max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="strict", path="/")
    return response


@router.post("/v1/staff/logout")
async def logout(request: Request, hub: HubDep, token: Token):
    secret = session_secret(request, token)
    if secret:
        await run_in_threadpool(accounts_of(hub).logout, secret)
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/v1/staff/me")
async def me(user: StaffDep):
    return user_json(user)
