"""Nothing travels in clear text: the hub serves TLS with a certificate from the MPP's own
CA (`kiosk hub tls-init`), a kiosk verifies it with [hub] ca_file, a hub with a certificate
from another CA is refused in words a person understands, and a plain-HTTP hub on the
network is refused before any connection unless allow_insecure is written.

About transport only: SQLite alone. The LAN address below (192.0.2.10, TEST-NET-1,
RFC 5737) is only ever written in a config: no packet is sent to it."""

import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime

import pytest

from kiosk import config
from kiosk.hub.client import HubDown, RemoteService
from kiosk.hub.http import HubHttp, InsecureHub
from kiosk.service import LocalService

from hub_support import NOW, Hub

LAN_HUB = "http://192.0.2.10:8750"


def kiosk_cli(*args):
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True,
                          text=True, timeout=60)


def tls_init(folder, *names):
    done = kiosk_cli("hub", "tls-init", "--out", str(folder), *names)
    assert done.returncode == 0, done.stderr
    return folder / "hub.pem", folder / "hub.key", folder / "ca.pem"


@pytest.fixture(scope="module")
def mpp_ca(tmp_path_factory):
    return tls_init(tmp_path_factory.mktemp("mpp-ca"), "--host", "localhost", "--ip",
                    "127.0.0.1")


@pytest.fixture
def tls_hub(tmp_path, mpp_ca):
    hub = Hub(tmp_path, None, tls=mpp_ca)
    hub.start()
    yield hub
    hub.close()


def remote(hub, folder, kiosk_toml_extra: str, url=None) -> RemoteService:
    path = folder / "kiosk-k1.toml"
    path.write_text(hub.config.read_text() + f'\n[hub]\nurl = "{url or hub.url}"\n'
                    + kiosk_toml_extra)
    settings = replace(config.load(path), kiosk_id="K1", hub_token=hub.token("K1"),
                       store_path=folder / "k1.sqlite3")
    fixed = datetime.fromisoformat(NOW)
    return RemoteService(settings, LocalService(settings, clock=lambda: fixed),
                         start_sync=False, retries=0, timeout=(1.0, 3.0))


def test_tls_init_makes_a_ca_and_a_certificate_with_private_keys_kept_private(tmp_path):
    cert, key, ca = tls_init(tmp_path, "--host", "hub.mpp.local", "--ip", "192.0.2.10")
    assert cert.read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert oct((ca.parent / "ca.key").stat().st_mode & 0o777) == "0o600"
    again = kiosk_cli("hub", "tls-init", "--out", str(ca.parent), "--host", "localhost")
    assert again.returncode == 0 and "kept the MPP's CA" in again.stdout   # renewal keeps it
    bad = kiosk_cli("hub", "tls-init", "--out", str(ca.parent), "--ip", "not-an-address")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_a_kiosk_talks_to_the_hub_over_tls_with_the_mpps_ca(tls_hub, tmp_path, mpp_ca):
    (tmp_path / "mpp-ca.pem").write_bytes(mpp_ca[2].read_bytes())
    k = remote(tls_hub, tmp_path, 'ca_file = "mpp-ca.pem"\n')
    try:
        assert k.http.request("GET", "/v1/health")["ok"]
        assert k.sync_now()
        ticket = k.issue_ticket("dukcapil-ktp")
        assert k.online and ticket.number == "A-021"      # after its offline block of 20
        assert tls_hub.store.ticket(ticket.id).kiosk_id == "K1"
    finally:
        k.close()
        k.store.close()


def test_a_hub_with_a_certificate_from_another_ca_is_refused_in_plain_words(
        tls_hub, tmp_path):
    other = tls_init(tmp_path / "other", "--host", "localhost", "--ip", "127.0.0.1")
    (tmp_path / "other-ca.pem").write_bytes(other[2].read_bytes())
    k = remote(tls_hub, tmp_path, 'ca_file = "other-ca.pem"\n')
    try:
        with pytest.raises(HubDown) as refused:
            k.http.request("GET", "/v1/catalog")
        words = str(refused.value)
        assert "not the MPP's hub" in words and "ca_file" in words, words
        assert not k.sync_now() and not k.online        # it works offline instead
    finally:
        k.close()
        k.store.close()
    # the staff's command line says the same, without a traceback
    path = tmp_path / "kiosk-k1.toml"
    done = kiosk_cli("report", "ikm", "--config", str(path), "--token", tls_hub.staff,
                     "--lang", "en")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not the MPP's hub" in done.stderr, done.stderr


def test_a_plain_http_hub_on_the_network_is_refused_unless_allowed(tmp_path):
    hub = Hub(tmp_path)                 # not started: only its kiosk.toml is used
    try:
        path = tmp_path / "kiosk-lan.toml"
        path.write_text(hub.config.read_text() + f'\n[hub]\nurl = "{LAN_HUB}"\ntoken = "t"\n')
        http = HubHttp(LAN_HUB, "t")
        began = time.monotonic()
        with pytest.raises(InsecureHub, match="clear text"):
            http.request("GET", "/v1/health")
        assert time.monotonic() - began < 0.05
        assert not hasattr(http._local, "session")       # no connection was even prepared
        k = remote(hub, tmp_path, "", url=LAN_HUB)
        try:
            assert k.http.refusal and not k.sync_now()
        finally:
            k.close()
            k.store.close()
        warned = kiosk_cli("check-config", "--config", str(path))
        assert warned.returncode == 0
        assert f"WARN {path}: hub.url: {LAN_HUB} is plain HTTP" in warned.stdout
        assert "refuses" in warned.stdout
        # written down: accepted (with a warning still), and loopback is always fine
        path.write_text(path.read_text() + "allow_insecure = true\n")
        assert HubHttp(LAN_HUB, "t", allow_insecure=True).refusal is None
        assert HubHttp("http://127.0.0.1:8750", "t").refusal is None
        assert HubHttp("http://localhost:8750", "t").refusal is None
        assert "clear text" in kiosk_cli("check-config", "--config", str(path)).stdout
        # a CA file that is not there is a config problem, named with its key
        path.write_text(path.read_text() + 'ca_file = "missing-ca.pem"\n')
        bad = kiosk_cli("check-config", "--config", str(path))
        assert bad.returncode != 0 and "hub.ca_file" in bad.stdout + bad.stderr
    finally:
        hub.close()
