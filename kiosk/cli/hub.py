"""`kiosk hub …` — run the hub server and manage kiosk tokens.

    kiosk hub serve [--host 0.0.0.0] [--port 8750] [--db PATH|URL] [--config kiosk.toml]
                    [--tls-cert FILE --tls-key FILE]
    kiosk hub token KIOSK_ID [--db PATH|URL]  prints a new token once; older ones stop working
    kiosk hub token --display DISPLAY_ID      a hall display's token (GET /v1/events only)
    kiosk hub blocks [--day YYYY-MM-DD]        offline blocks and their unused numbers
    kiosk hub import-bookings FILE|-           the day's signed booking codes, so kiosks can
                                               check in typed references and card taps
    kiosk hub tls-init --out DIR --host NAME --ip ADDR…   a private CA for the MPP and the
                                               hub's certificate (kiosk.hub.tls)

`kiosk hub` with no subcommand serves. The hub reads the same kiosk.toml and catalog as a
kiosk (time zone, catalog, number padding). Its store is, first found: --db, the
ANJUNGAN_HUB_DB environment variable, `[hub] store` in kiosk.toml, else hub.sqlite3 next to
the kiosk store. A postgresql://user:password@host:port/dbname URL selects PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from kiosk import config as config_mod
from kiosk.config import KIOSK_ID

DEFAULT_PORT = 8750


def db_spec(db: str | None, settings) -> str:
    """The hub store's path or URL (see the module's text for the order)."""
    chosen = db or os.environ.get("ANJUNGAN_HUB_DB")
    base = Path.cwd()
    if not chosen:
        chosen = str(settings.raw.get("hub", {}).get("store") or "")
        base = settings.path.parent        # a path in kiosk.toml is relative to that file
    if not chosen:
        return str(settings.store_path.with_name("hub.sqlite3"))
    if chosen.startswith(("postgresql://", "postgres://", "sqlite:///")):
        return chosen
    return str(base / Path(chosen).expanduser())


def _open(args):
    from kiosk.hub.stores import open_hub_store
    from kiosk.ops import settings as ops_settings
    settings = config_mod.load(args.config)
    return settings, open_hub_store(db_spec(args.db, settings),
                                    backup_dir=ops_settings.of(settings).backup_dir)


def cmd_serve(args) -> int:
    import uvicorn
    from kiosk.hub.api import create_app
    from kiosk.hub.limits import read as read_limits
    from kiosk.hub.serving import uvicorn_options
    if bool(args.tls_cert) != bool(args.tls_key):
        print("hub: --tls-cert and --tls-key go together (`kiosk hub tls-init` makes both)",
              file=sys.stderr)
        return 2
    for path in filter(None, (args.tls_cert, args.tls_key)):
        if not Path(path).is_file():
            print(f"hub: {path}: no such file", file=sys.stderr)
            return 2
    settings, store = _open(args)
    limits = read_limits(settings)
    scheme = "https" if args.tls_cert else "http"
    docs = "; OpenAPI at /docs for admins"
    print(f"hub for {settings.mpp_name} on {scheme}://{args.host}:{args.port} "
          f"(store {store.path}{docs})", flush=True)
    from kiosk.hub.transport import is_loopback
    if scheme == "http" and not is_loopback(f"http://{args.host}"):
        print("warning: plain HTTP on the network: tokens and complaints travel in clear "
              "text, and kiosks refuse it unless [hub] allow_insecure = true; see `kiosk hub "
              "tls-init`", file=sys.stderr, flush=True)
    uvicorn.run(create_app(settings, store), host=args.host, port=args.port,
                log_level=args.log_level,
                timeout_graceful_shutdown=3,   # displays' event streams never end alone
                **uvicorn_options(limits, tls_cert=args.tls_cert, tls_key=args.tls_key))
    return 0


def _audit_token(store, action: str, holder: str) -> None:
    """A new token (the old ones revoked) goes to the audit log; never the token."""
    from kiosk.cli.users import operator
    from kiosk.hub.audit import Audit
    Audit(store).record(None, action, holder, f"new token, earlier revoked; by {operator()}",
                        "cli")


def cmd_token(args) -> int:
    if not KIOSK_ID.match(args.kiosk_id):
        print(f"{args.kiosk_id!r}: a kiosk id holds only letters, digits, - and _ (max 32)",
              file=sys.stderr)
        return 2
    _, store = _open(args)
    if args.display:     # a hall display: it may only read the live events (/v1/events)
        token = store.new_token(args.kiosk_id, kind="display")
        _audit_token(store, "token.display", args.kiosk_id)
        print(f"token for display {args.kiosk_id} (shown once; it may only subscribe to "
              f"/v1/events; earlier tokens of this display no longer work):", file=sys.stderr)
        print(token)
        return 0
    token = store.new_token(args.kiosk_id)
    _audit_token(store, "token.kiosk", args.kiosk_id)
    print(f"token for kiosk {args.kiosk_id} (shown once; put it in that kiosk's kiosk.toml "
          f"[hub] token, earlier tokens of this kiosk no longer work):", file=sys.stderr)
    print(token)
    return 0


def cmd_blocks(args) -> int:
    _, store = _open(args)
    day = args.day or date.today()
    blocks = store.blocks(day.isoformat())
    if not blocks:
        print(f"no offline blocks on {day}")
    for b in blocks:
        unused = ", ".join(map(str, b["unused"])) or "-"
        print(f"{b['kiosk_id']:<12} {b['group']:<3} {b['first']:>5}-{b['last']:<5} "
              f"used {len(b['used'])}, unused: {unused}")
    return 0


def cmd_import_bookings(args) -> int:
    from kiosk.cli.booking import read_codes, register
    from kiosk.cli.errors import CliError
    from kiosk.service import LocalService
    try:
        codes = read_codes(args.file)
        settings, store = _open(args)
        try:
            return register(LocalService(settings, store=store), codes)
        finally:
            store.close()
    except CliError as exc:
        print(f"kiosk hub: {exc}", file=sys.stderr)
        return 2


def cmd_tls_init(args) -> int:
    from kiosk.hub import tls
    name = "MPP"
    try:
        name = config_mod.load(args.config).mpp_name or name
    except config_mod.ConfigError:
        pass                      # the CA is named after the MPP when kiosk.toml says it
    try:
        made = tls.init(Path(args.out).expanduser(), args.host or [], args.ip or [], name)
    except ValueError as exc:
        print(f"kiosk hub tls-init: {exc}", file=sys.stderr)
        return 2
    names = ", ".join([*(args.host or []), *(args.ip or [])])
    print(f"{'kept' if made.ca_reused else 'made'} the MPP's CA         {made.ca_cert}\n"
          f"  its private key          {made.ca_key}  (keep it off the hub, in a safe place)\n"
          f"made the hub's certificate {made.cert}  for {names}\n"
          f"  its private key          {made.key}\n"
          f"next: kiosk hub serve --host 0.0.0.0 --tls-cert {made.cert} --tls-key {made.key}\n"
          f"      and on every kiosk and display: copy {made.ca_cert.name}, then in kiosk.toml\n"
          f"      [hub] url = \"https://{(args.host or args.ip)[0]}:{DEFAULT_PORT}\"  "
          f"ca_file = \"{made.ca_cert.name}\"")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk hub", description="the Anjungan hub server")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="kiosk.toml (default: config/kiosk.toml)")
    common.add_argument("--db", help="hub store: a SQLite file path or a postgresql:// URL "
                        "(default: $ANJUNGAN_HUB_DB, [hub] store, or hub.sqlite3 next to the "
                        "kiosk store)")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", parents=[common], help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--log-level", default="warning")
    serve.add_argument("--tls-cert", metavar="FILE", help="the server certificate (PEM)")
    serve.add_argument("--tls-key", metavar="FILE", help="its private key (PEM)")
    serve.set_defaults(func=cmd_serve)
    token = sub.add_parser("token", parents=[common], help="issue a kiosk's token")
    token.add_argument("kiosk_id")
    token.add_argument("--display", action="store_true",
                       help="a hall display's token (live events only), not a kiosk's")
    token.set_defaults(func=cmd_token)
    blocks = sub.add_parser("blocks", parents=[common], help="offline blocks of a day")
    blocks.add_argument("--day", type=date.fromisoformat)
    blocks.set_defaults(func=cmd_blocks)
    imports = sub.add_parser("import-bookings", parents=[common],
                             help="register the day's signed booking codes")
    imports.add_argument("file", help="one signed code per line; '-' reads standard input")
    imports.set_defaults(func=cmd_import_bookings)
    tls = sub.add_parser("tls-init", help="a private CA for the MPP and the hub's certificate")
    tls.add_argument("--out", required=True, metavar="DIR", help="where the files go")
    tls.add_argument("--host", action="append", metavar="NAME",
                     help="a name kiosks use for the hub (repeat for more)")
    tls.add_argument("--ip", action="append", metavar="ADDR",
                     help="an address kiosks use for the hub (repeat for more)")
    tls.add_argument("--config", help="kiosk.toml (names the CA after the MPP)")
    tls.set_defaults(func=cmd_tls_init)
    sub.add_parser("user", add_help=False,
                   help="staff accounts: add, passwd, disable, list (kiosk hub user -h)")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "user":             # its own parser takes the rest
        from kiosk.cli.users import main as users_main
        return users_main(argv[1:])
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "serve")
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except config_mod.ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except Exception as exc:   # a store that cannot open, a port in use: say it plainly
        from kiosk.store import StoreError
        if isinstance(exc, (StoreError, OSError)):
            print(f"hub: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
