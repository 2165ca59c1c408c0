"""`kiosk run` on a store that existed and is now empty: the plain problem screen, in a
real window (Xvfb), never a traceback and never a ticket."""

import os
import subprocess
import sys
import textwrap

import pytest

from kiosk.service import open_service
from ops_support import MONDAY_9, ROOT

pytestmark = pytest.mark.ui

SCRIPT = textwrap.dedent("""
    import sys
    from screens import problem
    from kivy.clock import Clock

    def on_start(self):
        def shoot(dt):
            from kivy.uix.label import Label
            labels = [w for w in self.root.walk() if isinstance(w, Label)]
            if not labels or any(w.texture_size[0] == 0 or w.height < 10 for w in labels):
                Clock.schedule_once(shoot, 0.5)        # not laid out and drawn yet
                return
            Clock.schedule_once(lambda dt: (self.root.export_to_png(sys.argv[2]),
                                            self.stop()), 0.5)
        Clock.schedule_once(shoot, 1.0)
    problem.ProblemApp.on_start = on_start
    from screens.main import run_kiosk
    sys.exit(run_kiosk(sys.argv[1], simulate=True))
""")


def test_an_emptied_store_shows_the_plain_problem_screen(settings_at, tmp_path):
    settings = settings_at()
    service = open_service(settings)
    service.issue_ticket("dukcapil-ktp", now=MONDAY_9)
    service.store.close()
    settings.store_path.write_bytes(b"")
    shot = tmp_path / "store-lost.png"        # docs/screenshots/ops-store-lost.png: one
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(settings.path), str(shot)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Penyimpanan antrean rusak atau kosong" in done.stderr
    assert "Traceback" not in done.stderr
    assert shot.exists() and shot.stat().st_size > 10_000     # text drawn, not a blank page
    assert settings.store_path.read_bytes() == b""          # nothing created in its place
