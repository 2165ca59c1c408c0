"""Load and validate kiosk.toml and catalog.toml.

Every problem becomes a `Problem(file, key, why)`; all of them are collected and raised
together as one ConfigError, so an IT officer fixes a config in one pass, never from a
traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# rtoml (Rust) parses the 4,000-line sample catalog in 4 ms where tomllib takes 30: a tenth
# of the kiosk's own part of its start-up. Same TOML 1.0, same Python values.
import rtoml

from kiosk.counters.config import read_counters
from kiosk.ops import settings as ops_settings
from kiosk.device_keys import device_problems
from kiosk.staffpin import is_valid_hash
from kiosk.catalog import WEEKDAYS, Agency, Catalog, Closure, Holiday, Service, Standard
from kiosk.catalog_extras import read_contacts, read_service_extras

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config" / "kiosk.toml"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PREFIX = re.compile(r"^[A-Z0-9]{1,3}$")
KIOSK_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
ROTATIONS = (0, 90, 180, 270)
STANDARD_FIELDS = ("procedure", "time", "fee", "product", "complaints")
MISSING = object()


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    why: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.why}"


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class StaffSettings:
    pin_hash: str = ""
    max_attempts: int = 5
    lockout_s: int = 300


@dataclass(frozen=True)
class BookingSettings:
    keys: Path | None = None           # folder / TOML / PEM of public keys; None: no check-in
    reprint_limit: int = 2
    secret_file: Path | None = None     # key for NIK and card hashes (HMAC), shared MPP-wide


@dataclass(frozen=True)
class SurveySettings:
    # The questionnaire order of the SKM's nine questions (kiosk.survey.ORDERS): "rule"
    # asks U1..U9 as PermenPANRB 14/2017 lists them; "questionnaire" follows the rule's
    # example form (sarana 8th, pengaduan 9th). Answers are stored by unsur key either way.
    order: str = "rule"


@dataclass(frozen=True)
class DisplaySettings:
    """[display]: the hall display board (`kiosk display`) and its voice."""
    orientation: str = "landscape"          # landscape (1920x1080) | portrait (1080x1920)
    voice: bool = True
    languages: tuple[str, ...] = ("id",)    # ("id", "en"): each call repeated in English
    digits: bool = False                    # numbers digit by digit instead of as a value
    clips: Path | None = None               # recorded / built clips; None: the data folder
    volume: int = 100                       # 0..100, applied to the samples
    speech_rate: int = 150                  # espeak-ng words per minute for synthesised clips
    player: str = "auto"                    # auto | aplay | paplay
    audio_device: str = ""                  # ALSA device for aplay, e.g. "hdmi:CARD=PCH,DEV=0"
    highlight_s: int = 8                    # the latest call stands out this long
    show_next: bool = True                  # next numbers per agency along the bottom


@dataclass(frozen=True)
class Settings:
    path: Path
    mpp_name: str
    mpp_region: str
    timezone: str
    kiosk_id: str
    mode: str
    languages: tuple[str, ...]
    idle_timeout_s: int
    number_padding: int
    booked_first: bool
    store_path: Path
    hub_url: str
    hub_token: str
    staff: StaffSettings
    booking: BookingSettings
    devices: dict[str, dict[str, Any]]
    catalog: Catalog
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    survey: SurveySettings = field(default_factory=SurveySettings)
    # Degrees the picture is turned for a panel mounted other than the way the computer
    # drives it (a landscape panel stood upright: 90 or 270). Touches turn with it.
    rotation: int = 0
    display: DisplaySettings = field(default_factory=DisplaySettings)
    keypad: Any = None   # kiosk.guide.KeypadSettings: [keypad], the tactile keypad's key map

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Reader:
    """Typed access to a TOML tree that records problems instead of raising."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, key: str, why: str) -> None:
        self.problems.append(Problem(self.file, key, why))

    def get(self, table: dict, key: str, path: str, kind, default=MISSING):
        where = f"{path}.{key}" if path else key
        if not isinstance(table, dict) or key not in table:
            if default is MISSING:
                self.problem(where, "missing (required)")
            return None if default is MISSING else default
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            value = MISSING
        if value is MISSING or not isinstance(value, kinds):
            names = " or ".join(_type_name(k) for k in kinds)
            self.problem(where, f"must be {names}, got {_type_name(type(table[key]))} {table[key]!r}")
            return None if default is MISSING else default
        return value

    def text(self, table: dict, key: str, path: str, default=MISSING):
        """A bilingual {id, en} table; a plain string is accepted only as a default."""
        value = self.get(table, key, path, (dict, str), default)
        where = f"{path}.{key}"
        if isinstance(value, str):
            self.problem(where, 'must be a table { id = "…", en = "…" }')
            return {"id": value, "en": value}
        if isinstance(value, dict):
            for lang in ("id", "en"):
                if not isinstance(value.get(lang), str) or not value[lang].strip():
                    self.problem(f"{where}.{lang}", "missing or empty text")
            return {k: v for k, v in value.items() if isinstance(v, str)}
        return value

    def ranges(self, value, where: str):
        if not isinstance(value, str):
            self.problem(where, f'must be a string like "08:00-15:30", got {value!r}')
            return ()
        try:
            return parse_ranges(value)
        except ValueError as exc:
            self.problem(where, str(exc))
            return ()

    def hours(self, table: dict, key: str, path: str, required: bool):
        value = self.get(table, key, path, dict, MISSING if required else {})
        out = {}
        for day, spec in (value or {}).items():
            where = f"{path}.{key}.{day}"
            if day not in WEEKDAYS:
                self.problem(where, f"unknown weekday (use {', '.join(WEEKDAYS)})")
                continue
            out[day] = self.ranges(spec, where)
        if required:
            for day in WEEKDAYS:
                if value is not None and day not in value:
                    self.problem(f"{path}.{key}.{day}", 'missing (use "" for closed)')
        return out


def _type_name(kind) -> str:
    return {str: "a string", int: "an integer", bool: "true or false", dict: "a table",
            list: "a list", float: "a number", date: "a date (YYYY-MM-DD)"}.get(kind, kind.__name__)


def parse_time(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{text.strip()!r} is not a time (HH:MM)")
    return time(int(match[1]), int(match[2]))


def parse_range(text: str) -> tuple[time, time]:
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"{text.strip()!r} is not a range (HH:MM-HH:MM)")
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if end <= start:
        raise ValueError(f"{text.strip()!r} ends before it starts")
    return start, end


def parse_ranges(text: str) -> tuple[tuple[time, time], ...]:
    """'08:00-12:00,13:00-15:30' -> ordered ranges; '' means closed."""
    if not text.strip():
        return ()
    ranges = sorted(parse_range(part) for part in text.split(","))
    for (_, end), (start, _) in zip(ranges, ranges[1:]):
        if start < end:
            raise ValueError(f"{text.strip()!r} has overlapping ranges")
    return tuple(ranges)


def _load_toml(path: Path, reader: Reader) -> dict | None:
    try:
        return rtoml.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        reader.problem("(file)", "not found")
    except PermissionError:
        reader.problem("(file)", "cannot be read (permission denied)")
    except rtoml.TomlParsingError as exc:
        reader.problem("(file)", f"not valid TOML: {exc}")
    except (OSError, UnicodeDecodeError) as exc:
        reader.problem("(file)", f"cannot be read: {exc}")
    return None


def peek_rotation(path: Path) -> int:
    """[kiosk] rotation of a file that may not load, so that even the screen saying why it
    does not is the right way up on a turned panel; 0 where it cannot be read."""
    data = _load_toml(Path(path), Reader(str(path))) or {}
    kiosk = data.get("kiosk")
    rotation = kiosk.get("rotation", 0) if isinstance(kiosk, dict) else 0
    return rotation if rotation in ROTATIONS and not isinstance(rotation, bool) else 0


def load_catalog(path: Path) -> Catalog:
    reader = Reader(str(path))
    data = _load_toml(path, reader)
    if data is None:
        raise ConfigError(reader.problems)
    catalog = _read_catalog(data, reader)
    if reader.problems:
        raise ConfigError(reader.problems)
    return catalog


def _read_catalog(data: dict, r: Reader) -> Catalog:
    schedule = r.get(data, "schedule", "", dict, {})
    hours = r.hours(schedule, "hours", "schedule", required=True)
    cutoff = r.get(schedule, "cutoff_minutes", "schedule", int, 30)
    friday_break = None
    fb = r.get(schedule, "friday_break", "schedule", str, "")
    if fb:
        try:
            friday_break = parse_range(fb)
        except ValueError as exc:
            r.problem("schedule.friday_break", str(exc))

    agencies, prefixes = [], {}
    for i, a in enumerate(r.get(data, "agency", "", list, [])):
        path = f"agency[{i}]"
        aid = r.get(a, "id", path, str)
        if aid is not None and not SLUG.match(aid):
            r.problem(f"{path}.id", f"{aid!r} must be a lower-case slug (a-z, 0-9, -)")
        path = f"agency[{aid or i}]"
        prefix = r.get(a, "prefix", path, str)
        if prefix is not None and not PREFIX.match(prefix):
            r.problem(f"{path}.prefix", f"{prefix!r} must be 1-3 upper-case letters or digits")
        prio = r.get(a, "priority_prefix", path, str, f"R{prefix or ''}")
        if prio and not PREFIX.match(prio):
            r.problem(f"{path}.priority_prefix", f"{prio!r} must be 1-3 upper-case letters or digits")
        for key, p in (("prefix", prefix), ("priority_prefix", prio)):
            if p in prefixes:
                r.problem(f"{path}.{key}", f"{p!r} is already used by {prefixes[p]}")
            elif p:
                prefixes[p] = f"agency {aid}"
        counters = r.get(a, "counters", path, int, 1)
        if counters is not None and counters < 1:
            r.problem(f"{path}.counters", "must be at least 1")
        agencies.append(Agency(
            id=aid or f"#{i}", prefix=prefix or "?", priority_prefix=prio or "?",
            name=r.text(a, "name", path), short=r.get(a, "short", path, str, aid or ""),
            counter=r.text(a, "counter", path, {"id": "", "en": ""}),
            counters=counters or 1, icon=r.get(a, "icon", path, str, ""),
            hours=r.hours(a, "hours", path, required=False),
            cutoff_minutes=r.get(a, "cutoff_minutes", path, int, None),
        ))
    seen = set()
    for a in agencies:
        if a.id in seen:
            r.problem(f"agency[{a.id}].id", "duplicate agency id")
        seen.add(a.id)

    services, seen = [], set()
    for i, s in enumerate(r.get(data, "service", "", list, [])):
        path = f"service[{i}]"
        sid = r.get(s, "id", path, str)
        if sid is not None and not SLUG.match(sid):
            r.problem(f"{path}.id", f"{sid!r} must be a lower-case slug (a-z, 0-9, -)")
        path = f"service[{sid or i}]"
        if sid in seen:
            r.problem(f"{path}.id", "duplicate service id")
        seen.add(sid)
        agency = r.get(s, "agency", path, str)
        if agency is not None and not any(a.id == agency for a in agencies):
            r.problem(f"{path}.agency", f"unknown agency {agency!r} (no [[agency]] with that id)")
        quota = r.get(s, "quota", path, int, 0)
        if quota is not None and quota < 0:
            r.problem(f"{path}.quota", "must be 0 (no limit) or more")
        minutes = r.get(s, "service_minutes", path, int, 10)
        if minutes is not None and minutes < 1:
            r.problem(f"{path}.service_minutes", "must be at least 1")
        window = r.get(s, "booking_window", path, dict, {})
        services.append(Service(
            id=sid or f"#{i}", agency=agency or "", name=r.text(s, "name", path),
            standard=_read_standard(s, path, r), quota=quota or 0, service_minutes=minutes or 10,
            priority=r.get(s, "priority", path, bool, True),
            enabled=r.get(s, "enabled", path, bool, True),
            hours=r.hours(s, "hours", path, required=False),
            cutoff_minutes=r.get(s, "cutoff_minutes", path, int, None),
            booking_before_min=r.get(window, "before_min", f"{path}.booking_window", int, 30),
            booking_after_min=r.get(window, "after_min", f"{path}.booking_window", int, 15),
            **read_service_extras(s, path, r),
        ))
    if not services and "service" in data:
        r.problem("service", "no services defined")

    holidays = []
    for i, h in enumerate(r.get(data, "holiday", "", list, [])):
        day = r.get(h, "date", f"holiday[{i}]", date)
        holidays.append(Holiday(date=day or date.min, name=r.text(h, "name", f"holiday[{i}]")))
    closures = []
    for i, c in enumerate(r.get(data, "closure", "", list, [])):
        path = f"closure[{i}]"
        day = r.get(c, "date", path, date)
        agency = r.get(c, "agency", path, str, "")
        service = r.get(c, "service", path, str, "")
        if agency and not any(a.id == agency for a in agencies):
            r.problem(f"{path}.agency", f"unknown agency {agency!r}")
        if service and service not in seen:
            r.problem(f"{path}.service", f"unknown service {service!r}")
        closures.append(Closure(date=day or date.min, reason=r.text(c, "reason", path),
                                agency=agency, service=service))
    counters, calling = read_counters(data, r, agencies, services)
    return Catalog(hours=hours, cutoff_minutes=cutoff if cutoff is not None else 30,
                   friday_break=friday_break, agencies=tuple(agencies),
                   services=tuple(services), holidays=tuple(holidays), closures=tuple(closures),
                   counters=counters, calling=calling,
                   contacts=read_contacts(data, r))


def _read_standard(s: dict, path: str, r: Reader) -> Standard:
    std = r.get(s, "standard", path, dict)
    path = f"{path}.standard"
    if std is None:
        empty = {"id": "", "en": ""}
        return Standard((), empty, empty, empty, empty, empty)
    reqs = r.get(std, "requirements", path, list, [])
    requirements = tuple(r.text({"r": item}, "r", f"{path}.requirements[{j}]")
                         for j, item in enumerate(reqs or []))
    texts = {name: r.text(std, name, path) or {} for name in STANDARD_FIELDS}
    return Standard(requirements=requirements, **texts)


def load(config_path: Path | str | None = None) -> Settings:
    """Load kiosk.toml and the catalog it names; raise ConfigError listing every problem."""
    path = Path(config_path) if config_path else DEFAULT_CONFIG
    r = Reader(str(path))
    data = _load_toml(path, r)
    if data is None:
        raise ConfigError(r.problems)

    mpp = r.get(data, "mpp", "", dict, {})
    kiosk = r.get(data, "kiosk", "", dict, {})
    queue = r.get(data, "queue", "", dict, {})
    store = r.get(data, "store", "", dict, {})
    hub = r.get(data, "hub", "", dict, {})
    staff = r.get(data, "staff", "", dict, {})
    devices = r.get(data, "devices", "", dict, {})
    booking = r.get(data, "booking", "", dict, {})
    survey = r.get(data, "survey", "", dict, {})
    display = r.get(data, "display", "", dict, {})

    tz = r.get(mpp, "timezone", "mpp", str)
    if tz is not None:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            r.problem("mpp.timezone", f"{tz!r} is not a known time zone "
                      "(use Asia/Jakarta, Asia/Makassar or Asia/Jayapura)")
            tz = None
    kiosk_id = r.get(kiosk, "id", "kiosk", str)
    if kiosk_id is not None and not KIOSK_ID.match(kiosk_id):
        r.problem("kiosk.id", f"{kiosk_id!r} may hold only letters, digits, - and _ (max 32)")
    mode = r.get(kiosk, "mode", "kiosk", str, "both")
    if mode not in ("entrance", "exit", "both"):
        r.problem("kiosk.mode", f"{mode!r} must be entrance, exit or both")
    languages = r.get(kiosk, "languages", "kiosk", list, ["id", "en"])
    if languages is not None:
        bad = [lang for lang in languages if lang not in ("id", "en")]
        if bad:
            r.problem("kiosk.languages", f"unsupported language(s) {bad}; supported: id, en")
        if "id" not in languages:
            r.problem("kiosk.languages", '"id" (Bahasa Indonesia) must be offered')
    idle = r.get(kiosk, "idle_timeout_s", "kiosk", int, 60)
    if idle is not None and not 10 <= idle <= 3600:
        r.problem("kiosk.idle_timeout_s", "must be between 10 and 3600 seconds")
    rotation = r.get(kiosk, "rotation", "kiosk", int, 0)
    if rotation is not None and rotation not in ROTATIONS:
        r.problem("kiosk.rotation", f"{rotation!r} must be 0, 90, 180 or 270 (degrees)")
    padding = r.get(queue, "number_padding", "queue", int, 3)
    if padding is not None and not 1 <= padding <= 6:
        r.problem("queue.number_padding", "must be between 1 and 6")
    mpp_name = r.get(mpp, "name", "mpp", str)
    mpp_region = r.get(mpp, "region", "mpp", str, "")
    catalog_name = r.get(kiosk, "catalog", "kiosk", str, "catalog.toml")
    store_path = r.get(store, "path", "store", str, "~/.local/share/anjungan/kiosk.sqlite3")
    hub_url = r.get(hub, "url", "hub", str, "")
    if hub_url and not re.match(r"^https?://", hub_url):
        r.problem("hub.url", f"{hub_url!r} must start with http:// or https://")
    from kiosk.hub import transport      # [hub] ca_file, allow_insecure
    transport.read(hub if isinstance(hub, dict) else {}, r, path)
    staff_settings = StaffSettings(
        pin_hash=r.get(staff, "pin_hash", "staff", str, ""),
        max_attempts=r.get(staff, "max_attempts", "staff", int, 5) or 5,
        lockout_s=r.get(staff, "lockout_s", "staff", int, 300) or 300,
    )
    if staff_settings.pin_hash and not is_valid_hash(staff_settings.pin_hash):
        r.problem("staff.pin_hash", "not a PIN hash; make one with `kiosk staff-pin`")
    booking_settings = _read_booking(booking, path, r)
    survey_settings = _read_survey(survey, r)
    display_settings = _read_display(display, path, r)
    from kiosk.guide.keys import read_keypad
    keypad_settings = read_keypad(r.get(data, "keypad", "", dict, {}), r)
    for name in ("printer", "scanner", "cardreader"):
        section = devices.get(name, {}) if isinstance(devices, dict) else {}
        if not isinstance(section, dict):
            r.problem(f"devices.{name}", "must be a table")
            continue
        driver = section.get("driver", "none")
        allowed = ("simulated", "serial", "none") + (("keyboard",) if name == "scanner" else ())
        if driver not in allowed:
            r.problem(f"devices.{name}.driver", f"{driver!r} must be one of {', '.join(allowed)}")
        elif driver == "serial" and not section.get("port"):
            r.problem(f"devices.{name}.port", "required when driver is serial")
    for key, why in device_problems(devices if isinstance(devices, dict) else {}):
        r.problem(key, why)
    if isinstance(store_path, str):      # backups and retention: kiosk.ops.settings
        ops_settings.read(store, r, path, _resolve(path, store_path))

    catalog = None
    catalog_path = (path.parent / catalog_name).resolve() if catalog_name else None
    if catalog_path:
        try:
            catalog = load_catalog(catalog_path)
        except ConfigError as exc:
            r.problems.extend(exc.problems)
    if r.problems:
        raise ConfigError(r.problems)

    return Settings(
        path=path, mpp_name=mpp_name, mpp_region=mpp_region,
        timezone=tz, kiosk_id=kiosk_id, mode=mode, languages=tuple(languages),
        idle_timeout_s=idle, number_padding=padding,
        booked_first=bool(queue.get("booked_first", False)),
        store_path=_resolve(path, store_path), hub_url=hub_url, hub_token=hub.get("token", ""),
        staff=staff_settings, booking=booking_settings, devices=dict(devices), catalog=catalog, raw=data,
        survey=survey_settings, rotation=rotation, display=display_settings,
        keypad=keypad_settings,
    )


def _read_survey(survey: dict, r: Reader) -> SurveySettings:
    from kiosk.survey.unsur import DEFAULT_ORDER, ORDERS
    order = r.get(survey, "order", "survey", str, DEFAULT_ORDER)
    if order not in ORDERS:
        r.problem("survey.order", f"{order!r} is not a questionnaire order; use \"rule\" "
                  "(U1..U9 as PermenPANRB 14/2017 lists them) or \"questionnaire\" (the "
                  "rule's example form: sarana 8th, pengaduan 9th)")
        order = DEFAULT_ORDER
    return SurveySettings(order=order)


def _read_display(d: dict, path: Path, r: Reader) -> DisplaySettings:
    orientation = r.get(d, "orientation", "display", str, "landscape")
    if orientation not in ("landscape", "portrait"):
        r.problem("display.orientation", f"{orientation!r} must be landscape or portrait")
    languages = r.get(d, "languages", "display", list, ["id"]) or ["id"]
    if [lang for lang in languages if lang not in ("id", "en")] or not languages or languages[0] != "id":
        r.problem("display.languages", f"{languages!r}: use [\"id\"] or [\"id\", \"en\"] "
                  "(calls are said in Indonesian first, then optionally in English)")
        languages = ["id"]
    volume = r.get(d, "volume", "display", int, 100)
    if volume is not None and not 0 <= volume <= 100:
        r.problem("display.volume", f"{volume} must be between 0 and 100")
    rate = r.get(d, "speech_rate", "display", int, 150)
    if rate is not None and not 80 <= rate <= 300:
        r.problem("display.speech_rate", f"{rate} must be between 80 and 300 words a minute")
    player = r.get(d, "player", "display", str, "auto")
    if player not in ("auto", "aplay", "paplay"):
        r.problem("display.player", f"{player!r} must be auto, aplay or paplay")
    highlight = r.get(d, "highlight_s", "display", int, 8)
    if highlight is not None and not 1 <= highlight <= 60:
        r.problem("display.highlight_s", f"{highlight} must be between 1 and 60 seconds")
    clips = r.get(d, "clips", "display", str, "")
    return DisplaySettings(
        orientation=orientation if orientation in ("landscape", "portrait") else "landscape",
        voice=r.get(d, "voice", "display", bool, True), languages=tuple(languages),
        digits=r.get(d, "digits", "display", bool, False),
        clips=_resolve(path, clips) if clips else None, volume=volume if volume is not None else 100,
        speech_rate=rate or 150, player=player if player in ("auto", "aplay", "paplay") else "auto",
        audio_device=r.get(d, "audio_device", "display", str, ""),
        highlight_s=highlight or 8, show_next=r.get(d, "show_next", "display", bool, True))


def _read_booking(booking: dict, path: Path, r: Reader) -> BookingSettings:
    keys = r.get(booking, "keys", "booking", str, "")
    secret = r.get(booking, "secret_file", "booking", str, "")
    limit = r.get(booking, "reprint_limit", "booking", int, 2)
    keys_path = _resolve(path, keys) if keys else None
    if keys_path:
        from kiosk.bookings import KeyringError, load_keyring
        try:
            load_keyring(keys_path)
        except (KeyringError, OSError) as exc:
            r.problem("booking.keys", str(exc))
    secret_path = _resolve(path, secret) if secret else None
    if secret_path and not secret_path.is_file():
        r.problem("booking.secret_file", f"{secret_path} not found")
    return BookingSettings(keys=keys_path, reprint_limit=limit if limit is not None else 2,
                           secret_file=secret_path)


def _resolve(config_path: Path, value: str) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else (config_path.parent / p).resolve()


def now_local(settings: Settings) -> datetime:
    return datetime.now(settings.zone)
