"""The hub's HTTP JSON API (FastAPI): one router per resource, shared dependencies in deps.

OpenAPI at /openapi.json, browsable at /docs. Every request but /v1/health carries
`Authorization: Bearer <token>`; the token names the kiosk, and that kiosk id is recorded on
every write. Writes that create something carry an `Idempotency-Key` header: a repeat
answers with the original result. Refusals (closed, quota full, bad transition) are 409 with
{kind, message_id, message_en}; bad input is 4xx.

    deps        the hub's parts (Hub), credentials, Problem, the writer/reader helpers
    models      request bodies
    tickets checkins feedback kiosks reports     the routers
    staff counters events     staff log-in; the officers' counter actions (staff sessions);
                              the live event stream for displays (kiosk.hub.events)

What may not live here: rules (kiosk/ and kiosk/hub/core.py hold them) and SQL (the stores).
"""

from contextlib import asynccontextmanager
from datetime import datetime
from typing import Callable

from fastapi import FastAPI

from kiosk.config import Settings
from kiosk.hub.api import checkins, counters, events, feedback, kiosks, reports, staff, tickets
from kiosk.hub import web
from kiosk.hub.api.deps import Hub, install_error_handlers
from kiosk.hub.core import HubCore
from kiosk.hub.store import HubStore
from kiosk.hub.writer import writer_for
from kiosk.store import utc_now

ROUTERS = (kiosks.router, tickets.router, checkins.router, feedback.router, reports.router,
           staff.router, counters.router, events.router, web.router)


def create_app(settings: Settings, store: HubStore,
               clock: Callable[[], datetime] = utc_now) -> FastAPI:
    hub = Hub(settings, store, HubCore(settings, store, clock), writer_for(store), clock)

    @asynccontextmanager
    async def lifespan(app):
        app.state.counters.start()
        yield
        app.state.counters.stop()
        hub.writer.close()

    app = FastAPI(title="Anjungan hub", version="1", lifespan=lifespan,
                  description="Shared numbering, bookings and feedback for Anjungan kiosks.")
    app.state.hub = hub
    install_error_handlers(app)
    counters.install(app, hub)
    for router in ROUTERS:
        app.include_router(router)
    return app
