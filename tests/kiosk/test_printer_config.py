"""check-config and the printer's text: one byte per character, from the code page the
printer is told to use (issue 12)."""

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import config

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).with_name("data")


def kiosk_with_printer(tmp_path, lines: str) -> Path:
    (tmp_path / "catalog.toml").write_text((DATA / "catalog.toml").read_text())
    text = (DATA / "kiosk.toml").read_text().replace(
        '[devices.printer]\ndriver = "none"\n', f'[devices.printer]\ndriver = "none"\n{lines}\n')
    (tmp_path / "kiosk.toml").write_text(text)
    return tmp_path / "kiosk.toml"


def problems(tmp_path, lines):
    try:
        config.load(kiosk_with_printer(tmp_path, lines))
    except config.ConfigError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_utf8_is_refused_once_with_what_to_use(tmp_path):
    (problem,) = problems(tmp_path, 'encoding = "utf-8"')
    assert "devices.printer.encoding" in problem and "one byte per character" in problem
    assert "cp1252 for codepage 16" in problem


@pytest.mark.parametrize("page,encoding,expected", [(0, "cp1252", "cp437"), (16, "cp437", "cp1252"),
                                                    (19, "latin-1", "cp858")])
def test_a_codepage_that_does_not_match_the_encoding_is_refused(tmp_path, page, encoding, expected):
    (problem,) = problems(tmp_path, f'codepage = {page}\nencoding = "{encoding}"')
    assert "devices.printer.codepage" in problem and f'encoding = "{expected}"' in problem


@pytest.mark.parametrize("lines", ['codepage = 0\nencoding = "cp437"', 'codepage = 19\nencoding = "CP858"',
                                   "codepage = 16", 'completion = "status_only"\nconfirm_margin_s = 3',
                                   'completion = "process_id"\nbuffer_clear = true'])
def test_matching_pairs_and_the_completion_keys_pass(tmp_path, lines):
    assert problems(tmp_path, lines) == []


def test_check_config_names_a_completion_the_driver_does_not_know(tmp_path):
    path = kiosk_with_printer(tmp_path, 'completion = "asb"\nencoding = "utf-8"')
    result = subprocess.run([sys.executable, "-m", "kiosk.cli", "check-config", "--config", str(path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "devices.printer.completion: 'asb' must be one of process_id, status_only" in result.stderr
    assert "devices.printer.encoding: 'utf-8' is not a printer code page" in result.stderr
