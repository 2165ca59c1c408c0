"""The admin's side of the API: staff accounts, the audit log, the API's own docs.

    GET  /v1/staff/users                      every account (never a password hash)
    POST /v1/staff/users                      {username, password, role, agency_id}: a new
                                              account, which must change its password first
    POST /v1/staff/users/{name}/password      {password}: reset (must change it; sessions end)
    POST /v1/staff/users/{name}/disable       no more log-ins (sessions end)
    GET  /v1/audit                            newest first; ?limit, offset, username, action
    GET  /docs, /openapi.json                 the browsable API (docs/hub-openapi.json ships
                                              the same schema)

Admin sessions only (kiosk.hub.api.access.Admin): anyone else gets 401/403. Account changes
are recorded in the audit log; the audit log itself has no endpoint that changes it.
"""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kiosk.hub.accounts import ROLES, AccountError
from kiosk.hub.api.access import Admin
from kiosk.hub.api.deps import ID_PATTERN, HubDep, Problem, answer
from kiosk.hub.api.staff import accounts_of, address, audit_of

router = APIRouter(tags=["admin"])
docs_router = APIRouter(include_in_schema=False)

USERNAME = r"^[a-z0-9][a-z0-9._-]{1,31}$"
NamePath = Annotated[str, Path(pattern=USERNAME, description="the account's user name")]


class UserIn(BaseModel):
    username: str = Field(pattern=USERNAME)
    password: str = Field(min_length=1, max_length=200)
    role: str = Field(pattern="^(" + "|".join(ROLES) + ")$")
    agency_id: str | None = Field(None, pattern=ID_PATTERN)


class ResetIn(BaseModel):
    password: str = Field(min_length=1, max_length=200)


def _refused(exc: AccountError) -> Problem:
    text = str(exc)
    if "exists" in text:
        return Problem(409, "user_exists", text, "Nama pengguna itu sudah dipakai")
    if text.startswith("no user"):
        return Problem(404, "unknown_user", text, "Akun itu tidak ada")
    return Problem(422, "bad_account", text, "Data akun tidak valid: " + text)


@router.get("/v1/staff/users")
async def users(hub: HubDep, admin: Admin):
    """Every staff account: username, role, agency_id, must_change, failures,
    locked_until, disabled_at, created_at."""
    return answer(await run_in_threadpool(accounts_of(hub).users))


@router.post("/v1/staff/users", status_code=201)
async def add_user(request: Request, hub: HubDep, admin: Admin, body: UserIn):
    """A new account; its owner must change the password at first log-in."""
    def work():
        accounts_of(hub).add(body.username, body.password, body.role, body.agency_id,
                             hub.settings.catalog, must_change=True)
        audit_of(hub).record(admin.username, "user.add", body.username,
                             f"{body.role} {body.agency_id or ''}".strip(), address(request))
    try:
        await run_in_threadpool(work)
    except AccountError as exc:
        raise _refused(exc) from None
    return answer({"username": body.username, "role": body.role,
                   "agency_id": body.agency_id, "must_change": True}, 201)


@router.post("/v1/staff/users/{username}/password")
async def reset_password(request: Request, hub: HubDep, admin: Admin, username: NamePath,
                         body: ResetIn):
    """Set a new password (tell it to its owner): they must change it at their next
    log-in; their sessions end."""
    def work():
        accounts_of(hub).set_password(username, body.password, must_change=True)
        audit_of(hub).record(admin.username, "user.passwd", username,
                             address=address(request))
    try:
        await run_in_threadpool(work)
    except AccountError as exc:
        raise _refused(exc) from None
    return answer({"username": username, "must_change": True})


@router.post("/v1/staff/users/{username}/disable")
async def disable_user(request: Request, hub: HubDep, admin: Admin, username: NamePath):
    """The account can no longer log in; its sessions end. An admin cannot disable
    themselves (the MPP would be left without anyone to undo it)."""
    if username == admin.username:
        raise Problem(409, "disable_self", "you cannot disable your own account",
                      "Anda tidak dapat menonaktifkan akun Anda sendiri")

    def work():
        accounts_of(hub).disable(username)
        audit_of(hub).record(admin.username, "user.disable", username,
                             address=address(request))
    try:
        await run_in_threadpool(work)
    except AccountError as exc:
        raise _refused(exc) from None
    return answer({"username": username, "disabled": True})


@router.get("/v1/audit")
async def audit(hub: HubDep, admin: Admin,
                limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                offset: Annotated[int, Query(ge=0)] = 0,
                username: Annotated[str | None, Query(max_length=64)] = None,
                action: Annotated[str | None, Query(max_length=64)] = None):
    """The audit log, newest first: [{at (UTC), username, action, target, detail,
    address}]. Read-only: nothing in the API edits or deletes it."""
    return answer(await run_in_threadpool(audit_of(hub).recent, limit, offset, username,
                                          action))


@docs_router.get("/openapi.json")
async def openapi(request: Request, admin: Admin):
    return JSONResponse(request.app.openapi())


@docs_router.get("/docs")
async def docs(request: Request, admin: Admin):
    return get_swagger_ui_html(openapi_url="/openapi.json",
                               title=f"{request.app.title}: API")
