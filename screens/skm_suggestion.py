"""The full survey, last step: an optional suggestion or complaint, typed on the on-screen
keyboard, and an optional phone number or e-mail for a reply. Stored with the survey
answers (skm_response.suggestion / contact) for the MPP's complaint desk to follow up; the
staff panel counts the day's suggestions. Then the survey is sent.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

import screens.feedback_widgets  # noqa: F401  (TextBox, TextKeyboard, StepProgress)
from kiosk.i18n import N_
from screens.background import run_in_background
from screens.exit_state import ALREADY_ANSWERED, SkmDraft, bind_survey, exit_state, survey_draft
from screens.skm_profile import QUESTIONS, survey_progress, survey_steps

log = logging.getLogger(__name__)

NOT_SAVED = N_("Sorry, the survey could not be saved. Please try again or ask the staff.")


class SkmSuggestionScreen(Screen):
    sending = BooleanProperty(False)
    error = StringProperty("")          # msgid
    profile_steps = NumericProperty(4)

    def on_kv_post(self, base_widget):
        # held here: kv ids are weak, and a widget out of the tree would be collected
        self.movable = (self.ids.progress.__self__, self.ids.send_button.__self__)
        app = App.get_running_app()
        app.fbind("landscape", self.place)
        self.place(app, app.landscape)

    def place(self, app, landscape) -> None:
        """Portrait: the bar above the fields, Send under the keys. Landscape: the step is in
        the subtitle and Send beside the fields, so the keys can span the width below."""
        ids = self.ids
        progress, send = self.movable
        for widget in self.movable:
            if widget.parent is not None:
                widget.parent.remove_widget(widget)
        if landscape:
            ids.fields.add_widget(send)
        else:
            ids.fields.add_widget(progress, index=len(ids.fields.children))
            ids.keys_column.add_widget(send)

    def take_code(self, text: str) -> bool:
        """A ticket scanned during the survey binds it; the visitor stays on this question."""
        return bind_survey(App.get_running_app(), text)

    @property
    def draft(self) -> SkmDraft:
        return survey_draft(App.get_running_app())

    def prepare(self):
        draft = self.draft
        self.profile_steps = 4 if draft.binding is not None else 5
        self.ids.suggestion.value = draft.suggestion
        self.ids.contact.value = draft.contact
        self.sending = False
        self.error = ""
        self.focus(self.ids.suggestion)

    def progress(self, profile_steps: int) -> float:
        return survey_progress(profile_steps + QUESTIONS, profile_steps)

    def progress_text(self, profile_steps: int, lang: str) -> str:
        total = survey_steps(profile_steps)
        return App.get_running_app().t("Last step · {n} of {total}", lang, n=total, total=total)

    def focus(self, box) -> None:
        for other in (self.ids.suggestion, self.ids.contact):
            other.focused = other is box
        self.ids.keyboard.target = box

    def on_leave(self, *args):
        # kept if the visitor goes back to a question and returns
        app = App.get_running_app()   # None when the app is stopping
        draft = exit_state(app).skm if app is not None else None
        if draft is not None and not self.sending:
            draft.suggestion = self.ids.suggestion.value
            draft.contact = self.ids.contact.value

    def submit(self) -> None:
        if self.sending:
            return
        app = App.get_running_app()
        draft = self.draft
        # As typed: the service cuts, tidies and masks (no full NIK) where it writes them.
        draft.suggestion = self.ids.suggestion.value
        draft.contact = self.ids.contact.value
        binding = draft.binding
        self.sending = True
        self.error = ""

        def send():
            return app.service.record_skm(
                dict(draft.profile), dict(draft.answers),
                ticket_id=binding.ticket_id if binding else None,
                agency_id=None if binding else draft.agency_id,
                suggestion=draft.suggestion, contact=draft.contact)

        def done(result):
            self.sending = False
            exit_state(app).skm = None
            self.ids.suggestion.value = self.ids.contact.value = ""
            app.history.clear()
            app.go("exit_thanks", remember=False, kind="skm", binding=binding,
                   message="" if result.accepted else ALREADY_ANSWERED)

        def failed(exc):
            self.sending = False
            log.error("an SKM response could not be stored", exc_info=exc)
            app.alert_staff(f"an SKM response could not be stored: {exc}")
            self.error = NOT_SAVED

        run_in_background(send, done, failed)


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("skm_suggestion.kv")))
