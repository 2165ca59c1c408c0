"""`python -m kiosk.hub.api [FILE]`: write the hub's OpenAPI schema (default
docs/hub-openapi.json), the reference the hub itself no longer serves by default."""

import json
import sys
from pathlib import Path

from kiosk.hub.api import openapi_schema

DEFAULT = Path(__file__).resolve().parents[3] / "docs" / "hub-openapi.json"


def text() -> str:
    return json.dumps(openapi_schema(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    out.write_text(text(), encoding="utf-8")
    print(f"wrote {out}")
