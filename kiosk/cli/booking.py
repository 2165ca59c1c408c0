"""Back-office tools for booking codes: `kiosk booking keygen | new | verify`.

    keygen --out DIR [--kid K]
    new --key K.private.pem --service S --date YYYY-MM-DD --session HH:MM-HH:MM
        [--nik N|-] [--card ID] [--nik-key-file F] [--booking-id ID]
        [--service-name TEXT] [--tz ZONE] [--out booking.png]
    verify CODE|- --keys DIR_OR_FILE [--service-window S=before,after|S=disabled]…
        [--now ISO] [--tz ZONE]
    import FILE|- [--config kiosk.toml]
        (the day's signed codes, one per line, into the kiosk's booking register, so
        visitors can type their RSV-… reference or tap their card instead of scanning)

`new` prints only the code on stdout, so scripts can capture it; notes go to stderr.
A full NIK is never printed: only its masked form. Exit codes: 0 done / code accepted,
1 code refused, 2 bad command line, keys or files (a plain message, never a traceback).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk import privacy
from kiosk.bookings import (
    KeyringError,
    ServiceWindow,
    generate_keypair,
    load_keyring,
    load_private_key,
    new_booking,
    parse_reference,
    sign_booking,
    verify_booking,
)
from kiosk.bookings.verify import ZONE_LABELS
from kiosk.cli.errors import CliError, Parser, UsageError
from kiosk.i18n import tr

PROG = "kiosk booking"
_SESSION = re.compile(r"([0-2]?[0-9])[:.]([0-5][0-9])\s*[-–]\s*([0-2]?[0-9])[:.]([0-5][0-9])")
_WINDOW = re.compile(r"([^=]+)=(?:(\d+),(\d+)|(disabled|off))")


def _date(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"--date {text!r}: expected YYYY-MM-DD, e.g. 2026-05-04") from None


def _session(text: str) -> tuple[time, time]:
    match = _SESSION.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = time(h1, m1), time(h2, m2)
    except ValueError:
        raise CliError(f"--session {text!r}: expected HH:MM-HH:MM, e.g. 08:00-09:00") from None
    if end <= start:
        raise CliError(f"--session {text!r}: the session must end after it starts")
    return start, end


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CliError(f"--tz {name!r}: unknown time zone (e.g. Asia/Jakarta)") from None


def _bilingual(msgid: str, **values) -> str:
    """'Indonesian / English' for texts printed under the QR code."""
    return f"{tr(msgid, 'id', **values)} / {tr(msgid, 'en', **values)}"


# --- keygen -----------------------------------------------------------------------------

def cmd_keygen(args) -> int:
    try:
        kid, private_path, public_path = generate_keypair(args.out, args.kid)
    except KeyringError as exc:
        raise CliError(str(exc)) from None
    print(kid)
    print(f"private key: {private_path} (keep it in the back office; never copy it to a kiosk)",
          file=sys.stderr)
    print(f"public key:  {public_path} (copy it into every kiosk's keyring folder)",
          file=sys.stderr)
    return 0


# --- new --------------------------------------------------------------------------------

def cmd_new(args) -> int:
    try:
        file_kid, private_key = load_private_key(args.key)
    except KeyringError as exc:
        raise CliError(str(exc)) from None
    kid = args.kid or file_kid
    day = _date(args.date)
    start, end = _session(args.session)
    zone = _zone(args.tz)
    nik = args.nik
    if nik == "-":
        nik = sys.stdin.readline().strip()
    privacy_key = None
    if nik is not None or args.card is not None:
        if not args.nik_key_file:
            raise CliError("--nik and --card need --nik-key-file (the shared privacy key)")
        try:
            privacy_key = privacy.read_key_file(args.nik_key_file)
        except ValueError as exc:
            raise CliError(str(exc)) from None
    if nik is not None and not privacy.validate_nik(nik):
        raise CliError("--nik: a NIK is 16 digits with a plausible date of birth")
    try:
        booking = new_booking(
            args.service, day, start, end,
            booking_id=args.booking_id, nik=nik, card_id=args.card, privacy_key=privacy_key,
        )
    except ValueError as exc:
        raise CliError(str(exc)) from None
    code = sign_booking(booking, private_key, kid)
    print(code)
    print(f"booking id: {booking.booking_id}, key: {kid}, {len(code)} characters",
          file=sys.stderr)
    if booking.nik_last4:
        print(f"NIK: {booking.masked_nik}", file=sys.stderr)
    if args.out:
        write_png(Path(args.out), code, booking, args.service_name or args.service, zone)
        print(f"QR image: {args.out}", file=sys.stderr)
    return 0


def write_png(path: Path, code: str, booking, service_name: str, zone: ZoneInfo) -> None:
    """The QR code with what the visitor needs to read under it, in both languages."""
    import qrcode
    from PIL import Image, ImageDraw, ImageFont

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=6, border=4)
    qr.add_data(code)
    qr.make(fit=True)
    image = qr.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    width = max(image.width, 520)
    try:
        font = ImageFont.load_default(size=18)
        bold = ImageFont.load_default(size=22)
    except (TypeError, OSError):  # Pillow without FreeType: small bitmap font
        font = bold = ImageFont.load_default()

    label = ZONE_LABELS.get(zone.key, zone.key)
    day_id = _format_day(booking.date, "id")
    day_en = _format_day(booking.date, "en")
    session = booking.session.replace("–", "-")  # Pillow's default font has no en dash
    lines = [
        (font, f"{_bilingual('Service')}: {service_name}"),
        (font, f"{_bilingual('Date')}: {day_id} / {day_en}"),
        (font, f"{_bilingual('Session')}: {session} {label}"),
    ]
    if parse_reference(booking.booking_id):
        lines.append((font, f"{_bilingual('Booking code')}: {booking.booking_id}"))
    if booking.nik_last4:
        lines.append((font, f"NIK: {booking.masked_nik}"))
    lines.append((bold, _bilingual("This is not a queue number")))
    lines.append((font, tr("Scan this QR code at the kiosk on the booked day.", "id")))
    lines.append((font, tr("Scan this QR code at the kiosk on the booked day.", "en")))

    margin, gap = 16, 6
    wrapped = [(f, part) for f, text in lines for part in _wrap(text, f, width - 2 * margin)]
    heights = [f.getbbox("Ag")[3] + gap for f, _ in wrapped]
    canvas = Image.new("RGB", (width, image.height + sum(heights) + margin), "white")
    canvas.paste(image, ((width - image.width) // 2, 0))
    draw = ImageDraw.Draw(canvas)
    y = image.height
    for (f, text), height in zip(wrapped, heights):
        draw.text((margin, y), text, fill="black", font=f)
        y += height
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        canvas.save(path, format="PNG")
    except OSError as exc:
        raise CliError(f"{path}: cannot write the image ({exc.strerror or exc})") from None


def _format_day(day: date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(day, "full", locale=lang)


def _wrap(text: str, font, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if current and font.getlength(trial) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + [current]


# --- verify -----------------------------------------------------------------------------

class _EveryService(Mapping):
    """When no --service-window is given: every service exists with the default window."""

    def __getitem__(self, key):
        return ServiceWindow()

    def __contains__(self, key):
        return True

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0


def _services(specs: list[str]) -> Mapping:
    if not specs:
        return _EveryService()
    services = {}
    for spec in specs:
        match = _WINDOW.fullmatch(spec.strip())
        if not match:
            raise CliError(
                f"--service-window {spec!r}: expected SERVICE=BEFORE,AFTER in minutes"
                " (e.g. dukcapil-ktp=30,15) or SERVICE=disabled"
            )
        name, before, after, disabled = match.groups()
        services[name] = (
            ServiceWindow(False) if disabled else ServiceWindow(True, int(before), int(after))
        )
    return services


def cmd_verify(args) -> int:
    zone = _zone(args.tz)
    try:
        keyring = load_keyring(args.keys)
    except KeyringError as exc:
        raise CliError(str(exc)) from None
    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            raise CliError(f"--now {args.now!r}: expected ISO date and time, "
                           "e.g. 2026-05-04T08:45") from None
        if now.tzinfo is None:
            now = now.replace(tzinfo=zone)
    else:
        now = datetime.now(zone)
    code = sys.stdin.read() if args.code == "-" else args.code
    verdict = verify_booking(code, keyring, now, zone, _services(args.service_window))

    print(("DITERIMA / ACCEPTED" if verdict.ok else "DITOLAK / REFUSED") + f" ({verdict.reason})")
    for lang in ("id", "en"):
        print(f"[{lang}] {verdict.message(lang)}")
        print(f"     {verdict.next_step(lang)}")
    booking = verdict.booking
    if booking:
        details = [
            f"booking {booking.booking_id}", f"service {booking.service}",
            f"date {booking.date.isoformat()}", f"session {booking.session} {verdict.zone}",
            f"key {booking.kid}",
        ]
        if booking.masked_nik:
            details.append(f"NIK {booking.masked_nik}")
        if booking.card_hash:
            details.append("card on file")
        print(", ".join(details))
    return 0 if verdict.ok else 1


# --- entry point ------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=PROG, description="Booking codes for Anjungan kiosks.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    keygen = sub.add_parser("keygen", help="make a signing key pair")
    keygen.add_argument("--out", required=True, help="folder for the two PEM files")
    keygen.add_argument("--kid", help="key id (default k + today's date, e.g. k260504)")
    keygen.set_defaults(run=cmd_keygen)

    new = sub.add_parser("new", help="make a signed booking code and its QR image")
    new.add_argument("--key", required=True, help="<kid>.private.pem from keygen")
    new.add_argument("--kid", help="key id (default: from the key's file name)")
    new.add_argument("--service", required=True, help="service id from the catalog")
    new.add_argument("--service-name", help="service name printed under the QR")
    new.add_argument("--date", required=True, help="session date, YYYY-MM-DD")
    new.add_argument("--session", required=True, help="HH:MM-HH:MM, local time")
    new.add_argument("--nik", help="visitor's NIK (kept only hashed); '-' reads it from stdin")
    new.add_argument("--card", help="card id the visitor may tap instead (kept only hashed)")
    new.add_argument("--nik-key-file", "--secret-file", dest="nik_key_file",
                     help="file holding the shared privacy key ([booking] secret_file)")
    new.add_argument("--booking-id", help="booking id (default: a new RSV-… reference)")
    new.add_argument("--tz", default="Asia/Jakarta", help="MPP time zone for the label")
    new.add_argument("--out", help="write the QR code as a PNG image here")
    new.set_defaults(run=cmd_new)

    verify = sub.add_parser("verify", help="show what a kiosk would answer for a code")
    verify.add_argument("code", help="the booking code; '-' reads it from stdin")
    verify.add_argument("--keys", required=True, help="keyring folder, TOML or PEM file")
    verify.add_argument("--service-window", action="append", default=[],
                        metavar="S=BEFORE,AFTER",
                        help="known service and its window in minutes (repeatable); "
                             "S=disabled for a closed service; none given: any service, 30,15")
    verify.add_argument("--now", help="pretend it is this time (ISO); default: now")
    verify.add_argument("--tz", default="Asia/Jakarta", help="the MPP's time zone")
    verify.set_defaults(run=cmd_verify)

    load = sub.add_parser("import", help="register the day's signed codes for look-up by "
                                         "reference code or card")
    load.add_argument("file", help="text file with one signed code per line; '-' reads stdin")
    load.add_argument("--config", help="kiosk.toml (default: config/kiosk.toml)")
    load.set_defaults(run=cmd_import)
    return parser


def read_codes(path: str) -> list[str]:
    """The signed codes of a file (one per line; '-' reads standard input)."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {path}: {exc}") from None
    return [line for line in text.splitlines() if line.strip()]


def register(service, codes: list[str]) -> int:
    """Add codes to `service`'s booking register (a kiosk's store or the hub's); print what
    happened. Exit status 0 when every code was genuine."""
    if service.settings.booking.keys is None:
        raise CliError("[booking] keys is not set: no code can be checked")
    counts: dict[str, int] = {}
    results = service.register_bookings(codes)
    for what, outcome in results:
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome not in ("added", "known"):
            print(f"refused {what}…: {outcome}", file=sys.stderr)
    print(", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "no codes")
    return 0 if results and set(counts) <= {"added", "known"} else 1


def cmd_import(args) -> int:
    from kiosk import config
    from kiosk.service import LocalService
    from kiosk.store import StoreError

    codes = read_codes(args.file)
    try:
        settings = config.load(args.config)
    except config.ConfigError as exc:
        raise CliError("the configuration has problems:\n  " +
                       "\n  ".join(str(p) for p in exc.problems)) from None
    try:
        service = LocalService(settings)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    try:
        return register(service, codes)
    finally:
        service.store.close()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return args.run(args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
