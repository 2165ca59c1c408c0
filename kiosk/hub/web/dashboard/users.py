"""/admin/users: the admin lists staff accounts, adds one, sets a temporary password (its
owner must change it at the next log-in) and disables one. Each change is written to the
audit log; passwords never are."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from kiosk.hub.accounts import ROLES, AccountError
from kiosk.hub.web.dashboard.base import (
    accounts_of,
    address_of,
    audit,
    checked_form,
    enter,
)
from kiosk.hub.web.dashboard.texts import texts

router = APIRouter(include_in_schema=False)
DONE = ("added", "reset", "disabled")


async def _page(ctx, status: int = 200, error: str = "", values: dict | None = None):
    users = await run_in_threadpool(accounts_of(ctx.hub).users)
    done = ctx.request.query_params.get("done", "")
    return ctx.render("users.html", status, users=users, roles=ROLES, error=error,
                      values=values or {"role": "officer"},
                      agencies=ctx.hub.settings.catalog.agencies,
                      done=done if done in DONE else "",
                      who=ctx.request.query_params.get("who", ""))


def _said(ctx, exc: AccountError) -> str:
    """The account error in the page's language (its English message if it has no key)."""
    t = texts(ctx.lang)
    text = t.get(exc.key) if exc.key else None
    if text is None:
        return str(exc)
    values = dict(exc.values)
    if "role" in values:
        values["role"] = t.get(f"role_{values['role']}", values["role"])
    return text.format(**values)


@router.get("/admin/users")
async def users(request: Request):
    ctx = await enter(request, "users")
    if isinstance(ctx, Response):
        return ctx
    return await _page(ctx)


@router.post("/admin/users")
async def add(request: Request):
    ctx = await enter(request, "users")
    if isinstance(ctx, Response):
        return ctx
    form = await checked_form(ctx)
    if isinstance(form, Response):
        return form
    username = form.get("username", "").strip().lower()
    role, agency = form.get("role", ""), form.get("agency") or None
    try:
        await run_in_threadpool(partial(
            accounts_of(ctx.hub).add, username, form.get("password", ""), role, agency,
            ctx.hub.settings.catalog, must_change=True))
    except AccountError as exc:
        return await _page(ctx, 400, _said(ctx, exc), {"username": username, "role": role,
                                                "agency": agency or ""})
    await run_in_threadpool(audit, ctx.hub, ctx.user.username, "user.add", username,
                            f"{role} {agency or ''}".strip(), address_of(request))
    return RedirectResponse(f"/admin/users?done=added&who={username}", 303)


@router.post("/admin/users/{username}/password")
async def reset(request: Request, username: str):
    ctx = await enter(request, "users")
    if isinstance(ctx, Response):
        return ctx
    form = await checked_form(ctx)
    if isinstance(form, Response):
        return form
    try:
        await run_in_threadpool(partial(accounts_of(ctx.hub).set_password, username,
                                        form.get("password", ""), must_change=True))
    except AccountError as exc:
        return await _page(ctx, 400, f"{username}: {_said(ctx, exc)}")
    await run_in_threadpool(audit, ctx.hub, ctx.user.username, "user.passwd", username,
                            "reset", address_of(request))
    return RedirectResponse(f"/admin/users?done=reset&who={username}", 303)


@router.post("/admin/users/{username}/disable")
async def disable(request: Request, username: str):
    ctx = await enter(request, "users")
    if isinstance(ctx, Response):
        return ctx
    form = await checked_form(ctx)
    if isinstance(form, Response):
        return form
    if username == ctx.user.username:
        return await _page(ctx, 400, texts(ctx.lang)["account_self_disable"])
    try:
        await run_in_threadpool(accounts_of(ctx.hub).disable, username)
    except AccountError as exc:
        return await _page(ctx, 400, _said(ctx, exc))
    await run_in_threadpool(audit, ctx.hub, ctx.user.username, "user.disable", username, "",
                            address_of(request))
    return RedirectResponse(f"/admin/users?done=disabled&who={username}", 303)
