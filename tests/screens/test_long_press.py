"""Speech mode started by holding the welcome screen's marked spot (issue 15), with a real
touch through the window: down on the spot, held, up. A short tap does nothing; a hold
of the configured time starts speech mode, which says so; a hold elsewhere does nothing."""

import time

import pytest
from kioskui import drive
from kivy.tests.common import UnitTestTouch

from devices.audio import WavFileOutputStandIn
from devices.speech import Speech, SpeechToFileStandIn
from devices.speech.speaker import Speaker
from kiosk.guide import say
from kiosk.i18n import tr
from screens.tools.scripted import _panel_position

pytestmark = pytest.mark.ui


@pytest.fixture
def speaker(tmp_path):
    s = Speaker(Speech(SpeechToFileStandIn(tmp_path / "speech")),
                WavFileOutputStandIn(tmp_path / "played", realtime=False))
    yield s
    s.close()


def touch_at(widget):
    """A finger down on the widget's middle, as the window delivers it (not yet lifted)."""
    touch = UnitTestTouch(*_panel_position(*widget.to_window(*widget.center)))
    touch.touch_down()
    return touch


def test_holding_the_marked_spot_starts_speech_mode_and_a_tap_does_not(kiosk_factory, speaker):
    app = kiosk_factory(speaker=speaker)
    hold_s = app.settings.keypad.long_press_s

    def script(app):
        yield lambda: app.current == "welcome"
        yield 0.5
        spot = app.screen("welcome").ids.speech_spot
        # a short tap: the spot shows it is held, and nothing starts
        touch = touch_at(spot)
        assert spot.holding
        yield 0.3
        touch.touch_up()
        assert not spot.holding
        yield hold_s + 0.5
        assert not app.speech.active
        # a hold just short of the time: still nothing
        touch = touch_at(spot)
        yield hold_s - 0.6
        touch.touch_up()
        yield 1.0
        assert not app.speech.active
        # held long enough: speech mode starts while the finger is still down, and says so
        said_before = len(speaker.log)
        started = time.monotonic()
        touch = touch_at(spot)
        yield lambda: app.speech.active
        assert time.monotonic() - started >= hold_s - 0.05
        touch.touch_up()
        yield lambda: any(tr(say.STARTED, app.lang) in s.text for s in speaker.log[said_before:])
        assert app.current == "welcome"   # the hold pressed nothing else
        assert app.speech_active

    drive(app, script)


def test_holding_elsewhere_on_the_welcome_screen_does_not_start_speech_mode(kiosk_factory, speaker):
    app = kiosk_factory(speaker=speaker)
    hold_s = app.settings.keypad.long_press_s

    def script(app):
        yield lambda: app.current == "welcome"
        yield 0.5
        title = app.screen("welcome").ids.closed_card.parent.children[-2]  # the welcome text
        touch = touch_at(title)
        yield hold_s + 0.8
        touch.touch_up()
        yield 0.3
        assert not app.speech.active
        assert app.current == "welcome"

    drive(app, script)
