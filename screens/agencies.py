"""Agencies: one large tile per agency (icon or initials), scrolling, and a search field
typed on a big on-screen keyboard."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kiosk.i18n import pick
from screens import theme
from screens.widgets import LetterKeyboard

ICONS = Path(__file__).resolve().parent.parent / "assets" / "icons"


class AgencyTile(ButtonBehavior, BoxLayout):
    agency_id = StringProperty("")
    names = ObjectProperty({})
    short = StringProperty("")
    initials = StringProperty("")
    icon = StringProperty("")
    colour = ColorProperty((0, 0, 0, 1))


def matches(agency, query: str) -> bool:
    """Every word of the query appears in the agency's names or short name."""
    haystack = " ".join([agency.short, agency.prefix, *agency.name.values()]).lower()
    return all(word in haystack for word in query.lower().split())


class AgenciesScreen(Screen):
    query = StringProperty("")
    keyboard_open = BooleanProperty(False)

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
        self.refresh()

    def prepare(self):
        self.query = ""
        self.keyboard_open = False
        self.ids.scroll.scroll_y = 1

    def on_query(self, *args):
        self.refresh()

    def on_keyboard_open(self, screen, open_):
        holder = self.ids.keyboard_holder
        holder.clear_widgets()
        if open_:
            holder.add_widget(self.keyboard)

    def refresh(self):
        grid = self.ids.grid
        grid.clear_widgets()
        shown = 0
        for agency, tile in self.tiles:
            if matches(agency, self.query):
                grid.add_widget(tile)
                shown += 1
        self.ids.empty.opacity = 0 if shown else 1
        self.ids.scroll.scroll_y = 1


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("agencies.kv")))
