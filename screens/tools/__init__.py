"""Tools that drive the kiosk's real window, not screens of it: `python -m
screens.tools.screenshots` renders every screen in both languages and orientations, and
`scripted` sends real touch and key events for tests and benchmarks. Nothing here is
imported by the kiosk itself."""
