"""The kiosk's Kivy screens: one .py (behaviour) and one .kv (layout) per screen, the app
(app.py: navigation, idle timeout, staff alerts, hardware events marshalled to the main
thread), the theme, shared widgets, and background.py (every I/O call runs on a worker and
answers on the main thread). tools/ drives the real window for screenshots and tests.

What may not live here: rules (kiosk/ holds them: a screen shows what the service returns)
and SQL or HTTP (screens talk to kiosk.service's KioskService, never to a store or the hub).
"""
