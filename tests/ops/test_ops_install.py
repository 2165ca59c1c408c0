"""`kiosk install` into a throwaway root: the user, folders, permissions, configuration and
units, and `systemd-analyze verify` on every unit it wrote."""

import os
import shutil
import stat
import subprocess

import pytest

from kiosk import config
from kiosk.cli.ops import main as ops_main

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("useradd") or not shutil.which("systemd-analyze"),
    reason="needs root, useradd (shadow's --prefix) and systemd-analyze (apt-get install systemd)")


def passwd(root, user):
    for line in (root / "etc/passwd").read_text().splitlines():
        if line.startswith(user + ":"):
            return line.split(":")
    return None


def members(root, group):
    for line in (root / "etc/group").read_text().splitlines():
        parts = line.split(":")
        if parts[0] == group:
            return parts[3].split(",") if parts[3] else []
    return None


@pytest.mark.parametrize("role", ["kiosk", "hub", "display"])
def test_install_into_a_throwaway_root(tmp_path, capsys, role):
    root = tmp_path / "root"
    assert ops_main(["install", "--role", role, "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "created system user anjungan" in out

    user = passwd(root, "anjungan")
    assert user is not None and user[6] == "/usr/sbin/nologin" and int(user[2]) < 1000
    uid, gid = int(user[2]), int(user[3])
    assert ("anjungan" in members(root, "dialout")) == (role == "kiosk")

    data = root / "var/lib/anjungan"
    for folder in (data, data / "backups"):
        info = folder.stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (uid, gid, 0o750)
    conf = root / "etc/anjungan"
    info = (conf / "kiosk.toml").stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (0, gid, 0o640)
    settings = config.load(conf / "kiosk.toml")          # valid as installed
    assert str(settings.store_path) == "/var/lib/anjungan/kiosk.sqlite3"

    units = sorted((root / "etc/systemd/system").iterdir())
    names = {u.name for u in units}
    main_unit = {"kiosk": "anjungan-kiosk.service", "hub": "anjungan-hub.service",
                 "display": "anjungan-display.service"}[role]
    assert main_unit in names
    if role != "display":
        assert {"anjungan-backup.timer", "anjungan-purge.timer"} <= names
    unverified = []
    for unit in units:
        text = unit.read_text()
        assert "@" not in text.replace("@tty1", "")               # every placeholder filled
        if "/usr/bin/cage" in text and not shutil.which("cage"):
            unverified.append(unit.name)                          # verify needs the binary
            continue
        done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                              text=True)
        assert done.returncode == 0, f"{unit.name}: {done.stderr}"
        assert "not executable" not in done.stderr
    main = (root / "etc/systemd/system" / main_unit).read_text()
    assert "Restart=on-failure" in main and "User=anjungan" in main
    if role != "hub":
        assert "WatchdogSec=" in main and "/usr/bin/cage" in main
    if unverified:
        pytest.skip(f"cage is not installed (apt-get install cage): {unverified} not verified")


def test_installing_twice_keeps_the_configuration(tmp_path, capsys):
    root = tmp_path / "root"
    assert ops_main(["install", "--role", "kiosk", "--root", str(root)]) == 0
    (root / "etc/anjungan/kiosk.toml").write_text((root / "etc/anjungan/kiosk.toml")
                                                  .read_text().replace('"K01"', '"K07"'))
    assert ops_main(["install", "--role", "kiosk", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "user anjungan exists" in out and "kept /etc/anjungan/kiosk.toml" in out
    assert '"K07"' in (root / "etc/anjungan/kiosk.toml").read_text()
