"""The one error type of the survey core, carrying a translatable message.

Callers (store, hub, UI) catch `SurveyError` and show `error.text(lang)`; the English
`str(error)` is for logs. Nothing in the survey core lets a bare ValueError reach a visitor.
"""

from __future__ import annotations

from kiosk.i18n import TranslatableError


class SurveyError(TranslatableError):
    """A survey value outside the questionnaire, with its bilingual message."""
