"""Staff pages served by the hub: server-rendered Jinja2 templates, a little JavaScript of
our own (static/), no build step.

    counter   /counter: the officer's console (log-in, pick a counter, call, recall,
              not present, start, finish, transfer, break) over the JSON counter API
    dashboard /login, /dashboard/…, /admin/…: the managers' pages (kiosk.hub.web.dashboard)
"""

from fastapi import APIRouter

from kiosk.hub.web import counter, dashboard

router = APIRouter(include_in_schema=False)
router.include_router(counter.router)
router.include_router(dashboard.router)

__all__ = ["router"]
