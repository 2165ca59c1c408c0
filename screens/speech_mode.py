"""Speech mode: the kiosk speaks each screen, the focused item, errors and the ticket.

Started without help: any key of the tactile keypad on the welcome screen, or holding the
welcome screen's marked spot (`LongPressSpot`) for [keypad] long_press_s. In speech mode
every screen speaks its title, what it says and what can be done; moving the focus
speaks the focused item with its state and position; Help repeats; any key cuts the
speech short; volume keys step over 24 dB; timeouts are twice as long, and any key during
the idle warning gives more time. Back at the welcome screen for the next visitor
(`app.home(reset=True)`) the mode ends and the volume is reset.

What is said comes from kiosk.guide.say; the speaking from devices.speech.speaker (its own
thread), so nothing here waits for sound.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.widget import Widget

from kiosk.guide import say
from kiosk.i18n import pick, tr
from screens.focus import body_texts, texts_of

log = logging.getLogger(__name__)

SPOKEN_BODY = ("welcome", "refusal", "fallback", "booking", "printing", "exit_thanks", "detail",
               "problem")
INTRO_DELAY_S = 0.15   # the screen's prepare() and layout come first


def open_speaker(settings):
    """The real voice: espeak-ng through the sound card (aplay/paplay)."""
    from devices.audio import open_output
    from devices.speech import open_speech
    from devices.speech.speaker import Speaker
    keypad = settings.keypad
    return Speaker(open_speech("espeak-ng", rate=keypad.speech_rate), open_output("auto"),
                   volume_db=keypad.start_volume_db)


class SpeechMode(EventDispatcher):
    active = BooleanProperty(False)
    volume_db = NumericProperty(0)
    time_factor = NumericProperty(1)      # timeouts are multiplied by this

    def __init__(self, app, speaker=None, **kwargs):
        super().__init__(**kwargs)
        self.app = app
        self.keypad = app.settings.keypad
        self._speaker = speaker
        self.volume_db = self.keypad.start_volume_db
        self._intro = None

    @property
    def speaker(self):
        if self._speaker is None:   # built on first use: no voice is started for nothing
            self._speaker = open_speaker(self.app.settings)
        return self._speaker

    def say(self, text: str, *more) -> None:
        self.speaker.volume_db = int(self.volume_db)
        self.speaker.say(text, self.app.lang, *more)

    # -- turning it on and off -------------------------------------------------------------
    def start(self) -> None:
        if self.active:
            return
        log.info("speech mode on")
        self.active = True
        self.time_factor = 2   # screens.idle applies it to every timeout
        self.app.idle.touched()
        self.announce(prefix=tr(say.STARTED, self.app.lang))

    def stop(self) -> None:
        """The next visitor: speech off, volume as it was, timeouts as they were."""
        if self._speaker is not None:
            self._speaker.hush()
        if self.active:
            log.info("speech mode off")
        self.active = False
        self.time_factor = 1
        self.volume_db = self.keypad.start_volume_db

    def close(self) -> None:
        if self._intro is not None:
            self._intro.cancel()
        if self._speaker is not None:
            self._speaker.close()

    # -- what the navigator tells -----------------------------------------------------------
    def key(self, action: str) -> bool:
        """A keypad key: True when it was for speech mode (start, Help, volume) only."""
        if action == "dismissed":
            if self.active:
                self.say(tr("You have more time.", self.app.lang))
            return True
        if not self.active:
            if self.app.current == self.app.start_screen and action in self.keypad.keys:
                self.start()
                return True
            return False
        self.speaker.hush()   # any key cuts the speech short
        if action == "help":
            self.announce(focus=False)
            return True
        if action in ("volume_up", "volume_down"):
            steps = self.keypad.volume_steps_db
            now = min(range(len(steps)), key=lambda i: abs(steps[i] - self.volume_db))
            now = max(0, min(len(steps) - 1, now + (1 if action == "volume_up" else -1)))
            self.volume_db = steps[now]
            self.say(say.volume(now + 1, self.app.lang))
            return True
        return False

    def focused(self, widget, position: int, total: int) -> None:
        if self.active and widget is not None:
            self.say(self.item_text(widget, position, total))

    def typed(self, char: str, text) -> None:
        if not self.active:
            return
        lang = self.app.lang
        if char == "\b":
            self.say(tr("Deleted. {text}", lang, text=" ".join(text or "")) if text
                     else tr("Empty", lang))
        else:
            self.say(char if char != " " else tr("space", lang))

    def screen_changed(self) -> None:
        """A new screen, or a new step of the screen on show."""
        if self._intro is not None:
            self._intro.cancel()
        if self.active:
            self._intro = Clock.schedule_once(lambda dt: self.announce(), INTRO_DELAY_S)
        elif self.app.current == self.app.start_screen:
            # the hint for someone who cannot see the screen's own hint, in both languages
            self._intro = Clock.schedule_once(lambda dt: self.hint(), INTRO_DELAY_S)

    def step_changed(self) -> None:
        """A new step of the screen on show (the survey's questions): said in speech mode."""
        if self.active and self.app.keys.scope() is not None:
            self.screen_changed()

    def hint(self) -> None:
        if not self.active and self.app.current == self.app.start_screen:
            langs = list(self.app.settings.languages) or ["id"]
            self.speaker.volume_db = int(self.volume_db)
            self.speaker.say(tr(say.START_HINT, langs[0]), langs[0],
                             *[(tr(say.START_HINT, lang), lang) for lang in langs[1:]])

    def notice(self, text: str) -> None:
        """A refusal or error shown on the screen on show: said at once."""
        if self.active:
            self.say(text)

    def idle_warning(self, seconds: int) -> None:
        if self.active:
            self.say(say.idle_warning(seconds, self.app.lang))

    # -- what is said -------------------------------------------------------------------------
    def announce(self, prefix: str = "", focus: bool = True) -> None:
        """The screen's intro, then the first focused item."""
        self._intro = None
        nav = self.app.keys
        widget = nav.focus_first() if focus or nav.ring.widget is None else nav.ring.widget
        parts = [prefix, self.intro_text()]
        if widget is not None:
            parts.append(self.item_text(widget, *nav.position()))
        self.say(" ".join(p for p in parts if p))

    def intro_text(self) -> str:
        app, lang = self.app, self.app.lang
        scope = app.keys.scope()
        name = getattr(scope, "name", "")
        if name == "ticket" and getattr(scope, "ticket", None) is not None:
            t = scope.ticket
            return say.ticket(t.number, pick(scope.service.name, lang),
                              pick(scope.agency.counter, lang) if scope.agency else "",
                              t.people_ahead, t.wait_minutes, lang)
        page = scope.children[0] if getattr(scope, "children", None) else None
        title = " ".join(filter(None, (getattr(page, "title", ""), getattr(page, "subtitle", ""))))
        values = {}
        if name == "services" and getattr(scope, "agency", None) is not None:
            values["agency"] = pick(scope.agency.name, lang)
        if name == "detail" and getattr(scope, "service", None) is not None:
            values["service"] = pick(scope.service.name, lang)
        if name == "skm_question" and getattr(scope, "unsur", None) is not None:
            values.update(n=scope.index + 1, total=len(scope.draft.questions),
                          question=scope.ids.question.text)
        body = []
        if name in SPOKEN_BODY or not name:
            part = page.ids.get("body") if page is not None and hasattr(page, "ids") else None
            part = getattr(part, "__self__", part)   # ids hold weak proxies
            body = body_texts(part or scope)
        try:
            intro = say.screen_intro(name, lang, title, **values)
        except (KeyError, IndexError):
            intro = say.screen_intro("", lang, title)
        keys_hint = tr(say.KEYS_HINT, lang)
        main = intro[: -len(keys_hint)].strip() if intro.endswith(keys_hint) else intro
        return " ".join([main, *[" ".join(b.split()) for b in body], keys_hint])

    def item_text(self, widget, position: int, total: int) -> str:
        lang = self.app.lang
        state = ""
        svc_state = getattr(widget, "svc_state", None)
        if svc_state is not None and hasattr(widget, "names"):
            label = pick(widget.names, lang)
            refusal = svc_state.refusal.message(lang) if svc_state.refusal else ""
            state = say.quota_state(svc_state.open, svc_state.remaining, refusal, lang)
        else:
            label = ". ".join(texts_of(widget)) or tr("button", lang)
        return say.item(label, lang, position, total, state, disabled=widget.disabled)


class LongPressSpot(Widget):
    """The welcome screen's marked spot: held for long_press_s it starts speech mode."""

    holding = BooleanProperty(False)

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        from kivy.app import App
        app = App.get_running_app()
        self.holding = True
        touch.grab(self)
        self._event = Clock.schedule_once(lambda dt: self._held(app), app.settings.keypad.long_press_s)
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is self:
            touch.ungrab(self)
            self.holding = False
            self._event.cancel()
            return True
        return False

    def _held(self, app):
        self.holding = False
        app.speech.start()


Builder.load_file(str(Path(__file__).with_name("speech_mode.kv")))
