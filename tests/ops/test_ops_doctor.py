"""`kiosk doctor` on a simulated kiosk with a real hub on 127.0.0.1: healthy, then with the
printer out of paper, a full disk, the clock two hours ahead (libfaketime) and the hub
stopped — each named plainly, with a non-zero exit status."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from kiosk import config
from kiosk.hub.store import HubStore
from kiosk.ops import backup
from kiosk.service import open_service

from ops_support import ROOT, fill

DEVICES = """
[devices.printer]
driver = "{printer}"
port = "{port}"
[devices.scanner]
driver = "simulated"
[devices.cardreader]
driver = "simulated"
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env():
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """`kiosk hub serve` with its real clock, and a token for kiosk T1."""
    folder = tmp_path_factory.mktemp("hub")
    data = ROOT / "tests" / "kiosk" / "data"
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(data / name, folder / name)
    store = HubStore(folder / "hub.sqlite3")
    token = store.new_token("T1")
    store.close()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "--config", str(folder / "kiosk.toml"),
                             "hub", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--db", str(folder / "hub.sqlite3")], env=env(), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if requests.get(url + "/v1/health", timeout=0.5).ok:
                break
        except requests.RequestException:
            time.sleep(0.05)
    yield {"url": url, "token": token, "proc": proc}
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def make_kiosk(kiosk_dir, folder, hub, printer="simulated", port=""):
    path = kiosk_dir(folder)
    text = path.read_text().replace('[devices.printer]\ndriver = "none"\n', "")
    text = text.replace('url = ""', "")
    text += f'\n[hub]\nurl = "{hub["url"]}"\ntoken = "{hub["token"]}"\n'
    path.write_text(text + DEVICES.format(printer=printer, port=port))
    settings = config.load(path)
    service = open_service(settings)            # a kiosk that has run: store, offline blocks
    assert service.sync_now()
    service.close()
    service.store.close()
    backup.make_backup(settings.store_path, settings.store_path.parent / "backups", 3)
    return path


def doctor(config_path, *prefix):
    done = subprocess.run([*prefix, sys.executable, "-m", "kiosk.cli", "doctor",
                           "--config", str(config_path), "--json"], capture_output=True,
                          text=True, env=env(), cwd=ROOT, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    return done.returncode, checks


def problems(checks):
    return {name: c["message"] for name, c in checks.items() if c["level"] != "ok"}


def test_a_healthy_simulated_kiosk_is_all_ok(kiosk_dir, tmp_path, hub):
    code, checks = doctor(make_kiosk(kiosk_dir, tmp_path / "k", hub))
    assert problems(checks) == {}
    assert code == 0
    assert set(checks) >= {"configuration", "store", "disk", "backup", "clock sync",
                           "clock vs hub", "hub", "catalog", "offline numbers", "printer",
                           "scanner", "card reader"}


def test_printer_out_of_paper(kiosk_dir, tmp_path, hub):
    sim = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "sim", "printer", "--state",
                            "paper_out"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           text=True, env=env(), cwd=ROOT)
    try:
        port = sim.stdout.readline().split("port:")[1].strip()
        code, checks = doctor(make_kiosk(kiosk_dir, tmp_path / "k", hub, "serial", port))
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    assert problems(checks) == {"printer": "Printer is out of paper: load a new roll"}
    assert code == 2


def test_a_full_disk(kiosk_dir, tmp_path, hub, small_disk):
    path = make_kiosk(kiosk_dir, small_disk, hub)
    fill(small_disk)
    code, checks = doctor(path)
    assert checks["disk"]["level"] == "problem"
    assert checks["disk"]["message"].startswith("Disk full")
    assert "damaged" not in checks["store"]["message"]        # a full disk is not damage
    assert code == 2


@pytest.mark.skipif(not shutil.which("faketime"), reason="libfaketime is not installed "
                    "(apt-get install faketime)")
def test_the_clock_two_hours_ahead(kiosk_dir, tmp_path, hub):
    path = make_kiosk(kiosk_dir, tmp_path / "k", hub)
    code, checks = doctor(path, "faketime", "-f", "+2h")
    assert checks["clock vs hub"]["level"] == "problem"
    assert "120 minutes ahead of the hub" in checks["clock vs hub"]["message"]
    assert code == 2


def test_the_hub_stopped(kiosk_dir, tmp_path, hub):             # last: it stops the hub
    path = make_kiosk(kiosk_dir, tmp_path / "k", hub)
    hub["proc"].send_signal(signal.SIGTERM)
    hub["proc"].wait(timeout=10)
    code, checks = doctor(path)
    assert checks["hub"]["level"] == "problem"
    assert checks["hub"]["message"].startswith(f"The hub {hub['url']} does not answer")
    assert code == 2


def test_a_store_that_cannot_open_on_a_full_disk_is_not_called_damaged(tmp_path):
    from kiosk.ops import doctor as d
    check = d.store(tmp_path / "s.sqlite3", "present", True, "disk I/O error", disk_full=True)
    assert check.level == "problem" and "do not restore it" in check.message
    check = d.store(tmp_path / "s.sqlite3", "present", True, "database disk image is malformed")
    assert "damaged" in check.message and "restore" in check.message


def test_a_lost_store_is_named_by_the_doctor(kiosk_dir, tmp_path, capsys):
    from kiosk.cli.ops import main as ops_main
    path = kiosk_dir(tmp_path / "alone")
    settings = config.load(path)
    service = open_service(settings)
    service.issue_ticket("dukcapil-ktp", now=__import__("ops_support").MONDAY_9)
    service.store.close()
    settings.store_path.write_bytes(b"")
    assert ops_main(["doctor", "--config", str(path), "--json"]) == 2
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["store"]["level"] == "problem"
    assert "existed: restore the latest backup" in checks["store"]["message"]
    assert settings.store_path.read_bytes() == b""        # the doctor created nothing
