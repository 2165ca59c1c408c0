"""The hub: one HTTP JSON API that several kiosks share for numbering, bookings and feedback.

Importing this package pulls in nothing heavy: the FastAPI app lives in kiosk.hub.app and
is imported only by the hub process; kiosks need only kiosk.hub.wire (plain JSON mapping).
"""
