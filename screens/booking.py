"""'I have a booking': the booking check-in (scanning the code) arrives with the booking
issue; until then this screen tells the visitor plainly where to go."""

from pathlib import Path

from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

import screens.widgets  # noqa: F401  (the shared kv rules: Page, KLabel, BigButton, Card)


class BookingScreen(Screen):
    pass


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("booking.kv")))
