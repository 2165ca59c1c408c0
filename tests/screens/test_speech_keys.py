"""Speech mode and key navigation with real key events only (issue 15): no touch at all.

Keys go through Kivy's Window as its SDL2 provider delivers them (screens.tools.scripted.
press_key); what was said is the speaker's log (devices.speech.speaker), synthesised by
the file-writing stand-in and "played" by the WAV-file stand-in.
"""

import pytest
from kioskui import drive

from devices.audio import WavFileOutputStandIn
from devices.speech import Speech, SpeechToFileStandIn
from devices.speech.speaker import Speaker
from kiosk.guide import say
from kiosk.i18n import pick, tr
from screens.tools.scripted import press_key, type_keys

pytestmark = pytest.mark.ui


@pytest.fixture
def speaker(tmp_path):
    s = Speaker(Speech(SpeechToFileStandIn(tmp_path / "speech")),
                WavFileOutputStandIn(tmp_path / "played", realtime=False))
    yield s
    s.close()


def said(speaker, text):
    """A condition: `text` is part of something said (the speaker's log)."""
    def check():
        return any(text in s.text for s in speaker.log)
    check.__doc__ = f"speech containing {text!r}; said so far: {speaker.spoken()[-3:]!r}"
    return check


def last_said(speaker):
    return speaker.log[-1].text if speaker.log else ""


def focus_on(app, widget, key="down", limit=60):
    """Press `key` until the ring is on `widget` (the order is the screen's own)."""
    widget = getattr(widget, "__self__", widget)   # ids are weak proxies
    for _ in range(limit):
        if app.keys.ring.widget is widget:
            return
        press_key(key)
    raise AssertionError(f"focus never reached {widget!r}")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_walk_in_by_keys_in_speech_mode_to_a_printed_ticket(kiosk_factory, speaker, lang):
    app = kiosk_factory(speaker=speaker)
    virtual = app.devices.simulators["printer"]
    t = lambda msgid, **kw: tr(msgid, lang, **kw)

    def script(app):
        yield lambda: app.current == "welcome"
        # the hint for a visitor who cannot see, in both languages, before anything is pressed
        yield said(speaker, tr(say.START_HINT, "id"))
        yield said(speaker, tr(say.START_HINT, "en"))
        assert not app.speech.active
        press_key("f1")                      # any keypad key starts speech mode
        yield lambda: app.speech.active
        yield said(speaker, tr(say.STARTED, "id"))
        welcome = app.screen("welcome")
        assert app.keys.ring.widget is welcome.ids.take_button.__self__
        assert tr("Take a queue number", "id") in last_said(speaker)
        if lang == "en":
            focus_on(app, welcome.ids.lang_en)
            yield said(speaker, "English.")
            press_key("enter")
            yield lambda: app.lang == "en"
            focus_on(app, welcome.ids.take_button, key="up")
            yield said(speaker, "Take a queue number. 1 of")
        press_key("enter")
        yield lambda: app.current == "agencies"
        yield said(speaker, t("What do you need?"))
        agencies = app.screen("agencies")
        tile = next(tl for a, tl in agencies.tiles if a.id == "dukcapil")
        focus_on(app, tile)
        name = pick(app.settings.catalog.agency("dukcapil").name, lang)
        n, total = app.keys.position()
        yield said(speaker, t("{n} of {total}", n=n, total=total))
        assert name in last_said(speaker)
        press_key("enter")
        yield lambda: app.current == "services"
        services = app.screen("services")
        row = services.rows["dukcapil-ktp"]
        yield lambda: row.svc_state is not None
        yield said(speaker, t("Choose a service of {agency}.", agency=name))
        focus_on(app, row)
        service = app.settings.catalog.service("dukcapil-ktp")
        yield said(speaker, pick(service.name, lang) + ".")
        item = last_said(speaker)
        assert pick(service.name, lang) in item
        assert t("{n} numbers left today", n=row.svc_state.remaining) in item \
            or row.svc_state.remaining is None
        press_key("enter")
        yield lambda: app.current == "detail"
        yield said(speaker, t("{service}. Here is what to bring. Choose Take a number to get "
                              "your ticket.", service=pick(service.name, lang)))
        detail = app.screen("detail")
        focus_on(app, detail.ids.confirm_button)
        press_key("enter")
        yield lambda: app.current == "ticket"
        yield lambda: len(virtual.tickets) == 1
        ticket = app.screen("ticket").ticket
        yield said(speaker, say.ticket_number(ticket.number, lang))
        announcement = last_said(speaker)
        for part in (pick(service.name, lang), t("The ticket came out below the screen."),
                     pick(app.settings.catalog.agency("dukcapil").counter, lang)):
            assert part in announcement, (part, announcement)
        said_before = len(speaker.log)
        press_key("f1")                                   # Help repeats it
        yield lambda: len(speaker.log) > said_before
        assert say.ticket_number(ticket.number, lang) in last_said(speaker)
        volume = app.speech.volume_db
        press_key("pageup")
        yield lambda: app.speech.volume_db > volume
        yield said(speaker, t("Volume {level}", level=5))
        focus_on(app, app.screen("ticket").ids.done_button)
        press_key("enter")
        yield lambda: app.current == "welcome"
        assert not app.speech.active, "speech mode ends for the next visitor"
        assert app.speech.volume_db == app.settings.keypad.start_volume_db

    drive(app, script, timeout=90)
    assert app.service.ticket(app.screen("ticket").ticket.id).status == "issued"
    # from the agencies screen to the ticket, everything was said in the visitor's language
    start = next(i for i, s in enumerate(speaker.log) if tr("What do you need?", lang) in s.text)
    end = next(i for i, s in enumerate(speaker.log) if tr("Volume {level}", lang, level=5) in s.text)
    assert {s.lang for s in speaker.log[start:end + 1]} == {lang}


def test_escape_never_leaves_kiosk_mode_and_back_goes_back(kiosk_factory, speaker):
    app = kiosk_factory(speaker=speaker)

    def script(app):
        yield lambda: app.current == "welcome"
        press_key("escape")          # starts speech mode on the welcome screen, nothing else
        yield lambda: app.speech.active
        press_key("escape")
        yield 0.3
        assert app.current == "welcome"
        press_key("enter")
        yield lambda: app.current == "agencies"
        press_key("escape")
        yield lambda: app.current == "welcome"
        yield 0.3

    drive(app, script, timeout=40)
    assert not app.allow_close


def test_booking_code_typed_on_a_keyboard_checks_in(kiosk_factory, speaker, tmp_path):
    from datetime import time as clock_time

    from test_booking import OPEN_MONDAY, PRIVACY_KEY

    from kiosk.bookings import (
        generate_keypair,
        load_private_key,
        new_booking,
        new_reference,
        sign_booking,
    )
    kid, private, _ = generate_keypair(tmp_path / "keys", kid="mpp2026")
    (tmp_path / "privacy.key").write_text(PRIVACY_KEY)
    _, key = load_private_key(private)
    booking = new_booking("imigrasi-paspor", OPEN_MONDAY.date(), clock_time(10, 0),
                          clock_time(11, 0), booking_id=new_reference(),
                          privacy_key=PRIVACY_KEY.encode())
    app = kiosk_factory(speaker=speaker, extra_toml='\n[booking]\nkeys = "keys"\n'
                        'secret_file = "privacy.key"\n')
    ref = booking.booking_id
    assert app.service.register_bookings([sign_booking(booking, key, kid)]) == [(ref, "added")]
    symbols = ref[4:]
    typo = symbols[:3] + ("2" if symbols[3] != "2" else "3") + symbols[4:]

    def script(app):
        yield lambda: app.current == "welcome"
        press_key("down")            # speech mode on; the ring on the first button
        yield lambda: app.speech.active
        focus_on(app, app.screen("welcome").ids.booking_button)
        press_key("enter")
        yield lambda: app.current == "booking"
        yield said(speaker, tr("I have a booking", "id"))
        screen = app.screen("booking")
        type_keys(typo)              # letters typed go into the code field, each one said
        yield lambda: screen.typed == typo.upper()
        press_key("backspace")
        yield lambda: screen.typed == typo.upper()[:-1]
        yield said(speaker, tr("Deleted. {text}", "id", text=" ".join(typo.upper()[:-1])))
        type_keys(typo[-1])
        yield lambda: screen.typed == typo.upper()
        assert app.keys.order()[0] is screen.parts["type"].ids.submit.__self__
        # typing moved the ring to check-in, right after the code
        assert app.keys.ring.widget is screen.parts["type"].ids.submit.__self__
        press_key("enter")
        yield said(speaker, tr("This code has a typing error: please check each character.", "id"))
        for _ in symbols:
            press_key("backspace")
        type_keys(symbols)
        yield lambda: screen.typed == symbols.upper()
        focus_on(app, screen.parts["type"].ids.submit)
        press_key("enter")
        yield lambda: app.current == "ticket"
        yield said(speaker, tr("The ticket came out below the screen.", "id"))

    drive(app, script, timeout=60)
    (ticket,) = app.service.tickets()
    assert ticket.booking_id == ref


def test_face_vote_and_survey_questions_by_keys(kiosk_factory, speaker, tmp_path):
    from dataclasses import replace

    from kiosk.survey import questions

    app = kiosk_factory(speaker=speaker)
    app.settings = replace(app.settings, mode="exit")
    order = questions(app.settings.survey.order)

    def script(app):
        yield lambda: app.current == "exit"
        press_key("down")                      # any keypad key: speech mode on
        yield lambda: app.speech.active
        yield said(speaker, tr("How was our service today? Choose one of five faces, from "
                               "very bad to very good.", "id"))
        exit_screen = app.screen("exit")
        focus_on(app, exit_screen.ids.face_4)
        press_key("enter")
        yield lambda: app.current == "exit_thanks"
        thanks = app.screen("exit_thanks")
        yield lambda: thanks.ready
        yield said(speaker, tr("Thank you for your rating.", "id"))
        focus_on(app, thanks.panels["agency"].ids.choice.buttons["imigrasi"])
        press_key("enter")
        yield lambda: thanks.stage == "reason"
        yield lambda: thanks.ready
        yield 0.4
        reason = next(b for b in thanks.panels["reason"].ids.grid.children if b.value == "perilaku")
        focus_on(app, reason)
        yield said(speaker, reason.text)
        press_key("enter")
        yield lambda: thanks.stage == "done"
        yield lambda: thanks.ready
        focus_on(app, thanks.panels["done"].ids.done_button)
        press_key("enter")
        yield lambda: app.current == "exit"
        # the full survey: started, its first profile step and the questions by keys
        press_key("f1")
        yield lambda: app.speech.active
        focus_on(app, exit_screen.ids.survey_button)
        press_key("enter")
        profile = app.screen("skm_profile")
        yield lambda: app.current == "skm_profile" and profile.step == "agency"
        yield 0.4
        focus_on(app, profile.panels["agency"].ids.choice.buttons["dukcapil"])
        press_key("enter")
        yield lambda: profile.step == "gender"
        yield 0.4
        focus_on(app, next(b for b in profile.panels["gender"].ids.grid.children
                           if b.value == "P"))
        press_key("enter")
        yield lambda: profile.step == "age"
        pad = profile.panels["age"].ids.pad
        for digit in "34":
            focus_on(app, next(k for k in pad.children if k.text == digit))
            press_key("enter")
            yield lambda: True
        focus_on(app, profile.panels["age"].ids.age_next)
        press_key("enter")
        yield lambda: profile.step == "education"
        yield 0.4
        focus_on(app, next(b for b in profile.panels["education"].ids.grid.children
                           if b.value == "D4/S1"))
        press_key("enter")
        yield lambda: profile.step == "occupation"
        yield 0.4
        focus_on(app, next(b for b in profile.panels["occupation"].ids.grid.children
                           if b.value == "PNS"))
        press_key("enter")
        question = app.screen("skm_question")
        yield lambda: app.current == "skm_question"
        for i in range(len(order)):
            yield lambda i=i: question.index == i
            yield said(speaker, order[i].name["id"])
            yield 0.4
            focus_on(app, question.ids["answer_3"])
            press_key("enter")
        yield lambda: app.current == "skm_suggestion"
        yield said(speaker, tr("Any suggestion for us? This step can be skipped.", "id"))
        focus_on(app, app.screen("skm_suggestion").ids.send_button)
        press_key("enter")
        yield lambda: app.current == "exit_thanks"

    drive(app, script, timeout=120)
    vote = app.service.store.query("SELECT face, agency_id, reason FROM vote")
    assert [tuple(v) for v in vote] == [(4, "imigrasi", "perilaku")]
    (row,) = app.service.store.query("SELECT * FROM skm_response")
    assert dict(row)["agency_id"] == "dukcapil" and dict(row)["age"] == 34
    assert all(dict(row)[u.key] == 3 for u in order)
