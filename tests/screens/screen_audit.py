"""What the screen audit looks at on one screen of a running kiosk (tests/screens/
test_screen_audit.py): the widget tree and the canvas instructions as Kivy will draw them.

- touch targets (buttons, text fields) that a visitor can reach must not overlap;
- keys of an on-screen keyboard or pad stand at least 12 dp apart;
- nothing lies outside its parent or the window, no text outside its own widget;
- no visible text under 4.8 mm cap height on a 21.5-inch 1920x1080 panel (Section 508
  §402.4): pixel pitch 0.248 mm, cap height about 0.7 x the font size;
- every text colour against what is drawn behind it: at least 4.5:1, 7:1 in high contrast.

Colours are the ones the canvas holds, i.e. the theme's values (screens.theme) as the kv
rules bound them; the background of a text is every fill drawn before it under its middle,
composed in drawing order.
"""

from __future__ import annotations

from dataclasses import dataclass

from kivy.core.window import Window
from kivy.graphics import Canvas, Color, Rectangle, RoundedRectangle
from kivy.metrics import dp
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.relativelayout import RelativeLayout
from kivy.uix.screenmanager import ScreenManager
from kivy.uix.stencilview import StencilView
from kivy.uix.textinput import TextInput

PIXEL_PITCH_MM = 0.248        # a 21.5-inch 1920x1080 panel
CAP_HEIGHT_PER_EM = 0.7
MIN_CAP_MM = 4.8              # Section 508 §402.4
MIN_FONT_PX = MIN_CAP_MM / PIXEL_PITCH_MM / CAP_HEIGHT_PER_EM   # 27.65 px
MIN_KEY_GAP_DP = 12
MODAL = ("IdleWarning", "HelpOverlay")   # overlays that take every touch on the screen
SLACK = 1.0                   # px: layouts round to whole pixels


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self):
        return self.x + self.w

    @property
    def top(self):
        return self.y + self.h

    def clip(self, other: Box | None) -> Box:
        if other is None:
            return self
        x, y = max(self.x, other.x), max(self.y, other.y)
        r, t = min(self.right, other.right), min(self.top, other.top)
        return Box(x, y, max(0.0, r - x), max(0.0, t - y))

    def inside(self, other: Box) -> bool:
        return (self.x >= other.x - SLACK and self.y >= other.y - SLACK
                and self.right <= other.right + SLACK and self.top <= other.top + SLACK)

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px <= self.right and self.y <= py <= self.top

    def area(self) -> float:
        return self.w * self.h

    def __str__(self):
        return f"({self.x:.0f},{self.y:.0f} {self.w:.0f}x{self.h:.0f})"


def window_box(widget) -> Box:
    x, y = widget.to_window(widget.x, widget.y)
    return Box(x, y, widget.width, widget.height)


def name_of(widget) -> str:
    text = getattr(widget, "text", "")
    label = f" {text[:30]!r}" if isinstance(text, str) and text.strip() else ""
    wid = next((k for k, v in _ids_of(widget).items()), "")
    return f"{type(widget).__name__}{'#' + wid if wid else ''}{label}"


def _ids_of(widget) -> dict:
    """The kv id a widget goes by in the rule that made it (for readable reports)."""
    parent = widget.parent
    while parent is not None and parent is not Window:  # Window is its own parent
        for key, value in getattr(parent, "ids", {}).items():
            if getattr(value, "__self__", value) is widget:
                return {key: widget}
        parent = parent.parent
    return {}


# -- colours ------------------------------------------------------------------------------
def luminance(rgb) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(top, bottom):
    """`top` (RGBA) drawn over an opaque `bottom`."""
    alpha = top[3] if len(top) > 3 else 1.0
    return tuple(top[i] * alpha + bottom[i] * (1 - alpha) for i in range(3)) + (1.0,)


# -- the tree as drawn ----------------------------------------------------------------------
@dataclass
class Seen:
    widget: object
    box: Box          # in window coordinates
    clip: Box | None  # the visible part's limit (a ScrollView's area), None: the window
    layer: int        # which child of the root (screen, overlay) it belongs to


def _instructions(group, skip=()):
    for item in group.children:
        if any(item is other for other in skip):
            continue  # a canvas holds its before and after groups: drawn in their turn
        if isinstance(item, Canvas):
            continue  # another widget's canvas (a screen warmed beneath): not this one's
        if hasattr(item, "children") and not isinstance(item, (Color, Rectangle)):
            yield from _instructions(item)
        else:
            yield item


def _canvas_space(widget):
    """Maps a point of `widget`'s own canvas to the window (a RelativeLayout draws in its
    own coordinates)."""
    if isinstance(widget, RelativeLayout):
        return lambda x, y: widget.to_window(*widget.to_parent(x, y))
    return lambda x, y: widget.to_window(x, y)


def _shapes(widget, group, clip):
    """(rgba, box, what) of every filled rectangle the group draws, in order; `what` is
    "text" for a Label's text, "image" for a picture, "fill" for a plain colour."""
    to_window = _canvas_space(widget)
    colour = (1, 1, 1, 1)
    skip = (widget.canvas.before, widget.canvas.after) if group is widget.canvas else ()
    for item in _instructions(group, skip):
        if isinstance(item, Color):
            colour = tuple(item.rgba)
        elif isinstance(item, (Rectangle, RoundedRectangle)):
            x, y = to_window(*item.pos)
            box = Box(x, y, *item.size).clip(clip)
            if box.area() <= 0:
                continue
            if isinstance(widget, Label) and item.texture is not None \
                    and item.texture is widget.texture:
                # Kivy bakes the label's colour into its texture and draws it in white
                own = widget.disabled_color if widget.disabled else widget.color
                yield tuple(a * b for a, b in zip(own, colour)), box, "text"
            elif isinstance(widget, Image) and group is widget.canvas:
                yield colour, box, "image"
            else:
                yield colour, box, "fill"


class Drawing:
    """The visible widgets of the window in drawing order, the fills, and each text's
    colour with what lies behind it."""

    def __init__(self):
        self.seen: list[Seen] = []
        self.fills: list[tuple] = []       # (rgba, box) in drawing order
        self.texts: list[tuple] = []       # (label, rgba, box, background rgba)
        self.window = Box(0, 0, *Window.size)
        for layer, child in enumerate(reversed(Window.children)):
            self._visit(child, None, layer)

    def _visit(self, widget, clip, layer):
        if widget.opacity <= 0:
            return
        if isinstance(widget, ScreenManager):
            children = [widget.current_screen] if widget.current_screen else []
        else:
            children = list(reversed(widget.children))
        box = window_box(widget)
        self.seen.append(Seen(widget, box, clip, layer))
        for group in (widget.canvas.before, widget.canvas):
            self._draw(widget, group, clip)
        inner = box.clip(clip) if isinstance(widget, StencilView) else clip
        for child in children:
            self._visit(child, inner, layer)
        self._draw(widget, widget.canvas.after, clip)

    def _draw(self, widget, group, clip):
        if group is None:
            return
        for rgba, box, what in _shapes(widget, group, clip):
            if what == "text":
                self.texts.append((widget, rgba, box, self.behind(box), self.under))
            elif what == "fill":
                self.fills.append((rgba, box, widget))

    def behind(self, box: Box):
        cx, cy = box.x + box.w / 2, box.y + box.h / 2
        colour = tuple(Window.clearcolor)
        colour = colour[:3] + (1.0,)
        self.under = None
        for rgba, fill, owner in self.fills:
            if rgba[3] > 0 and fill.contains(cx, cy):
                colour = over(rgba, colour)
                self.under = owner
        return colour


def _effective_opacity(widget) -> float:
    opacity = 1.0
    while widget is not None and widget is not Window:
        opacity *= widget.opacity
        widget = widget.parent
    return opacity


def _is_target(widget) -> bool:
    return isinstance(widget, (ButtonBehavior, TextInput)) and not widget.disabled


def audit(high_contrast: bool) -> list[str]:
    """What is wrong on the window as it is drawn now (an empty list: nothing)."""
    drawing = Drawing()
    problems: list[str] = []
    problems += _overlaps(drawing)
    problems += _key_gaps(drawing)
    problems += _outside(drawing)
    problems += _text(drawing, 7.0 if high_contrast else 4.5)
    return problems


def _reachable(drawing: Drawing) -> list[Seen]:
    """Touch targets a finger can reach: under a modal overlay only the overlay's."""
    targets = [s for s in drawing.seen if _is_target(s.widget)
               and s.box.clip(s.clip).area() > 4]
    modal = [s for s in drawing.seen if type(s.widget).__name__ in MODAL]
    if modal:
        top = modal[-1].widget
        targets = [s for s in targets if _has_ancestor(s.widget, top)]
    return targets


def _has_ancestor(widget, ancestor) -> bool:
    while widget is not None and widget is not Window:
        if widget is ancestor:
            return True
        widget = widget.parent
    return False


def _overlaps(drawing: Drawing) -> list[str]:
    problems = []
    targets = _reachable(drawing)
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            shared = a.box.clip(a.clip).clip(b.box.clip(b.clip))
            if shared.w > SLACK and shared.h > SLACK:
                problems.append(f"touch targets overlap: {name_of(a.widget)} {a.box} and "
                                f"{name_of(b.widget)} {b.box}")
    return problems


def _key_gaps(drawing: Drawing) -> list[str]:
    problems = []
    gap = dp(MIN_KEY_GAP_DP) - SLACK
    pads = [s for s in drawing.seen if type(s.widget).__name__.endswith(("Keyboard", "Pad"))]
    targets = _reachable(drawing)
    for pad in pads:
        keys = [s for s in targets if _has_ancestor(s.widget, pad.widget)]
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                x_shared = min(a.box.right, b.box.right) - max(a.box.x, b.box.x)
                y_shared = min(a.box.top, b.box.top) - max(a.box.y, b.box.y)
                if y_shared > 0:
                    between = max(b.box.x - a.box.right, a.box.x - b.box.right)
                    if between < gap and x_shared <= 0:
                        problems.append(f"{type(pad.widget).__name__}: keys {name_of(a.widget)} and "
                                        f"{name_of(b.widget)} {between:.0f} px apart side by side")
                if x_shared > 0:
                    between = max(b.box.y - a.box.top, a.box.y - b.box.top)
                    if between < gap and y_shared <= 0:
                        problems.append(f"{type(pad.widget).__name__}: keys {name_of(a.widget)} and "
                                        f"{name_of(b.widget)} {between:.0f} px apart one above the other")
    return problems


def _outside(drawing: Drawing) -> list[str]:
    problems = []
    boxes = {id(s.widget): s.box for s in drawing.seen}
    for s in drawing.seen:
        w = s.widget
        if s.box.w < SLACK or s.box.h < SLACK or _effective_opacity(w) <= 0:
            continue
        visible = s.box.clip(s.clip)
        if visible.area() <= 0:
            continue  # scrolled out of view
        if not visible.inside(drawing.window):
            problems.append(f"{name_of(w)} {s.box} lies outside the window")
        parent = w.parent
        if parent is not None and id(parent) in boxes and not isinstance(parent, StencilView) \
                and not s.box.inside(boxes[id(parent)]):
            problems.append(f"{name_of(w)} {s.box} lies outside its parent "
                            f"{name_of(parent)} {boxes[id(parent)]}")
    for label, rgba, box, _, _ in drawing.texts:
        own = window_box(label)
        if label.text.strip() and rgba[3] > 0 and not box.inside(own) \
                and _effective_opacity(label) > 0 and box.clip(None).area() > 0:
            problems.append(f"text of {name_of(label)} {box} is drawn outside its widget {own}")
    return problems


def _text(drawing: Drawing, minimum: float) -> list[str]:
    problems = []
    for label, rgba, box, background, under in drawing.texts:
        if not label.text.strip() or rgba[3] <= 0 or _effective_opacity(label) <= 0:
            continue
        if label.font_size < MIN_FONT_PX - 0.01:
            cap_mm = label.font_size * CAP_HEIGHT_PER_EM * PIXEL_PITCH_MM
            problems.append(f"text too small: {name_of(label)} font {label.font_size:.1f} px "
                            f"= {cap_mm:.1f} mm cap height (< {MIN_CAP_MM} mm)")
        ratio = contrast(over(rgba, background), background)
        if ratio < minimum - 0.005:
            problems.append(f"contrast {ratio:.2f}:1 < {minimum}:1: {name_of(label)} "
                            f"{_hex(rgba)} on {_hex(background)} of {name_of(under) if under else 'the window'}")
    return problems


def _hex(rgba) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgba[:3])
