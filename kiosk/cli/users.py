"""`kiosk hub user …` — staff accounts of the hub (officers, agency and MPP managers, admins).

    kiosk hub user add NAME --role officer|agency|manager|admin [--agency ID]
    kiosk hub user passwd NAME      a new password (the user's sessions end)
    kiosk hub user disable NAME     the account can no longer log in (sessions end)
    kiosk hub user list             with "must change password" where it applies

A password set here (add, passwd) is one the admin knows: its owner must change it at the
first log-in. Every change is recorded in the hub's audit log (address "cli", the
operating-system user in the detail).

Passwords are read without echo from the terminal, or one line from standard input with
--password-stdin (for scripts). Common options: --config kiosk.toml, --db PATH|URL (as for
`kiosk hub`).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk import config as config_mod


def _open(args):
    from kiosk.cli.hub import db_spec
    from kiosk.hub.accounts import Accounts
    from kiosk.hub.stores import open_hub_store
    settings = config_mod.load(args.config)
    store = open_hub_store(db_spec(args.db, settings))
    return settings, store, Accounts(store)


def _audit(store, action: str, target: str, detail: str = "") -> None:
    from kiosk.hub.audit import Audit
    Audit(store).record(None, action, target, " ".join(filter(None, (
        detail, f"by {operator()}"))), "cli")


def operator() -> str:
    """The operating-system user running a command (for the audit log)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _password(args, confirm: bool = True) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if confirm and getpass.getpass("again: ") != first:
        raise SystemExit("kiosk hub user: the two passwords differ; nothing changed")
    return first


def main(argv: list[str] | None = None) -> int:
    from kiosk.hub.accounts import ROLES, AccountError
    parser = argparse.ArgumentParser(prog="kiosk hub user", description="hub staff accounts")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="kiosk.toml (default: config/kiosk.toml)")
    common.add_argument("--db", help="hub store: a SQLite file path or a postgresql:// URL")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", parents=[common], help="create an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--agency", help="the agency id (officer and agency accounts)")
    add.add_argument("--password-stdin", action="store_true")
    passwd = sub.add_parser("passwd", parents=[common], help="set a new password")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    disable = sub.add_parser("disable", parents=[common], help="disable an account")
    disable.add_argument("username")
    sub.add_parser("list", parents=[common], help="list accounts")
    args = parser.parse_args(argv)
    try:
        settings, store, accounts = _open(args)
    except config_mod.ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except Exception as exc:             # a store that cannot open: say it plainly
        from kiosk.store import StoreError
        if isinstance(exc, StoreError):
            print(f"kiosk hub user: {exc}", file=sys.stderr)
            return 1
        raise
    try:
        if args.command == "add":
            accounts.check(args.username, args.role, args.agency, settings.catalog)
            accounts.add(args.username, _password(args), args.role, args.agency,
                         settings.catalog, must_change=True)
            _audit(store, "user.add", args.username, f"{args.role} {args.agency or ''}".strip())
            print(f"added {args.username} ({args.role}"
                  f"{', ' + args.agency if args.agency else ''}); they must change the "
                  "password at their first log-in")
        elif args.command == "passwd":
            accounts.set_password(args.username, _password(args), must_change=True)
            _audit(store, "user.passwd", args.username)
            print(f"password of {args.username} changed; their sessions ended; they must "
                  "change it at their next log-in")
        elif args.command == "disable":
            accounts.disable(args.username)
            _audit(store, "user.disable", args.username)
            print(f"{args.username} disabled; their sessions ended")
        else:
            for user in accounts.users():
                state = "disabled" if user["disabled_at"] else (
                    f"locked until {user['locked_until']}" if user["locked_until"] else "active")
                if user["must_change"] and not user["disabled_at"]:
                    state += ", must change password"
                print(f"{user['username']:<20} {user['role']:<8} {user['agency_id'] or '-':<14} "
                      f"{state}")
    except AccountError as exc:
        print(f"kiosk hub user: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
