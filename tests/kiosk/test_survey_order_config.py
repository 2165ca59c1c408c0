"""`[survey] order` in kiosk.toml: which questionnaire order the exit survey asks in."""

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import config
from kiosk.survey import ORDERS

ROOT = Path(__file__).resolve().parents[2]


def with_survey(make_settings, tmp_path, table: str):
    make_settings()                                   # the test config, copied to tmp_path
    path = tmp_path / "kiosk.toml"
    path.write_text(path.read_text() + "\n[survey]\n" + table + "\n")
    return path


def test_the_rule_order_unless_kiosk_toml_says_otherwise(make_settings):
    assert make_settings().survey.order == "rule"


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_every_named_order_is_accepted(make_settings, tmp_path, order):
    path = with_survey(make_settings, tmp_path, f'order = "{order}"')
    assert config.load(path).survey.order == order


@pytest.mark.parametrize("table, why", [
    ('order = "example"', "survey.order: 'example' is not a questionnaire order; use \"rule\""),
    ("order = 2", "survey.order: must be a string, got an integer 2"),
])
def test_a_wrong_order_is_named_plainly_by_check_config(make_settings, tmp_path, table, why):
    path = with_survey(make_settings, tmp_path, table)
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "check-config", "--config",
                           str(path)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert f"{path}: {why}" in done.stderr
    if "example" in table:      # the message names both orders and what each one means
        assert '"questionnaire" (the rule\'s example form: sarana 8th, pengaduan 9th)' \
            in done.stderr
