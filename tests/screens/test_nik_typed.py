"""A visitor types their NIK — grouped with spaces, dashes and dots — into the SKM's
suggestion and contact fields with the on-screen keyboard (real touches in a real window).
The kiosk store's bytes, WAL included, and the logs never hold the sixteen digits."""

import logging
import re
from dataclasses import replace

import pytest

from kioskui import drive, tap

pytestmark = pytest.mark.ui

NIK = "3201012345670001"
TYPED = ["3201 0123 4567 0001", "3201-0123-4567-0001", "32.01.01.234567.0001"]


def assert_no_nik(text: str) -> None:
    for run in re.finditer(r"\d(?:[^0-9A-Za-z]{0,3}\d){15}", text):
        assert re.sub(r"\D", "", run.group()) != NIK, run.group()


def type_on(keyboard, text):
    keys = {getattr(k, "char", None): k for row in keyboard.children for k in row.children}
    space = keyboard.children[0].children[2]
    for char in text:
        tap(space if char == " " else keys[char])
        yield lambda: True


def test_a_nik_typed_into_the_survey_is_stored_masked(kiosk_factory, caplog):
    caplog.set_level(logging.DEBUG)
    app = kiosk_factory()
    app.settings = replace(app.settings, mode="exit")

    def script(app):
        yield lambda: app.current == "exit"
        tap(app.screen("exit").ids.survey_button)
        profile = app.screen("skm_profile")
        yield lambda: app.current == "skm_profile" and profile.step == "agency"
        yield 0.4
        tap(profile.panels["agency"].ids.choice.buttons["dukcapil"])
        yield lambda: profile.step == "gender"
        yield 0.4
        tap(next(b for b in profile.panels["gender"].ids.grid.children if b.value == "L"))
        yield lambda: profile.step == "age"
        pad = profile.panels["age"].ids.pad
        for digit in "61":
            tap(next(k for k in pad.children if k.text == digit))
            yield lambda: True
        tap(profile.panels["age"].ids.age_next)
        yield lambda: profile.step == "education"
        yield 0.4
        tap(next(b for b in profile.panels["education"].ids.grid.children if b.value == "SMA"))
        yield lambda: profile.step == "occupation"
        yield 0.4
        tap(next(b for b in profile.panels["occupation"].ids.grid.children
                 if b.value == "WIRAUSAHA"))
        question = app.screen("skm_question")
        yield lambda: app.current == "skm_question"
        for i in range(9):
            yield lambda: question.index == i
            yield 0.4
            tap(question.ids["answer_3"])
        suggestion = app.screen("skm_suggestion")
        yield lambda: app.current == "skm_suggestion"
        keyboard = suggestion.ids.keyboard
        for spelling in TYPED:
            yield from type_on(keyboard, f"{spelling}, ")
        tap(suggestion.ids.contact)
        yield lambda: suggestion.ids.contact.focused
        yield from type_on(keyboard, "3201.0123.4567.0001")
        assert "3201.0123.4567.0001" in suggestion.ids.contact.value   # typed as it was
        tap(suggestion.ids.send_button)
        yield lambda: app.current == "exit_thanks"

    drive(app, script, timeout=300)   # a hundred real taps; a busy CI machine is slow
    row = dict(app.service.store.query("SELECT suggestion, contact FROM skm_response")[0])
    assert row["suggestion"].count("************0001") == len(TYPED)
    assert row["contact"] == "************0001"
    path = app.settings.store_path
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert_no_nik(raw.decode("latin-1"))
    assert_no_nik(caplog.text)
