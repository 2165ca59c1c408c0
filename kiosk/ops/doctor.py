"""`kiosk doctor`: what is wrong with this kiosk, in plain words, one check at a time.

Each check is a function that is given what was measured (the I/O is the caller's:
kiosk/cli/ops.py for the command, kiosk/cli/live_doctor.py for the staff panel) and returns
Check(name, level, message): level ok, warning or problem, and one sentence saying what to
do. The sentence is made from a translatable template (kiosk/locale/*/ops.po): the command
prints it in English, the staff panel in its own language (`Check.text(lang)`). The exit
status for scripts: 0 all ok, 1 at least one warning, 2 at least one problem.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.i18n import N_, tr

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
    message: str                # in English
    template: str = ""          # the msgid it was made from ("" for a plain message)
    values: tuple = ()          # the template's values, as (key, value) pairs
    texts: tuple = ()           # or the sentence per language, as (lang, text) pairs

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k in ("name", "level", "message")}

    def text(self, lang: str) -> str:
        """The sentence in `lang` (the staff panel's language)."""
        if self.texts:
            return dict(self.texts).get(lang, self.message)
        return tr(self.template, lang, **dict(self.values)) if self.template else self.message


def _check(name: str, level: str, template: str, **values) -> Check:
    return Check(name, level, template.format(**values), template, tuple(values.items()))


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
        if len(problems) > 1:
            return _check("configuration", PROBLEM, N_("{problem} (and {n} more): fix {path} and run `kiosk check-config`."), problem=str(problems[0]), n=len(problems) - 1, path=str(path))  # noqa: E501
        return _check("configuration", PROBLEM, N_("{problem}: fix {path} and run `kiosk check-config`."), problem=str(problems[0]), path=str(path))  # noqa: E501
    return _check("configuration", OK, N_("{path} is valid ({mpp}, kiosk {kiosk_id})."),
                  path=str(path), mpp=mpp, kiosk_id=kiosk_id)


def store(path: Path, state: str, marker_exists: bool, integrity: str | None,
          tickets: int | None = None, disk_full: bool = False) -> Check:
    """`state`: kiosk.ops.marker.store_state; `integrity`: PRAGMA integrity_check's answer
    (or why the store could not be opened); `disk_full`: no space where it lives."""
    if disk_full and integrity != "ok" and state == "present":
        return _check("store", PROBLEM, N_("The ticket store {path} cannot be opened because the disk is full: free space first (it is not damaged, do not restore it)."), path=str(path))  # noqa: E501
    if state != "present":
        if marker_exists:
            return _check("store", PROBLEM, N_("The ticket store {path} is {state}, but it existed: restore the latest backup (`kiosk restore`); no number is issued until then."), path=str(path), state=state)  # noqa: E501
        if state == "missing":
            return _check("store", OK, N_("No store yet at {path}: the kiosk makes one at its first start."), path=str(path))  # noqa: E501
        return _check("store", PROBLEM, N_("The ticket store {path} is {state}: restore the latest backup (`kiosk restore`)."), path=str(path), state=state)  # noqa: E501
    if integrity != "ok":
        return _check("store", PROBLEM, N_("The ticket store {path} is damaged ({integrity}): stop the kiosk and restore the latest backup."), path=str(path), integrity=str(integrity))  # noqa: E501
    if tickets is not None:
        return _check("store", OK, N_("{path} passes its integrity check, {tickets} tickets."),
                      path=str(path), tickets=tickets)
    return _check("store", OK, N_("{path} passes its integrity check."), path=str(path))


def disk(folder: Path, free_bytes: int) -> Check:
    mib = free_bytes // (1024 * 1024)
    if free_bytes < DISK_PROBLEM_BYTES:
        return _check("disk", PROBLEM, N_("Disk full: only {mib} MiB free for {folder}; free space now (old logs, old backups), the kiosk cannot record new numbers."), mib=mib, folder=str(folder))  # noqa: E501
    if free_bytes < DISK_WARN_BYTES:
        return _check("disk", WARNING, N_("Only {mib} MiB free for {folder}: free some space soon."), mib=mib, folder=str(folder))  # noqa: E501
    return _check("disk", OK, N_("{mib} MiB free for {folder}."), mib=mib, folder=str(folder))


def backups(latest_made: datetime | None, now: datetime, folder: Path) -> Check:
    if latest_made is None:
        return _check("backup", WARNING, N_("No backup in {folder}: run `kiosk backup` (the install sets a daily timer)."), folder=str(folder))  # noqa: E501
    age = now - latest_made
    if age > BACKUP_WARN_AGE:
        return _check("backup", WARNING, N_("The latest backup is {days} days old: check the backup timer (`systemctl status anjungan-backup.timer`)."), days=age.days)  # noqa: E501
    return _check("backup", OK, N_("Latest backup {made} UTC in {folder}."),
                  made=f"{latest_made:%Y-%m-%d %H:%M}", folder=str(folder))


# -- time ----------------------------------------------------------------------------------
def clock_sync(tool: str | None, synchronised: bool | None, hub_checked: bool = False) -> Check:
    """`tool`: timedatectl or chronyc, whichever answered (None: neither);
    `synchronised`: what it said."""
    if tool is None:
        if hub_checked:
            return _check("clock sync", OK, N_("Unknown: neither timedatectl nor chronyc answers on this machine; the clock is compared with the hub's below."))  # noqa: E501
        return _check("clock sync", WARNING, N_("Unknown: neither timedatectl nor chronyc answers on this machine; with no hub to compare with, check the time by hand."))  # noqa: E501
    if synchronised:
        return _check("clock sync", OK, N_("The clock is synchronised ({tool})."), tool=tool)
    return _check("clock sync", WARNING, N_("The clock is not synchronised ({tool}): turn on time sync (`timedatectl set-ntp true`) or check the network to the time server."), tool=tool)  # noqa: E501


def clock_vs_hub(local: datetime, hub: datetime | None) -> Check:
    if hub is None:
        return _check("clock vs hub", WARNING, N_("The hub's time is unknown (hub not reached): the kiosk's own clock decides the day."))  # noqa: E501
    off = (local - hub).total_seconds()
    minutes = f"{abs(off) / 60:.0f}"
    if abs(off) > CLOCK_PROBLEM_S:
        template = (N_("The kiosk's clock is {minutes} minutes ahead of the hub: set it right (time sync); the hub refuses what it files with a wrong time.") if off > 0 else  # noqa: E501
                    N_("The kiosk's clock is {minutes} minutes behind the hub: set it right (time sync); the hub refuses what it files with a wrong time."))  # noqa: E501
        return _check("clock vs hub", PROBLEM, template, minutes=minutes)
    if abs(off) > CLOCK_WARN_S:
        template = (N_("The kiosk's clock is {minutes} minutes ahead of the hub: turn on time sync before it drifts further.") if off > 0 else  # noqa: E501
                    N_("The kiosk's clock is {minutes} minutes behind the hub: turn on time sync before it drifts further."))  # noqa: E501
        return _check("clock vs hub", WARNING, template, minutes=minutes)
    return _check("clock vs hub", OK, N_("The kiosk's clock agrees with the hub's ({seconds} s)."),
                  seconds=f"{abs(off):.0f}")


# -- devices -------------------------------------------------------------------------------
def printer(driver: str, status: str | None, message: str = "",
            texts: dict[str, str] | None = None) -> Check:
    """`status`: devices.printer.PrinterStatus value; `message` its plain text in English,
    `texts` in every language (lang -> text), when the caller has them."""
    if message:
        level = (OK if status == "ready" else WARNING if status == "paper_near_end"
                 else PROBLEM)
        return Check("printer", level, message, texts=tuple((texts or {}).items()))
    if driver == "none":
        return _check("printer", WARNING, N_("No printer configured: numbers are shown on the screen only."))  # noqa: E501
    if status in ("ready",):
        return _check("printer", OK, N_("Printer ready."))
    if status == "paper_near_end":
        return _check("printer", WARNING, N_("Paper is running low: load a new roll soon."))
    return _check("printer", PROBLEM, N_("Printer: {status}."), status=str(status))


def input_device(name: str, driver: str, connected: bool | None) -> Check:
    label = {"scanner": "scanner", "cardreader": "card reader"}[name]
    scanner = name == "scanner"
    if driver == "none":
        return _check(label, OK, N_("No scanner configured.") if scanner else
                      N_("No card reader configured."))
    if driver == "keyboard":
        return _check(label, OK, N_("The scanner types like a keyboard: scan a code on the kiosk to test it.") if scanner else  # noqa: E501
                      N_("The card reader types like a keyboard: scan a code on the kiosk to test it."))  # noqa: E501
    if connected:
        return _check(label, OK, N_("The scanner is present.") if scanner else
                      N_("The card reader is present."))
    return _check(label, PROBLEM, N_("The scanner is not present: check its cable and [devices.scanner] port.") if scanner else  # noqa: E501
                  N_("The card reader is not present: check its cable and [devices.cardreader] port."))  # noqa: E501


# -- hub -----------------------------------------------------------------------------------
def hub_reachable(url: str, error: str | None) -> Check:
    if not url:
        return _check("hub", OK, N_("No hub: this kiosk works alone."))
    if error is None:
        return _check("hub", OK, N_("The hub {url} answers."), url=url)
    if "certificate" in error.lower() or "ssl" in error.lower():
        return _check("hub", PROBLEM, N_("The hub {url}'s certificate is not valid ({error}): renew it or fix the hub's name in [hub] url."), url=url, error=error)  # noqa: E501
    return _check("hub", PROBLEM, N_("The hub {url} does not answer ({error}): check the hub PC and the network; the kiosk numbers offline meanwhile."), url=url, error=error)  # noqa: E501


def catalog_version(local: str, hub: str | None) -> Check:
    if hub is None:
        return _check("catalog", WARNING, N_("The hub's catalog version is unknown (hub not reached)."))  # noqa: E501
    if hub != local:
        return _check("catalog", PROBLEM, N_("This kiosk's catalog differs from the hub's: copy the hub's catalog.toml here and restart the kiosk."))  # noqa: E501
    return _check("catalog", OK, N_("The catalog is the hub's (version {version})."), version=local)


def offline_numbers(left: dict[str, int], pending: int, groups: list[str]) -> Check:
    """`left`: offline numbers still reserved per group today; `pending`: pushes waiting."""
    low = ", ".join(sorted(g for g in groups if left.get(g, 0) < OFFLINE_WARN))
    total = sum(left.get(g, 0) for g in groups)
    if low and pending:
        return _check("offline numbers", WARNING, N_("Few or no offline numbers left for {groups}: they are topped up when the hub is reached; {pending} records wait to be sent."), groups=low, pending=pending)  # noqa: E501
    if low:
        return _check("offline numbers", WARNING, N_("Few or no offline numbers left for {groups}: they are topped up when the hub is reached."), groups=low)  # noqa: E501
    if pending:
        return _check("offline numbers", OK, N_("{total} offline numbers reserved; {pending} records wait to be sent."), total=total, pending=pending)  # noqa: E501
    return _check("offline numbers", OK, N_("{total} offline numbers reserved."), total=total)


def file_version(path: Path) -> str:
    """The catalog's version as the hub computes it (GET /v1/catalog "version")."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return ""
