"""What anyone on the network can make the hub do without a token: nothing costly. Bodies
over the limit are refused with 413 before they are read, connections that send nothing
(or a byte now and then) are closed, and every answer carries the security headers.

About the HTTP layer only (kiosk.hub.guard, kiosk.hub.serving): SQLite alone."""

import socket
import threading
import time

import pytest
import requests

from hub_support import Hub

HUNDRED_MB = 100 * 1000 * 1000
# a short request deadline keeps the test quick; the default is 10 s
QUICK = "[hub]\nrequest_timeout_s = 2\n"


@pytest.fixture
def hub(tmp_path):
    h = Hub(tmp_path, None, QUICK)
    h.start()
    yield h
    h.close()


def rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


class Sampler(threading.Thread):
    """The hub's largest resident memory while the test runs."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.01)


def upload(port: int, chunked: bool, out: list):
    """POST 100 MB without a token; record (status line, seconds to the answer, MB sent)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    framing = (b"Transfer-Encoding: chunked\r\n" if chunked
               else f"Content-Length: {HUNDRED_MB}\r\n".encode())
    sock.sendall(b"POST /v1/tickets HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                 + framing + b"\r\n")
    started, sent = time.monotonic(), [0]

    def pour():
        piece = b"x" * (1 << 20)
        if chunked:
            piece = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
        try:
            while sent[0] < HUNDRED_MB:
                sock.sendall(piece)
                sent[0] += 1 << 20
        except OSError:      # the hub closed the connection: what it should do
            pass
    threading.Thread(target=pour, daemon=True).start()
    answer = b""
    try:
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    finally:
        out.append((answer.split(b"\r\n")[0].decode(), time.monotonic() - started,
                    sent[0] / 1e6))
        sock.close()


def test_four_unauthenticated_100mb_bodies_are_refused_at_once(hub):
    requests.get(hub.url + "/v1/health", timeout=5)
    time.sleep(0.3)
    idle = rss_mb(hub.proc.pid)
    sampler = Sampler(hub.proc.pid)
    sampler.start()
    results = []
    threads = [threading.Thread(target=upload, args=(hub.port, chunked, results))
               for chunked in (False, True, False, True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    time.sleep(0.3)
    sampler.done.set()
    sampler.join()
    assert len(results) == 4
    for status, seconds, sent in results:
        assert status.startswith("HTTP/1.1 413"), status
        assert seconds < 2.0, f"413 after {seconds:.1f} s"
        assert sent < 100, f"{sent:.0f} MB went out before the answer: not refused at once"
    print(f"idle {idle:.0f} MB, peak {sampler.peak:.0f} MB")
    assert sampler.peak - idle < 100
    # and the hub still serves
    assert requests.get(hub.url + "/v1/health", timeout=5).ok


def test_a_body_over_its_endpoints_limit_is_413_and_a_checkin_code_of_4kb_is_not(hub):
    k1 = hub.token("K1")
    big = hub.post("/v1/tickets", k1, key="big-body-01",
                   json={"service_id": "dukcapil-ktp", "booking_id": "x" * 9000})
    assert big.status_code == 413 and big.json()["kind"] == "too_large"
    assert "terlalu besar" in big.json()["message_id"]
    code = hub.post("/v1/checkins", k1, json={"code": "A" * 4096})
    assert code.status_code not in (413, 500)              # a 4 KB code reaches the rules


def test_idle_and_slow_connections_are_closed_while_a_kiosk_keeps_issuing(hub):
    k1 = hub.token("K1")
    idle = [socket.create_connection(("127.0.0.1", hub.port), timeout=10) for _ in range(450)]
    slow = [socket.create_connection(("127.0.0.1", hub.port), timeout=10) for _ in range(50)]
    opened = time.monotonic()
    for s in slow:               # a request begun and never finished (slowloris)
        s.sendall(b"POST /v1/tickets HTTP/1.1\r\nHost: hub\r\n")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {k1}"
    answers, waits = [], []
    for i in range(10):          # a visitor every 0.4 s meanwhile
        began = time.monotonic()
        answers.append(session.post(hub.url + "/v1/tickets", timeout=5,
                                    headers={"Idempotency-Key": f"calm-{i:05d}"},
                                    json={"service_id": "dukcapil-ktp"}).status_code)
        waits.append(time.monotonic() - began)
        time.sleep(0.4)
        if i == 3:
            for s in slow:       # another byte now and then does not keep them alive
                s.sendall(b"X")
    assert answers == [201] * 10 and max(waits) < 1.0
    closed_after = []
    for s in idle + slow:
        s.settimeout(max(0.1, opened + 6 - time.monotonic()))
        try:
            gone = s.recv(1024) == b""
        except ConnectionResetError:
            gone = True
        except socket.timeout:
            gone = False
        closed_after.append(time.monotonic() - opened if gone else None)
        s.close()
    assert None not in closed_after, f"{closed_after.count(None)} connections still open"
    assert min(closed_after) >= 1.5           # not before the deadline (2 s)


def test_every_answer_carries_the_security_headers(hub):
    for answer in (requests.get(hub.url + "/v1/health", timeout=5),
                   requests.get(hub.url + "/v1/tickets", timeout=5),          # 401
                   requests.get(hub.url + "/nowhere", timeout=5),             # 404
                   requests.post(hub.url + "/v1/tickets", data=b"x" * 10000, timeout=5)):
        h = answer.headers
        assert "default-src 'none'" in h["Content-Security-Policy"], answer.status_code
        assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
        assert h["X-Frame-Options"] == "DENY"
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "no-referrer"


def test_headers_over_16kb_are_refused_before_the_app(hub):
    try:
        answer = requests.get(hub.url + "/v1/tickets", timeout=5,
                              headers={"Authorization": "Bearer " + "x" * 20000})
        assert answer.status_code == 431 and answer.json()["kind"] == "too_large"
    except requests.ConnectionError:
        pass                       # or the connection is dropped: either way, not served
    assert requests.get(hub.url + "/v1/health", timeout=5).ok
