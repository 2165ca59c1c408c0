"""The one way anything of ours talks HTTP to the hub: the kiosk's service, the hall display
and the staff tools (`kiosk report --hub`) all send requests through HubHttp.

Bounded retries only where a repeat is safe (reads and writes carrying an Idempotency-Key),
timeouts always, and one error vocabulary: HubDown (no usable answer: network, timeout, 5xx,
a refused token) and HubError (a 4xx: the request itself is wrong; retrying will not help).
A refusal by the queue rules (closed, quota full) arrives as kiosk.queueing.Refused.
"""

from __future__ import annotations

import threading
import time

import requests

from kiosk.hub import wire
from kiosk.queueing import Refused


class HubDown(Exception):
    """The hub did not answer (network, timeout, 5xx, refused credentials)."""


class HubError(Exception):
    """The hub answered with a 4xx: the request itself is wrong; retrying will not help."""

    def __init__(self, status: int, body: dict):
        self.status, self.body = status, body
        super().__init__(f"{status}: {body.get('message_en') or body}")


class TokenRefused(HubDown):
    """The hub does not know the token (401): nothing will work until it is replaced."""


class HubHttp:
    def __init__(self, base_url: str, token: str, *, timeout: tuple[float, float] = (1.0, 3.0),
                 retries: int = 2):
        self.base = base_url.rstrip("/")
        self.timeout, self.retries = timeout, retries
        self._headers = {"Authorization": f"Bearer {token}"}
        self._local = threading.local()   # one requests.Session per thread

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.headers.update(self._headers)
        return session

    def request(self, method: str, path: str, *, body: dict | None = None,
                key: str | None = None, params: dict | None = None,
                timeout: tuple[float, float] | None = None, retries: int | None = None):
        """The answer's JSON. Raises HubDown, TokenRefused, HubError or Refused."""
        headers = {"Idempotency-Key": key} if key else {}
        safe = method == "GET" or key
        attempts = 1 + ((self.retries if retries is None else retries) if safe else 0)
        error = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(0.2 * 2 ** (attempt - 1))       # 0.2 s, 0.4 s
            try:
                answer = self._session().request(method, self.base + path, json=body,
                                                 params=params, headers=headers,
                                                 timeout=timeout or self.timeout)
            except requests.RequestException as exc:   # the class says it; the text is long
                error = type(exc).__name__
                continue
            if answer.status_code >= 500 or answer.status_code == 429:
                error = f"hub answered {answer.status_code}"
                continue
            return _parse(answer)
        raise HubDown(error)


def _parse(answer: requests.Response):
    try:
        data = answer.json()
    except ValueError:
        data = {"message_en": answer.text[:200]}
    if answer.status_code == 401:
        raise TokenRefused("the hub refused the token")
    if answer.status_code == 409 and isinstance(data, dict) and "at" in data and "zone" in data:
        raise Refused(wire.refusal_from_json(data))
    if answer.status_code >= 400:
        raise HubError(answer.status_code, data if isinstance(data, dict) else {})
    return data
