"""`kiosk voice …` and `kiosk display`'s refusals, run as an IT officer would."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devices.audio import wav
from kiosk.cli import display as cli_display, voice as cli_voice
from kiosk.voice import speech_clips

ROOT = Path(__file__).resolve().parents[2]
needs_espeak = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng not installed")


@needs_espeak
def test_build_makes_every_clip_and_keeps_an_mpps_recording(tmp_path, capsys):
    recorded = wav.write(wav.silence(10) + wav.normalise(wav.write(wav.silence(5))))
    (tmp_path / "loket.wav").write_bytes(recorded)
    assert cli_voice.main(["build", "--out", str(tmp_path)]) == 0
    assert {p.stem for p in tmp_path.glob("*.wav")} == {c.key for c in speech_clips()}
    assert (tmp_path / "loket.wav").read_bytes() == recorded        # not overwritten
    out = capsys.readouterr().out
    assert f"{len(speech_clips()) - 1} clips made, 1 kept" in out
    assert cli_voice.main(["check", str(tmp_path)]) == 0
    assert f"{len(speech_clips())} of {len(speech_clips())} clips present" in capsys.readouterr().out


@needs_espeak
def test_say_writes_the_announcement(tmp_path, capsys):
    out = tmp_path / "a.wav"
    assert cli_voice.main(["say", "A-013", "Loket 3", "--clips", str(tmp_path / "none"),
                           "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == "chime nomor_antrean letter_a num_13 silakan_menuju loket num_3"
    assert "a tiga belas" in printed
    assert 4.0 < wav.duration_s(out.read_bytes()) < 12.0


def test_say_refuses_what_is_not_a_ticket_number(capsys):
    assert cli_voice.main(["say", "A--1", "Loket 1"]) == 2
    assert "not a ticket number" in capsys.readouterr().err


def test_display_without_a_hub_says_what_to_set(tmp_path, capsys):
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(ROOT / "config" / name, tmp_path / name)
    assert cli_display.main(["--config", str(tmp_path / "kiosk.toml")]) == 2
    assert "hub.url: empty" in capsys.readouterr().err
    (tmp_path / "kiosk.toml").write_text((tmp_path / "kiosk.toml").read_text()
                                         .replace('volume = 100', 'volume = 500'))
    assert cli_display.main(["--config", str(tmp_path / "kiosk.toml")]) == 2
    assert "display.volume" in capsys.readouterr().err


def test_the_voice_command_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "voice", "say", "B-1", "Loket 2",
                           "--clips", "/nonexistent"], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "be satu" in done.stdout
