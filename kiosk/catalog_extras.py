"""The catalog's way-finding parts, read and checked by kiosk.config's catalog loader:
per service `keywords` (what visitors type for it) and `online_url` (shown as a QR), and
the MPP's `[contacts]` (information desk, call centre, WhatsApp, complaints channel).

Each reader takes the loader's Reader `r` and records problems on it, like the rest of
the catalog, so a mistyped key is named with the others instead of stopping the kiosk.
"""

from __future__ import annotations

import re

from kiosk.catalog import Contacts

URL = re.compile(r"^https?://\S+$")
CONTACT_KEYS = ("information_desk", "call_centre", "whatsapp", "complaints", "complaints_url")
MAX_KEYWORDS = 40


def read_service_extras(s: dict, path: str, r) -> dict:
    """keywords and online_url of one [[service]], as Service keyword arguments."""
    keywords = r.get(s, "keywords", path, list, [])
    clean = []
    for j, word in enumerate(keywords or []):
        if not isinstance(word, str) or not word.strip():
            r.problem(f"{path}.keywords[{j}]", f"must be a non-empty string, got {word!r}")
        else:
            clean.append(word.strip())
    if len(clean) > MAX_KEYWORDS:
        r.problem(f"{path}.keywords", f"{len(clean)} keywords; at most {MAX_KEYWORDS}")
    url = r.get(s, "online_url", path, str, "")
    if url and not URL.match(url):
        r.problem(f"{path}.online_url", f"{url!r} must be a web address starting with https://")
    return {"keywords": tuple(clean), "online_url": url or ""}


def read_contacts(data: dict, r) -> Contacts | None:
    """The optional [contacts] table; None when the catalog has none."""
    table = r.get(data, "contacts", "", dict, None)
    if table is None:
        return None
    for key in table:
        if key not in CONTACT_KEYS:
            r.problem(f"contacts.{key}", f"unknown key (known: {', '.join(CONTACT_KEYS)})")
    desk = r.text(table, "information_desk", "contacts")
    complaints = r.text(table, "complaints", "contacts") if "complaints" in table else {}
    url = r.get(table, "complaints_url", "contacts", str, "")
    if url and not URL.match(url):
        r.problem("contacts.complaints_url", f"{url!r} must be a web address starting with https://")
    phones = {key: r.get(table, key, "contacts", str, "") or "" for key in ("call_centre", "whatsapp")}
    return Contacts(information_desk=desk or {"id": "", "en": ""}, complaints=complaints or {},
                    complaints_url=url or "", **phones)
