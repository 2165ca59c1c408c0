"""The one way anything of ours talks HTTP to the hub: the kiosk's service, the hall display
and the staff tools (`kiosk report --hub`) all send requests through HubHttp.

Bounded retries only where a repeat is safe (reads and writes carrying an Idempotency-Key),
timeouts always, and one error vocabulary: HubDown (no usable answer: network, timeout, 5xx,
a refused token) and HubError (a 4xx: the request itself is wrong; retrying will not help;
SlowDown, a 429: the hub is there but this kiosk asked too often, try again later).
A refusal by the queue rules (closed, quota full) arrives as kiosk.queueing.Refused.
"""

from __future__ import annotations

import threading
import time

import requests

from kiosk.hub import transport, wire
from kiosk.queueing import Refused


class HubDown(Exception):
    """The hub did not answer (network, timeout, 5xx, refused credentials)."""


class HubError(Exception):
    """The hub answered with a 4xx: the request itself is wrong; retrying will not help."""

    def __init__(self, status: int, body: dict):
        self.status, self.body = status, body
        super().__init__(f"{status}: {body.get('message_en') or body}")


class SlowDown(HubError):
    """The hub asks this kiosk to slow down (429): it is online and answering; the request
    may be repeated after `retry_after` seconds. Never a reason to go offline."""

    def __init__(self, status: int, body: dict, retry_after: float):
        super().__init__(status, body)
        self.retry_after = retry_after


class TokenRefused(HubDown):
    """The hub does not know the token (401): nothing will work until it is replaced."""


class InsecureHub(HubDown):
    """A plain http:// hub on the network, refused before any connection (kiosk.hub.transport)."""


class HubHttp:
    def __init__(self, base_url: str, token: str, *, timeout: tuple[float, float] = (1.0, 3.0),
                 retries: int = 2, verify: str | bool = True, allow_insecure: bool = False):
        """`verify`: the MPP's CA file ([hub] ca_file) or True for the system's CAs."""
        self.base = base_url.rstrip("/")
        self.timeout, self.retries = timeout, retries
        self.verify = verify
        self.refusal = transport.refusal(self.base, allow_insecure)
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
        if self.refusal:
            raise InsecureHub(self.refusal)
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
                                                 timeout=timeout or self.timeout,
                                                 # per request: REQUESTS_CA_BUNDLE in the
                                                 # environment would override the session's
                                                 verify=self.verify)
            except requests.exceptions.SSLError as exc:    # no retry will change a certificate
                raise HubDown(_tls_words(self.base, self.verify, exc)) from None
            except requests.RequestException as exc:   # the class says it; the text is long
                error = type(exc).__name__
                continue
            if answer.status_code >= 500:
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
    if answer.status_code == 429:
        raise SlowDown(429, data if isinstance(data, dict) else {},
                       _seconds(answer.headers.get("Retry-After")))
    if answer.status_code == 409 and isinstance(data, dict) and "at" in data and "zone" in data:
        raise Refused(wire.refusal_from_json(data))
    if answer.status_code >= 400:
        raise HubError(answer.status_code, data if isinstance(data, dict) else {})
    return data


def _seconds(value: str | None) -> float:
    try:
        return max(0.0, min(3600.0, float(value)))
    except (TypeError, ValueError):
        return 1.0


def _tls_words(base: str, verify, exc: Exception) -> str:
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        which = f"the MPP's CA in [hub] ca_file ({verify})" if isinstance(verify, str) else \
            "the system's certificate authorities (set [hub] ca_file to the MPP's ca.pem)"
        why = ("it is for another name or address" if "match" in text or "mismatch" in text
               else "it is not signed by " + which)
        return f"the hub at {base} is not the MPP's hub: its certificate cannot be trusted " \
               f"({why})"
    return f"a secure connection to the hub at {base} failed (TLS: {type(exc).__name__})"
