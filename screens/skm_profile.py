"""The full survey (SKM, PermenPANRB 14/2017), part one: who answers. One question per
screen: the agency (only without a scanned ticket, which already says it), gender, age,
education, occupation ("Other (please specify)" opens the keyboard). Back goes one step.

A touch on an option answers it and moves on; touches in the first moment after a step
appears are ignored, so a double tap cannot answer the next question too.
"""

from __future__ import annotations

import time
from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.metrics import dp, sp
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

import screens.feedback_widgets  # noqa: F401  (OptionButton, AgencyChoice, TextKeyboard)
from kiosk.i18n import N_
from kiosk.survey import PROFILE_FIELDS, PROFILE_LABELS, SurveyError, validate_age, validate_profile
from screens.exit_state import SkmDraft, bind_survey, exit_state, survey_draft
from screens.feedback_widgets import OptionButton

STEP_GUARD_S = 0.35        # touches this soon after a step appears are not answers
SUGGESTION_STEPS = 1       # the suggestion screen, counted in the progress bar
QUESTIONS = 9
PROFILE_STEPS = 5          # agency (skipped after a scanned ticket), gender, age, education, occupation
OTHER_LABEL = N_("Other (please specify)")   # "Lainnya (sebutkan)", as on the paper form


def survey_steps(profile_steps: int) -> int:
    """Every step of the survey: the profile's, nine questions, the suggestion."""
    return profile_steps + QUESTIONS + SUGGESTION_STEPS


def survey_progress(done: int, steps: int) -> float:
    """The bar up to and including the step on show (`done` steps before it), as the
    text beside it counts: step n of total fills n/total of the bar."""
    return (done + 1) / max(1, survey_steps(steps))


class ProfilePanel(BoxLayout):
    screen = ObjectProperty(None, allownone=True)


class AgencyStep(ProfilePanel):
    pass


class OtherText(BoxLayout):
    pass


class OtherKeys(BoxLayout):
    screen = ObjectProperty(None, allownone=True)


class ChoiceStep(ProfilePanel):
    field = StringProperty("")
    typing_wide = BooleanProperty(False)   # landscape, typing "Other": the answers step aside

    def build(self, field: str, screen) -> "ChoiceStep":
        self.field, self.screen = field, screen
        self.other_text = OtherText()
        self.other_keys = OtherKeys(screen=screen)
        # held here: kv ids are weak, and Next is taken out of the tree while it moves
        self.other_next = self.other_keys.ids.other_next.__self__
        grid = self.ids.grid
        app = App.get_running_app()
        for choice in PROFILE_FIELDS[field]:
            label = OTHER_LABEL if choice.key == "LAINNYA" else choice.label
            button = OptionButton(value=choice.key, font_base=sp(30))

            def fit(*args, b=button):  # lower in landscape and while typing, so the keys fit
                b.min_height = dp(100) if app.landscape else (
                    dp(72) if screen.other_open else dp(112))
            fit()
            app.fbind("landscape", fit)
            screen.fbind("other_open", fit)
            button.msgid = label
            button.text = app.t(label)
            app.fbind("lang", lambda *_, b=button: setattr(b, "text", app.t(b.msgid)))
            button.bind(on_release=lambda b: self.screen.choose(self.field, b.value))
            grid.add_widget(button)
        return self

    def mark(self, key) -> None:
        for button in self.ids.grid.children:
            button.selected = button.value == key


class AgeStep(ProfilePanel):
    pass


class SkmProfileScreen(Screen):
    steps = ListProperty([])
    position = NumericProperty(0)
    step = StringProperty("")
    error = ObjectProperty(None, allownone=True)      # SurveyError to show
    other_open = BooleanProperty(False)               # "Other (please specify)" being typed

    def on_kv_post(self, base_widget):
        self.panels = {"agency": AgencyStep(screen=self), "age": AgeStep(screen=self)}
        for field in PROFILE_FIELDS:
            self.panels[field] = ChoiceStep().build(field, self)
        self.panels["agency"].ids.choice.on_choose = self.choose_agency
        self.shown_at = 0.0

    @property
    def draft(self) -> SkmDraft:
        return survey_draft(App.get_running_app())

    def prepare(self, binding=None):
        app = App.get_running_app()
        state = exit_state(app)
        state.skm = SkmDraft(binding=binding, agency_id=binding.agency_id if binding else None,
                             order=app.settings.survey.order)   # [survey] order in kiosk.toml
        self.steps = ([] if binding else ["agency"]) + ["gender", "age", "education", "occupation"]
        self.position = 0
        self.panels["age"].ids.pad.pin = ""
        self.panels["agency"].ids.choice.chosen = ""
        self.panels["occupation"].other_text.ids.other.value = ""
        self.show()

    def show(self) -> None:
        self.step = self.steps[self.position]
        speech = getattr(App.get_running_app(), "speech", None)
        if speech is not None:
            speech.step_changed()  # each step is said
        self.error = None
        self.other_open = False
        holder = self.ids.holder
        holder.clear_widgets()
        panel = self.panels[self.step]
        holder.add_widget(panel)
        if isinstance(panel, ChoiceStep):
            panel.mark(self.draft.profile.get(self.step))
            if self.step == "occupation" and self.draft.profile.get("occupation") == "LAINNYA":
                self.other_open = True
        self.shown_at = time.monotonic()

    # -- text for the kv rules -------------------------------------------------------------
    def heading(self, step: str, lang: str) -> str:
        app = App.get_running_app()
        if step == "agency":
            return app.t("Which agency served you?", lang)
        return app.t(PROFILE_LABELS[step], lang) if step in PROFILE_LABELS else ""

    def progress_text(self, position: int, steps, lang: str) -> str:
        app = App.get_running_app()
        return app.t("About you · step {n} of {total}", lang, n=position + 1,
                     total=survey_steps(len(steps)))

    def progress(self, position: int, steps) -> float:
        return survey_progress(position, len(steps))

    def error_text(self, error, lang: str) -> str:
        return error.text(lang) if error is not None else ""

    # -- answers ---------------------------------------------------------------------------
    def _too_soon(self) -> bool:
        return time.monotonic() - self.shown_at < STEP_GUARD_S

    def choose_agency(self, agency_id: str) -> None:
        if self._too_soon():
            return
        self.draft.agency_id = agency_id
        self.panels["agency"].ids.choice.chosen = agency_id
        self.next()

    def on_other_open(self, screen, open_) -> None:
        """The text field and keyboard for "Other (please specify)" exist only while needed.
        Landscape: Next beside the field, the keys across the width under them."""
        app = App.get_running_app()
        panel = self.panels["occupation"]
        panel.ids.text_holder.clear_widgets()
        panel.ids.keys_holder.clear_widgets()
        next_button = panel.other_next
        if next_button.parent is not None:
            next_button.parent.remove_widget(next_button)
        panel.typing_wide = bool(open_ and app.landscape)
        if open_:
            panel.ids.text_holder.add_widget(panel.other_text)
            if app.landscape:
                panel.ids.text_holder.add_widget(next_button)
            else:
                panel.other_keys.add_widget(next_button, index=len(panel.other_keys.children))
            panel.ids.keys_holder.add_widget(panel.other_keys)
            panel.other_keys.ids.keyboard.target = panel.other_text.ids.other

    def choose(self, field: str, key: str) -> None:
        if self._too_soon():
            return
        self.draft.profile[field] = key
        self.panels[field].mark(key)
        if field == "occupation" and key == "LAINNYA":
            self.other_open = True      # type it, then Next
            return
        if field == "occupation":
            self.draft.profile.pop("occupation_other", None)
        self.next()

    def age_done(self) -> None:
        try:
            self.draft.profile["age"] = validate_age(self.panels["age"].ids.pad.pin)
        except SurveyError as exc:
            self.error = exc
            return
        self.next()

    def other_done(self) -> None:
        # Stored as typed: the service cuts and masks it where it is written.
        text = " ".join(self.panels["occupation"].other_text.ids.other.value.split())
        if not text:
            self.error = SurveyError(N_("Please write your occupation, or choose another answer"))
            return
        self.draft.profile["occupation_other"] = text
        self.next()

    def next(self) -> None:
        if self.position < len(self.steps) - 1:
            self.position += 1
            self.show()
            return
        try:
            validate_profile(self.draft.profile)
        except SurveyError as exc:
            self.error = exc
            return
        App.get_running_app().go("skm_question", index=0)

    def take_code(self, text: str) -> bool:
        """A ticket scanned now answers "which agency" for the visitor."""
        def bound(binding):
            if "agency" in self.steps:
                at_agency = self.step == "agency"
                self.steps = [s for s in self.steps if s != "agency"]
                self.position = 0 if at_agency else max(0, self.position - 1)
                self.show()
        return bind_survey(App.get_running_app(), text, bound)

    def step_back(self) -> bool:
        """Back within the profile (App.back asks the screen first); in landscape, typing
        "Other" hides the answers: Back shows them again."""
        if self.other_open and App.get_running_app().landscape:
            self.other_open = False
            return True
        if self.position > 0:
            self.position -= 1
            self.show()
            return True
        return False


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("skm_profile.kv")))
