"""The kiosk feeds systemd's watchdog from its UI loop: READY=1, then WATCHDOG=1 at half
the period systemd asks for, over a real $NOTIFY_SOCKET datagram socket."""

import os
import socket
import subprocess
import sys
import time

import pytest

from ops_support import ROOT

pytestmark = pytest.mark.ui


def test_the_running_kiosk_notifies_systemd(kiosk_dir, tmp_path):
    config = kiosk_dir(tmp_path / "kiosk")
    address = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.settimeout(1.0)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTIFY_SOCKET": address,
           "WATCHDOG_USEC": "1000000"}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "--config", str(config), "run",
                             "--simulate"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    messages = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and messages.count("WATCHDOG=1") < 10:
            try:
                messages.append(sock.recv(256).decode())
            except socket.timeout:
                assert proc.poll() is None, proc.stderr.read()[-2000:]
    finally:
        proc.kill()
        proc.wait()
        sock.close()
    assert messages[0].startswith("READY=1")
    assert messages.count("WATCHDOG=1") >= 10
    assert "WATCHDOG=1" not in messages[:1] and "READY=1" not in "".join(messages[1:])
    # (How regular the pings are is a matter of load, not a test: at 2 cores shared with
    # other test runs, gaps of 0.7-2.1 s were seen for a 0.5 s interval; WatchdogSec=30.)
