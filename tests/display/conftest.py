"""The display's window tests run landscape 1920x1080 like a hall TV (see tests/conftest.py
for the virtual display)."""

from screens import env

env.prepare(windowed=True, reproducible=True, size=(1920, 1080))
