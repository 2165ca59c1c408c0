"""No full NIK is ever stored, whatever way a visitor types it (UU 27/2022).

A visitor may write their NIK into an SKM suggestion, a contact field or "Lainnya
(sebutkan)". The one rule (kiosk.privacy.mask_niks) runs where the row is written, so the
store's bytes — its WAL included — never hold the sixteen digits; the migration masks what
an older version stored; the reports and the logs never show them."""

import logging
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.privacy import mask_niks
from kiosk.store import MIGRATIONS, Store
from kiosk.survey import UNSUR_KEYS

NIK = "3201012345670001"
# The same NIK as people type it: in groups of 4-4-4-4, 6-6-4 and 2-2-2-6-4, with spaces,
# dashes, dots, slashes or a mix, and whole.
SPELLINGS = [
    "3201 0123 4567 0001",
    "3201-0123-4567-0001",
    "3201.0123.4567.0001",
    "3201/0123/4567/0001",
    "320101 234567 0001",
    "32.01.01.234567.0001",
    "32-01-01-234567-0001",
    "3201 - 0123 - 4567 - 0001",
    "3201.0123 4567-0001",
    "3201012345670001",
]
PROFILE = {"gender": "P", "age": 34, "education": "D4/S1", "occupation": "LAINNYA",
           "occupation_other": "Petani, NIK 3201 0123 4567 0001"}
ZONE = ZoneInfo("Asia/Jakarta")
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=ZONE)


def suggestion_with_every_spelling() -> str:
    return " | ".join(f"NIK saya {s}, mohon dibantu" for s in SPELLINGS)


def store_bytes(path) -> bytes:
    """The store file and its write-ahead log, as a disk image would hold them."""
    data = path.read_bytes()
    for extra in ("-wal", "-journal"):
        other = path.with_name(path.name + extra)
        if other.exists():
            data += other.read_bytes()
    return data


def assert_no_nik(blob: bytes | str) -> None:
    """Not in any of the spellings, nor behind any other separators."""
    text = blob.decode("latin-1") if isinstance(blob, bytes) else blob
    for spelling in SPELLINGS:
        assert spelling not in text
    for run in re.finditer(r"\d(?:[^0-9A-Za-z]{0,3}\d){15}", text):
        assert re.sub(r"\D", "", run.group()) != NIK, run.group()


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_is_masked_to_its_last_four_digits(spelling):
    masked = mask_niks(f"NIK saya {spelling}, terima kasih")
    assert masked == "NIK saya ************0001, terima kasih"


@pytest.mark.parametrize("text", [
    "Antrean 45 menit, loket 3 tutup",          # short numbers stay
    "HP saya 0812 3456 7890",                   # a phone number is contact, not a NIK
    "tanggal 23-11-2026 jam 10.30",
])
def test_text_without_a_nik_is_left_as_typed(text):
    assert mask_niks(text) == text


def test_a_nik_cut_at_the_text_limit_is_masked_too():
    from kiosk.survey.records import SUGGESTION_MAX, clean_free_text
    text = "x" * (SUGGESTION_MAX - 10) + " " + NIK
    cleaned = clean_free_text(text, SUGGESTION_MAX)
    assert len(cleaned) <= SUGGESTION_MAX and "3201012345" not in cleaned


def test_the_kiosk_store_never_holds_a_typed_nik(make_service, caplog):
    caplog.set_level(logging.DEBUG)
    service = make_service()
    ticket = service.issue_ticket("dukcapil-ktp", now=NOON)
    answers = dict.fromkeys(UNSUR_KEYS, 3)
    result = service.record_skm(PROFILE, answers, ticket_id=ticket.id,
                                suggestion=suggestion_with_every_spelling(),
                                contact="WA 0812 3456 7890 / NIK 3201-0123-4567-0001", now=NOON)
    assert result.accepted
    vote = service.record_vote(2, agency_id="dukcapil", reason="NIK 3201 0123 4567 0001",
                               now=NOON)
    row = service.store.query("SELECT suggestion, contact, occupation_other FROM skm_response")[0]
    assert row["suggestion"].count("************0001") == len(SPELLINGS)
    assert row["contact"] == "WA 0812 3456 7890 / NIK ************0001"   # the phone stays
    assert row["occupation_other"] == "Petani, NIK ************0001"
    assert "3201" not in service.store.vote(vote.id)["reason"]
    service.set_vote_reason(vote.id, "3201.0123.4567.0001")
    assert service.store.vote(vote.id)["reason"] == "************0001"
    assert_no_nik(store_bytes(service.settings.store_path))
    assert_no_nik(caplog.text)


def test_the_suggestions_report_shows_no_nik(make_service, tmp_path):
    service = make_service()
    service.record_skm(PROFILE, {"waktu": 2}, agency_id="dukcapil",
                       suggestion=suggestion_with_every_spelling(), now=NOON)
    for fmt in ("table", "csv"):
        done = subprocess.run(
            [sys.executable, "-m", "kiosk.cli", "--config", str(service.settings.path), "report",
             "suggestions", "--from", "2026-11-23", "--to", "2026-11-23", "--format", fmt],
            capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "************0001" in done.stdout
        assert_no_nik(done.stdout + done.stderr)


def old_store(path, rows) -> None:
    """A store as the version before masking (schema 5) left it, with NIKs in free text."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    for script in MIGRATIONS[:5]:
        db.executescript(script)
    db.execute("PRAGMA user_version=5")
    for i, (suggestion, contact) in enumerate(rows):
        db.execute("INSERT INTO skm_response (id, at, day, hour, kiosk_id, agency_id, waktu, "
                   "suggestion, contact, occupation_other) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (f"OLD{i}", NOON.isoformat(), "2026-11-23", 12, "K1", "dukcapil", 3,
                    suggestion, contact, "NIK " + SPELLINGS[i % len(SPELLINGS)]))
    db.execute("CREATE TABLE hub_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT, "
               "path TEXT, body TEXT, created_at TEXT, attempts INTEGER DEFAULT 0, "
               "state TEXT DEFAULT 'pending', last_error TEXT DEFAULT '')")
    db.execute("INSERT INTO hub_outbox (key, path, body, created_at) VALUES (?, ?, ?, ?)",
               ("OLDPUSH", "/v1/skm", '{"suggestion": "NIK 3201 0123 4567 0001", '
                '"contact": "", "profile": {"occupation_other": "3201-0123-4567-0001"}, '
                '"answers": {"waktu": 3}, "at": "2026-11-23T12:00:00+07:00"}', "x"))
    db.commit()
    db.close()


def test_the_migration_masks_niks_an_older_version_stored(tmp_path):
    path = tmp_path / "kiosk.sqlite3"
    rows = [(f"NIK saya {s}", f"kontak {s}") for s in SPELLINGS]
    old_store(path, rows)
    assert NIK.encode() in store_bytes(path) or b"3201 0123 4567 0001" in store_bytes(path)
    store = Store(path)
    try:
        assert store.schema_version == len(MIGRATIONS)
        stored = store.query("SELECT suggestion, contact, occupation_other FROM skm_response "
                             "ORDER BY id")
        assert [r["suggestion"] for r in stored] == ["NIK saya ************0001"] * len(rows)
        assert {r["contact"] for r in stored} == {"kontak ************0001"}
        assert {r["occupation_other"] for r in stored} == {"NIK ************0001"}
        body = store.query("SELECT body FROM hub_outbox")[0][0]
        assert "************0001" in body and "3201" not in body
    finally:
        store.close()
    assert_no_nik(store_bytes(path))
