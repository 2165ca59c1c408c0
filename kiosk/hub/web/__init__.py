"""Staff pages served by the hub: server-rendered Jinja2 templates, a little JavaScript of
our own (static/), no build step.

    counter   /counter: the officer's console (log-in, pick a counter, call, recall,
              not present, start, finish, transfer, break) over the JSON counter API
"""

from kiosk.hub.web.counter import router

__all__ = ["router"]
