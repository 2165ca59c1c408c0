"""The staff panel's "waiting now" card: per agency, how many tickets wait and how long the
one waiting longest has waited — over every kiosk when the kiosk has a hub, else this
kiosk's own tickets. The counting is kiosk.counters.waiting_now's (through the service);
this card only asks for it off the UI thread and words it."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ObjectProperty

from kiosk.i18n import pick
from screens.background import run_in_background
from screens.widgets import Card


class WaitingNowCard(Card):
    waiting = ObjectProperty(None, allownone=True)     # kiosk.counters.waiting_now.WaitingNow

    def refresh(self):
        app = App.get_running_app()
        run_in_background(app.service.waiting_now, lambda found: setattr(self, "waiting", found),
                          lambda exc: setattr(self, "waiting", None))

    def heading(self, waiting, lang: str) -> str:
        app = App.get_running_app()
        if waiting is not None and waiting.whole_mpp:
            return app.t("Waiting now, all kiosks", lang)
        return app.t("Waiting now, numbers from this kiosk", lang)

    def lines(self, waiting, lang: str) -> str:
        app = App.get_running_app()
        if waiting is None:
            return app.t("Checking…", lang)
        names = {a.id: a.short or pick(a.name, lang) for a in app.settings.catalog.agencies}
        lines = [app.t("{agency}: {n} waiting, longest {minutes} min", lang,
                       agency=names.get(a.agency_id, a.agency_id), n=a.count,
                       minutes=a.oldest_wait_min)
                 for a in waiting.agencies if a.count]
        return "\n".join(lines) or app.t("Nobody is waiting now.", lang)


Builder.load_file(str(Path(__file__).with_name("waiting_now.kv")))
