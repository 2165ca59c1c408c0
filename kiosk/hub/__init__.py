"""The hub, both sides: the HTTP JSON API that several kiosks share for numbering, bookings
and feedback, and the kiosk's client of it.

    the kiosk's side   client (RemoteService: the hub when it answers, its own reserved
                       numbers offline), outbox (writes queued for the hub), http (HubHttp:
                       the one way to send a request), wire (the JSON shapes both sides use)
    the server's side  api/ (FastAPI: one router per resource, deps.py shared), core
                       (HubCore: the kiosk's own rules over the shared store), store and
                       pgstore (SQLite, PostgreSQL), writer (group commit), stores (choosing)
    the staff's side   web/ (the counter console and the managers' dashboard: server-rendered
                       pages), dashboard_store (the dashboard's SQL and kept IKM totals)

Importing this package pulls in nothing heavy: FastAPI is imported only by the hub process
(kiosk.hub.api); a kiosk needs requests and the plain modules. Rules do not live here but in
kiosk/ (queueing, survey, bookings): the hub runs the same code a stand-alone kiosk runs.
"""
