"""Agencies and the search by need: "Apa keperluan Anda?" typed on a big on-screen keyboard
finds services across all agencies (kiosk.search), best first, each one tap from its
detail screen; with nothing typed, one large tile per agency (icon or initials). A search
that finds nothing offers the information desk instead of an empty screen."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kiosk.i18n import pick
from kiosk.search import SearchIndex
from screens import theme
from screens.help import ContactList  # noqa: F401  (the kv rules show it for an empty search)
from screens.widgets import LetterKeyboard

ICONS = Path(__file__).resolve().parent.parent / "assets" / "icons"


class AgencyTile(ButtonBehavior, BoxLayout):
    agency_id = StringProperty("")
    names = ObjectProperty({})
    short = StringProperty("")
    initials = StringProperty("")
    icon = StringProperty("")
    colour = ColorProperty((0, 0, 0, 1))


class ResultRow(ButtonBehavior, BoxLayout):
    """One service found by the search: its name, and the agency that handles it."""

    service_id = StringProperty("")
    names = ObjectProperty({})
    agency_names = ObjectProperty({})


MAX_RESULTS = 8


class AgenciesScreen(Screen):
    query = StringProperty("")
    keyboard_open = BooleanProperty(False)
    found_nothing = BooleanProperty(False)  # a query that matches no service
    searched = StringProperty("")           # the query the results are for, trimmed

    def on_kv_post(self, base_widget):
        app = App.get_running_app()
        self.tiles = []
        for index, agency in enumerate(app.settings.catalog.agencies):
            icon = ICONS / f"{agency.icon}.png" if agency.icon else None
            tile = AgencyTile(agency_id=agency.id, names=dict(agency.name), short=agency.short,
                              initials=theme.initials(agency.short, pick(agency.name, "id")),
                              icon=str(icon) if icon and icon.exists() else "",
                              colour=theme.tile_colour(index))
            tile.bind(on_release=lambda t: app.go("services", agency_id=t.agency_id))
            self.tiles.append((agency, tile))
        self.keyboard = LetterKeyboard(target=self)
        self.index = SearchIndex(app.settings.catalog)  # normalised once per catalog
        self.rows = [ResultRow() for _ in range(MAX_RESULTS)]  # reused for every query
        for row in self.rows:
            row.bind(on_release=lambda r: app.go("detail", service_id=r.service_id))
        self.hits = []
        self.refresh()

    def warm(self):
        """Before the first visitor (KioskApp warms every screen): one search, so the result
        rows are laid out and drawn once and the matcher has run; prepare() clears it."""
        self.query = "paspor"

    def prepare(self):
        self.query = ""
        self.keyboard_open = False
        self.ids.scroll.scroll_y = 1

    def type_text(self, char: str) -> str:
        """A key typed on a keyboard ("\b" deletes): the same as the on-screen keys."""
        self.keyboard.press("back" if char == "\b" else "space" if char == " " else char.upper())
        return self.query

    def on_query(self, *args):
        self.refresh()

    def on_keyboard_open(self, screen, open_):
        holder = self.ids.keyboard_holder
        holder.clear_widgets()
        if open_:
            holder.add_widget(self.keyboard)

    def refresh(self):
        """Agency tiles with nothing typed; otherwise the services found, best first."""
        grid, results = self.ids.grid, self.ids.results
        grid.clear_widgets()
        results.clear_widgets()
        catalog = App.get_running_app().settings.catalog
        searching = len(self.query.replace(" ", "")) >= 2  # one letter: keep typing
        self.hits = self.index.search(self.query, limit=MAX_RESULTS) if searching else []
        if not searching:
            for agency, tile in self.tiles:
                grid.add_widget(tile)
        for row, hit in zip(self.rows, self.hits):
            agency = catalog.agency(hit.agency_id)
            row.service_id = hit.service_id
            row.names = dict(catalog.service(hit.service_id).name)
            row.agency_names = dict(agency.name) if agency else {}
            results.add_widget(row)
        self.searched = self.query.strip()
        self.found_nothing = searching and not self.hits
        self.ids.scroll.scroll_y = 1


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("agencies.kv")))
