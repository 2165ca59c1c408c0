"""The board widget: renders a kiosk.display.board.BoardState. Holds no rules: what to
show comes from the state, the catalog (agency names) and the translations."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

from babel.dates import format_date
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget
from kivy.graphics import Color, RoundedRectangle

from kiosk.i18n import N_, pick, tr
from screens.display.palette import HALL



class HallCard(BoxLayout):
    """A rounded panel; `fill` turns yellow while the latest call is highlighted."""
    fill = ColorProperty(HALL["card"])


Builder.load_file(str(Path(__file__).with_name("board.kv")))

RECENT_ROWS = 10
STATE_TEXT = {"paused": N_("On a break"), "closed": N_("Closed")}


def _label(text: str, size: float, colour, bold: bool = False, halign: str = "left", **kw) -> Label:
    label = Label(text=text, font_size=size, color=colour, bold=bold, halign=halign,
                  valign="middle", shorten=True, shorten_from="right", **kw)
    label.bind(size=lambda w, s: setattr(w, "text_size", s))
    return label


class HallTile(BoxLayout):
    """One counter: its name above, its current number (or break / closed) below."""

    def __init__(self, **kw):
        super().__init__(orientation="vertical", **kw)
        with self.canvas.before:
            Color(rgba=HALL["bg"])
            self._box = RoundedRectangle(radius=[12])
        self.bind(pos=self._draw, size=self._draw)

    def _draw(self, *args):
        self._box.pos, self._box.size = self.pos, self.size


def _tiles(total: int, width: float, height: float, gap: float, u: float) -> tuple[int, float]:
    """Columns for the counter tiles and their number's font size: the arrangement that
    gives the biggest number ("BK-002" in bold is about 3.9 em with the tile's padding)."""
    if width < 10 or height < 10 or total == 0:
        return 2, u * 0.5
    best = (1, 0.0)
    for cols in range(1, 6):
        rows = math.ceil(total / cols)
        tile_h = (height - (rows - 1) * gap) / rows
        tile_w = (width - (cols - 1) * gap) / cols
        size = min(u * 0.55, tile_h * 0.42, (tile_w - u * 0.3) / 3.9)
        if size > best[1] + 0.5:
            best = (cols, size)
    return best[0], max(u * 0.2, best[1])


class BoardView(BoxLayout):
    unit = NumericProperty(100)          # a tenth of the short side: every size scales with it
    landscape = BooleanProperty(True)
    highlight = BooleanProperty(False)
    many = BooleanProperty(False)        # more than 12 counters: their panel gets more room

    def __init__(self, **kw):
        super().__init__(**kw)
        self.bind(size=self._resize)
        # The grid's size settles only after a render has changed the layout (more
        # counters widen their panel, a banner takes height): fit the tiles again then.
        self.ids.counters.bind(size=lambda *a: self._fit_counters())

    def _resize(self, *args):
        self.unit = max(40, min(self.width, self.height) / 10.8)
        self.landscape = self.width >= self.height

    def tick(self, now: datetime, lang: str) -> None:
        self.ids.clock.text = now.strftime("%H.%M")
        self.ids.date.text = format_date(now.date(), "EEEE, d MMMM y", locale=lang)

    def render(self, state, now: datetime, *, lang: str, catalog, mpp_name: str,
               show_next: bool, status: str) -> None:
        ids, u = self.ids, self.unit
        ids.mpp.text = mpp_name
        total = len(state.counters)
        self.many = total > 12
        ids.summary.text = tr("{n} of {total} counters open", lang, n=state.open_counters,
                              total=total) if total else ""
        self._offline(state, status, lang)

        self.highlight = state.highlighted(now)
        call = state.latest
        ids.latest_title.text = tr("CALLED AGAIN", lang) if call and call.kind == "recall" \
            else tr("QUEUE NUMBER", lang)
        ids.latest_number.text = call.number if call else "—"
        ids.latest_go.text = tr("please go to", lang) if call else tr("No calls yet", lang)
        ids.latest_counter.text = pick(call.counter_name, lang) if call else ""
        agency = catalog.agency(call.agency_id) if call and catalog else None
        ids.latest_agency.text = pick(agency.name, lang) if agency else ""

        ids.recent_title.text = tr("Latest calls", lang)
        box = ids.recent
        box.clear_widgets()
        for c in state.recent[:RECENT_ROWS]:
            row = BoxLayout(spacing=u * 0.15)
            # "BK-002" in bold is about 3.6 em: the number column holds it whole.
            row.add_widget(_label(c.number, min(u * 0.5, box.width * 0.5 / 3.8), HALL["number"],
                                  bold=True, size_hint_x=0.5))
            row.add_widget(_label(pick(c.counter_name, lang), min(u * 0.36, box.width * 0.075),
                                  HALL["text"], size_hint_x=0.5))
            box.add_widget(row)
        for _ in range(RECENT_ROWS - len(state.recent[:RECENT_ROWS])):
            box.add_widget(Widget())   # rows keep their height when the list is short

        ids.counters_title.text = tr("Counters", lang)
        grid = ids.counters
        grid.clear_widgets()
        for counter in state.counters:
            tile = HallTile(padding=[u * 0.15, u * 0.04])
            tile.add_widget(_label(pick(counter.name, lang), u * 0.3, HALL["soft"]))
            if counter.state in STATE_TEXT:
                colour = HALL["paused"] if counter.state == "paused" else HALL["closed"]
                value = _label(tr(STATE_TEXT[counter.state], lang), u * 0.4, colour, bold=True)
                value.scale = 0.78
            else:
                value = _label(counter.current or "—", u * 0.5, HALL["number"], bold=True)
                value.scale = 1.0
            tile.add_widget(value)
            grid.add_widget(tile)
        self._fit_counters()

        self._next(state, lang, catalog, show_next)

    def _fit_counters(self) -> None:
        grid, u = self.ids.counters, self.unit
        tiles = list(reversed(grid.children))
        grid.cols, size = _tiles(len(tiles), grid.width, grid.height, grid.spacing[0], u)
        for tile in tiles:
            value, name = tile.children          # children are stored last-added first
            name.font_size = size * 0.62
            value.font_size = size * value.scale
            tile.padding = [u * 0.15, u * 0.04]

    def _offline(self, state, status: str, lang: str) -> None:
        ids = self.ids
        if state.connected:
            ids.offline.height, ids.offline.opacity = 0, 0
            return
        if status.startswith("refused"):
            text = tr("Disconnected: the hub refused this display", lang)
        elif state.has_data:
            text = tr("Disconnected — showing the last data", lang)
        else:
            text = tr("Connecting to the hub…", lang)
        ids.offline_text.text = text
        ids.offline.height, ids.offline.opacity = self.unit * 0.8, 1

    def _next(self, state, lang: str, catalog, show_next: bool) -> None:
        ids, u = self.ids, self.unit
        items = ids.next_items
        items.clear_widgets()
        waiting = {k: w for k, w in state.waiting.items() if w.count or w.next} if show_next else {}
        ids.next_strip.height = u * 1.0 if waiting else 0
        ids.next_strip.opacity = 1 if waiting else 0
        ids.next_title.text = tr("Next in line", lang)
        room = items.width if items.width > 10 else self.width * 0.8
        for agency_id, w in waiting.items():
            agency = catalog.agency(agency_id) if catalog else None
            name = (agency.short or pick(agency.name, lang)) if agency else agency_id
            numbers = "  ".join(w.next[:3])
            text = (f"[b]{name}[/b]  [color=FFD400]{numbers}[/color]  "
                    f"[color=B9CBE0]{tr('{n} waiting', lang, n=w.count)}[/color]")
            label = Label(text=text, markup=True, font_size=u * 0.32, color=HALL["text"],
                          size_hint_x=None, halign="left", valign="middle")
            label.texture_update()
            label.width = label.texture_size[0] + u * 0.2
            room -= label.width + items.spacing
            if room < 0:
                break        # whole agencies only, never one cut off mid-number
            items.add_widget(label)
        items.add_widget(Widget())
