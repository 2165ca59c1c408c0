"""`kiosk backup|restore|purge|doctor|install` — keeping a kiosk or hub running for years.

    kiosk backup  [--hub | --db PATH] [--dir DIR] [--keep N]
    kiosk restore BACKUP [--hub | --db PATH] [--force]
    kiosk purge   [--hub | --db PATH|URL] [--dry-run] [--today YYYY-MM-DD]
    kiosk doctor  [--hub-url URL] [--json]
    kiosk install --role kiosk|hub|display --root DIR

Every command takes --config (default config/kiosk.toml). The store is the kiosk's
([store] path); --hub names the hub's (as `kiosk hub` finds it), --db any other. Exit
status: 0 done, 1 a problem (said plainly on stderr), 2 bad arguments; doctor: 0 all ok,
1 a warning, 2 a problem.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from kiosk import config as config_mod
from kiosk.cli.errors import print_config_problems
from kiosk.store import StoreError


def _settings(args) -> config_mod.Settings:
    return config_mod.load(args.config)


def hub_store_spec(settings) -> str:
    """Where `kiosk hub` keeps its store: $ANJUNGAN_HUB_DB, [hub] store, else hub.sqlite3
    beside the kiosk store (the same order as the hub's command line)."""
    chosen = os.environ.get("ANJUNGAN_HUB_DB")
    base = Path.cwd()
    if not chosen:
        chosen = str(settings.raw.get("hub", {}).get("store") or "")
        base = settings.path.parent
    if not chosen:
        return str(settings.store_path.with_name("hub.sqlite3"))
    if chosen.startswith(("postgresql://", "postgres://")):
        return chosen
    if chosen.startswith("sqlite:///"):
        chosen = chosen[len("sqlite:///"):]
    return str(base / Path(chosen).expanduser())


def _target(args, settings) -> str:
    if args.db:
        return args.db
    if args.hub:
        return hub_store_spec(settings)
    return str(settings.store_path)


def _sqlite_only(spec: str, what: str) -> Path:
    if spec.startswith(("postgresql://", "postgres://")):
        raise StoreError(f"{what} of a PostgreSQL store is pg_dump's job: see "
                         "docs/operations.md (pg_dump -Fc, pg_restore)")
    return Path(spec).expanduser()


def cmd_backup(args) -> int:
    from kiosk.ops import backup, settings as ops_settings
    settings = _settings(args)
    ops = ops_settings.of(settings)
    path = _sqlite_only(_target(args, settings), "a backup")
    folder = Path(args.dir).expanduser() if args.dir else ops.backup_dir
    made, removed = backup.make_backup(path, folder, args.keep or ops.backup_keep)
    rows = ", ".join(f"{n} {t}" for t, n in sorted(made.counts.items()) if n)
    print(f"backup {made.path}")
    print(f"  verified: integrity {made.integrity}; rows {rows or 'none'}")
    for old in removed:
        print(f"  removed older backup {old.name}")
    return 0


def cmd_restore(args) -> int:
    from kiosk.ops import backup, marker
    # With --db the store is named: no configuration needed (the kiosk's message says so).
    path = _sqlite_only(args.db if args.db else _target(args, _settings(args)), "a restore")
    source = Path(args.backup).expanduser()
    if not source.is_file():
        print(f"restore: there is no backup file {source}", file=sys.stderr)
        return 1
    if marker.store_state(path) == "present" and not args.force:
        print(f"restore: the store {path} is still there and starts like a store; restoring "
              "replaces it and loses what was recorded after the backup. Stop the kiosk and "
              "add --force if that is what you want.", file=sys.stderr)
        return 1
    done = backup.restore(source, path)
    print(f"restored {source} -> {path}")
    print(f"  verified: integrity {done.integrity}; {done.counts.get('ticket', 0)} tickets")
    if marker.read_marker(path) is not None:
        print("  numbering continues after the highest number the marker recorded")
    return 0


def cmd_purge(args) -> int:
    from kiosk.ops import retention, settings as ops_settings
    settings = _settings(args)
    ops = ops_settings.of(settings)
    spec = _target(args, settings)
    if spec.startswith(("postgresql://", "postgres://")):
        from kiosk.hub.stores import open_hub_store
        store = open_hub_store(spec)
    elif args.hub or args.db:             # a file named: opened as it is, no marker made
        from kiosk.store import Store
        if not Path(spec).expanduser().is_file():
            raise StoreError(f"there is no store at {spec}")
        store = Store(Path(spec).expanduser())
    else:
        from kiosk.ops.marker import open_store
        store = open_store(spec, backup_dir=ops.backup_dir)
    try:
        today = date.fromisoformat(args.today) if args.today else config_mod.now_local(settings).date()
        lines = retention.purge(store, ops.keep_days, today, dry_run=args.dry_run)
    finally:
        store.close()
    print(f"{'would purge' if args.dry_run else 'purged'} {store.path} (today {today}):")
    for line in retention.describe(lines, args.dry_run):
        print(f"  {line}")
    return 0


def cmd_doctor(args) -> int:
    """Measure (files, commands, HTTP, devices), then let kiosk.ops.doctor judge."""
    from kiosk.ops import doctor as d
    path = args.config or config_mod.DEFAULT_CONFIG
    try:
        settings = config_mod.load(args.config)
    except config_mod.ConfigError as exc:
        return _doctor_report([d.configuration(path, [str(p) for p in exc.problems])], args)
    checks = checks_before_devices(settings, args.hub_url or settings.hub_url, args.timeout)
    checks += _device_checks(d, settings, args.timeout)
    return _doctor_report(checks, args)


def checks_before_devices(settings, hub_url: str, timeout: float) -> list:
    """Configuration, store, disk, backup, clock and hub checks: what `kiosk doctor` and
    the running kiosk's staff panel (kiosk.cli.live_doctor) measure alike."""
    from kiosk.ops import doctor as d
    checks = [d.configuration(settings.path, None, settings.mpp_name, settings.kiosk_id)]
    checks += _store_checks(d, settings)
    hub = _ask_hub(hub_url, settings.hub_token, timeout, settings) if hub_url else {}
    tool, synced = _clock_sync()
    checks.append(d.clock_sync(tool, synced, hub_checked=hub.get("time") is not None))
    if hub_url:
        checks.append(d.clock_vs_hub(hub.get("local") or _utc_now(), hub.get("time")))
        checks.append(d.hub_reachable(hub_url, hub.get("error")))
        checks.append(d.catalog_version(d.file_version(_catalog_path(settings)),
                                        hub.get("catalog")))
        if settings.mode != "exit":
            checks.append(_offline_check(d, settings))
    else:
        checks.append(d.hub_reachable("", None))
    return checks


def _utc_now():
    from datetime import datetime, timezone
    return datetime.now(timezone.utc)


def _doctor_report(checks, args) -> int:
    from kiosk.ops import doctor as d
    if args.json:
        print(json.dumps({"checks": [c.to_json() for c in checks],
                          "exit": d.exit_status(checks)}, indent=1))
    else:
        width = max(len(c.name) for c in checks)
        for c in checks:
            print(f"{c.level:<8} {c.name:<{width}}  {c.message}")
        print(d.summary(checks))
    return d.exit_status(checks)


def _catalog_path(settings) -> Path:
    return settings.path.parent / (settings.raw.get("kiosk", {}).get("catalog") or "catalog.toml")


def _store_checks(d, settings) -> list:
    import shutil
    from kiosk.ops import backup, marker, settings as ops_settings
    from kiosk.store import Store
    path = settings.store_path
    state = marker.store_state(path)
    integrity, tickets = None, None
    if state == "present":
        try:
            store = Store(path)
            try:
                integrity, tickets = store.integrity(), store.row_counts().get("ticket")
            finally:
                store.close()
        except Exception as exc:          # any failure to read is the finding itself
            integrity = str(exc)
    from kiosk.ops.errors import no_space_left
    checks = [d.store(path, marker.WHY.get(state, state) if state != "present" else state,
                      marker.read_marker(path) is not None, integrity, tickets,
                      disk_full=path.parent.exists() and no_space_left(path.parent))]
    folder = path.parent if path.parent.exists() else Path(path.anchor or "/")
    checks.append(d.disk(folder, shutil.disk_usage(folder).free))
    ops = ops_settings.of(settings)
    latest = backup.latest(ops.backup_dir, path)
    made = None
    if latest is not None:
        from datetime import datetime
        try:
            made = datetime.fromisoformat(json.loads(latest.with_suffix(".json").read_text())["made"])
        except (OSError, ValueError, KeyError):
            made = None
    if state == "present" or latest is not None:
        checks.append(d.backups(made, _utc_now(), ops.backup_dir))
    return checks


def _clock_sync() -> tuple[str | None, bool | None]:
    """(tool that answered, synchronised?) from timedatectl, else chronyc; (None, None)."""
    import shutil
    import subprocess
    if shutil.which("timedatectl"):
        done = subprocess.run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"],
                              capture_output=True, text=True, timeout=5)
        if done.returncode == 0 and done.stdout.strip() in ("yes", "no"):
            return "timedatectl", done.stdout.strip() == "yes"
    if shutil.which("chronyc"):
        done = subprocess.run(["chronyc", "tracking"], capture_output=True, text=True, timeout=5)
        if done.returncode == 0 and "Leap status" in done.stdout:
            return "chronyc", "Not synchronised" not in done.stdout
    return None, None


def _ask_hub(url: str, token: str, timeout: float, settings=None) -> dict:
    """The hub's time (with our clock at the middle of the request), its catalog version,
    or the error that stopped us."""
    from datetime import datetime
    import requests
    from kiosk.hub import transport
    base = url.rstrip("/")
    out: dict = {}
    secure = transport.options(settings) if settings else {"verify": True,
                                                            "allow_insecure": False}
    refused = transport.refusal(base, secure["allow_insecure"])
    if refused:
        return {"error": refused}
    requests = _Verified(requests, secure["verify"])     # [hub] ca_file
    try:
        before = _utc_now()
        health = requests.get(base + "/v1/health", timeout=timeout)
        after = _utc_now()
        health.raise_for_status()
        out["time"] = datetime.fromisoformat(health.json()["time"])
        out["local"] = before + (after - before) / 2
        catalog = requests.get(base + "/v1/catalog", timeout=timeout,
                               headers={"Authorization": f"Bearer {token}"})
        if catalog.status_code == 401:
            out["error"] = "the hub refuses this kiosk's token: make a new one with `kiosk hub token`"
        else:
            catalog.raise_for_status()
            out["catalog"] = catalog.json().get("version")
    except requests.exceptions.SSLError as exc:
        out["error"] = f"certificate not valid: {exc}"
    except (requests.RequestException, ValueError, KeyError) as exc:
        out["error"] = type(exc).__name__ if not str(exc) else str(exc).split("(Caused by")[0]
    return out


class _Verified:
    """requests.get with the kiosk's CA file on every call."""

    def __init__(self, module, verify):
        self.exceptions, self.RequestException = module.exceptions, module.RequestException
        self._get, self._verify = module.get, verify

    def get(self, url, **kw):
        return self._get(url, verify=self._verify, **kw)


def _offline_check(d, settings):
    try:
        from kiosk.hub.outbox import Outbox           # after the hub package's move
    except ImportError:
        from kiosk.hub.outbox import Outbox
    from kiosk import queueing
    from kiosk.store import Store
    if not settings.store_path.exists():
        return d.offline_numbers({}, 0, [])
    store = Store(settings.store_path)
    try:
        outbox = Outbox(store)
        day = queueing.local_day(_utc_now(), settings.zone).isoformat()
        groups = [g for a in settings.catalog.agencies for g in (a.prefix, a.priority_prefix) if g]
        left = {g: outbox.remaining(day, g) for g in groups}
        return d.offline_numbers(left, outbox.count(), groups)
    finally:
        store.close()


def _device_checks(d, settings, timeout: float) -> list:
    """Open the configured devices (simulators included) and ask them. Run it with the kiosk
    stopped: a serial port serves one program at a time."""
    from devices.factory import open_devices
    config = settings.devices
    drivers = {name: str((config.get(name) or {}).get("driver", "none")).lower()
               for name in ("printer", "scanner", "cardreader")}
    try:
        devices = open_devices(config)
    except (ValueError, OSError) as exc:
        return [d.Check("devices", d.PROBLEM, f"The devices cannot be opened ({exc}): check "
                                              "[devices] in kiosk.toml.")]
    try:
        checks = []
        if devices.printer is not None:
            devices.printer.link.wait_connected(timeout)
            status = devices.printer.status()
            checks.append(d.printer(drivers["printer"], status.value, status.message("en")))
        else:
            checks.append(d.printer("none", None))
        for name in ("scanner", "cardreader"):
            device = getattr(devices, name)
            connected = None
            if device is not None:
                connected = device.link.wait_connected(timeout)
            checks.append(d.input_device(name, drivers[name], connected))
        return checks
    finally:
        devices.close()


def cmd_install(args) -> int:
    from kiosk.ops import install
    return install.main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Anjungan operations")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=None,
                        help="kiosk.toml to use (default: config/kiosk.toml)")
    which = argparse.ArgumentParser(add_help=False)
    group = which.add_mutually_exclusive_group()
    group.add_argument("--hub", action="store_true", help="the hub's store, not the kiosk's")
    group.add_argument("--db", help="another store: a SQLite path (or, to purge, a "
                                    "postgresql:// URL)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("backup", parents=[common, which], help="back the store up, verified")
    p.add_argument("--dir", help="backup folder (default: [store] backup_dir)")
    p.add_argument("--keep", type=int, help="backups to keep (default: [store] backup_keep)")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", parents=[common, which], help="put a backup in place")
    p.add_argument("backup", help="the backup file (kiosk backup prints its name)")
    p.add_argument("--force", action="store_true", help="replace a store that still opens")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("purge", parents=[common, which], help="delete what is past its limit")
    p.add_argument("--dry-run", action="store_true", help="only say what would go")
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_purge)
    p = sub.add_parser("doctor", parents=[common], help="check this kiosk; exit 0/1/2")
    p.add_argument("--hub-url", help="the hub to compare with (default: [hub] url)")
    p.add_argument("--json", action="store_true", help="the checks as JSON")
    p.add_argument("--timeout", type=float, default=3.0, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_doctor)
    p = sub.add_parser("install", parents=[common], help="user, folders and units")
    p.add_argument("--role", choices=("kiosk", "hub", "display"), required=True)
    p.add_argument("--root", type=Path, default=Path("/"),
                   help="install into this root (a throwaway folder to look first)")
    p.add_argument("--user", default="anjungan")
    p.set_defaults(func=cmd_install)
    return parser


def main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return args.func(args)
    except config_mod.ConfigError as exc:
        return print_config_problems(exc)
    except (StoreError, OSError) as exc:
        from kiosk.ops.errors import plain
        print(f"{args.command}: {plain(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
