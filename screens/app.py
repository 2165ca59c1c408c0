"""The kiosk App: the state every screen binds to, navigation, and the walk-in journey.

Screens hold no business rules: they show what the service (kiosk.service) says and hand
taps back here. Every service or printer call runs on a worker (screens.background) and
returns on the main thread. Visitor text goes through `t()` / `pick()` with `app.lang` as an
argument in the kv rules, so a language switch re-translates every label on screen.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime
from pathlib import Path

from kivy.app import App
from kivy.base import ExceptionManager
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import FadeTransition, NoTransition, ScreenManager

from kiosk.i18n import N_, pick, tr
from kiosk.journey import check_in_and_print, issue_and_print, reprint_ticket
from kiosk.ops import sdnotify
from kiosk.queueing import Refused, zone_abbreviation
from kiosk.staff_alerts import PRINTER_ALERT, TICKET_NOT_PRINTED, AlertLog
from kiosk.tickets import parse_ticket_qr
from kiosk.staffpin import PinGate
from screens import theme
from screens.background import on_main_thread, run_in_background

log = logging.getLogger(__name__)
FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"

# Noto Sans everywhere: registering it under Kivy's default name covers every Label.
LabelBase.register(DEFAULT_FONT, fn_regular=str(FONTS / "NotoSans-Regular.ttf"),
                   fn_bold=str(FONTS / "NotoSans-Bold.ttf"))

STAFF_TAPS = 5            # taps on the top-left corner that open the staff PIN pad
STAFF_TAP_WINDOW_S = 4.0
TICKET_SCREEN_S = 45      # the ticket screen returns to the start on its own (the last 20 s
#                           are the idle warning's countdown: screens.idle.IdleWatcher.soon)
PRINTER_ALERT_AFTER_S = 5  # a bad printer status must last this long to alert staff
STAFF_ALERTS_KEPT = 5
BUSY_SCREENS = ("printing", "staff_pin", "staff")  # a scan here must not pull the screen away


def _malloc_trim():
    try:
        import ctypes
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (Windows, musl): nothing to do
        return None


_TRIM = _malloc_trim()


def release_free_memory() -> None:
    """Between visitors, hand freed heap pages back to the system. glibc keeps what screens
    and textures freed (a few MB per hundred visitors); a kiosk runs for weeks."""
    if _TRIM is not None:
        _TRIM(0)


class _Containment:
    """ExceptionManager handler: log, go back to the welcome screen, keep running."""

    def __init__(self, app: "KioskApp"):
        self.app = app

    def handle_exception(self, exc):
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        log.error("unexpected error in the kiosk UI; back to the welcome screen", exc_info=exc)
        self.app.crashes.append(exc)
        Clock.schedule_once(lambda dt: self.app.recover(), 0)
        return ExceptionManager.PASS


class KioskApp(App):
    lang = StringProperty("id")
    contrast = BooleanProperty(False)
    scale = NumericProperty(1.0)
    clock_text = StringProperty("")
    date_text = StringProperty("")
    staff_alert = StringProperty("")     # recent alerts, newest first, shown on the staff panel
    printer_state = StringProperty("")   # PrinterStatus value, "" when unknown
    landscape = BooleanProperty(False)   # screens lay out in two columns when True
    hub_state = StringProperty("")       # "online" / "offline" with a hub, "" without one
    ready = BooleanProperty(False)       # every screen built and drawn once (see _warm_next_screen)
    speech_active = BooleanProperty(False)  # speech mode on (screens.speech_mode)

    # the palette, one property per colour so kv rules repaint when it changes
    c_bg = ColorProperty(theme.NORMAL["bg"])
    c_surface = ColorProperty(theme.NORMAL["surface"])
    c_ink = ColorProperty(theme.NORMAL["ink"])
    c_ink_soft = ColorProperty(theme.NORMAL["ink_soft"])
    c_header = ColorProperty(theme.NORMAL["header"])
    c_on_header = ColorProperty(theme.NORMAL["on_header"])
    c_band = ColorProperty(theme.NORMAL["band"])
    c_primary = ColorProperty(theme.NORMAL["primary"])
    c_on_primary = ColorProperty(theme.NORMAL["on_primary"])
    c_secondary = ColorProperty(theme.NORMAL["secondary"])
    c_on_secondary = ColorProperty(theme.NORMAL["on_secondary"])
    c_line = ColorProperty(theme.NORMAL["line"])
    c_good = ColorProperty(theme.NORMAL["good"])
    c_bad = ColorProperty(theme.NORMAL["bad"])
    c_notice = ColorProperty(theme.NORMAL["notice"])
    c_number = ColorProperty(theme.NORMAL["number"])
    c_disabled = ColorProperty(theme.NORMAL["disabled"])

    def __init__(self, settings, service, devices=None, *, idle_timeout_s: float | None = None,
                 idle_warning_s: float | None = None, transitions: bool = True,
                 allow_close: bool = False, wall_clock=None, speaker=None, **kwargs):
        self.settings = settings
        self.service = service
        self.devices = devices
        self.printer = getattr(devices, "printer", None)
        self.logo_key = str(settings.devices.get("printer", {}).get("nv_logo", "") or "")
        self.idle_timeout_s = idle_timeout_s or settings.idle_timeout_s
        # WCAG 2.2.1: at least 20 s to say "I'm still here" (a 60 s timeout warns at 40 s)
        self.idle_warning_s = idle_warning_s or min(20.0, self.idle_timeout_s / 2)
        self._speaker = speaker   # speech mode's voice (devices.speech.speaker); None: espeak-ng
        self.alerts = AlertLog(STAFF_ALERTS_KEPT)
        if hasattr(service, "devices"):  # a hub: its heartbeat tells the printer's state
            service.devices = self.device_states
        self.transitions = transitions
        self.allow_close = allow_close
        self.ticket_screen_s = TICKET_SCREEN_S
        # the clock on screen; injectable so screenshots show the same moment as the service
        self.wall_clock = wall_clock or (lambda: datetime.now(settings.zone))
        self.history: list[str] = []
        self.crashes: list[BaseException] = []
        self.pin_gate = PinGate(settings.staff.pin_hash, settings.staff.max_attempts,
                                settings.staff.lockout_s)
        self._staff_taps: list[float] = []
        self._date_key = None
        self._warmed: set[str] = set()
        self._warming = None
        self._containment = _Containment(self)
        super().__init__(**kwargs)
        self.title = "Anjungan"
        self.lang = settings.languages[0] if settings.languages else "id"

    # -- translation helpers the kv rules call (pass app.lang so they re-run on a switch) --
    def t(self, msgid: str, lang: str | None = None, **values) -> str:
        return tr(msgid, lang or self.lang, **values)

    def pick(self, texts, lang: str | None = None) -> str:
        return pick(texts or {}, lang or self.lang) if texts else ""

    # -- life cycle ------------------------------------------------------------------------
    def build(self):
        from screens.idle import IdleWatcher

        root = FloatLayout()
        # [kiosk] rotation; also set before the window opened (screens.env) on a real kiosk
        self._rotation_before = Window.rotation
        Window.rotation = self.settings.rotation
        transition = FadeTransition(duration=0.12) if self.transitions else NoTransition()
        self.sm = ScreenManager(transition=transition)
        self.screen(self.start_screen)
        root.add_widget(self.sm)
        from screens.staff_mark import StaffMark
        root.add_widget(StaffMark())
        self._prebuild = Clock.schedule_once(lambda dt: None)  # replaced after the first frame
        Window.bind(on_flip=self._first_frame_drawn)
        self.idle = IdleWatcher(self, root)
        self._start_guidance(root)
        Window.bind(on_request_close=self._on_request_close, on_touch_down=self._on_touch_down,
                    size=self._on_resize)
        self._on_resize(Window, Window.size)
        ExceptionManager.add_handler(self._containment)
        self._tick_clock(0)
        self._clock_event = Clock.schedule_interval(self._tick_clock, 1.0)
        # systemd's watchdog is fed from this loop only: a hung UI gets restarted.
        self._alive = Clock.schedule_interval(lambda dt: sdnotify.alive(), sdnotify.interval_s())
        if self.printer is not None and hasattr(self.printer, "on_status_change"):
            self.printer.on_status_change(on_main_thread(self._printer_changed))
        self._listen_to_inputs(True)
        return root

    def on_stop(self):
        Window.unbind(on_request_close=self._on_request_close, on_touch_down=self._on_touch_down,
                      size=self._on_resize, on_flip=self._first_frame_drawn)
        if self._containment in ExceptionManager.handlers:
            ExceptionManager.remove_handler(self._containment)
        self._listen_to_inputs(False)
        self.keys.stop()
        self.speech.close()
        self._clock_event.cancel()
        self._alive.cancel()
        self._prebuild.cancel()
        self._stop_warming()
        self.idle.stop()
        Window.rotation = self._rotation_before  # the next app in this process starts as it was
        if self.sm.current_screen is not None:
            # screens stop their own timers on leave; a stopped app must leave no timer
            # behind to fire in the next app of the process (tests, the bench)
            self.sm.current_screen.dispatch("on_leave")

    def _start_guidance(self, root) -> None:
        """Key navigation and speech mode (bound before the scanner's key handler, which
        Kivy then asks first: a wedge scanner's Enter is the scanner's)."""
        from screens.focus import KeyNavigator
        from screens.speech_mode import SpeechMode

        self.speech = SpeechMode(self, self._speaker)
        self.speech.bind(active=self.setter("speech_active"))
        self.keys = KeyNavigator(self, root)

        def changed(*args):
            self.keys.screen_changed()
            self.speech.screen_changed()
        self.sm.bind(current=changed)
        Clock.schedule_once(lambda dt: self.speech.screen_changed(), 0)

    def _on_resize(self, window, size):
        self.landscape = size[0] > size[1]

    def _on_request_close(self, *args, **kwargs):
        """The window's close button and Alt+F4 do nothing in kiosk mode."""
        return not self.allow_close

    def _on_touch_down(self, window, touch):
        """Any touch restarts the idle timer; five quick taps top-left open the staff panel."""
        if self.idle.touched():
            return True  # the touch dismissed the idle warning and does nothing else
        if touch.x < dp(140) and touch.y > window.height - dp(150):
            now = time.monotonic()
            self._staff_taps = [t for t in self._staff_taps if now - t < STAFF_TAP_WINDOW_S]
            self._staff_taps.append(now)
            if len(self._staff_taps) >= STAFF_TAPS:
                self._staff_taps.clear()
                self.go("staff_pin")
        return False

    def _tick_clock(self, dt):
        """Derived from wall time every second, never from counting ticks (Clock drifts).
        The hub badge follows too (RemoteService.online is a flag its sync thread keeps)."""
        online = getattr(self.service, "online", None)
        self.hub_state = "" if online is None else ("online" if online else "offline")
        now = self.wall_clock().astimezone(self.settings.zone)
        hm = now.strftime("%H.%M" if self.lang == "id" else "%H:%M")
        self.clock_text = f"{hm} {zone_abbreviation(self.settings.zone)}"
        key = (now.date(), self.lang)
        if key != self._date_key:
            from babel.dates import format_date
            self._date_key = key
            self.date_text = format_date(now.date(), "EEEE, d MMMM y",
                                         locale="id" if self.lang == "id" else "en_GB")

    def _printer_changed(self, status):
        """Status from the printer's poller or a print (on the main thread). A bad status is
        reported to staff only if it lasts: a printer still connecting at start-up is not news.
        A roll running low is said once, when it starts, with the amber mark (StaffMark)."""
        before, self.printer_state = self.printer_state, getattr(status, "value", str(status))
        if self.printer_state == "paper_near_end" and before != "paper_near_end":
            self.alert_staff(PRINTER_ALERT, printer=status)
        elif not getattr(status, "ok", True):
            state = self.printer_state

            def still_bad(dt):
                if self.printer_state == state and App.get_running_app() is self:
                    self.alert_staff(PRINTER_ALERT, printer=status)
            Clock.schedule_once(still_bad, PRINTER_ALERT_AFTER_S)

    def alert_staff(self, message: str, **values) -> None:
        """Staff see it on the panel, in the panel's language (`message` is a msgid, values
        may be PrinterStatus); the log (and so the supervisor's journal) gets it now. The
        panel keeps the last few: a printer status must not hide the ticket it cost."""
        stamp = self.wall_clock().astimezone(self.settings.zone).strftime("%H.%M")
        if self.alerts.add(stamp, message, **values):
            log.error("STAFF ALERT: %s", self.alerts.alerts[0].text("en"))
        self.staff_alert = self.alerts.text(self.lang)

    def device_states(self) -> dict[str, str]:
        """For the hub's kiosk list (called from the sync thread: plain reads only)."""
        states = {"printer": self.printer_state or ("none" if self.printer is None else "unknown")}
        for name in ("scanner", "cardreader"):
            device = getattr(self.devices, name, None)
            if device is not None:
                states[name] = "connected" if device.connected else "not_connected"
        return states

    def clear_staff_alerts(self) -> None:
        self.alerts.clear()
        self.staff_alert = ""

    def on_lang(self, *_):
        if hasattr(self, "alerts"):
            self.staff_alert = self.alerts.text(self.lang)

    # -- look and language -----------------------------------------------------------------
    def toggle_language(self):
        langs = list(self.settings.languages) or ["id", "en"]
        self.lang = langs[(langs.index(self.lang) + 1) % len(langs)] if self.lang in langs else langs[0]
        self._tick_clock(0)

    def set_language(self, lang: str):
        self.lang = lang
        self._tick_clock(0)

    def toggle_contrast(self):
        self.set_contrast(not self.contrast)

    def set_contrast(self, on: bool):
        self.contrast = on
        palette = theme.HIGH_CONTRAST if on else theme.NORMAL
        for name, colour in palette.items():
            setattr(self, f"c_{name}", colour)
        self.scale = theme.LARGE_TEXT_SCALE if on else 1.0

    # -- navigation ------------------------------------------------------------------------
    @property
    def current(self) -> str:
        return self.sm.current

    def screen(self, name: str):
        """The screen called `name`, built now if it has not been yet."""
        from screens.registry import screen_class

        if not self.sm.has_screen(name):
            self.sm.add_widget(screen_class(name)(name=name))
        return self.sm.get_screen(name)

    def _first_frame_drawn(self, window, *args):
        window.unbind(on_flip=self._first_frame_drawn)
        self._prebuild = Clock.schedule_once(self._warm_next_screen, 1.0)

    def _warm_next_screen(self, dt):
        """After the first frame, one screen per frame: build it, fill it as a visit would
        (its `warm()`), and draw it once at full size beneath the screen on show, which
        covers it. Textures, layouts and the GL driver's memory are then in place before
        the first visitor, who waits for none of it; `ready` turns True at the end."""
        from screens.registry import SCREENS

        if App.get_running_app() is not self:
            return  # this app has stopped (tests and the bench run several in one process)
        self._stop_warming()
        name = next((n for n in SCREENS if n not in self._warmed), None)
        if name is None:
            self.ready = True
            release_free_memory()  # what building and first draws freed
            return
        self._warmed.add(name)
        if not self.sm.has_screen(name):  # one a visitor has opened is warm, and may be
            screen = self.screen(name)    # in their history: it is left as they left it
            if hasattr(screen, "warm"):
                screen.warm()
            screen.size = self.sm.size
            self.root.canvas.before.add(screen.canvas)
            self._warming = screen
        self._prebuild = Clock.schedule_once(self._warm_next_screen, 0)

    def _stop_warming(self) -> None:
        if self._warming is not None:
            self.root.canvas.before.remove(self._warming.canvas)
            self._warming = None

    def go(self, name: str, remember: bool = True, **kwargs):
        self._stop_warming()  # a screen's canvas can be drawn in one place only
        screen = self.screen(name)
        if hasattr(screen, "prepare"):
            screen.prepare(**kwargs)
        if remember and self.sm.current != name:
            self.history.append(self.sm.current)
        self.sm.current = name
        return screen

    def back(self):
        step_back = getattr(self.sm.current_screen, "step_back", None)
        if step_back is not None and step_back():
            return  # the screen went back a step of its own (the survey's questions)
        while self.history:
            name = self.history.pop()
            if name not in ("printing", "staff_pin"):
                self.sm.current = name
                return
        self.home()

    def home(self, reset: bool = False):
        """Back to the welcome screen; `reset` also restores the defaults for the next visitor."""
        self.history.clear()
        if reset:
            self.speech.stop()
            self.set_language(self.settings.languages[0] if self.settings.languages else "id")
            self.set_contrast(False)
            Clock.schedule_once(lambda dt: release_free_memory(), 1.0)
        self.sm.current = self.start_screen

    @property
    def start_screen(self) -> str:
        """Where every visit starts: the faces at an exit-only kiosk, else the welcome."""
        return "exit" if self.settings.mode == "exit" else "welcome"

    def recover(self):
        try:
            self.idle.hide()
            self.home(reset=True)
        except Exception:
            log.exception("could not return to the welcome screen")

    # -- scanner and card reader -----------------------------------------------------------
    def _listen_to_inputs(self, on: bool) -> None:
        """Scans and card taps arrive on device threads; they are handled on the main thread.
        A keyboard-wedge scanner types its code: a WedgeDecoder tells it from a person typing."""
        scanner = getattr(self.devices, "scanner", None)
        if scanner is not None:
            scanner.on_scan = on_main_thread(self.take_code) if on else None
        reader = getattr(self.devices, "cardreader", None)
        if reader is not None:
            reader.on_card = on_main_thread(self.take_card) if on else None
        if getattr(self.devices, "keyboard_scanner", False):
            if on:
                from devices.scanner import WedgeDecoder
                self._wedge = WedgeDecoder(self.take_code)
                Window.bind(on_key_down=self._on_key_down)
            else:
                Window.unbind(on_key_down=self._on_key_down)

    def _on_key_down(self, window, key, scancode, codepoint, modifiers):
        if key in (13, 271):  # Enter, keypad Enter
            return self._wedge.enter(time.monotonic())
        if codepoint:
            self._wedge.feed(codepoint, time.monotonic())
        return False

    def take_code(self, text: str) -> None:
        """A scanned code. The screen on show may take it (the booking and exit screens);
        otherwise a ticket's QR goes to exit feedback and anything else to booking check-in."""
        self.idle.touched()
        screen = self.sm.current_screen
        if self.sm.current in BUSY_SCREENS:
            log.info("scan ignored while %s", self.sm.current)
            return
        if getattr(screen, "take_code", None) is not None and screen.take_code(text):
            return
        if parse_ticket_qr(text) is not None:
            self.take_ticket_code(text)
        elif self.settings.mode != "exit":
            self.go("booking").take_code(text)

    def take_ticket_code(self, text: str) -> None:
        """A ticket's QR scanned outside a screen that wants it: rate the service it was for."""
        if self.settings.mode not in ("exit", "both"):
            log.info("ticket QR scanned on %s: no exit feedback at this kiosk", self.sm.current)
            return
        self.go("exit", binding=None)
        self.screen("exit").take_code(text)

    def take_card(self, card_id: str) -> None:
        """A card tap: the screen on show may take it, else it looks for today's booking."""
        self.idle.touched()
        if self.sm.current in BUSY_SCREENS:
            return
        screen = self.sm.current_screen
        if getattr(screen, "take_card", None) is not None and screen.take_card(card_id):
            return
        if self.settings.mode != "exit":
            self.go("booking").take_card(card_id)

    # -- the walk-in journey ---------------------------------------------------------------
    def take_number(self, service_id: str, priority: str | None, request_id: str):
        """Confirm pressed: number, print, then the ticket or the fallback screen."""
        lang = self.lang
        self.go("printing", remember=False)
        run_in_background(
            lambda: issue_and_print(self.service, self.printer, service_id, priority=priority,
                                    request_id=request_id, lang=lang, logo_key=self.logo_key),
            on_done=self._number_taken, on_error=self._number_refused)

    def _number_taken(self, outcome):
        if outcome.printer_status is not None:
            self._printer_changed(outcome.printer_status)
        if outcome.printed:
            self.go("ticket", remember=False, outcome=outcome)
        else:
            # The printer's own words when it gave them (a PrinterStatus, in the panel's
            # language); otherwise the driver's detail.
            status = outcome.printer_status
            reason = status if status is not None and not getattr(status, "ok", True) \
                else outcome.detail
            self.alert_staff(TICKET_NOT_PRINTED, number=outcome.ticket.number, reason=reason)
            self.go("fallback", remember=False, outcome=outcome)

    def _number_refused(self, exc: BaseException):
        if isinstance(exc, Refused):
            self.go("refusal", remember=False, refusal=exc.refusal)
        else:
            log.error("taking a number failed", exc_info=exc)
            self.alert_staff(f"taking a number failed: {exc}")
            self.go("refusal", remember=False, refusal=None)

    # -- booking check-in ------------------------------------------------------------------
    def check_in(self, code: str | None = None, card_id: str | None = None):
        """A booking code scanned or typed, or a card tapped: check in and print."""
        lang = self.lang
        self.go("printing", remember=False, heading=N_("Checking your booking…"))
        run_in_background(
            lambda: check_in_and_print(self.service, self.printer, code=code, card_id=card_id,
                                       lang=lang, logo_key=self.logo_key),
            on_done=self._checked_in, on_error=self._number_refused)

    def _checked_in(self, result):
        check = result.check
        if check.ticket is None or check.repeat:
            # a code that cannot check in, or a booking that already has its number
            self.go("booking", remember=False).answer(check)
        else:
            self._number_taken(result.outcome)

    def reprint_booked(self, ticket):
        """A booked visitor's own reprint (within the limit): the same number again."""
        lang = self.lang
        self.go("printing", remember=False)
        run_in_background(
            lambda: reprint_ticket(self.service, self.printer, ticket, lang, self.logo_key),
            on_done=self._number_taken, on_error=self._number_refused)

    def new_request_id(self) -> str:
        return uuid.uuid4().hex

    def exit_kiosk(self):
        """Staff only (behind the PIN): leave kiosk mode."""
        log.warning("kiosk mode left by staff")
        self.allow_close = True
        self.stop()
