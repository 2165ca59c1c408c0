"""The hub's HTTP JSON API (FastAPI): one router per resource, shared dependencies in deps.

OpenAPI in docs/hub-openapi.json (/openapi.json and /docs: for an admin's session only).
Every request but /v1/health carries
`Authorization: Bearer <token>`; the token names the kiosk, and that kiosk id is recorded on
every write. Writes that create something carry an `Idempotency-Key` header: a repeat
answers with the original result. Refusals (closed, quota full, bad transition) are 409 with
{kind, message_id, message_en}; bad input is 4xx.

    deps        the hub's parts (Hub), credentials, Problem, the writer/reader helpers
    models      request bodies
    tickets checkins feedback kiosks reports     the routers
    staff counters events     staff log-in; the officers' counter actions (staff sessions);
                              the live event stream for displays (kiosk.hub.events)
    admin                     accounts, the audit log, /docs (admin sessions)

What may not live here: rules (kiosk/ and kiosk/hub/core.py hold them) and SQL (the stores).
"""

from contextlib import asynccontextmanager
from datetime import datetime
from typing import Callable

from fastapi import FastAPI

from kiosk.config import Settings
from kiosk.hub import limits as hub_limits
from kiosk.hub import web
from kiosk.hub.api import (admin, checkins, counters, events, feedback, kiosks, panel,
                          reports, staff, tickets)
from kiosk.hub.api.access import Issuing
from kiosk.hub.api.deps import Hub, install_error_handlers
from kiosk.hub.core import HubCore
from kiosk.hub.guard import RequestGuard
from kiosk.hub.store import HubStore
from kiosk.hub.writer import writer_for
from kiosk.store import utc_now

ROUTERS = (kiosks.router, tickets.router, checkins.router, feedback.router, reports.router,
           panel.router, staff.router, counters.router, events.router, admin.router,
           admin.docs_router, web.router)
TITLE = "Anjungan hub"
DESCRIPTION = "Shared numbering, bookings and feedback for Anjungan kiosks."


def openapi_schema() -> dict:
    """The API's OpenAPI schema, built from the routers alone (no store, no settings):
    `python -m kiosk.hub.api` writes it to docs/hub-openapi.json."""
    from fastapi.openapi.utils import get_openapi
    routes = [route for router in ROUTERS for route in router.routes]
    return get_openapi(title=TITLE, version="1", description=DESCRIPTION, routes=routes)


def create_app(settings: Settings, store: HubStore,
               clock: Callable[[], datetime] = utc_now) -> FastAPI:
    """The hub's app. /docs and /openapi.json list every endpoint: served to an admin's
    session only (kiosk.hub.api.admin); docs/hub-openapi.json ships the same schema."""
    limits = hub_limits.read(settings)
    hub = Hub(settings, store, HubCore(settings, store, clock), writer_for(store), clock,
              limits, Issuing(limits, settings.catalog))

    @asynccontextmanager
    async def lifespan(app):
        app.state.counters.start()
        yield
        app.state.counters.stop()
        hub.writer.close()

    app = FastAPI(title=TITLE, version="1", lifespan=lifespan, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.state.hub = hub
    install_error_handlers(app)
    counters.install(app, hub)
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(RequestGuard)      # body limits, security headers
    return app
