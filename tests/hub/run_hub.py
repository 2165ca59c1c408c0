"""Run a hub for tests: `python run_hub.py CONFIG DB PORT FIXED_NOW_ISO` (DB: a SQLite path
or a postgresql:// URL).

The hub's clock is pinned inside opening hours so the tests do not depend on the day.
"""

import sys
from datetime import datetime

import uvicorn

from kiosk import config
from kiosk.hub.api import create_app
from kiosk.hub.stores import open_hub_store

if __name__ == "__main__":
    path, db, port, now = sys.argv[1:5]
    fixed = datetime.fromisoformat(now)
    app = create_app(config.load(path), open_hub_store(db), clock=lambda: fixed)
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning", access_log=False)
