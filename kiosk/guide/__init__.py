"""Spoken guidance and key navigation (issue 15): the keypad's key map and what to say.

Pure: no Kivy, no audio. screens/focus.py and screens/speech_mode.py drive the screens;
devices/speech and devices/audio speak.
"""

from kiosk.guide import say
from kiosk.guide.keys import ACTIONS, KeypadSettings, read_keypad

__all__ = ["ACTIONS", "KeypadSettings", "read_keypad", "say"]
