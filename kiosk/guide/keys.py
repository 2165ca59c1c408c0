"""The keypad's key map: [keypad] in kiosk.toml.

An EZ-Access style keypad (Up, Down, Back, Enter, Help, volume) reaches the kiosk as a USB
keyboard; which key it sends for which button varies by model, so each action names its
keys (Kivy's key names: "up", "enter", "f1", "pageup", "a", ...).

    [keypad]
    up = ["up", "left"]
    help = "f1"
    long_press_s = 2          # a long press on the welcome screen's marked spot
    speech_rate = 150         # espeak-ng words per minute
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

ACTIONS = ("up", "down", "back", "enter", "help", "volume_up", "volume_down")

DEFAULT_KEYS = {
    "up": ("up", "left"),
    "down": ("down", "right", "tab"),
    "back": ("escape",),
    "enter": ("enter", "numpadenter", "spacebar"),
    "help": ("f1",),
    "volume_up": ("pageup", "f12"),
    "volume_down": ("pagedown", "f11"),
}

# Kivy's names for keys that are not letters or digits (kivy.core.window.Keyboard.keycodes)
NAMED_KEYS = {"up", "down", "left", "right", "tab", "enter", "numpadenter", "spacebar",
              "escape", "backspace", "delete", "home", "end", "pageup", "pagedown", "insert",
              *(f"f{n}" for n in range(1, 16)), *(f"numpad{n}" for n in range(10)),
              "numpadadd", "numpadsubstract", "numpadmul", "numpaddivide", "numpaddecimal"}
KEY_NAMES = NAMED_KEYS | set(string.ascii_lowercase) | set(string.digits)


@dataclass(frozen=True)
class KeypadSettings:
    keys: dict = field(default_factory=lambda: dict(DEFAULT_KEYS))   # action -> key names
    long_press_s: float = 2.0
    speech_rate: int = 150
    volume_steps_db: tuple = (-24, -18, -12, -6, 0)   # 24 dB of range, at least 18 asked
    start_volume_db: int = -6

    def action(self, key_name: str) -> str | None:
        """The action a key does, None for a key the keypad does not use."""
        for action, names in self.keys.items():
            if key_name in names:
                return action
        return None


def read_keypad(table: dict, r) -> KeypadSettings:
    """[keypad] read with kiosk.config's Reader: every problem named, defaults otherwise."""
    keys = dict(DEFAULT_KEYS)
    seen: dict[str, str] = {}
    for name, value in (table or {}).items():
        if name in ("long_press_s", "speech_rate"):
            continue
        where = f"keypad.{name}"
        if name not in ACTIONS:
            r.problem(where, f"unknown keypad action; use {', '.join(ACTIONS)}")
            continue
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            r.problem(where, 'must be a key name or a list of them, like ["up", "left"]')
            continue
        bad = [n for n in names if n.lower() not in KEY_NAMES]
        if bad:
            r.problem(where, f"unknown key name(s) {bad} (use names like up, enter, f1, pageup, a)")
            continue
        keys[name] = tuple(n.lower() for n in names)
    for action, names in keys.items():
        for n in names:
            if n in seen and seen[n] != action:
                r.problem(f"keypad.{action}", f"key {n!r} is also {seen[n]!r}: one key, one action")
            seen[n] = action
    long_press = r.get(table or {}, "long_press_s", "keypad", (int, float), 2.0)
    if long_press is not None and not 1 <= long_press <= 5:
        r.problem("keypad.long_press_s", f"{long_press} must be between 1 and 5 seconds")
        long_press = 2.0
    rate = r.get(table or {}, "speech_rate", "keypad", int, 150)
    if rate is not None and not 80 <= rate <= 300:
        r.problem("keypad.speech_rate", f"{rate} must be between 80 and 300 words a minute")
        rate = 150
    return KeypadSettings(keys=keys, long_press_s=float(long_press or 2.0), speech_rate=rate or 150)
