"""Reports for MPP managers: `kiosk report ikm | votes | demand | suggestions`.

    ikm     --from D --to D [--agency A] [--service S] [--weight exact|0.111|0.11]
            [--format table|csv|xlsx|png] [--out FILE]
    votes   --from D --to D [--agency A] [--format table|csv] [--out FILE]
            (face shares per agency and hour, and the main reasons given)
    demand  --from D --to D [--agency A] [--format table|csv|png] [--out FILE]
    service-times --from D --to D [--agency A] [--format table|csv|xlsx|png] [--out FILE]
            (waiting and service times per agency, service, counter and hour; the hub's
            figures, or --store with the hub's store file)
    suggestions --from D --to D [--agency A] [--open] [--format table|csv|xlsx] [--out FILE]
            (the SKM's suggestions and complaints to follow up; never a full NIK)
    suggestions --handled ID   (mark one as followed up; the ID is the list's first column)
    common  [--config kiosk.toml] [--store FILE | --hub URL [--token T]] [--lang id|en]

Where the numbers come from: the hub (--hub, or `[hub] url` in kiosk.toml) when there is
one, so an MPP with several kiosks gets one report over all of them (the token is --token,
the ANJUNGAN_HUB_TOKEN environment variable or `[hub] token`); else, or with --store, one
store on this machine (default: the kiosk's own).

Dates are the MPP's local days (YYYY-MM-DD), both included; both default to today.
Tables and CSV go to the terminal unless --out is given; XLSX and PNG always go to a file
(default ikm_<from>_<to>.xlsx and so on, in the current folder).

Exit codes: 0 report made; 1 nothing to report for that period, or the store or the output
file cannot be used; 2 bad command line or configuration. Always a plain message, never a
traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, datetime
from pathlib import Path

from kiosk import config as config_mod
from kiosk.cli.errors import CliError, Parser
from kiosk.i18n import N_, tr
from kiosk.store import Store, StoreError
from kiosk.survey import WEIGHTS, SurveyError, krejcie_morgan

from kiosk import reports
from kiosk.reports import labels as L

PROG = "kiosk report"
FORMATS = {"ikm": ("table", "csv", "xlsx", "png"), "votes": ("table", "csv"),
           "demand": ("table", "csv", "png"), "suggestions": ("table", "csv", "xlsx"),
           "service-times": ("table", "csv", "xlsx", "png")}
BINARY = ("xlsx", "png")

BAD_DATE = N_("{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2026-10-31")
UNKNOWN_AGENCY = N_("Unknown agency {agency!r}. Known agencies: {known}")
UNKNOWN_SERVICE = N_("Unknown service {service!r}; `kiosk services` lists the service ids")
SERVICE_ELSEWHERE = N_("The service {service} belongs to {owner}, not to {agency}")
NO_STORE = N_("No store at {path}: nothing has been recorded there yet")
NO_SKM = N_("No SKM responses between {start} and {end}")
NO_SKM_TICKETS = N_("{tickets} tickets were taken in that period; the survey needs at least "
                    "{required} respondents")
NO_VOTES = N_("No face votes between {start} and {end}")
NO_TICKETS = N_("No tickets between {start} and {end}")
NO_SUGGESTIONS = N_("No suggestions or complaints between {start} and {end}")
NO_OPEN_SUGGESTIONS = N_("No suggestion or complaint between {start} and {end} is waiting "
                         "for a follow-up")
MARKED = N_("Suggestion {id} is marked as handled ({at})")
ALREADY_MARKED = N_("Suggestion {id} was already marked as handled ({at})")
UNKNOWN_SUGGESTION = N_("No suggestion or complaint has the id {id}; the first column of "
                        "`kiosk report suggestions` shows the ids")
WRITTEN = N_("Report written to {path}")
CANNOT_WRITE = N_("Cannot write {path}: {reason}")
MISSING_LIBRARY = N_("This format needs the Python package {package}: "
                     ".venv/bin/pip install {package}")
CONFIG_PROBLEMS = N_("The configuration has {n} problem(s):")
STORE_PROBLEM = N_("The store cannot be read: {reason}")
HUB_UNREACHABLE = N_("The hub at {url} did not answer ({reason}); --store FILE reads a store "
                     "on this machine instead")
HUB_REFUSED = N_("The hub refused the report: {reason}")
NO_HUB_TOKEN = N_("No token for the hub at {url}: give --token, or set [hub] token in "
                  "kiosk.toml")


def _common(parser: argparse.ArgumentParser, default) -> None:
    """--config, --store and --lang, accepted before the report name and after it alike
    (`kiosk report` hands --config over first). After it, SUPPRESS keeps a value given
    before it from being overwritten by the sub-command's default."""
    parser.add_argument("--lang", choices=("id", "en"), default=default("id"))
    parser.add_argument("--config", type=Path, default=default(None),
                        help="kiosk.toml (default: config/kiosk.toml)")
    parser.add_argument("--store", type=Path, default=default(None),
                        help="SQLite store to read (default: the hub if kiosk.toml names "
                             "one, else the kiosk's store)")
    parser.add_argument("--hub", metavar="URL", default=default(None),
                        help="read the report from this hub (default: [hub] url)")
    parser.add_argument("--token", default=default(None),
                        help="this machine's hub token (default: $ANJUNGAN_HUB_TOKEN or "
                             "[hub] token)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=PROG, description="IKM, face-vote and demand reports")
    _common(parser, lambda value: value)
    sub = parser.add_subparsers(dest="report", required=True, parser_class=Parser)
    helps = {"ikm": "IKM per agency and service (PermenPANRB 14/2017)",
             "votes": "face-vote shares per agency and hour",
             "demand": "tickets per agency and hour",
             "suggestions": "suggestions and complaints to follow up (--handled ID marks one)",
             "service-times": "waiting and service times per agency, service, counter and "
                              "hour (from the hub, or --store with the hub's store file)"}
    for name, formats in FORMATS.items():
        p = sub.add_parser(name, help=helps[name], description=helps[name])
        p.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                       help="first local day (default: today)")
        p.add_argument("--to", dest="end", metavar="YYYY-MM-DD",
                       help="last local day, included (default: today)")
        p.add_argument("--agency", help="agency id, prefix or short name")
        if name == "ikm":
            p.add_argument("--service", help="service id")
            p.add_argument("--weight", choices=tuple(WEIGHTS), default="exact",
                           help="unsur weight: exact 1/9 (default) or a rounded regional one")
        if name == "suggestions":
            p.add_argument("--open", dest="open_only", action="store_true",
                           help="only those not handled yet")
            p.add_argument("--handled", metavar="ID", type=_response_id,
                           help="mark this suggestion as handled (the ID from the list)")
        p.add_argument("--format", choices=formats, default="table")
        p.add_argument("--out", type=Path, help="file to write (default: the terminal, "
                                                "or a file named after the period)")
        _common(p, lambda value: argparse.SUPPRESS)
    return parser


def _response_id(text: str) -> str:
    value = text.strip().upper()
    if not re.fullmatch(r"[A-Z0-9_-]{1,64}", value):
        raise argparse.ArgumentTypeError(f"{text!r} is not an id from the list")
    return value


def parse_day(text: str | None, option: str, today: date, lang: str) -> date:
    if text is None:
        return today
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(tr(BAD_DATE, lang, option=option, value=text)) from None


def find_agency(catalog, text: str | None, lang: str) -> str | None:
    """An agency by id, queue prefix or short name (any case)."""
    if not text:
        return None
    wanted = text.strip().casefold()
    for agency in catalog.agencies:
        if wanted in (agency.id.casefold(), agency.prefix.casefold(), agency.short.casefold()):
            return agency.id
    raise CliError(tr(UNKNOWN_AGENCY, lang, agency=text,
                      known=", ".join(a.id for a in catalog.agencies)))


def find_service(catalog, text: str | None, agency_id: str | None, lang: str) -> str | None:
    if not text:
        return None
    service = catalog.service(text.strip()) or catalog.service(text.strip().lower())
    if service is None:
        raise CliError(tr(UNKNOWN_SERVICE, lang, service=text))
    if agency_id and service.agency != agency_id:
        raise CliError(tr(SERVICE_ELSEWHERE, lang, service=service.id, owner=service.agency,
                          agency=agency_id))
    return service.id


def open_store(path: Path, lang: str) -> Store:
    # A report never creates a store: a wrong path must not look like an empty month.
    if not path.exists():
        raise CliError(tr(NO_STORE, lang, path=path), 1)
    return Store(path)


def run(args, settings: config_mod.Settings) -> int:
    lang = args.lang
    catalog = settings.catalog
    today = datetime.now(settings.zone).date()
    start = parse_day(args.start, "--from", today, lang)
    end = parse_day(args.end, "--to", today, lang)
    try:
        period = reports.Period(start, end)
    except reports.ReportError as exc:
        raise CliError(exc.text(lang)) from None
    agency_id = find_agency(catalog, args.agency, lang)
    service_id = find_service(catalog, getattr(args, "service", None), agency_id, lang)
    hub_url = args.hub or ("" if args.store else settings.hub_url)
    if getattr(args, "handled", None):
        return _mark_handled(args, settings, hub_url)
    if hub_url:
        made = _make(args, settings, _from_hub(args, settings, hub_url, period, agency_id,
                                               service_id), period)
    else:
        store = open_store(Path(args.store or settings.store_path).expanduser(), lang)
        try:
            made = _make(args, settings, _from_store(args, settings, store, period, agency_id,
                                                     service_id), period)
        finally:
            store.close()
    if made is None:
        return 1
    report, write = made
    return _output(args, period, report, write)


def _from_store(args, settings, store, period, agency_id, service_id):
    """The report, computed here from one store."""
    def build():
        common = dict(mpp_name=settings.mpp_name, lang=args.lang, agency_id=agency_id)
        if args.report == "ikm":
            return reports.ikm_report(store, settings.catalog, period, weight=args.weight,
                                      service_id=service_id, **common)
        if args.report == "votes":
            return reports.votes_report(store, settings.catalog, period, **common)
        if args.report == "suggestions":
            return reports.suggestions_report(store, settings.catalog, settings.zone, period,
                                              open_only=args.open_only, **common)
        if args.report == "service-times":
            from kiosk.reports.service_times import service_times
            return service_times(store, settings.catalog, settings.zone, period, **common)
        return reports.demand_report(store, settings.catalog, settings.zone, period, **common)
    return build


def _from_hub(args, settings, url, period, agency_id, service_id):
    """The report the hub computes over every kiosk's tickets and feedback."""
    token = _hub_token(args, settings, url)

    def build():
        from kiosk.hub import transport
        from kiosk.hub.client import HubDown, HubError, fetch_report
        try:
            return fetch_report(url, token, args.report, period.start, period.end,
                                agency=agency_id, service=service_id,
                                weight=getattr(args, "weight", "exact"), lang=args.lang,
                                open_only=getattr(args, "open_only", False),
                                **transport.options(settings))
        except HubDown as exc:
            raise CliError(tr(HUB_UNREACHABLE, args.lang, url=url, reason=exc), 1) from None
        except HubError as exc:
            body = exc.body
            reason = body.get("message_id" if args.lang == "id" else "message_en") or str(exc)
            raise CliError(tr(HUB_REFUSED, args.lang, reason=reason), 1) from None
    return build


def _hub_token(args, settings, url) -> str:
    import os
    token = args.token or os.environ.get("ANJUNGAN_HUB_TOKEN") or settings.hub_token
    if not token:
        raise CliError(tr(NO_HUB_TOKEN, args.lang, url=url), 2)
    return token


def _mark_handled(args, settings, hub_url: str) -> int:
    """`kiosk report suggestions --handled ID`: on the hub when there is one, else here."""
    lang, response_id = args.lang, args.handled
    if hub_url:
        from kiosk.hub import transport
        from kiosk.hub.client import HubDown, HubError, mark_suggestion_handled
        try:
            stamp, marked = mark_suggestion_handled(hub_url, _hub_token(args, settings, hub_url),
                                                    response_id, **transport.options(settings))
        except HubDown as exc:
            raise CliError(tr(HUB_UNREACHABLE, lang, url=hub_url, reason=exc), 1) from None
        except HubError as exc:
            if exc.status == 404:
                raise CliError(tr(UNKNOWN_SUGGESTION, lang, id=response_id), 1) from None
            reason = exc.body.get("message_id" if lang == "id" else "message_en") or str(exc)
            raise CliError(tr(HUB_REFUSED, lang, reason=reason), 1) from None
    else:
        store = open_store(Path(args.store or settings.store_path).expanduser(), lang)
        try:
            stamp, marked = reports.mark_handled(store, response_id)
        finally:
            store.close()
        if stamp is None:
            raise CliError(tr(UNKNOWN_SUGGESTION, lang, id=response_id), 1)
    from kiosk.reports.suggestions import time_text
    when = time_text(datetime.fromisoformat(stamp).astimezone(settings.zone), lang)
    print(tr(MARKED if marked else ALREADY_MARKED, lang, id=response_id, at=when))
    return 0


def _make(args, settings, build, period):
    """(report, writer) — or None after saying why there is nothing to report."""
    lang, fmt = args.lang, args.format
    days = {"start": L.day_text(period.start, lang), "end": L.day_text(period.end, lang)}
    if args.report == "ikm":
        report = build()
        if report.empty:
            print(tr(NO_SKM, lang, **days), file=sys.stderr)
            tickets = report.total.sample.population
            if tickets:
                print(tr(NO_SKM_TICKETS, lang, tickets=tickets,
                         required=krejcie_morgan(tickets)), file=sys.stderr)
            return None
        writers = {"table": reports.ikm_table, "csv": reports.ikm_csv,
                   "xlsx": _lazy("xlsx", "write_ikm_xlsx", "openpyxl"),
                   "png": _lazy("charts", "write_ikm_png", "matplotlib")}
    elif args.report == "votes":
        report = build()
        if report.empty:
            print(tr(NO_VOTES, lang, **days), file=sys.stderr)
            return None
        writers = {"table": reports.votes_table, "csv": reports.votes_csv}
    elif args.report == "suggestions":
        report = build()
        if report.empty:
            print(tr(NO_OPEN_SUGGESTIONS if args.open_only else NO_SUGGESTIONS, lang, **days),
                  file=sys.stderr)
            return None
        writers = {"table": reports.suggestions_table, "csv": reports.suggestions_csv,
                   "xlsx": _lazy("xlsx", "write_suggestions_xlsx", "openpyxl")}
    elif args.report == "service-times":
        from kiosk.reports import service_times as st
        report = build()
        if report.empty:
            print(tr(st.NO_CALLS, lang, **days), file=sys.stderr)
            return None
        writers = {"table": st.service_times_table, "csv": st.service_times_csv,
                   "xlsx": _lazy("service_times_xlsx", "write_service_times_xlsx", "openpyxl"),
                   "png": _lazy("service_times_png", "write_service_times_png", "matplotlib")}
    else:
        report = build()
        if report.empty:
            print(tr(NO_TICKETS, lang, **days), file=sys.stderr)
            return None
        writers = {"table": reports.demand_table, "csv": reports.demand_csv,
                   "png": _lazy("charts", "write_demand_png", "matplotlib")}
    return report, writers[fmt]


def _lazy(module: str, function: str, package: str):
    """A writer from a module whose library (openpyxl, matplotlib) is imported only now."""
    def write(report, path):
        try:
            from importlib import import_module
            writer = getattr(import_module(f"kiosk.reports.{module}"), function)
        except ImportError:
            raise CliError(tr(MISSING_LIBRARY, report.lang, package=package), 1) from None
        return writer(report, path)
    return write


def _output(args, period, report, write) -> int:
    lang, fmt = args.lang, args.format
    if fmt in BINARY:
        out = args.out or Path(f"{args.report}_{period.start}_{period.end}.{fmt}")
        try:
            write(report, out)
        except OSError as exc:
            raise CliError(tr(CANNOT_WRITE, lang, path=out, reason=exc.strerror or exc), 1)
        print(tr(WRITTEN, lang, path=out))
        return 0
    text = write(report)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(tr(CANNOT_WRITE, lang, path=args.out, reason=exc.strerror or exc), 1)
    print(tr(WRITTEN, lang, path=args.out), file=sys.stderr)
    return 0


def _early_lang(argv: list[str]) -> str:
    """--lang before argparse has run, so even a bad command line is answered in it."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and argv[i + 1:i + 2] == ["en"] or arg == "--lang=en":
            return "en"
    return "id"


def main(argv: list[str] | None = None, settings: config_mod.Settings | None = None) -> int:
    lang = _early_lang(argv if argv is not None else sys.argv[1:])
    try:
        args = build_parser().parse_args(argv)
        lang = args.lang
        if settings is None:
            settings = config_mod.load(args.config)
        return run(args, settings)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except config_mod.ConfigError as exc:
        print(tr(CONFIG_PROBLEMS, lang, n=len(exc.problems)), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(tr(STORE_PROBLEM, lang, reason=exc), file=sys.stderr)
        return 1
    except SurveyError as exc:  # totals the survey core refuses to turn into an IKM
        print(exc.text(lang), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

