"""`kiosk doctor`: what is wrong with this kiosk, in plain words, one check at a time.

Each check is a function that is given what was measured (the I/O is the caller's:
kiosk/cli/ops.py for the command, the staff panel later) and returns Check(name, level,
message): level ok, warning or problem, and one sentence saying what to do. The exit
status for scripts: 0 all ok, 1 at least one warning, 2 at least one problem.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

OK, WARNING, PROBLEM = "ok", "warning", "problem"
LEVELS = (OK, WARNING, PROBLEM)

CLOCK_WARN_S = 60          # numbering follows the local day: a minute off is worth a word
CLOCK_PROBLEM_S = 300      # the hub refuses times this far ahead (kiosk.ops.clock)
DISK_WARN_BYTES = 500 * 1024 * 1024
DISK_PROBLEM_BYTES = 50 * 1024 * 1024
OFFLINE_WARN = 5           # offline numbers left in a group before the kiosk must refuse
BACKUP_WARN_AGE = timedelta(days=2)


@dataclass(frozen=True)
class Check:
    name: str
    level: str
    message: str

    def to_json(self) -> dict:
        return asdict(self)


def exit_status(checks: list[Check]) -> int:
    worst = max((LEVELS.index(c.level) for c in checks), default=0)
    return worst


def summary(checks: list[Check]) -> str:
    problems = sum(c.level == PROBLEM for c in checks)
    warnings = sum(c.level == WARNING for c in checks)
    if not problems and not warnings:
        return f"all {len(checks)} checks ok"
    return f"{problems} problem(s), {warnings} warning(s) in {len(checks)} checks"


# -- configuration and store -------------------------------------------------------------
def configuration(path: Path, problems: list[str] | None, mpp: str = "",
                  kiosk_id: str = "") -> Check:
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return Check("configuration", PROBLEM, f"{problems[0]}{more}: fix {path} and run "
                                               "`kiosk check-config`.")
    return Check("configuration", OK, f"{path} is valid ({mpp}, kiosk {kiosk_id}).")


def store(path: Path, state: str, marker_exists: bool, integrity: str | None,
          tickets: int | None = None, disk_full: bool = False) -> Check:
    """`state`: kiosk.ops.marker.store_state; `integrity`: PRAGMA integrity_check's answer
    (or why the store could not be opened); `disk_full`: no space where it lives."""
    if disk_full and integrity != "ok" and state == "present":
        return Check("store", PROBLEM, f"The ticket store {path} cannot be opened because "
                                       "the disk is full: free space first (it is not "
                                       "damaged, do not restore it).")
    if state != "present":
        if marker_exists:
            return Check("store", PROBLEM, f"The ticket store {path} is {state}, but it "
                                           "existed: restore the latest backup (`kiosk "
                                           "restore`); no number is issued until then.")
        if state == "missing":
            return Check("store", OK, f"No store yet at {path}: the kiosk makes one at its "
                                      "first start.")
        return Check("store", PROBLEM, f"The ticket store {path} is {state}: restore the "
                                       "latest backup (`kiosk restore`).")
    if integrity != "ok":
        return Check("store", PROBLEM, f"The ticket store {path} is damaged ({integrity}): "
                                       "stop the kiosk and restore the latest backup.")
    count = f", {tickets} tickets" if tickets is not None else ""
    return Check("store", OK, f"{path} passes its integrity check{count}.")


def disk(folder: Path, free_bytes: int) -> Check:
    mib = free_bytes // (1024 * 1024)
    if free_bytes < DISK_PROBLEM_BYTES:
        return Check("disk", PROBLEM, f"Disk full: only {mib} MiB free for {folder}; free "
                                      "space now (old logs, old backups), the kiosk cannot "
                                      "record new numbers.")
    if free_bytes < DISK_WARN_BYTES:
        return Check("disk", WARNING, f"Only {mib} MiB free for {folder}: free some space "
                                      "soon.")
    return Check("disk", OK, f"{mib} MiB free for {folder}.")


def backups(latest_made: datetime | None, now: datetime, folder: Path) -> Check:
    if latest_made is None:
        return Check("backup", WARNING, f"No backup in {folder}: run `kiosk backup` (the "
                                        "install sets a daily timer).")
    age = now - latest_made
    if age > BACKUP_WARN_AGE:
        return Check("backup", WARNING, f"The latest backup is {age.days} days old: check "
                                        "the backup timer (`systemctl status "
                                        "anjungan-backup.timer`).")
    return Check("backup", OK, f"Latest backup {latest_made:%Y-%m-%d %H:%M} UTC in {folder}.")


# -- time ----------------------------------------------------------------------------------
def clock_sync(tool: str | None, synchronised: bool | None, hub_checked: bool = False) -> Check:
    """`tool`: timedatectl or chronyc, whichever answered (None: neither);
    `synchronised`: what it said."""
    if tool is None:
        level = OK if hub_checked else WARNING
        also = ("the clock is compared with the hub's below" if hub_checked else
                "with no hub to compare with, check the time by hand")
        return Check("clock sync", level, "Unknown: neither timedatectl nor chronyc answers "
                                          f"on this machine; {also}.")
    if synchronised:
        return Check("clock sync", OK, f"The clock is synchronised ({tool}).")
    return Check("clock sync", WARNING, f"The clock is not synchronised ({tool}): turn on "
                                        "time sync (`timedatectl set-ntp true`) or check "
                                        "the network to the time server.")


def clock_vs_hub(local: datetime, hub: datetime | None) -> Check:
    if hub is None:
        return Check("clock vs hub", WARNING, "The hub's time is unknown (hub not reached): "
                                              "the kiosk's own clock decides the day.")
    off = (local - hub).total_seconds()
    words = f"{abs(off) / 60:.0f} minutes {'ahead of' if off > 0 else 'behind'} the hub"
    if abs(off) > CLOCK_PROBLEM_S:
        return Check("clock vs hub", PROBLEM, f"The kiosk's clock is {words}: set it right "
                                              "(time sync); the hub refuses what it files "
                                              "with a wrong time.")
    if abs(off) > CLOCK_WARN_S:
        return Check("clock vs hub", WARNING, f"The kiosk's clock is {words}: turn on time "
                                              "sync before it drifts further.")
    return Check("clock vs hub", OK, f"The kiosk's clock agrees with the hub's "
                                     f"({abs(off):.0f} s).")


# -- devices -------------------------------------------------------------------------------
def printer(driver: str, status: str | None, message: str = "") -> Check:
    """`status`: devices.printer.PrinterStatus value; `message` its plain text."""
    if driver == "none":
        return Check("printer", WARNING, "No printer configured: numbers are shown on the "
                                         "screen only.")
    if status in ("ready",):
        return Check("printer", OK, message or "Printer ready.")
    if status == "paper_near_end":
        return Check("printer", WARNING, message or "Paper is running low: load a new roll soon.")
    return Check("printer", PROBLEM, message or f"Printer: {status}.")


def input_device(name: str, driver: str, connected: bool | None) -> Check:
    label = {"scanner": "scanner", "cardreader": "card reader"}[name]
    if driver == "none":
        return Check(label, OK, f"No {label} configured.")
    if driver == "keyboard":
        return Check(label, OK, f"The {label} types like a keyboard: scan a code on the "
                                "kiosk to test it.")
    if connected:
        return Check(label, OK, f"The {label} is present.")
    return Check(label, PROBLEM, f"The {label} is not present: check its cable and "
                                 f"[devices.{name}] port.")


# -- hub -----------------------------------------------------------------------------------
def hub_reachable(url: str, error: str | None) -> Check:
    if not url:
        return Check("hub", OK, "No hub: this kiosk works alone.")
    if error is None:
        return Check("hub", OK, f"The hub {url} answers.")
    if "certificate" in error.lower() or "ssl" in error.lower():
        return Check("hub", PROBLEM, f"The hub {url}'s certificate is not valid ({error}): "
                                     "renew it or fix the hub's name in [hub] url.")
    return Check("hub", PROBLEM, f"The hub {url} does not answer ({error}): check the hub "
                                 "PC and the network; the kiosk numbers offline meanwhile.")


def catalog_version(local: str, hub: str | None) -> Check:
    if hub is None:
        return Check("catalog", WARNING, "The hub's catalog version is unknown (hub not "
                                         "reached).")
    if hub != local:
        return Check("catalog", PROBLEM, "This kiosk's catalog differs from the hub's: copy "
                                         "the hub's catalog.toml here and restart the kiosk.")
    return Check("catalog", OK, f"The catalog is the hub's (version {local}).")


def offline_numbers(left: dict[str, int], pending: int, groups: list[str]) -> Check:
    """`left`: offline numbers still reserved per group today; `pending`: pushes waiting."""
    low = sorted(g for g in groups if left.get(g, 0) < OFFLINE_WARN)
    waiting = f"; {pending} records wait to be sent" if pending else ""
    if low:
        return Check("offline numbers", WARNING, f"Few or no offline numbers left for "
                                                 f"{', '.join(low)}: they are topped up "
                                                 f"when the hub is reached{waiting}.")
    total = sum(left.get(g, 0) for g in groups)
    return Check("offline numbers", OK, f"{total} offline numbers reserved{waiting}.")


def file_version(path: Path) -> str:
    """The catalog's version as the hub computes it (GET /v1/catalog "version")."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return ""
