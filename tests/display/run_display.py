"""Run `kiosk display` for a test in its own process, and let the test see the board:
`python run_display.py OUT_DIR [kiosk display arguments…]`.

The board is kiosk.cli.display.main, unchanged (its feed, its window, its composition);
this runner only adds an observer on the UI thread that writes what the board shows to
OUT_DIR/board.json every 0.2 s, and saves the board as a PNG when the test writes the
wanted path into OUT_DIR/shot.request (then OUT_DIR/shot.done appears). Its own process:
no other Kivy app of the test session can leave anything behind in it.
"""

import json
import os
import sys
from pathlib import Path

from screens import env

LANDSCAPE = (1920, 1080)


def observe(app, out: Path) -> None:
    ids = app.view.ids
    state = app.controller.state
    board = {"has_data": state.has_data, "latest_number": ids.latest_number.text,
             "latest_counter": ids.latest_counter.text, "latest_agency": ids.latest_agency.text,
             "highlight": bool(app.view.highlight), "offline": ids.offline.opacity == 1,
             "recent": [w.text for row in ids.recent.children for w in row.children],
             "crashes": [repr(c) for c in app.crashes]}
    tmp = out / "board.json.tmp"
    tmp.write_text(json.dumps(board))
    os.replace(tmp, out / "board.json")
    request = out / "shot.request"
    if request.exists():
        target = request.read_text().strip()
        request.unlink()
        app.view.export_to_png(target)
        (out / "shot.done").write_text(target)


if __name__ == "__main__":
    out, argv = Path(sys.argv[1]), sys.argv[2:]
    env.prepare(windowed=True, size=LANDSCAPE, reproducible=True)
    from kivy.clock import Clock

    from screens.display import app as display_app

    started = display_app.DisplayApp.on_start

    def on_start(self):
        started(self)
        Clock.schedule_interval(lambda dt: observe(self, out), 0.2)

    display_app.DisplayApp.on_start = on_start
    from kiosk.cli.display import main
    sys.exit(main(argv))
