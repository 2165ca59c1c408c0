"""/login, /logout and /password: the staff log-in form for the dashboard (the same accounts,
lockout and session cookie as the counter console's /v1/staff/login) and the password
change that a first log-in (or a reset by the admin) forces."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from kiosk.hub.accounts import OFFICER, SESSION_HOURS, AccountError, LoginRefused
from kiosk.hub.web import csrf
from kiosk.hub.web.dashboard.base import (
    COOKIE,
    accounts_of,
    address_of,
    audit,
    bearer_of,
    current,
    forbidden,
    form_of,
    lang_of,
    render,
    safe_next,
)
from kiosk.hub.web.dashboard.texts import texts

router = APIRouter(include_in_schema=False)


def _landing(user) -> str:
    return "/counter" if user.role == OFFICER else "/dashboard"


@router.get("/login")
async def login_page(request: Request, next: str = ""):
    _, user = await current(request)
    if user is not None and not getattr(user, "must_change", False):
        return RedirectResponse(safe_next(next, _landing(user)), 303)
    return render(request, "login.html", next=safe_next(next, ""), error="", username="")


@router.post("/login")
async def login(request: Request):
    form = await form_of(request)
    hub = request.app.state.hub
    username = form.get("username", "").strip().lower()
    target = form.get("next", "")
    try:
        secret, user = await run_in_threadpool(accounts_of(hub).login, username,
                                               form.get("password", ""))
    except LoginRefused as exc:
        await run_in_threadpool(audit, hub, username[:64], "login_failed", "", exc.kind,
                                address_of(request))
        status = 423 if exc.kind == "locked" else 401
        return render(request, "login.html", status, next=safe_next(target, ""),
                      error=exc.message(lang_of(request)), username=username[:64])
    await run_in_threadpool(audit, hub, user.username, "login", "", "dashboard",
                            address_of(request))
    landing = safe_next(target, _landing(user))
    if getattr(user, "must_change", False):
        landing = f"/password?next={quote(landing)}"
    response = RedirectResponse(landing, 303)
    response.set_cookie(COOKIE, secret, max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="strict", path="/",
                        secure=request.url.scheme == "https")
    return response


@router.post("/logout")
async def logout(request: Request):
    secret, user = await current(request)
    form = await form_of(request)
    if user is not None:
        if bearer_of(request) is None and not csrf.valid(secret, form.get(csrf.FIELD)):
            return forbidden(request, user, "csrf", secret)
        hub = request.app.state.hub
        await run_in_threadpool(accounts_of(hub).logout, secret)
        await run_in_threadpool(audit, hub, user.username, "logout", "", "",
                                address_of(request))
    response = RedirectResponse("/login", 303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/password")
async def password_page(request: Request, next: str = ""):
    secret, user = await current(request)
    if user is None:
        return RedirectResponse("/login?next=/password", 303)
    return render(request, "password.html", user=user, page="password",
                  csrf_token=csrf.token_for(secret), next=safe_next(next, ""), error="",
                  forced=getattr(user, "must_change", False))


@router.post("/password")
async def change_password(request: Request):
    secret, user = await current(request)
    if user is None:
        return RedirectResponse("/login?next=/password", 303)
    form = await form_of(request)
    if bearer_of(request) is None and not csrf.valid(secret, form.get(csrf.FIELD)):
        return forbidden(request, user, "csrf", secret)
    t, hub = texts(lang_of(request)), request.app.state.hub
    old, new, again = (form.get(k, "") for k in ("old", "new", "again"))
    error = ""
    if new != again:
        error = t["password_mismatch"]
    elif new == old:
        error = t["password_same"]
    else:
        try:
            await run_in_threadpool(partial(accounts_of(hub).change_password, user.username,
                                            old, new, keep_session=secret))
        except LoginRefused:
            error = t["password_wrong"]
        except AccountError:
            error = t["password_short"]
    if error:
        return render(request, "password.html", 400, user=user, page="password",
                      csrf_token=csrf.token_for(secret), next=safe_next(form.get("next"), ""),
                      error=error, forced=getattr(user, "must_change", False))
    await run_in_threadpool(audit, hub, user.username, "password_changed", user.username, "",
                            address_of(request))
    # the user's other sessions end; this one stays
    return RedirectResponse(safe_next(form.get("next"), _landing(user)), 303)
