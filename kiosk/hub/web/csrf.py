"""CSRF protection for staff sessions carried by the browser's cookie.

The token is bound to the session: HMAC-SHA256 of a fixed label keyed with the session
secret (which only the browser's HttpOnly cookie holds; the hub stores its hash), so it
needs no table and dies with the session. A page renders it into its forms (hidden field
`csrf`) and into `<meta name="csrf-token">` for its script, which sends it as the
`X-CSRF-Token` header. A request authenticated by `Authorization: Bearer staff.<secret>`
(a script) carries no ambient credential a foreign page could borrow, so it needs none.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "x-csrf-token"
FIELD = "csrf"
_LABEL = b"anjungan csrf v1"


def token_for(session_secret: str) -> str:
    return hmac.new(session_secret.encode(), _LABEL, hashlib.sha256).hexdigest()[:40]


def valid(session_secret: str | None, submitted: str | None) -> bool:
    """True when `submitted` is the token of this session (constant-time compare)."""
    if not session_secret or not submitted:
        return False
    return hmac.compare_digest(token_for(session_secret), submitted)
