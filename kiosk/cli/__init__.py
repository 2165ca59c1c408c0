"""`kiosk …` — the command line for IT staff and the entry point of the kiosk itself.

This package is the composition root: the one place in kiosk/ that reaches for devices/
and screens/ (and the hub's server), and only inside the commands that need them, so the
core stays importable without Kivy, serial ports or a web framework.

    __init__   `kiosk` and its small commands (check-config, issue, tickets, services,
               staff-pin, run, sim), and the dispatch to the larger ones:
    booking    `kiosk booking …`   keys, codes, verify, the booking register
    report     `kiosk report …`    IKM, votes, demand, suggestions
    hub        `kiosk hub …`       serve, tokens, blocks, import-bookings
    display    `kiosk display`     the hall display board (Kivy) and its voice
    voice      `kiosk voice …`     the announcements' clip set (espeak-ng or recordings)
    ops        `kiosk backup|restore|purge|doctor|install`   running a kiosk for years
    errors     CliError and the parser every command shares

Rules do not live here: a command parses words, calls the core, and prints.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from kiosk import config as config_mod
from kiosk.i18n import pick, tr
from kiosk.queueing import PRIORITY_KINDS, Refused, clock_text
from kiosk.cli.errors import print_config_problems
from kiosk.store import StoreError


def _settings(args) -> config_mod.Settings:
    return config_mod.load(args.config)


def cmd_check_config(args) -> int:
    settings = _settings(args)
    catalog = settings.catalog
    services = len(catalog.services)
    enabled = sum(1 for s in catalog.services if s.enabled)
    print(f"OK  {settings.path}")
    print(f"    MPP        {settings.mpp_name} ({settings.timezone})")
    print(f"    kiosk      {settings.kiosk_id}, mode {settings.mode}, "
          f"languages {', '.join(settings.languages)}")
    print(f"    catalog    {len(catalog.agencies)} agencies, {services} services "
          f"({enabled} enabled), {len(catalog.holidays)} holidays, {len(catalog.closures)} closures")
    print(f"    store      {settings.store_path}")
    print(f"    hub        {settings.hub_url or '(none: this kiosk works alone)'}")
    devices = ", ".join(f"{name} {section.get('driver', 'none')}"
                        for name, section in sorted(settings.devices.items()))
    print(f"    devices    {devices or '(none)'}")
    from kiosk.hub.transport import warnings
    for file, key, why in warnings(settings):
        print(f"WARN {file}: {key}: {why}")
    return 0


def _service(args):
    from kiosk.service import open_service
    settings = _settings(args)
    return settings, open_service(settings)


def cmd_issue(args) -> int:
    settings, service = _service(args)
    lang = args.lang
    svc = settings.catalog.service(args.service_id)
    if svc is None:
        print(f"unknown service {args.service_id!r}; `kiosk services` lists them", file=sys.stderr)
        return 2
    try:
        ticket = service.issue_ticket(svc.id, priority=args.priority)
    except Refused as refused:
        print(refused.refusal.message(lang), file=sys.stderr)
        return 3
    # No printer on the command line: the number is shown here, so it is held, not printed.
    ticket = service.fail_printing(ticket.id, "issued from the command line, shown on terminal")
    agency = settings.catalog.agency(svc.agency)
    width = 44
    lines = [settings.mpp_name, pick(agency.name, lang), pick(svc.name, lang), "",
             ticket.number, "", pick(agency.counter, lang),
             tr("People ahead of you: {n}", lang, n=ticket.people_ahead),
             tr("Estimated wait: {minutes} minutes", lang, minutes=ticket.wait_minutes),
             f"{ticket.issued_at:%d-%m-%Y} {clock_text(ticket.issued_at.time(), settings.zone)}",
             tr("Please wait for your number to be called", lang), f"ID {ticket.id}"]
    print("+" + "-" * width + "+")
    for line in lines:
        print("|" + line.center(width)[:width] + "|")
    print("+" + "-" * width + "+")
    return 0


def cmd_tickets(args) -> int:
    settings, service = _service(args)
    day = date.fromisoformat(args.date) if args.date else None
    tickets = service.tickets(day)
    for t in tickets:
        svc = settings.catalog.service(t.service_id)
        name = pick(svc.name, args.lang) if svc else t.service_id
        print(f"{t.issued_at:%H:%M:%S}  {t.number:<8} {t.status:<12} "
              f"{t.priority or '':<11} {t.kiosk_id:<6} {name}")
    counts = Counter(t.status for t in tickets)
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none"
    print(f"{len(tickets)} tickets ({summary})")
    return 0


def cmd_services(args) -> int:
    settings = _settings(args)
    for agency in settings.catalog.agencies:
        print(f"{agency.prefix:<3} {pick(agency.name, args.lang)}")
        for s in settings.catalog.services_of(agency.id):
            flag = "" if s.enabled else "  (disabled)"
            print(f"      {s.id:<44} {pick(s.name, args.lang)}{flag}")
    return 0


def cmd_staff_pin(args) -> int:
    from kiosk.staffpin import hash_pin
    pin = args.pin or getpass.getpass("New staff PIN (digits): ")
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        print("the PIN must be 4 to 12 digits", file=sys.stderr)
        return 2
    print(f'pin_hash = "{hash_pin(pin)}"')
    print("# put this line in the [staff] section of kiosk.toml")
    return 0


def cmd_run(args) -> int:
    from screens.main import run_kiosk  # Kivy is imported only here
    return run_kiosk(args.config, simulate=args.simulate, windowed=args.windowed)


def cmd_sim(args) -> int:
    from devices.sim.cli import main as sim_main
    return sim_main(args.rest)


def cmd_booking(args) -> int:
    from kiosk.cli.booking import main as booking_main
    return booking_main(args.rest)


def cmd_report(args) -> int:
    from kiosk.cli.report import main as report_main
    argv = list(args.rest)
    if args.config and "--config" not in argv:
        argv = ["--config", str(args.config), *argv]
    return report_main(argv)


def cmd_hub(args) -> int:
    from kiosk.cli.hub import main as hub_main
    argv = list(args.rest) or ["serve"]
    if args.config and "--config" not in argv:
        argv = [*argv, "--config", str(args.config)]
    return hub_main(argv)


def _forward(module: str, args) -> int:
    """A larger command's own parser takes the rest of the words (and kiosk's --config)."""
    import importlib
    argv = list(args.rest)
    if module == "ops":                       # backup, restore, purge, doctor, install
        argv = [args.command, *argv]
    if args.config and "--config" not in argv and module in ("display", "ops"):
        argv = [*argv, "--config", str(args.config)]
    return importlib.import_module(f"kiosk.cli.{module}").main(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Anjungan MPP self-service kiosk")
    parser.add_argument("--config", type=Path, default=None,
                        help="kiosk.toml to use (default: config/kiosk.toml)")
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text)
        p.set_defaults(func=func)
        # Accept --config after the sub-command too: `kiosk check-config --config X`.
        p.add_argument("--config", type=Path, default=argparse.SUPPRESS)
        p.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS)
        return p

    add("check-config", cmd_check_config, "validate kiosk.toml and the catalog")
    p = add("issue", cmd_issue, "issue a queue ticket and show it here")
    p.add_argument("service_id")
    p.add_argument("--priority", nargs="?", const="lansia", choices=PRIORITY_KINDS,
                   help="priority queue (lansia, disabilitas, hamil); bare flag means lansia")
    p = add("tickets", cmd_tickets, "list a day's tickets")
    p.add_argument("--date", help="YYYY-MM-DD, local day (default: today)")
    add("services", cmd_services, "list agencies and service ids")
    p = add("staff-pin", cmd_staff_pin, "make a staff PIN hash for kiosk.toml")
    p.add_argument("--pin", help=argparse.SUPPRESS)
    p = add("run", cmd_run, "start the kiosk")
    p.add_argument("--simulate", action="store_true", help="simulated devices whatever the config says")
    p.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    for name, func, text in (("sim", cmd_sim, "run a simulated device on a pseudo-terminal"),
                             ("booking", cmd_booking, "booking codes: keygen, new, verify"),
                             ("report", cmd_report, "IKM, votes, demand and suggestions reports"),
                             ("hub", cmd_hub, "the hub several kiosks share: serve, token, blocks"),
                             ("display", lambda a: _forward("display", a),
                              "the hall display board and its voice"),
                             ("voice", lambda a: _forward("voice", a),
                              "the hall announcements' clips: build, check, say"),
                             ("backup", lambda a: _forward("ops", a),
                              "back the store up (online, verified, rotated)"),
                             ("restore", lambda a: _forward("ops", a), "put a backup in place"),
                             ("purge", lambda a: _forward("ops", a),
                              "delete personal data past its keep_days (--dry-run first)"),
                             ("doctor", lambda a: _forward("ops", a),
                              "check this kiosk: config, store, disk, clock, hub, devices"),
                             ("install", lambda a: _forward("ops", a),
                              "system user, folders and systemd units (--role)")):
        p = add(name, func, text)
        p.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def _parse(argv: list[str]):
    """kiosk's own options, then the command. A command with a parser of its own gets every
    word after its name untouched (argparse's REMAINDER would refuse one starting with --)."""
    parser = build_parser()
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 2 if argv[i] in ("--config", "--lang") else 1
    if i < len(argv) and any(argv[i] == name for name in FORWARDED):
        args = parser.parse_args([*argv[:i], argv[i]])
        args.rest = argv[i + 1:]
        return args
    return parser.parse_args(argv)


# Commands whose words belong to their own parser.
FORWARDED = ("sim", "booking", "report", "hub", "display", "voice", "backup", "restore",
             "purge", "doctor", "install")


def main(argv: list[str] | None = None) -> int:
    args = _parse(list(sys.argv[1:] if argv is None else argv))
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except config_mod.ConfigError as exc:
        return print_config_problems(exc)
    except StoreError as exc:
        print(f"store: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
