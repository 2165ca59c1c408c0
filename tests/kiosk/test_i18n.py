"""Every visitor-facing string has its Indonesian text: Bahasa Indonesia is the default."""

import ast
from pathlib import Path

from kiosk.i18n import catalog, pick, tr

ROOT = Path(__file__).resolve().parents[2]


def source_msgids():
    """String literals passed to tr(...) or _(...) anywhere in the three packages and .kv files."""
    found = {}
    for folder in ("kiosk", "screens", "devices"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("tr", "_", "N_") and node.args
                        and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)):
                    found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_source_string_has_an_indonesian_translation():
    indonesian = catalog("id")
    missing = {m: where for m, where in source_msgids().items() if m not in indonesian}
    assert not missing, "no Indonesian text for:\n" + "\n".join(
        f"  {where}: {m!r}" for m, where in sorted(missing.items(), key=lambda kv: kv[1]))


def test_indonesian_is_default_and_english_is_source():
    msg = "Please wait for your number to be called"
    assert tr(msg) == "Mohon menunggu nomor Anda dipanggil"
    assert tr(msg, "en") == msg
    assert tr("{n} unknown placeholder {x}", "id", n=1, x=2) == "1 unknown placeholder 2"
    assert pick({"id": "Paspor baru", "en": "New passport"}, "en") == "New passport"
    assert pick({"id": "Paspor baru"}, "en") == "Paspor baru"
