"""Run a hub for tests: `python run_hub.py CONFIG DB PORT FIXED_NOW_ISO` (DB: a SQLite path
or a postgresql:// URL).

The hub's clock is pinned inside opening hours so the tests do not depend on the day.
$ANJUNGAN_TEST_TLS ("CERT:KEY") serves https. Staff endpoints (reports, complaints) accept the token in $ANJUNGAN_TEST_STAFF_TOKEN: a
test stand-in for a manager's session (a fixed token), beside the real staff accounts.
"""

import os
import sys
from datetime import datetime

import uvicorn

from kiosk import config
from kiosk.hub.api import create_app
from kiosk.hub.limits import read as read_limits
from kiosk.hub.serving import uvicorn_options
from kiosk.hub.stores import open_hub_store

if __name__ == "__main__":
    path, db, port, now = sys.argv[1:5]
    fixed = datetime.fromisoformat(now)
    settings = config.load(path)
    app = create_app(settings, open_hub_store(db), clock=lambda: fixed)
    staff_token = os.environ.get("ANJUNGAN_TEST_STAFF_TOKEN")
    if staff_token:
        from fastapi import Request
        from kiosk.hub.api.access import staff_only
        from kiosk.hub.api.deps import bearer

        from kiosk.hub.accounts import StaffUser

        async def test_staff(request: Request) -> StaffUser:
            if request.headers.get("authorization", "") == f"Bearer {staff_token}":
                return StaffUser("test-staff", "manager", None)
            return await staff_only(request, request.app.state.hub, await bearer(request))
        app.dependency_overrides[staff_only] = test_staff
    # the same limits and timeouts as `kiosk hub serve` (kiosk.hub.serving)
    cert, _, key = os.environ.get("ANJUNGAN_TEST_TLS", "").partition(":")
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning",
                **uvicorn_options(read_limits(settings), tls_cert=cert or None,
                                  tls_key=key or None))
