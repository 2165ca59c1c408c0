"""What every request meets before the hub reads its body or checks its token (pure ASGI,
outside FastAPI's routing), and what every answer carries.

- Headers over 16 KB are refused with 431 (h11 refuses them while they arrive).
- A body larger than its endpoint needs is refused with 413 at once: a declared
  Content-Length over the limit before a byte is read, a chunked body as soon as the bytes
  counted pass it. The largest legitimate request is a few KB (a check-in code of up to
  4 KB, an SKM answer with its suggestion); anything else stays under 8 KB.
- Security headers on every answer: nothing may frame, sniff, refer to or run anything
  from a hub answer (a strict Content-Security-Policy).

Slow and idle connections are closed by the server's protocol (kiosk.hub.serving).
"""

from __future__ import annotations

HEADER_LIMIT = 16 * 1024      # all header lines together
BODY_LIMIT = 8 * 1024
LARGE_BODY_LIMIT = 64 * 1024
LARGE_BODY_PATHS = ("/v1/checkins", "/v1/skm")

CSP = ("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# FastAPI's browsable docs load their script and styles from a CDN: only on these pages
# (served to an admin's session alone: kiosk.hub.api.admin), a looser policy.
DOCS_PATHS = ("/docs", "/redoc")
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
            "frame-ancestors 'none'")


# The staff pages (kiosk.hub.web): their own script, styles and API calls, nothing else.
PAGE_PATHS = ("/counter", "/login", "/logout", "/password", "/dashboard", "/admin")
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def body_limit(path: str) -> int:
    return LARGE_BODY_LIMIT if path in LARGE_BODY_PATHS else BODY_LIMIT


class _TooLarge(Exception):
    pass


class RequestGuard:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = self._headers_for(scope["path"])

        async def secured(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [
                    *[(k, v) for k, v in message.get("headers", ())
                      if k.lower() not in {name for name, _ in headers}], *headers]}
            await send(message)

        # h11 bounds headers that arrive in pieces; a block read whole is measured here
        if sum(len(k) + len(v) + 4 for k, v in scope.get("headers", ())) > HEADER_LIMIT:
            return await _refuse(secured, 431, f"the headers are larger than {HEADER_LIMIT} bytes")
        limit = body_limit(scope["path"])
        declared = _content_length(scope)
        if declared == -1:
            return await _refuse(secured, 400, "bad Content-Length")
        if declared is not None and declared > limit:
            return await _refuse(secured, 413, f"the body is larger than {limit} bytes")
        state = {"received": 0, "too_large": False, "started": False}

        async def counted():
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["too_large"] = True
                    raise _TooLarge()
            return message

        async def answered(message):
            if state["too_large"]:       # the app's answer to a body cut short: ours instead
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await secured(message)

        try:
            await self.app(scope, counted, answered)
        except Exception:
            if not state["too_large"]:
                raise
        if state["too_large"] and not state["started"]:
            await _refuse(secured, 413, f"the body is larger than {limit} bytes")

    def _headers_for(self, path: str):
        if path.startswith(DOCS_PATHS):
            return [(b"content-security-policy", DOCS_CSP.encode()),
                    *[h for h in SECURITY_HEADERS if h[0] != b"content-security-policy"]]
        if path.startswith(PAGE_PATHS):
            return [(b"content-security-policy", PAGE_CSP.encode()),
                    *[h for h in SECURITY_HEADERS if h[0] != b"content-security-policy"]]
        return SECURITY_HEADERS


def _content_length(scope) -> int | None:
    """The declared length, None when there is none, -1 when it is not a number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


async def _refuse(send, status: int, why: str) -> None:
    import json
    words = {413: ("Isi permintaan terlalu besar", "Request body too large"),
             431: ("Kepala permintaan terlalu besar", "Request headers too large"),
             400: ("Permintaan tidak valid", "Bad request")}[status]
    body = json.dumps({"kind": "invalid" if status == 400 else "too_large",
                       "message_id": f"{words[0]}: {why}",
                       "message_en": f"{words[1]}: {why}"}).encode()
    # Connection: close — the rest of a refused body is never read.
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
