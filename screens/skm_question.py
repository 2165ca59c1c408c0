"""The full survey, part two: the nine unsur of PermenPANRB 14/2017, one per screen, in the
official Indonesian wording (English translation on the language switch), four answers
each, progress and back. Answers go into the draft by unsur key, never by position, so the
questionnaire order may change without changing what is stored.
"""

from __future__ import annotations

import time
from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.screenmanager import Screen

import screens.feedback_widgets  # noqa: F401  (OptionButton, StepProgress)
from screens.exit_state import SkmDraft, bind_survey, survey_draft
from screens.skm_profile import STEP_GUARD_S, survey_progress, survey_steps


class SkmQuestionScreen(Screen):
    index = NumericProperty(0)                      # position in the draft's order
    unsur = ObjectProperty(None, allownone=True)    # kiosk.survey.Unsur on show
    chosen = NumericProperty(0)                     # score already given to it, 0 for none
    profile_steps = NumericProperty(4)

    def on_kv_post(self, base_widget):
        self.shown_at = 0.0

    def take_code(self, text: str) -> bool:
        """A ticket scanned during the survey binds it; the visitor stays on this question."""
        return bind_survey(App.get_running_app(), text)

    @property
    def draft(self) -> SkmDraft:
        return survey_draft(App.get_running_app())

    def prepare(self, index: int = 0):
        self.index = index
        self.show()

    def show(self) -> None:
        draft = self.draft
        self.profile_steps = 4 if draft.binding is not None else 5
        self.unsur = draft.questions[self.index]
        self.chosen = draft.answers.get(self.unsur.key, 0)
        self.shown_at = time.monotonic()
        speech = getattr(App.get_running_app(), "speech", None)
        if speech is not None:
            speech.step_changed()  # the next question is said

    # -- text for the kv rules -------------------------------------------------------------
    def progress_text(self, index: int, lang: str) -> str:
        app = App.get_running_app()
        return app.t("Question {q} of {count} · step {n} of {total}", lang, q=index + 1,
                     count=len(self.draft.questions), n=self.profile_steps + index + 1,
                     total=survey_steps(self.profile_steps))

    def progress(self, index: int, profile_steps: int) -> float:
        return survey_progress(profile_steps + index, profile_steps)

    def answer_text(self, unsur, score: int, lang: str) -> str:
        return unsur.answer(score).text(lang) if unsur is not None else ""

    def official_text(self, unsur, lang: str) -> str:
        """In English the official Indonesian wording stays in view, smaller."""
        if unsur is None or lang == "id":
            return ""
        return unsur.question_text("id")

    # -- answers ---------------------------------------------------------------------------
    def answer(self, score: int) -> None:
        if self.unsur is None or time.monotonic() - self.shown_at < STEP_GUARD_S:
            return  # a double tap on the previous question's answer
        self.draft.answers[self.unsur.key] = score
        self.chosen = score
        if self.index < len(self.draft.questions) - 1:
            self.index += 1
            self.show()
        else:
            App.get_running_app().go("skm_suggestion")

    def step_back(self) -> bool:
        """Back to the previous question; from the first, back to the profile."""
        if self.index > 0:
            self.index -= 1
            self.show()
            return True
        return False


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("skm_question.kv")))
