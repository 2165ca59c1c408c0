"""Services of one agency: open or closed (with the plain reason), numbers left today and
people waiting. The states come from the service on a worker thread."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

import screens.widgets  # noqa: F401  (the shared kv rules: Page, KLabel, BigButton, Card)
from screens.background import run_in_background


def status_text(state, lang: str) -> str:
    """'Open' or the plain reason it is closed, for the line under a service's name."""
    app = App.get_running_app()
    if state is None:
        return ""
    if state.open:
        return app.t("Open: you can take a number", lang)
    return state.refusal.message(lang) if state.refusal else app.t("Closed", lang)


def figures_text(state, lang: str) -> str:
    app = App.get_running_app()
    if state is None:
        return ""
    parts = []
    if state.remaining is not None:
        parts.append(app.t("Numbers left today: {n}", lang, n=state.remaining))
    parts.append(app.t("People waiting: {n}", lang, n=state.waiting))
    if state.open and state.waiting:
        parts.append(app.t("About {minutes} min wait", lang, minutes=state.wait_minutes))
    return "   ·   ".join(parts)


class ServiceRow(ButtonBehavior, BoxLayout):
    service_id = StringProperty("")
    names = ObjectProperty({})
    svc_state = ObjectProperty(None, allownone=True)  # ServiceState; `state` is the button's
    status_text = staticmethod(status_text)
    figures_text = staticmethod(figures_text)


class ServicesScreen(Screen):
    agency = ObjectProperty(None, allownone=True)
    loading = ObjectProperty(False)
    failed = ObjectProperty(False)

    def prepare(self, agency_id: str):
        app = App.get_running_app()
        self.agency = app.settings.catalog.agency(agency_id)
        self.ids.rows.clear_widgets()
        self.ids.scroll.scroll_y = 1
        self.rows = self._rows_of(agency_id)
        for row in self.rows.values():
            row.svc_state = None  # "Checking…" until the fresh state arrives
            self.ids.rows.add_widget(row)

    def warm(self):
        """Before the first visitor (KioskApp warms every screen): the pool of rows as large
        as the largest agency needs, so no visit builds rows."""
        catalog = App.get_running_app().settings.catalog
        if catalog.agencies:
            self.prepare(max(catalog.agencies, key=lambda a: len(catalog.services_of(a.id))).id)

    def _rows_of(self, agency_id: str) -> dict:
        """The agency's rows, drawn from one pool of rows that every agency reuses. Memory
        is that of the largest agency's list, however many agencies visitors open (a row
        per service of the MPP cost 170 MB once all 21 sample agencies had been opened), and
        no widget is built again per visit, so no kv bindings pile up."""
        pool = self.__dict__.setdefault("_pool", [])
        services = App.get_running_app().settings.catalog.services_of(agency_id)
        while len(pool) < len(services):
            row = ServiceRow()
            row.bind(on_release=self.choose)
            pool.append(row)
        rows = {}
        for row, service in zip(pool, services):
            row.service_id, row.names = service.id, dict(service.name)
            rows[service.id] = row
        return rows

    def on_pre_enter(self, *args):
        self.reload()

    def reload(self):
        """Fetch fresh states (also when coming back from a refusal or the detail screen)."""
        if self.agency is None:
            return
        app = App.get_running_app()
        agency_id = self.agency.id
        self.loading, self.failed = True, False

        def show(states):
            if self.agency is None or self.agency.id != agency_id:
                return  # the visitor has moved on to another agency meanwhile
            for state in states:
                if state.service_id in self.rows:
                    self.rows[state.service_id].svc_state = state
            self.loading = False

        def fail(exc):
            self.loading, self.failed = False, True
            app.alert_staff(f"service states unavailable: {exc}")

        run_in_background(lambda: app.service.agency_states(agency_id), show, fail)

    def choose(self, row):
        app = App.get_running_app()
        state = row.svc_state
        if state is None:
            return  # still loading: the row says so
        if state.open:
            app.go("detail", service_id=row.service_id)
        else:
            app.go("refusal", refusal=state.refusal)


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("services.kv")))
