"""Configuration: the shipped files load; broken ones name every problem, never a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import config

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).with_name("data")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_shipped_config_passes_check_config():
    result = run_cli("check-config", "--config", str(ROOT / "config" / "kiosk.toml"))
    assert result.returncode == 0, result.stderr
    assert "agencies" in result.stdout and "K01" in result.stdout


def test_shipped_catalog_is_a_realistic_mpp():
    settings = config.load(ROOT / "config" / "kiosk.toml")
    assert len(settings.catalog.agencies) >= 15
    assert len(settings.catalog.services) >= 100
    for service in settings.catalog.services:
        assert service.standard.requirements, service.id
        for text in (service.name, service.standard.fee, service.standard.time):
            assert text["id"] and text["en"], service.id


def test_broken_config_names_all_four_problems(tmp_path):
    catalog = (DATA / "catalog.toml").read_text()
    catalog = catalog.replace('quota = 50', 'quota = "fifty"')            # wrong type
    catalog = catalog.replace('agency = "imigrasi"\nname = { id = "Paspor',
                              'agency = "imigrasii"\nname = { id = "Paspor')  # unknown agency
    (tmp_path / "catalog.toml").write_text(catalog)
    kiosk = (DATA / "kiosk.toml").read_text()
    kiosk = kiosk.replace('"Asia/Jakarta"', '"Asia/Jakartaa"')             # bad zone
    kiosk = kiosk.replace('id = "T1"\n', '')                               # missing key
    (tmp_path / "kiosk.toml").write_text(kiosk)

    result = run_cli("check-config", "--config", str(tmp_path / "kiosk.toml"))
    assert result.returncode != 0
    err = result.stderr
    assert "Traceback" not in err
    assert "service[imigrasi-paspor].quota: must be an integer" in err
    assert "service[imigrasi-paspor].agency: unknown agency 'imigrasii'" in err
    assert "mpp.timezone: 'Asia/Jakartaa' is not a known time zone" in err
    assert "kiosk.id: missing (required)" in err
    assert str(tmp_path / "kiosk.toml") in err and str(tmp_path / "catalog.toml") in err


@pytest.mark.parametrize("content, expected", [
    ("[mpp\nname=", "not valid TOML"),
    ("", "mpp.name: missing"),
])
def test_unreadable_config_is_explained(tmp_path, content, expected):
    path = tmp_path / "kiosk.toml"
    path.write_text(content)
    with pytest.raises(config.ConfigError) as info:
        config.load(path)
    assert expected in str(info.value)


def test_missing_config_file_is_explained(tmp_path):
    result = run_cli("check-config", "--config", str(tmp_path / "nope.toml"))
    assert result.returncode == 1
    assert "nope.toml: (file): not found" in result.stderr


def test_hours_and_prefix_mistakes_are_caught(tmp_path):
    catalog = (DATA / "catalog.toml").read_text()
    catalog = catalog.replace('mon = "08:00-15:30"', 'mon = "15:30-08:00"')
    catalog = catalog.replace('prefix = "B"', 'prefix = "A"')
    (tmp_path / "catalog.toml").write_text(catalog)
    with pytest.raises(config.ConfigError) as info:
        config.load_catalog(tmp_path / "catalog.toml")
    text = str(info.value)
    assert "schedule.hours.mon: '15:30-08:00' ends before it starts" in text
    assert "agency[imigrasi].prefix: 'A' is already used by agency dukcapil" in text


def _kiosk_with(tmp_path, kiosk_lines: str) -> Path:
    (tmp_path / "catalog.toml").write_text((DATA / "catalog.toml").read_text())
    text = (DATA / "kiosk.toml").read_text().replace("[kiosk]\n", f"[kiosk]\n{kiosk_lines}\n")
    (tmp_path / "kiosk.toml").write_text(text)
    return tmp_path / "kiosk.toml"


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_a_turned_panel_is_configured_in_degrees(tmp_path, degrees):
    path = _kiosk_with(tmp_path, f"rotation = {degrees}")
    assert config.load(path).rotation == degrees
    assert config.peek_rotation(path) == degrees


def test_rotation_defaults_to_upright(tmp_path):
    assert config.load(_kiosk_with(tmp_path, "")).rotation == 0


@pytest.mark.parametrize("value, why", [
    ("45", "kiosk.rotation: 45 must be 0, 90, 180 or 270 (degrees)"),
    ('"90"', "kiosk.rotation: must be an integer, got a string '90'"),
    ("true", "kiosk.rotation: must be an integer"),
])
def test_a_wrong_rotation_is_named(tmp_path, value, why):
    path = _kiosk_with(tmp_path, f"rotation = {value}")
    result = run_cli("check-config", "--config", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert why in result.stderr
    assert config.peek_rotation(path) == 0  # the problem screen itself then stays upright


def test_the_problem_screen_keeps_the_rotation_of_a_config_that_fails(tmp_path):
    path = _kiosk_with(tmp_path, "rotation = 270")
    path.write_text(path.read_text().replace('"Asia/Jakarta"', '"Asia/Nowhere"'))
    with pytest.raises(config.ConfigError):
        config.load(path)
    assert config.peek_rotation(path) == 270
    path.write_text("[kiosk\nrotation = 90")  # not TOML at all: nothing can be read
    assert config.peek_rotation(path) == 0


def test_device_keys_that_a_driver_would_misread_are_named(tmp_path):
    """A misspelt key would be ignored silently (the printer then runs at 9600 baud and
    prints garbage); a wrong value would stop the kiosk at start. check-config names each."""
    path = _kiosk_with(tmp_path, "")
    text = path.read_text().replace('[devices.printer]\ndriver = "none"\n', """[devices.printer]
driver = "serial"
port = "/dev/ttyUSB0"
baud = 19200
encoding = "utf-99"
status_timeout_ms = "fast"
nv_logo = "LOGO"
handshake = "dtrdsr"

[devices.cardreader]
driver = "serial"
port = "/dev/ttyUSB1"
framing = "wiegand"

[devices.printr]
driver = "none"
""")
    path.write_text(text)
    result = run_cli("check-config", "--config", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    err = result.stderr
    assert "devices.printer.baud: unknown key; did you mean 'baudrate'?" in err
    assert "devices.printer.encoding: 'utf-99' is not a text encoding" in err
    assert "devices.printer.status_timeout_ms: must be a number from 20 to 10000, got 'fast'" in err
    assert "devices.printer.nv_logo: 'LOGO' must be two printable ASCII characters" in err
    assert "devices.printer.handshake: 'dtrdsr' must be one of none, rtscts, xonxoff" in err
    assert "devices.cardreader.framing: 'wiegand' must be one of stxetx, line" in err
    assert "devices.printr: unknown device; did you mean 'printer'?" in err
    assert "The configuration has 7 problem(s)" in err


def test_the_documented_device_keys_are_accepted(tmp_path):
    path = _kiosk_with(tmp_path, "")
    path.write_text(path.read_text().replace('[devices.printer]\ndriver = "none"\n', """[devices.printer]
driver = "serial"
port = "socket://127.0.0.1:9100"
baudrate = 19200
bytesize = 8
parity = "e"
stopbits = 1.5
handshake = "RTSCTS"
codepage = 19
encoding = "cp858"
native_qr = false
nv_logo = "A1"
status_timeout_ms = 250
status_poll_s = 0.5

[devices.scanner]
driver = "keyboard"
suffix = "CRLF"
prefix = ""
strip_aim = true
max_length = 512

[devices.cardreader]
driver = "simulated"
framing = "line"
suffix = "\\r\\n"
checksum = "none"
repeat_s = 1.5
"""))
    settings = config.load(path)
    assert settings.devices["printer"]["baudrate"] == 19200
