"""What every dashboard page shares: who is logged in, what their role may open, the
language, the CSRF token, the navigation, and rendering a template.

A page handler starts with `ctx = await enter(request, PAGE)`: a Response comes back when
the visitor may not see the page (no session: redirect to /login?next=…; a role that may
not open it: the 403 page; a first log-in: the forced password change); otherwise a Context.
Forms are parsed here from the urlencoded body (the hub's guard caps it at 8 KB) and every
POST checks the session's CSRF token before anything is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kiosk.hub.accounts import ADMIN, AGENCY, MANAGER, OFFICER, StaffUser
from kiosk.hub.web import csrf
from kiosk.hub.web.dashboard.texts import texts

HERE = Path(__file__).parent
LANG_COOKIE = "anjungan_lang"
COOKIE = "anjungan_session"        # the staff session, as kiosk.hub.api.staff sets it
env = Environment(loader=FileSystemLoader(HERE / "templates"),
                  autoescape=select_autoescape(["html"]))

# (page key, path, roles that may open it) in navigation order
PAGES = (
    ("live", "/dashboard", (ADMIN, MANAGER, AGENCY)),
    ("kiosks", "/dashboard/kiosks", (ADMIN, MANAGER)),
    ("satisfaction", "/dashboard/satisfaction", (ADMIN, MANAGER, AGENCY)),
    ("complaints", "/dashboard/complaints", (ADMIN, MANAGER, AGENCY)),
    ("service_times", "/dashboard/service-times", (ADMIN, MANAGER, AGENCY)),
    ("catalog", "/dashboard/catalog", (ADMIN, MANAGER, AGENCY)),
    ("users", "/admin/users", (ADMIN,)),
    ("audit", "/admin/audit", (ADMIN,)),
)
ROLES_OF = {key: roles for key, _, roles in PAGES}
# who may read a visitor's contact details (an agency only its own agency's)
CONTACT_ROLES = (ADMIN, MANAGER, AGENCY)


def accounts_of(hub):
    """The hub's Accounts (kiosk.hub.api.staff's, imported when first used: the API package
    includes these pages' router, so importing it at load time would go round in a circle)."""
    from kiosk.hub.api.staff import accounts_of as shared
    return shared(hub)


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "id"
    return lang if lang in ("id", "en") else "id"


@dataclass
class Context:
    request: Request
    user: StaffUser
    secret: str
    lang: str
    page: str

    @property
    def hub(self):
        return self.request.app.state.hub

    @property
    def agency_scope(self) -> str | None:
        """The only agency this user may see; None for the whole MPP."""
        return self.user.agency_id if self.user.role == AGENCY else None

    def may(self, page: str) -> bool:
        return self.user.role in ROLES_OF[page]

    def render(self, template: str, status: int = 200, **values) -> HTMLResponse:
        return render(self.request, template, status, user=self.user, page=self.page,
                      csrf_token=csrf.token_for(self.secret), **values)


def render(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    lang = lang_of(request)
    user = values.get("user")
    nav = [(key, path) for key, path, roles in PAGES if user and user.role in roles]
    page = env.get_template(template).render(
        lang=lang, t=texts(lang), other=("en" if lang == "id" else "id"), nav=nav,
        mpp=request.app.state.hub.settings.mpp_name, path=request.url.path,
        query=_query_without_lang(request), **values)
    response = HTMLResponse(page, status, headers={"Cache-Control": "no-store"})
    if request.query_params.get("lang") in ("id", "en"):
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="strict",
                            path="/")
    return response


def _query_without_lang(request: Request) -> str:
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs)


BEARER_PREFIX = "staff."              # a script's session, as kiosk.hub.api.staff takes it


def bearer_of(request: Request) -> str | None:
    """The credential of an `Authorization: Bearer …` header, or None."""
    kind, _, credential = request.headers.get("authorization", "").partition(" ")
    return credential.strip() if kind.lower() == "bearer" and credential.strip() else None


async def current(request: Request) -> tuple[str | None, StaffUser | None]:
    """The session's secret and user: the browser's cookie, or a script's
    `Authorization: Bearer staff.<secret>` (which carries no ambient credential, so its
    forms need no CSRF token)."""
    bearer = bearer_of(request)
    if bearer is not None:
        secret = bearer[len(BEARER_PREFIX):] if bearer.startswith(BEARER_PREFIX) else None
    else:
        secret = request.cookies.get(COOKIE)
    if not secret:
        return None, None
    hub = request.app.state.hub
    return secret, await run_in_threadpool(accounts_of(hub).session_user, secret)


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", 303)


def forbidden(request: Request, user: StaffUser | None, why: str = "forbidden",
              secret: str | None = None) -> HTMLResponse:
    return render(request, "forbidden.html", 403, user=user, page="", why=why,
                  csrf_token=csrf.token_for(secret) if secret else "")


async def enter(request: Request, page: str) -> Context | Response:
    bearer = bearer_of(request)
    if bearer is not None and not bearer.startswith(BEARER_PREFIX):
        return forbidden(request, None, "token")       # a kiosk's or display's token
    secret, user = await current(request)
    if user is None:
        if bearer is not None:                         # a script: no log-in form to go to
            return render(request, "forbidden.html", 401, user=None, page="",
                          why="session", csrf_token="")
        return login_redirect(request)
    if getattr(user, "must_change", False):
        return RedirectResponse(f"/password?next={quote(request.url.path)}", 303)
    if user.role not in ROLES_OF[page]:
        if user.role == OFFICER and page == "live":
            return render(request, "officer.html", user=user, page="",
                          csrf_token=csrf.token_for(secret))
        return forbidden(request, user, secret=secret)
    return Context(request, user, secret, lang_of(request), page)


async def form_of(request: Request) -> dict[str, str]:
    """The urlencoded form's fields (the last value of each)."""
    body = (await request.body()).decode("utf-8", "replace")
    return {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}


async def checked_form(ctx: Context) -> dict[str, str] | Response:
    """The POSTed form, or the 403 page when its CSRF token is not this session's."""
    form = await form_of(ctx.request)
    if bearer_of(ctx.request) is None and not csrf.valid(ctx.secret, form.get(csrf.FIELD)):
        return forbidden(ctx.request, ctx.user, "csrf", ctx.secret)
    return form


def safe_next(target: str | None, default: str = "/dashboard") -> str:
    """Only a path on this hub (never //host or a scheme): no open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def audit(ctx_or_hub, username: str, action: str, target: str = "", detail: str = "",
          address: str = "") -> None:
    """Record a staff action in the hub's audit log (kiosk.hub.audit)."""
    from kiosk.hub.audit import Audit
    hub = ctx_or_hub
    Audit(hub.store, hub.clock).record(username, action, target=target, detail=detail,
                                       address=address)


def address_of(request: Request) -> str:
    return request.client.host if request.client else ""
