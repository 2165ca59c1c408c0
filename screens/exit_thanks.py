"""Thank you: shown the moment a face is touched (the vote is stored behind it), then two
optional questions: which agency (only when no ticket was scanned) and the main reason.
Also closes the full survey. Goes back to the start on its own.

Follow-up buttons ignore touches for a moment after they appear: a visitor tapping the face
twice must not also answer a question that has just taken the face's place.
"""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

import screens.feedback_widgets  # noqa: F401  (FaceIcon, AgencyChoice, OptionButton)
from kiosk.survey import face
from kiosk.survey.records import REASONS
from screens.exit_state import ALREADY_ANSWERED, ALREADY_VOTED, exit_state

READY_AFTER_S = 0.6        # follow-up buttons take touches this long after they appear
FOLLOW_UP_S = 20           # no answer this long: the idle warning, then the start (vote kept)
DONE_S = 8                 # the last thank-you stays this long before the idle warning


class FollowUpPanel(BoxLayout):
    screen = ObjectProperty(None, allownone=True)


class AgencyPanel(FollowUpPanel):
    pass


class ReasonPanel(FollowUpPanel):
    face = NumericProperty(3)
    reasons = REASONS


class DonePanel(FollowUpPanel):
    pass


class ExitThanksScreen(Screen):
    session = ObjectProperty(None, allownone=True)   # screens.exit_state.VoteSession
    kind = StringProperty("vote")                    # "vote" or "skm"
    stage = StringProperty("done")                   # "agency", "reason" or "done"
    message = StringProperty("")                     # msgid: a refusal to show instead
    ready = BooleanProperty(False)
    binding = ObjectProperty(None, allownone=True)   # the ticket of the vote or survey
    face = NumericProperty(3)                        # the session's face (it may be changed)

    def on_kv_post(self, base_widget):
        self.panels = {"agency": AgencyPanel(screen=self), "reason": ReasonPanel(screen=self),
                       "done": DonePanel(screen=self)}
        self.panels["agency"].ids.choice.on_choose = self.choose_agency
        self._ready = Clock.create_trigger(lambda dt: setattr(self, "ready", True), READY_AFTER_S)

    def prepare(self, session=None, kind: str = "vote", message: str = "", binding=None):
        self.session, self.kind, self.message = session, kind, message
        self.face = session.face if session is not None else 3
        self.binding = session.binding if session is not None else binding
        if kind == "vote" and session is not None and not message:
            self.panels["reason"].face = session.face
            self.panels["agency"].ids.choice.chosen = ""
            for button in self.panels["reason"].ids.grid.children:
                button.selected = False
            self.show("agency" if session.binding is None else "reason")
        else:
            self.show("done")

    def show(self, stage: str) -> None:
        self.stage = stage
        holder = self.ids.follow_up
        holder.clear_widgets()
        holder.add_widget(self.panels[stage])
        self.ready = False
        self._ready.cancel()
        self._ready()
        self._arm()

    def _arm(self):
        """Back to the start on its own, through the idle warning's countdown (WCAG 2.2.1:
        a visitor still reading gets at least 20 s to say so)."""
        app = App.get_running_app()
        if app is not None and app.current == self.name:
            quiet = DONE_S if self.stage == "done" else FOLLOW_UP_S
            app.idle.soon(quiet + app.idle_warning_s)

    def on_enter(self, *args):
        exit_state(App.get_running_app()).booth.on_change = self._stored
        self._arm()

    def on_leave(self, *args):
        self._ready.cancel()
        app = App.get_running_app()   # None when the app is stopping
        if app is not None:
            app.idle.touched()        # the usual timeout again
        if app is not None and exit_state(app).booth.on_change == self._stored:
            exit_state(app).booth.on_change = None

    def on_touch_down(self, touch):
        self._arm()
        return super().on_touch_down(touch)

    def _stored(self, session):
        """The store answered; a ticket that had voted at another moment is told so kindly."""
        if session is self.session and session.refused:
            self.message = ALREADY_VOTED
            self.show("done")

    # -- text for the kv rules -------------------------------------------------------------
    def face_text(self, score: int, lang: str) -> str:
        app = App.get_running_app()
        return app.t("Your rating: {face}", lang, face=face(int(score)).text(lang))

    def ticket_text(self, binding, lang: str) -> str:
        if binding is None:
            return ""
        app = App.get_running_app()
        service = app.settings.catalog.service(binding.service_id)
        name = app.pick(service.name, lang) if service else ""
        return f"{binding.number}  ·  {name}" if name else binding.number

    def headline(self, kind: str, message: str, lang: str) -> str:
        app = App.get_running_app()
        if message:
            return app.t(message, lang)
        if kind == "skm":
            return app.t("Thank you for filling in the survey!", lang)
        return app.t("Thank you!", lang)

    # -- answers ---------------------------------------------------------------------------
    def choose_agency(self, agency_id: str) -> None:
        if not self.ready or self.session is None:
            return
        self.panels["agency"].ids.choice.chosen = agency_id
        exit_state(App.get_running_app()).booth.set_agency(self.session, agency_id)
        self.show("reason")

    def choose_reason(self, button) -> None:
        if not self.ready or self.session is None:
            return
        button.selected = True
        exit_state(App.get_running_app()).booth.set_reason(self.session, button.value)
        self.show("done")

    def skip(self) -> None:
        if self.ready:
            self.show("reason" if self.stage == "agency" else "done")

    @staticmethod
    def survey_steps(binding) -> int:
        """What the survey button promises: every step it takes (no agency step after a
        scanned ticket), not only its nine questions."""
        from screens.skm_profile import PROFILE_STEPS, survey_steps
        return survey_steps(PROFILE_STEPS - (1 if binding is not None else 0))

    def can_survey(self, kind: str, binding, message: str) -> bool:
        return kind == "vote" and not message and not (binding is not None and binding.answered)

    def start_survey(self) -> None:
        if not self.ready:
            return
        app = App.get_running_app()
        binding = self.binding
        if binding is not None and binding.answered:
            self.message = ALREADY_ANSWERED
            return
        app.history[:] = ["exit"]  # Back from the survey's first step: the faces, not this
        app.go("skm_profile", remember=False, binding=binding)

    def finish(self) -> None:
        App.get_running_app().home(reset=True)


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("exit_thanks.kv")))
