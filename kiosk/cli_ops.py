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
    settings = _settings(args)
    path = _sqlite_only(_target(args, settings), "a restore")
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
    if args.hub or args.db:
        from kiosk.hub.store import open_hub_store
        store = open_hub_store(spec)
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
    from kiosk.ops import doctor
    return doctor.main(args)


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
        print(f"The configuration has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except StoreError as exc:
        from kiosk.ops.errors import plain
        print(f"{args.command}: {plain(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        from kiosk.ops.errors import plain
        print(f"{args.command}: {plain(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
