"""[display] in kiosk.toml: defaults, and each mistake named with file, key and why."""

import shutil
from pathlib import Path

import pytest

from kiosk import config

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path, display: str) -> Path:
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(ROOT / "config" / name, tmp_path / name)
    path = tmp_path / "kiosk.toml"
    text = path.read_text()
    text = text[:text.index("[display]")] + display
    path.write_text(text)
    return path


def test_sample_config_and_defaults(tmp_path):
    assert config.load(ROOT / "config" / "kiosk.toml").display == config.DisplaySettings()
    s = config.load(write(tmp_path, "")).display
    assert (s.orientation, s.voice, s.languages, s.volume) == ("landscape", True, ("id",), 100)


def test_a_full_display_section(tmp_path):
    s = config.load(write(tmp_path, '[display]\norientation = "portrait"\nlanguages = ["id", "en"]\n'
                          'digits = true\nclips = "suara"\nvolume = 70\n')).display
    assert (s.orientation, s.languages, s.digits, s.volume) == ("portrait", ("id", "en"), True, 70)
    assert s.clips == (tmp_path / "suara").resolve()


@pytest.mark.parametrize("line, key, why", [
    ('orientation = "miring"', "display.orientation", "landscape or portrait"),
    ('languages = ["en"]', "display.languages", "Indonesian first"),
    ('languages = ["id", "jv"]', "display.languages", '"id", "en"'),
    ("volume = 150", "display.volume", "between 0 and 100"),
    ('volume = "keras"', "display.volume", "must be an integer"),
    ('player = "vlc"', "display.player", "auto, aplay or paplay"),
    ("voice = 1", "display.voice", "true or false"),
    ("highlight_s = 0", "display.highlight_s", "between 1 and 60"),
])
def test_mistakes_are_named(tmp_path, line, key, why):
    with pytest.raises(config.ConfigError) as err:
        config.load(write(tmp_path, f"[display]\n{line}\n"))
    problems = [p for p in err.value.problems if p.key == key]
    assert problems and why in problems[0].why and problems[0].file.endswith("kiosk.toml")


def test_the_tv_output_can_be_named(tmp_path):
    from devices.audio import AplayOutput, open_output
    s = config.load(write(tmp_path, '[display]\naudio_device = "hdmi:CARD=PCH,DEV=0"\n')).display
    output = open_output(s.player, device=s.audio_device)
    assert isinstance(output, AplayOutput) and output.extra == ["-D", "hdmi:CARD=PCH,DEV=0"]
