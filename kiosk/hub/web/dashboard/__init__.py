"""The managers' dashboard served by the hub: server-rendered pages (Jinja2 templates,
inline SVG charts, our own stylesheet; no script), Indonesian first, English on ?lang=en.

    base          session, role → pages, language, CSRF-checked forms, rendering
    login         /login, /logout, /password (forced change at first log-in)
    live          /dashboard: today per agency, arrivals per hour
    kiosks        /dashboard/kiosks: heartbeats, devices, offline numbers, problems first
    satisfaction  /dashboard/satisfaction: IKM, NRR, face votes (kiosk.reports) + downloads
    complaints    /dashboard/complaints: suggestions and complaints, reply note, handled
    service_times /dashboard/service-times: waiting and service times per agency
    catalog       /dashboard/catalog: agencies, services, hours, quotas, closures
    users audit   /admin/users, /admin/audit (admin only)
    svg           the charts

Roles: admin everything; manager the whole MPP; agency its own agency everywhere; officer
no dashboard (a page pointing to /counter).
"""

from fastapi import APIRouter

from kiosk.hub.web.dashboard import (
    audit_log,
    catalog,
    complaints,
    kiosks,
    live,
    login,
    satisfaction,
    service_times,
    static,
    users,
)

router = APIRouter(include_in_schema=False)
for module in (login, live, kiosks, satisfaction, complaints, service_times, catalog,
               users, audit_log, static):
    router.include_router(module.router)

__all__ = ["router"]
