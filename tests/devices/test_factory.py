import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devices import open_devices
from devices.printer import PrinterStatus
from devices.scanner import SerialScanner

ROOT = Path(__file__).resolve().parents[2]
SIMULATED = {
    "printer": {"driver": "simulated", "port": "", "baudrate": 9600, "handshake": "rtscts",
                "codepage": 16, "encoding": "cp1252", "native_qr": True, "nv_logo": ""},
    "scanner": {"driver": "simulated", "port": "", "baudrate": 9600, "suffix": "\r"},
    "cardreader": {"driver": "simulated", "port": "", "baudrate": 9600, "framing": "stxetx"},
}


def test_simulated_devices_run_the_real_drivers(tmp_path, blocks, collector):
    scans, cards = collector(), collector()
    devs = open_devices(SIMULATED, tmp_path, on_scan=scans, on_card=cards)
    try:
        assert devs.printer.link.connected and devs.scanner.connected
        result = devs.printer.print_ticket(blocks)
        assert result.ok, result.detail
        assert devs.simulators["printer"].wait_for_tickets(1)
        assert list((tmp_path / "tickets").glob("ticket-*.png"))
        devs.simulators["scanner"].inject("ANJ1:B:HELLO")
        devs.simulators["cardreader"].present("0A1B2C3D4E", repeats=5)
        assert scans.wait_for(1) and cards.wait_for(1)
        assert scans.items == ["ANJ1:B:HELLO"] and cards.items == ["0A1B2C3D4E"]
        devs.simulators["printer"].state = "paper_out"
        assert devs.printer.status() is PrinterStatus.PAPER_OUT
    finally:
        devs.close()


def test_inbox_files_inject_by_hand(tmp_path, collector):
    scans = collector()
    devs = open_devices({"scanner": SIMULATED["scanner"]}, tmp_path, on_scan=scans)
    try:
        assert devs.printer is None and devs.cardreader is None
        with (tmp_path / "scanner-inbox.txt").open("a") as fh:
            fh.write("ANJ1:T:FROM-FILE\n")
        assert scans.wait_for(1)
        assert scans.items == ["ANJ1:T:FROM-FILE"]
    finally:
        devs.close()


def test_none_and_keyboard_drivers_open_nothing():
    devs = open_devices({"printer": {"driver": "none"}, "scanner": {"driver": "keyboard"}}, None)
    assert (devs.printer, devs.scanner, devs.cardreader) == (None, None, None)
    assert devs.keyboard_scanner
    devs.close()


def test_unknown_driver_names_the_section():
    with pytest.raises(ValueError, match=r"\[devices.printer\] driver must be one of"):
        open_devices({"printer": {"driver": "usb"}}, None)


def test_sim_cli_scanner_by_hand(collector):
    proc = subprocess.Popen([sys.executable, "-m", "devices.sim.cli", "scanner"], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        line = proc.stdout.readline()
        assert "simulated scanner on port:" in line
        port = line.split("port:")[1].strip()
        scans = collector()
        scanner = SerialScanner({"port": port}, scans)
        try:
            assert scanner.link.wait_connected(2)
            proc.stdin.write("ANJ1:B:TYPED\n")
            proc.stdin.flush()
            assert scans.wait_for(1)
            assert scans.items == ["ANJ1:B:TYPED"]
        finally:
            scanner.close()
    finally:
        proc.terminate()
        proc.wait(5)
