"""`kiosk display` pointed at a real hub on 127.0.0.1, in its own process under Xvfb: an
officer calls the next number through the counter API with a staff session, and the board
shows that number and the counter large. Saves docs/display-board-call.png."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kiosk.hub.accounts import Accounts

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hub"))
from hub_support import Hub  # noqa: E402  (a real hub on 127.0.0.1, as tests/hub start it)

pytestmark = [pytest.mark.ui, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHOT = ROOT / "docs" / "display-board-call.png"


def wait_for(what, condition, limit=45.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"the board never showed {what}")


def test_a_call_through_the_hub_appears_on_the_board(tmp_path):
    (tmp_path / "hub").mkdir()
    hub = Hub(tmp_path / "hub")
    hub.start()
    board_dir, display_cfg = tmp_path / "board", tmp_path / "display"
    board_dir.mkdir()
    display_cfg.mkdir()
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(hub.config.parent / name, display_cfg / name)
    with (display_cfg / "kiosk.toml").open("a") as fh:
        fh.write(f'\n[hub]\nurl = "{hub.url}"\n'
                 f'token = "{hub.store.new_token("TV1", kind="display")}"\n')
    proc = None

    def board() -> dict:
        if proc.poll() is not None:
            raise AssertionError(f"kiosk display stopped: {proc.stderr.read()}")
        try:
            return json.loads((board_dir / "board.json").read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return {}
    try:
        kiosk = hub.token("K1")
        numbers = []
        for i in range(2):
            ticket = hub.post("/v1/tickets", kiosk, key=f"board-issue-{i}",
                              json={"service_id": "dukcapil-ktp"}).json()
            hub.post(f"/v1/tickets/{ticket['id']}/printed", kiosk)
            numbers.append(ticket["number"])
        Accounts(hub.store).add("siti", "rahasia-panjang", "officer", "dukcapil")
        siti = requests.post(hub.url + "/v1/staff/login", timeout=10, json={
            "username": "siti", "password": "rahasia-panjang"}).json()["token"]

        proc = subprocess.Popen(
            [sys.executable, str(HERE / "run_display.py"), str(board_dir), "--config",
             str(display_cfg / "kiosk.toml"), "--windowed", "--landscape", "--no-voice"],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wait_for("the hub's snapshot", lambda: board().get("has_data"))
        assert numbers[0] not in board()["latest_number"]

        called = hub.post("/v1/counters/loket-1/call-next", siti, key="board-call-1")
        assert called.status_code == 200, called.text
        shown = wait_for(f"{numbers[0]} at Loket 1", lambda: (
            b := board()).get("latest_number") == numbers[0] and b)
        assert shown["latest_counter"] == "Loket 1"
        assert "Kependudukan" in shown["latest_agency"] and shown["highlight"]
        assert not shown["offline"] and not shown["crashes"]

        (board_dir / "shot.request").write_text(str(SHOT))
        wait_for("the screenshot", lambda: (board_dir / "shot.done").exists())
        assert SHOT.read_bytes()[:4] == b"\x89PNG"
        from screens.tools.screenshots import compact
        compact(SHOT)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        hub.close()
