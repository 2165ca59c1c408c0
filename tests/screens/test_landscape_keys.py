"""The survey on a landscape panel (issue 15): the keyboard lies in four wide rows under the
field, the age pad in three rows; a visitor types with them by touch, and Back while typing
"Other" brings the answers back instead of leaving the step."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kioskui import drive, page, tap

pytestmark = pytest.mark.ui


def test_a_visitor_types_the_survey_on_a_landscape_panel(kiosk_factory):
    from kivy.core.window import Window

    app = kiosk_factory()
    app.settings = replace(app.settings, mode="exit")
    portrait = Window.size
    seen = {}

    def script(app):
        Window.size = (portrait[1], portrait[0])
        yield lambda: app.landscape
        yield lambda: app.current == "exit"
        app.go("skm_profile", binding=None)
        profile = app.screen("skm_profile")
        yield lambda: app.current == "skm_profile" and profile.step == "agency"
        yield 0.4
        tap(profile.panels["agency"].ids.choice.buttons["dukcapil"])
        yield lambda: profile.step == "gender"
        yield 0.4
        tap(next(b for b in profile.panels["gender"].ids.grid.children if b.value == "P"))
        yield lambda: profile.step == "age"
        pad = profile.panels["age"].ids.pad
        seen["pad_cols"] = pad.cols
        seen["pad_rows"] = len({round(k.y) for k in pad.children})
        for digit in "61":
            tap(next(k for k in pad.children if k.text == digit))
            yield lambda: True
        seen["age"] = profile.panels["age"].ids.age_shown.text
        tap(profile.panels["age"].ids.age_next)
        yield lambda: profile.step == "education"
        yield 0.4
        tap(next(b for b in profile.panels["education"].ids.grid.children if b.value == "SMA"))
        yield lambda: profile.step == "occupation"
        yield 0.4
        panel = profile.panels["occupation"]
        tap(next(b for b in panel.ids.grid.children if b.value == "LAINNYA"))
        yield lambda: profile.other_open
        yield 0.2
        keyboard = panel.other_keys.ids.keyboard
        seen["rows"] = len(keyboard.children)
        seen["answers_hidden"] = panel.ids.grid.disabled and panel.ids.grid.opacity == 0
        keys = {k.text: k for row in keyboard.children for k in row.children}
        for char in "tanix":
            tap(keys[char])
            yield lambda: True
        tap(keys["Hapus 1 huruf"])
        yield lambda: True
        seen["typed"] = panel.other_text.ids.other.value
        next_button = panel.other_keys.ids.other_next
        seen["next_beside_field"] = (next_button.parent is panel.ids.text_holder.__self__
                                     and next_button.top > keyboard.top)
        tap(page(profile).ids.back_button)        # Back: the answers again, still this step
        yield lambda: not profile.other_open
        seen["back_to_answers"] = (profile.step, panel.ids.grid.disabled)
        Window.size = portrait
        yield lambda: not app.landscape

    try:
        drive(app, script)
    finally:
        Window.size = portrait
    assert (seen["pad_cols"], seen["pad_rows"]) == (4, 3)
    assert seen["age"] == "61"
    assert seen["rows"] == 4 and seen["answers_hidden"]
    assert seen["typed"] == "tani"
    assert seen["next_beside_field"]
    assert seen["back_to_answers"] == ("occupation", False)
