"""The one error type of the survey core, carrying a translatable message.

Callers (store, hub, UI) catch `SurveyError` and show `error.text(lang)`; the English
`str(error)` is for logs. Nothing in the survey core lets a bare ValueError reach a visitor.
"""

from __future__ import annotations

from kiosk.i18n import tr


class SurveyError(ValueError):
    def __init__(self, msgid: str, **values):
        self.msgid = msgid
        self.values = values
        super().__init__(msgid.format(**values))

    def text(self, lang: str = "id") -> str:
        return tr(self.msgid, lang, **self.values)
