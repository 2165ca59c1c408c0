"""Exit: "how was our service?" with four large faces, one tap to rate.

The start screen in exit mode; in both mode it opens from "Rate our service" on the welcome
screen or when a ticket's QR is scanned. Scanning the ticket binds the vote to that ticket's
agency and service (one vote per ticket); without a ticket the thank-you screen asks for the
agency. Presses are filtered by the VoteBooth (screens.exit_state): a double tap is one vote,
and after a vote the faces rest for a few seconds unless a new ticket is scanned.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import NoTransition, Screen

import screens.feedback_widgets  # noqa: F401  (FaceButton and the other exit widgets)
from kiosk.survey import FACES
from screens.exit_state import ALREADY_ANSWERED, ALREADY_VOTED, RESTING, exit_state

BINDING_S = 45     # a scanned ticket stays bound this long after the last touch
NOTICE_S = 10      # a kind message stays this long


class TicketBand(BoxLayout):
    screen = ObjectProperty(None, allownone=True)


class ScanHint(BoxLayout):
    pass


class ExitScreen(Screen):
    binding = ObjectProperty(None, allownone=True)   # screens.exit_state.Binding
    notice = StringProperty("")                      # msgid of a kind message, "" for none
    resting = BooleanProperty(False)                 # just voted: faces dimmed a moment
    faces = FACES

    def on_kv_post(self, base_widget):
        self.ticket_band = TicketBand(screen=self)
        self.scan_hint = ScanHint()
        self.on_binding(self, None)
        self._expire = Clock.create_trigger(lambda dt: self.unbind_ticket(), BINDING_S)
        self._clear_notice = Clock.create_trigger(lambda dt: self.say(""), NOTICE_S)
        self._rest_check = Clock.schedule_interval(self._check_rest, 0.25)
        self._rest_check.cancel()

    def prepare(self, binding=None, notice: str = ""):
        self.binding = binding
        self.say(notice)
        if binding is not None and binding.voted and not notice:
            self.say(ALREADY_VOTED)

    def on_enter(self, *args):
        self._check_rest(0)
        if self.binding is not None:
            self._expire()

    def on_leave(self, *args):
        self._expire.cancel()
        self._clear_notice.cancel()
        self._rest_check.cancel()

    def on_touch_down(self, touch):
        if self.binding is not None:
            self._expire.cancel()
            self._expire()
        return super().on_touch_down(touch)

    def on_binding(self, screen, binding) -> None:
        """The scanned ticket takes the place of the hint that asks for it (swapped, not
        hidden: a hidden button could still catch touches)."""
        holder = self.ids.ticket_holder
        holder.clear_widgets()
        holder.add_widget(self.ticket_band if binding is not None else self.scan_hint)

    def say(self, msgid: str) -> None:
        self.notice = msgid
        self._clear_notice.cancel()
        if msgid:
            self._clear_notice()

    # -- the ticket ------------------------------------------------------------------------
    def take_code(self, text: str) -> bool:
        """A ticket's QR scanned here binds the next vote to that ticket."""
        return exit_state(App.get_running_app()).look_up(text, self.bind_ticket, self.say)

    def bind_ticket(self, binding) -> None:
        self.binding = binding
        self.say(ALREADY_VOTED if binding.voted else "")
        self._expire.cancel()
        self._expire()

    def unbind_ticket(self) -> None:
        self.binding = None
        if self.notice == ALREADY_VOTED:
            self.say("")

    def ticket_line(self, binding, lang: str) -> str:
        if binding is None:
            return ""
        app = App.get_running_app()
        catalog = app.settings.catalog
        service = catalog.service(binding.service_id)
        agency = catalog.agency(binding.agency_id)
        parts = [binding.number, app.pick(service.name, lang) if service else "",
                 (agency.short or app.pick(agency.name, lang)) if agency else ""]
        return "  ·  ".join(p for p in parts if p)

    # -- the faces -------------------------------------------------------------------------
    def press(self, score: int) -> None:
        app = App.get_running_app()
        booth = exit_state(app).booth
        # a change of mind right after a ticket's vote stays that ticket's vote
        binding = self.binding or booth.pending_binding()
        if binding is not None and binding.voted:
            self.say(ALREADY_VOTED)
            return
        decision, session = booth.press(score, binding)
        if decision.action == "already_voted":
            self.binding = replace(binding, voted=True)
            self.say(ALREADY_VOTED)
            return
        if session is None:
            if decision.vote is None:   # not a double tap: the faces are resting after a vote
                self.say(RESTING)
                self._check_rest(0)
            return
        self.binding = None             # the ticket has had its vote
        self.say("")
        # The thank-you must appear with the very next frame: no fade for this one switch
        # (a fade composes both screens for several frames; on a slow panel that is the
        # better part of a second).
        sm = app.sm
        fade, instant = sm.transition, NoTransition()
        if fade.is_active:
            fade.stop()
        # the usual transition is back once this switch has completed (or been cut short)
        instant.bind(on_complete=lambda *args: setattr(sm, "transition", fade))
        sm.transition = instant
        app.go("exit_thanks", session=session)

    def _check_rest(self, dt):
        self.resting = exit_state(App.get_running_app()).booth.resting_for() > 0
        if self.resting:
            self._rest_check()
        else:
            self._rest_check.cancel()
            if self.notice == RESTING:
                self.say("")

    # -- the full survey -------------------------------------------------------------------
    def start_survey(self) -> None:
        app = App.get_running_app()
        binding = self.binding
        if binding is not None and binding.answered:
            self.say(ALREADY_ANSWERED)
            return
        self.binding = None
        self.say("")
        app.go("skm_profile", binding=binding)


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("exit.kv")))
