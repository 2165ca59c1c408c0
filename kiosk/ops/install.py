"""`kiosk install --role kiosk|hub|display [--root DIR]`: a system user, the data folder,
the configuration and the systemd units, so a kiosk PC boots into the kiosk by itself.

What it does, under `--root` (default /; a throwaway folder shows it all without touching
the machine):
- a system user (default `anjungan`, no login shell, home /var/lib/anjungan) in the groups
  its role needs: dialout for the serial printer, scanner and card reader; video, input and
  render for the graphical session (only those groups the system has);
- /var/lib/anjungan (0750, the user's) with backups/ in it: the store and its marker;
- /etc/anjungan (0750, root, group the user) with kiosk.toml and catalog.toml (0640), copied
  from config/ only when absent, the store moved under /var/lib/anjungan;
- the units from config/systemd/ for the role, with the paths filled in, under
  /etc/systemd/system; on the real root they are enabled (systemctl), never started here.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "config"
DATA = Path("var/lib/anjungan")
CONF = Path("etc/anjungan")
UNITS = Path("etc/systemd/system")
ROLES = {
    "kiosk": {"units": ["anjungan-kiosk.service", "anjungan-backup.service",
                        "anjungan-backup.timer", "anjungan-purge.service",
                        "anjungan-purge.timer"],
              "enable": ["anjungan-kiosk.service", "anjungan-backup.timer",
                         "anjungan-purge.timer"],
              "groups": ["dialout", "video", "input", "render"], "store": ""},
    "display": {"units": ["anjungan-display.service"], "enable": ["anjungan-display.service"],
                "groups": ["video", "input", "render"], "store": ""},
    "hub": {"units": ["anjungan-hub.service", "anjungan-backup.service",
                      "anjungan-backup.timer", "anjungan-purge.service",
                      "anjungan-purge.timer"],
            "enable": ["anjungan-hub.service", "anjungan-backup.timer", "anjungan-purge.timer"],
            "groups": [], "store": "--hub"},
}


class InstallError(Exception):
    pass


def kiosk_command() -> str:
    """The `kiosk` program of this installation (the virtualenv's), absolute."""
    beside = Path(sys.executable).parent / "kiosk"
    return str(beside) if beside.exists() else f"{sys.executable} -m kiosk.cli"


def _group_names(root: Path) -> set[str]:
    path = root / "etc/group"
    if not path.exists():
        return set()
    return {line.split(":")[0] for line in path.read_text().splitlines() if line}


def _seed_etc(root: Path) -> None:
    """A throwaway root gets the host's user and group lists (no passwords: shadow files
    start empty), so useradd --prefix has the same groups to join."""
    etc = root / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    for name in ("passwd", "group"):
        if not (etc / name).exists():
            shutil.copy(Path("/etc") / name, etc / name)
    for name in ("shadow", "gshadow"):
        if not (etc / name).exists():
            (etc / name).write_text("")
            (etc / name).chmod(0o640)


def _entry(root: Path, user: str) -> tuple[int, int] | None:
    path = root / "etc/passwd"
    for line in path.read_text().splitlines() if path.exists() else ():
        parts = line.split(":")
        if parts[0] == user:
            return int(parts[2]), int(parts[3])
    return None


def ensure_user(root: Path, user: str, groups: list[str]) -> tuple[int, int, str]:
    """(uid, gid, what was done) for the system user, created when missing."""
    real = root == Path("/")
    if not real:
        _seed_etc(root)
    have = _group_names(root)
    wanted = [g for g in groups if g in have]
    found = _entry(root, user) if not real else _real_entry(user)
    if found is None:
        command = ["useradd", "--system", "--user-group", "--home-dir", "/" + str(DATA),
                   "--no-create-home", "--shell", "/usr/sbin/nologin",
                   "--comment", "Anjungan kiosk"]
        if not real:
            command += ["--prefix", str(root)]
        if wanted:
            command += ["--groups", ",".join(wanted)]
        done = subprocess.run([*command, user], capture_output=True, text=True)
        if done.returncode != 0:
            raise InstallError(f"useradd {user} failed: {done.stderr.strip()}")
        action = f"created system user {user} (groups {', '.join(wanted) or 'none'})"
    else:
        if wanted:
            command = ["usermod", "--append", "--groups", ",".join(wanted)]
            if not real:
                command += ["--prefix", str(root)]
            subprocess.run([*command, user], capture_output=True, text=True, check=False)
        action = f"user {user} exists; groups {', '.join(wanted) or 'none'} ensured"
    found = _entry(root, user) if not real else _real_entry(user)
    if found is None:
        raise InstallError(f"user {user} is not in {root / 'etc/passwd'} after useradd")
    return found[0], found[1], action


def _real_entry(user: str) -> tuple[int, int] | None:
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def _folder(path: Path, mode: int, uid: int, gid: int) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    path.chmod(mode)


def install_config(root: Path, uid_gid: tuple[int, int], source: Path) -> list[str]:
    done = []
    conf = root / CONF
    _folder(conf, 0o750, 0, uid_gid[1])
    for name in ("kiosk.toml", "catalog.toml"):
        target = conf / name
        if target.exists():
            done.append(f"kept {'/' / CONF / name}")
            continue
        text = (source / name).read_text()
        if name == "kiosk.toml":
            text = text.replace('path = "~/.local/share/anjungan/kiosk.sqlite3"',
                                f'path = "/{DATA}/kiosk.sqlite3"\nbackup_dir = "/{DATA}/backups"')
        target.write_text(text)
        os.chown(target, 0, uid_gid[1])
        target.chmod(0o640)
        done.append(f"wrote {'/' / CONF / name}")
    return done


def render_unit(name: str, user: str, kiosk: str, config: str, store_flag: str) -> str:
    text = (SOURCE / "systemd" / name).read_text()
    return (text.replace("@USER@", user).replace("@KIOSK@", kiosk)
            .replace("@CONFIG@", config).replace(" @STORE@", f" {store_flag}" if store_flag else ""))


def install(role: str, root: Path, user: str = "anjungan", kiosk: str | None = None,
            source: Path = SOURCE) -> list[str]:
    """Install `role` under `root`; returns one line per thing done."""
    spec = ROLES[role]
    root = root.resolve()
    uid, gid, action = ensure_user(root, user, spec["groups"])
    lines = [action]
    _folder(root / DATA, 0o750, uid, gid)
    _folder(root / DATA / "backups", 0o750, uid, gid)
    lines.append(f"data folder /{DATA} (0750, {user})")
    lines += install_config(root, (uid, gid), source)
    units = root / UNITS
    units.mkdir(parents=True, exist_ok=True)
    config = f"/{CONF}/kiosk.toml"
    for name in spec["units"]:
        target = units / name
        target.write_text(render_unit(name, user, kiosk or kiosk_command(), config,
                                      spec["store"]))
        target.chmod(0o644)
        lines.append(f"unit /{UNITS / name}")
    if root == Path("/"):
        subprocess.run(["systemctl", "daemon-reload"], check=False)
        subprocess.run(["systemctl", "enable", *spec["enable"]], check=False)
        if role in ("kiosk", "display"):
            subprocess.run(["systemctl", "set-default", "graphical.target"], check=False)
        lines.append(f"enabled {', '.join(spec['enable'])}: they start at the next boot "
                     f"(or now: systemctl start {spec['enable'][0]})")
    else:
        lines.append(f"not enabled (not the real root): systemctl enable {' '.join(spec['enable'])}")
    return lines


def main(args) -> int:
    try:
        lines = install(args.role, Path(args.root), args.user)
    except (InstallError, OSError) as exc:
        print(f"install: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0
