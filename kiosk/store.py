"""The embedded store: SQLite in WAL mode, versioned schema, atomic ticket numbering.

Numbering runs in one `BEGIN IMMEDIATE` transaction: the quota check, the sequence bump and
the ticket row commit together or not at all, so concurrent kiosks' processes never share a
number and a kill -9 or power cut at any instant leaves no gap and no duplicate.
`synchronous=FULL` makes a committed ticket survive a power cut, not only a crash.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable

from kiosk.privacy import mask_niks
from kiosk.queueing import format_number
from kiosk.ticket import (  # noqa: F401  (the store's callers read them here too)
    CANCELLED, COLUMNS, HELD, ISSUED, NOT_PRINTED, PRINTING, TRANSITIONS, TicketRow)
from kiosk.survey.records import SkmRecord, VoteRecord, clean_reason



def transitions() -> dict:
    """The whole table: kiosk.ticket's part, extended by the counter side's
    (kiosk.counters.life, which imports the statuses, so it is imported late)."""
    from kiosk.counters.life import TRANSITIONS as full
    return full


MIGRATIONS: list[str] = [
    # 1: tickets, their history, and one sequence per numbering group per local day.
    """
    CREATE TABLE sequence (
        day  TEXT NOT NULL,
        grp  TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (day, grp)
    );
    CREATE TABLE ticket (
        id           TEXT PRIMARY KEY,
        day          TEXT NOT NULL,
        grp          TEXT NOT NULL,
        seq          INTEGER NOT NULL,
        number       TEXT NOT NULL,
        agency_id    TEXT NOT NULL,
        service_id   TEXT NOT NULL,
        priority     TEXT,
        booking_id   TEXT,
        kiosk_id     TEXT NOT NULL,
        request_id   TEXT UNIQUE,
        status       TEXT NOT NULL,
        people_ahead INTEGER NOT NULL DEFAULT 0,
        wait_minutes INTEGER NOT NULL DEFAULT 0,
        issued_at    TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        UNIQUE (day, grp, seq)
    );
    CREATE INDEX ticket_day_service ON ticket (day, service_id, status);
    CREATE TABLE ticket_event (
        ticket_id TEXT NOT NULL REFERENCES ticket (id),
        at        TEXT NOT NULL,
        status    TEXT NOT NULL,
        detail    TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX ticket_event_ticket ON ticket_event (ticket_id);
    """,
    # 2: exit feedback. SKM answers are stored by unsur key (one column each), never by
    # position, so either questionnaire order reports the same.
    """
    CREATE TABLE vote (
        id         TEXT PRIMARY KEY,
        at         TEXT NOT NULL,
        day        TEXT NOT NULL,
        hour       INTEGER NOT NULL,
        kiosk_id   TEXT NOT NULL,
        agency_id  TEXT,
        service_id TEXT,
        ticket_id  TEXT UNIQUE,
        face       INTEGER NOT NULL CHECK (face BETWEEN 1 AND 4),
        reason     TEXT
    );
    CREATE INDEX vote_day ON vote (day, agency_id);
    CREATE TABLE skm_response (
        id          TEXT PRIMARY KEY,
        at          TEXT NOT NULL,
        day         TEXT NOT NULL,
        hour        INTEGER NOT NULL,
        kiosk_id    TEXT NOT NULL,
        agency_id   TEXT,
        service_id  TEXT,
        ticket_id   TEXT UNIQUE,
        gender      TEXT,
        age         INTEGER,
        education   TEXT,
        occupation  TEXT,
        occupation_other TEXT,
        persyaratan INTEGER CHECK (persyaratan BETWEEN 1 AND 4),
        prosedur    INTEGER CHECK (prosedur BETWEEN 1 AND 4),
        waktu       INTEGER CHECK (waktu BETWEEN 1 AND 4),
        biaya       INTEGER CHECK (biaya BETWEEN 1 AND 4),
        produk      INTEGER CHECK (produk BETWEEN 1 AND 4),
        kompetensi  INTEGER CHECK (kompetensi BETWEEN 1 AND 4),
        perilaku    INTEGER CHECK (perilaku BETWEEN 1 AND 4),
        pengaduan   INTEGER CHECK (pengaduan BETWEEN 1 AND 4),
        sarana      INTEGER CHECK (sarana BETWEEN 1 AND 4),
        suggestion  TEXT,
        contact     TEXT
    );
    CREATE INDEX skm_day ON skm_response (day, agency_id, service_id);
    """,
    # 3: a covering index for the IKM report: SQLite reads it in group order and never
    # touches the table (1,000,000 responses: 2.5 s -> about 0.9 s).
    """
    CREATE INDEX skm_report ON skm_response (day, agency_id, service_id, persyaratan, prosedur,
        waktu, biaya, produk, kompetensi, perilaku, pengaduan, sarana);
    DROP INDEX skm_day;
    """,
    # 4: the booking register: the day's signed booking codes, loaded from the booking
    # system, so a typed reference code or a card tap can find its booking. Card ids are
    # kept only as keyed hashes (inside the code too).
    """
    CREATE TABLE booking (
        booking_id  TEXT PRIMARY KEY,
        day         TEXT NOT NULL,
        code        TEXT NOT NULL,
        card_hash   TEXT,
        added_at    TEXT NOT NULL
    );
    CREATE INDEX booking_card ON booking (day, card_hash);
    """,
    # 5: when staff marked an SKM suggestion or complaint as handled (`kiosk report
    # suggestions --handled ID`); NULL while it still waits for a follow-up.
    """
    ALTER TABLE skm_response ADD COLUMN handled_at TEXT;
    """,
    # 6: NIKs typed with spaces, dots or dashes into suggestions, contacts and the profile's
    # "Lainnya" before every write path masked them: masked now (see mask_stored_niks).
    lambda db: mask_stored_niks(db),
    # 7: a ticket's life past issued (kiosk.counters.life): the counter holding it, when it
    # was called, started and finished, recalls since its call; after a transfer the queue
    # it waits in now (queue_*; NULL: the one it was issued for), since when, and whether at
    # the front. Every step records its officer and counter.
    """
    ALTER TABLE ticket ADD COLUMN called_at TEXT;
    ALTER TABLE ticket ADD COLUMN counter_id TEXT;
    ALTER TABLE ticket ADD COLUMN serving_at TEXT;
    ALTER TABLE ticket ADD COLUMN finished_at TEXT;
    ALTER TABLE ticket ADD COLUMN recalls INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE ticket ADD COLUMN queued_at TEXT;
    ALTER TABLE ticket ADD COLUMN front INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE ticket ADD COLUMN queue_service_id TEXT;
    ALTER TABLE ticket ADD COLUMN queue_agency_id TEXT;
    ALTER TABLE ticket ADD COLUMN queue_grp TEXT;
    ALTER TABLE ticket_event ADD COLUMN officer TEXT;
    ALTER TABLE ticket_event ADD COLUMN counter_id TEXT;
    CREATE INDEX ticket_day_status ON ticket (day, status);
    """,
]
UNSUR_COLUMNS = ("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi",
                 "perilaku", "pengaduan", "sarana")


def mask_stored_niks(db) -> int:
    """Mask NIK-like runs in the free text already stored (and in pushes still queued for
    the hub). Runs in Python because the rule is kiosk.privacy's, on SQLite and PostgreSQL
    alike; returns how many values changed."""
    changed = 0
    for table, (key, columns) in FREE_TEXT.items():
        if not _has_table(db, table):
            continue
        for row in db.execute(f"SELECT {', '.join((key, *columns))} FROM {table}").fetchall():
            values = [_mask_value(table, value) for value in row[1:]]
            if values != list(row[1:]):
                sets = ", ".join(f"{column}=?" for column in columns)
                db.execute(f"UPDATE {table} SET {sets} WHERE {key}=?", (*values, row[0]))
                changed += 1
    return changed


# Where visitors' free text is kept (the outbox holds pushes as JSON, keyed by seq).
FREE_TEXT = {"skm_response": ("id", ("suggestion", "contact", "occupation_other")),
             "vote": ("id", ("reason",)),
             "hub_outbox": ("seq", ("body",))}


def _mask_value(table: str, value):
    if not isinstance(value, str):
        return value
    if table != "hub_outbox":
        return mask_niks(value)
    import json
    body = json.loads(value)
    if not isinstance(body, dict):
        return value
    masked = {k: mask_niks(v) if isinstance(v, str) and k != "at" else v
              for k, v in body.items()}
    if isinstance(masked.get("profile"), dict):
        masked["profile"] = {k: mask_niks(v) if isinstance(v, str) else v
                             for k, v in masked["profile"].items()}
    return json.dumps(masked) if masked != body else value


def _has_table(db, table: str) -> bool:
    if table != "hub_outbox":
        return True
    # Only a kiosk with a hub has an outbox; it lives in the kiosk's SQLite file.
    if not isinstance(db, sqlite3.Connection):
        return False
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                      (table,)).fetchone() is not None


def run_migration(db, migration) -> None:
    """One migration: a script of SQL statements, or a function given the open transaction."""
    if callable(migration):
        migration(db)
        return
    for statement in _split_sql(migration):
        db.execute(statement)


class StoreError(Exception):
    """The store cannot do what was asked (bad transition, unknown ticket, unusable file)."""


_WAITING: dict = {}     # waiting ticket rows -> kiosk.counters WaitingTicket (immutable)
# Where a ticket waits now: its transfer target, else what it was issued for.
QUEUE_AGENCY = "COALESCE(queue_agency_id, agency_id)"
QUEUE_SERVICE = "COALESCE(queue_service_id, service_id)"
QUEUE_GRP = "COALESCE(queue_grp, grp)"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def new_ticket_id() -> str:
    """10 upper-case base32 characters: QR alphanumeric mode keeps the printed code small.
    One read of the system's random source (each byte's low 5 bits: 256 is a multiple of
    32, so every character stays equally likely), not ten."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "".join(alphabet[b & 31] for b in secrets.token_bytes(10))


class Store:
    def __init__(self, path: Path | str, timeout_s: float = 30.0):
        self.path = Path(path) if str(path) != ":memory:" else path
        if isinstance(self.path, Path):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the store {self.path}: {exc}")
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(str(path), timeout=timeout_s, isolation_level=None,
                                       check_same_thread=False)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            # Deleted or rewritten text is overwritten, not left in free space: a masked
            # NIK must not survive in the file's unused bytes.
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the store {path} cannot be opened: {exc}") from exc

    # -- plumbing -----------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._db.close()

    def transaction(self):
        return _Transaction(self)

    def query(self, sql: str, args: Iterable = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, tuple(args)).fetchall()

    @property
    def schema_version(self) -> int:
        return self.query("PRAGMA user_version")[0][0]

    def migrate(self) -> None:
        """Apply pending migrations, each in its own transaction with its version bump."""
        applied = False
        with self._lock:
            while True:
                # The version is read under the write lock: several processes opening a new
                # store at once must not apply the same migration twice.
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    current = self._db.execute("PRAGMA user_version").fetchone()[0]
                    if current > len(MIGRATIONS):
                        raise StoreError(f"the store {self.path} has schema {current}, newer "
                                         f"than this program ({len(MIGRATIONS)}); update the program")
                    if current == len(MIGRATIONS):
                        self._db.execute("COMMIT")
                        if applied:   # old page images (unmasked text) leave the WAL now
                            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                        return
                    applied = True
                    run_migration(self._db, MIGRATIONS[current])
                    self._db.execute(f"PRAGMA user_version={current + 1}")
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise

    # -- tickets ------------------------------------------------------------------------
    def issue(self, *, day: str, grp: str, padding: int, agency_id: str, service_id: str,
              kiosk_id: str, quota: int, priority: str | None = None,
              booking_id: str | None = None, request_id: str | None = None,
              ahead: Callable[[int, str | None], tuple[int, int]] = lambda n, first: (n, 0),
              now: datetime | None = None) -> tuple[TicketRow, bool]:
        """Give the next number of `grp` on `day`, atomically.

        Returns (ticket, created). A repeated `request_id` (double tap, retried request)
        returns the ticket it already made with created=False. Returns (None, False) when
        the service's quota for the day is full; nothing is consumed then.
        `ahead(earlier_held, first_issued_at)` turns the count of earlier held numbers into
        (people_ahead, wait_minutes).
        """
        stamp = (now or utc_now()).isoformat(timespec="milliseconds")
        with self.transaction() as db:
            existing = self.by_request(db, request_id) if request_id else None
            if existing:
                return existing, False
            if quota:
                taken = db.execute(
                    "SELECT COUNT(*) FROM ticket WHERE day=? AND service_id=? AND status!=?",
                    (day, service_id, CANCELLED)).fetchone()[0]
                if taken >= quota:
                    return None, False
            db.execute("INSERT INTO sequence (day, grp, last) VALUES (?, ?, 1) "
                       "ON CONFLICT (day, grp) DO UPDATE SET last = last + 1", (day, grp))
            seq = db.execute("SELECT last FROM sequence WHERE day=? AND grp=?",
                             (day, grp)).fetchone()[0]
            people_ahead, wait = ahead(*self.held_before(db, day, grp))
            row = TicketRow(
                id=new_ticket_id(), day=day, grp=grp, seq=seq,
                number=format_number(grp, seq, padding), agency_id=agency_id,
                service_id=service_id, priority=priority, booking_id=booking_id,
                kiosk_id=kiosk_id, request_id=request_id, status=PRINTING,
                people_ahead=people_ahead, wait_minutes=wait, issued_at=stamp, updated_at=stamp)
            self.insert_ticket(db, row)
            return row, True

    # The one way a ticket row is written, inside the caller's transaction: numbered here,
    # numbered offline from a reserved block, or copied from the hub.
    @staticmethod
    def insert_ticket(db, row: TicketRow, detail: str = "", copy: bool = False) -> None:
        """Insert `row` and its first history event. `copy`: a ticket numbered elsewhere,
        kept here as a convenience (ignored if this store has it already)."""
        verb = "INSERT OR IGNORE" if copy else "INSERT"
        db.execute(f"{verb} INTO ticket ({COLUMNS}) VALUES ({', '.join('?' * len(row.values()))})",
                   row.values())
        db.execute("INSERT INTO ticket_event (ticket_id, at, status, detail) VALUES (?, ?, ?, ?)",
                   (row.id, row.updated_at, row.status, detail))

    @staticmethod
    def by_request(db, request_id: str) -> TicketRow | None:
        """The ticket a request id made, inside the caller's transaction."""
        row = db.execute(f"SELECT {COLUMNS} FROM ticket WHERE request_id=?",
                         (request_id,)).fetchone()
        return TicketRow(*row) if row else None

    @staticmethod
    def by_id(db, ticket_id: str) -> TicketRow | None:
        row = db.execute(f"SELECT {COLUMNS} FROM ticket WHERE id=?", (ticket_id,)).fetchone()
        return TicketRow(*row) if row else None

    @staticmethod
    def held_before(db, day: str, grp: str) -> tuple[int, str | None]:
        """(numbers of `grp` held on `day`, the first one's issue time): the queue ahead of
        the next number, inside the caller's transaction."""
        count, first = db.execute(
            "SELECT COUNT(*), MIN(issued_at) FROM ticket WHERE day=? AND grp=? AND status!=?",
            (day, grp, CANCELLED)).fetchone()
        return count, first

    def ticket_by_request(self, request_id: str) -> TicketRow | None:
        with self.transaction() as db:
            return self.by_request(db, request_id)

    def keep_copy(self, row: TicketRow, detail: str) -> None:
        """A ticket numbered by the hub, kept here so it is found offline (vote, reprint)."""
        with self.transaction() as db:
            self.insert_ticket(db, row, detail, copy=True)

    def set_status(self, ticket_id: str, status: str, detail: str = "",
                   now: datetime | None = None) -> TicketRow:
        stamp = (now or utc_now()).isoformat(timespec="milliseconds")
        with self.transaction() as db:
            row = db.execute(f"SELECT {COLUMNS} FROM ticket WHERE id=?", (ticket_id,)).fetchone()
            if row is None:
                raise StoreError(f"unknown ticket {ticket_id}")
            current = TicketRow(*row)
            if status == current.status:
                return current
            if status not in transitions().get(current.status, ()):
                raise StoreError(f"ticket {current.number} is {current.status}; "
                                 f"it cannot become {status}")
            db.execute("UPDATE ticket SET status=?, updated_at=? WHERE id=?",
                       (status, stamp, ticket_id))
            db.execute("INSERT INTO ticket_event (ticket_id, at, status, detail) VALUES (?,?,?,?)",
                       (ticket_id, stamp, status, detail))
            return replace(current, status=status, updated_at=stamp)

    def ticket(self, ticket_id: str) -> TicketRow | None:
        rows = self.query(f"SELECT {COLUMNS} FROM ticket WHERE id=?", (ticket_id,))
        return TicketRow(*rows[0]) if rows else None

    def ticket_by_booking(self, booking_id: str) -> TicketRow | None:
        rows = self.query(f"SELECT {COLUMNS} FROM ticket WHERE booking_id=? AND status!=? "
                          "ORDER BY issued_at LIMIT 1", (booking_id, CANCELLED))
        return TicketRow(*rows[0]) if rows else None

    def tickets(self, day: str | None = None, status: str | None = None,
                kiosk_id: str | None = None) -> list[TicketRow]:
        where, args = [], []
        for column, value in (("day", day), ("status", status), ("kiosk_id", kiosk_id)):
            if value is not None:
                where.append(f"{column}=?")
                args.append(value)
        sql = f"SELECT {COLUMNS} FROM ticket"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [TicketRow(*r) for r in self.query(sql + " ORDER BY issued_at, grp, seq", args)]

    def history(self, ticket_id: str) -> list[tuple[str, str, str]]:
        return [tuple(r) for r in self.query(
            "SELECT at, status, detail FROM ticket_event WHERE ticket_id=? ORDER BY rowid",
            (ticket_id,))]

    def taken(self, day: str, service_id: str) -> int:
        return self.query("SELECT COUNT(*) FROM ticket WHERE day=? AND service_id=? AND status!=?",
                          (day, service_id, CANCELLED))[0][0]

    def group_state(self, day: str, grp: str) -> tuple[int, str | None]:
        """(held numbers so far today, first issue time) for a numbering group."""
        row = self.query("SELECT COUNT(*), MIN(issued_at) FROM ticket WHERE day=? AND grp=? "
                         "AND status!=?", (day, grp, CANCELLED))[0]
        return row[0], row[1]

    def note_reprint(self, ticket_id: str, detail: str = "reprint",
                     now: datetime | None = None) -> int:
        """Record a reprint (the status stays); returns how many reprints the ticket has had."""
        stamp = (now or utc_now()).isoformat(timespec="milliseconds")
        with self.transaction() as db:
            row = db.execute("SELECT status FROM ticket WHERE id=?", (ticket_id,)).fetchone()
            if row is None:
                raise StoreError(f"unknown ticket {ticket_id}")
            db.execute("INSERT INTO ticket_event (ticket_id, at, status, detail) VALUES (?,?,?,?)",
                       (ticket_id, stamp, "reprint", detail))
            return db.execute("SELECT COUNT(*) FROM ticket_event WHERE ticket_id=? AND "
                              "status='reprint'", (ticket_id,)).fetchone()[0]

    def add_booking(self, *, booking_id: str, day: str, code: str,
                    card_hash: str | None) -> bool:
        """Register a signed booking code; False when that booking was registered before."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO booking (booking_id, day, code, card_hash, added_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (booking_id, day, code, card_hash, utc_now().isoformat(timespec="seconds")))
            return cursor.rowcount == 1

    def booking_code(self, booking_id: str) -> str | None:
        rows = self.query("SELECT code FROM booking WHERE booking_id=?", (booking_id,))
        return rows[0][0] if rows else None

    def booking_codes_for_card(self, day: str, card_hash: str) -> list[str]:
        rows = self.query("SELECT code FROM booking WHERE day=? AND card_hash=? ORDER BY code",
                          (day, card_hash))
        return [row[0] for row in rows]

    def bookings_on(self, day: str) -> int:
        return self.query("SELECT COUNT(*) FROM booking WHERE day=?", (day,))[0][0]

    def reprints(self, ticket_id: str) -> int:
        return self.query("SELECT COUNT(*) FROM ticket_event WHERE ticket_id=? AND "
                          "status='reprint'", (ticket_id,))[0][0]

    # -- exit feedback ------------------------------------------------------------------
    def add_vote(self, vote: VoteRecord) -> bool:
        """False when this ticket has voted already (one vote per ticket)."""
        with self.transaction() as db:
            try:
                db.execute("INSERT INTO vote (id, at, day, hour, kiosk_id, agency_id, service_id,"
                           " ticket_id, face, reason) VALUES (?,?,?,?,?,?,?,?,?,?)",
                           (vote.id, vote.stamp.at.isoformat(), vote.stamp.day, vote.stamp.hour,
                            vote.kiosk_id, vote.agency_id, vote.service_id, vote.ticket_id,
                            vote.face, vote.reason))
            except sqlite3.IntegrityError:
                return False
        return True

    def set_vote_reason(self, vote_id: str, reason: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE vote SET reason=? WHERE id=?", (clean_reason(reason), vote_id))

    def set_vote_agency(self, vote_id: str, agency_id: str) -> None:
        """The agency of a vote given without a ticket (chosen after the tap); a ticket's
        vote keeps its ticket's agency."""
        with self.transaction() as db:
            db.execute("UPDATE vote SET agency_id=? WHERE id=? AND ticket_id IS NULL",
                       (agency_id, vote_id))

    def vote(self, vote_id: str) -> dict | None:
        rows = self.query("SELECT id, kiosk_id, face, ticket_id, agency_id, service_id, reason "
                          "FROM vote WHERE id=?", (vote_id,))
        return dict(zip(rows[0].keys(), rows[0])) if rows else None

    def ticket_feedback(self, ticket_id: str) -> tuple[bool, bool]:
        """(has voted, has answered the SKM) for one ticket."""
        row = self.query("SELECT EXISTS (SELECT 1 FROM vote WHERE ticket_id=?), "
                         "EXISTS (SELECT 1 FROM skm_response WHERE ticket_id=?)",
                         (ticket_id, ticket_id))[0]
        return bool(row[0]), bool(row[1])

    def suggestion_count(self, day_from: str, day_to: str) -> int:
        """SKM responses that left a suggestion or complaint staff have not yet marked
        handled (`kiosk report suggestions --handled ID`): what is left to follow up."""
        return self.query("SELECT COUNT(*) FROM skm_response WHERE day BETWEEN ? AND ? "
                          "AND suggestion IS NOT NULL AND suggestion != '' "
                          "AND handled_at IS NULL", (day_from, day_to))[0][0]

    def add_skm(self, response: SkmRecord) -> bool:
        """False when this ticket has answered the survey already."""
        profile, answers, stamp = response.profile, response.answers, response.stamp
        columns = ["id", "at", "day", "hour", "kiosk_id", "agency_id", "service_id", "ticket_id",
                   "gender", "age", "education", "occupation", "occupation_other", *UNSUR_COLUMNS,
                   "suggestion", "contact"]
        values = [response.id, stamp.at.isoformat(), stamp.day, stamp.hour, response.kiosk_id,
                  response.agency_id, response.service_id, response.ticket_id,
                  profile.get("gender"), profile.get("age"), profile.get("education"),
                  profile.get("occupation"), profile.get("occupation_other") or None,
                  *(answers.get(k) for k in UNSUR_COLUMNS),
                  response.suggestion or None, response.contact or None]
        with self.transaction() as db:
            try:
                db.execute(f"INSERT INTO skm_response ({', '.join(columns)}) "
                           f"VALUES ({', '.join('?' * len(columns))})", values)
            except sqlite3.IntegrityError:
                return False
        return True

    def suggestion_rows(self, day_from: str, day_to: str, *, agency_id: str | None = None,
                        service_id: str | None = None, open_only: bool = False) -> list:
        """SKM responses that left a suggestion or complaint, oldest first."""
        where, args = ["day BETWEEN ? AND ?", "suggestion IS NOT NULL", "suggestion != ''"], \
            [day_from, day_to]
        for column, value in (("agency_id", agency_id), ("service_id", service_id)):
            if value:
                where.append(f"{column}=?")
                args.append(value)
        if open_only:
            where.append("handled_at IS NULL")
        return self.query("SELECT id, at, kiosk_id, agency_id, service_id, suggestion, contact, "
                          f"handled_at FROM skm_response WHERE {' AND '.join(where)} "
                          "ORDER BY at, id", args)

    def suggestion_agency(self, response_id: str) -> tuple[bool, str | None]:
        """(the SKM response exists, the agency it was given for: None for none)."""
        rows = self.query("SELECT agency_id FROM skm_response WHERE id=?", (response_id,))
        return (True, rows[0][0]) if rows else (False, None)

    def mark_suggestion_handled(self, response_id: str, stamp: str) -> tuple[str | None, bool]:
        """(when it was marked, True if only now); (None, False) for no such suggestion."""
        with self.transaction() as db:
            row = db.execute("SELECT handled_at FROM skm_response WHERE id=? AND suggestion "
                             "IS NOT NULL AND suggestion != ''", (response_id,)).fetchone()
            if row is None:
                return None, False
            if row[0]:
                return row[0], False
            db.execute("UPDATE skm_response SET handled_at=? WHERE id=?", (stamp, response_id))
            return stamp, True

    def reason_totals(self, day_from: str, day_to: str) -> list:
        """(agency, hour, reason, 1 if face <= 2 else 0, votes) for votes with a reason."""
        return self.query(
            "SELECT agency_id, hour, reason, CASE WHEN face <= 2 THEN 1 ELSE 0 END, COUNT(*) "
            "FROM vote WHERE day BETWEEN ? AND ? AND reason IS NOT NULL AND reason != '' "
            "GROUP BY 1, 2, 3, 4", (day_from, day_to))

    def held_per_day_and_service(self, day_from: str, day_to: str) -> list:
        """(day, service, held tickets): grouped so SQLite answers from its index alone."""
        return self.query("SELECT day, service_id, COUNT(*) FROM ticket WHERE day BETWEEN ? "
                          "AND ? AND status != ? GROUP BY day, service_id",
                          (day_from, day_to, CANCELLED))

    def agencies_of_services(self, service_ids: list[str]) -> list:
        """(service, agency) as the tickets recorded it (services gone from the catalog)."""
        marks = ", ".join("?" * len(service_ids))
        return self.query(f"SELECT service_id, MIN(agency_id) FROM ticket WHERE service_id IN "
                          f"({marks}) GROUP BY service_id", service_ids)

    def skm_totals(self, day_from: str, day_to: str, agency_id: str | None = None,
                   service_id: str | None = None, by: tuple[str, ...] = ()) -> list[dict]:
        """SUM and COUNT per unsur (and respondents) for each group of `by` columns."""
        for column in by:
            if column not in ("agency_id", "service_id", "day", "hour"):
                raise StoreError(f"cannot group SKM answers by {column!r}")
        where, args = ["day BETWEEN ? AND ?"], [day_from, day_to]
        for column, value in (("agency_id", agency_id), ("service_id", service_id)):
            if value:
                where.append(f"{column}=?")
                args.append(value)
        select = [*by, "COUNT(*)"]
        for key in UNSUR_COLUMNS:
            select += [f"SUM({key})", f"COUNT({key})"]
        sql = f"SELECT {', '.join(select)} FROM skm_response WHERE {' AND '.join(where)}"
        if by:
            sql += f" GROUP BY {', '.join(by)} ORDER BY {', '.join(by)}"
        out = []
        for row in self.query(sql, args):
            row = list(row)
            group = dict(zip(by, row[:len(by)]))
            rest = row[len(by):]
            if not rest[0]:
                continue
            sums = {k: rest[1 + 2 * i] or 0 for i, k in enumerate(UNSUR_COLUMNS)}
            counts = {k: rest[2 + 2 * i] for i, k in enumerate(UNSUR_COLUMNS)}
            out.append({**group, "respondents": rest[0], "sums": sums, "counts": counts})
        return out

    def vote_rows(self, day_from: str, day_to: str) -> list[sqlite3.Row]:
        return self.query("SELECT agency_id, service_id, day, hour, face, COUNT(*) AS n FROM vote "
                          "WHERE day BETWEEN ? AND ? GROUP BY agency_id, service_id, day, hour, "
                          "face", (day_from, day_to))

    def vote_face_totals(self, day_from: str, day_to: str) -> list[dict]:
        """{agency_id, face, n}: votes per agency and face (a month folds in SQL)."""
        return [{"agency_id": a, "face": f, "n": n} for a, f, n in self.query(
            "SELECT agency_id, face, COUNT(*) FROM vote WHERE day BETWEEN ? AND ? "
            "GROUP BY agency_id, face", (day_from, day_to))]

    def demand_rows(self, day_from: str, day_to: str) -> list[sqlite3.Row]:
        """Held tickets per agency, service, day and local hour (hour stored at issue)."""
        return self.query("SELECT agency_id, service_id, day, issued_at, status FROM ticket "
                          "WHERE day BETWEEN ? AND ? AND status != ?", (day_from, day_to, CANCELLED))

    # -- the counter side (kiosk.counters) --------------------------------------------------
    def waiting_tickets(self, day: str, agency_id: str | None = None,
                        printing: bool = False) -> list:
        """The day's tickets waiting in a queue (issued, not printed, transferred; with
        `printing`, those being printed too: estimates count them), as
        kiosk.counters.calling.WaitingTicket, in the queue each waits in now."""
        from kiosk.counters.calling import WaitingTicket
        from kiosk.counters.life import WAITING
        statuses = (*WAITING, PRINTING) if printing else WAITING
        sql = (f"SELECT id, number, {QUEUE_GRP}, {QUEUE_SERVICE}, {QUEUE_AGENCY}, priority, "
               "booking_id, issued_at, queued_at, front FROM ticket WHERE day=? AND status IN "
               f"({', '.join('?' * len(statuses))})")
        args = [day, *statuses]
        if agency_id is not None:
            sql += f" AND {QUEUE_AGENCY}=?"
            args.append(agency_id)
        out = []
        for r in self.query(sql, args):
            key = tuple(r)
            ticket = _WAITING.get(key)
            if ticket is None:          # built once: the counters read the queue on every call
                if len(_WAITING) > 50_000:
                    _WAITING.clear()
                ticket = _WAITING[key] = WaitingTicket(
                    id=r[0], number=r[1], group=r[2], service_id=r[3], agency_id=r[4],
                    priority=r[5], booked=bool(r[6]), issued_at=datetime.fromisoformat(r[7]),
                    queued_at=datetime.fromisoformat(r[8]) if r[8] else None, front=bool(r[9]))
            out.append(ticket)
        return out

    def ticket_times(self, day: str) -> list:
        """The day's called tickets as kiosk.counters.times.TicketTimes (measured waits and
        service times; a transferred ticket counts in the queue it joined last)."""
        from kiosk.counters.life import NO_SHOW
        from kiosk.counters.times import TicketTimes
        # The counter that served it: the one holding it now, else the last one that acted
        # on it (a finished ticket is held by none).
        rows = self.query(f"SELECT {QUEUE_AGENCY}, {QUEUE_SERVICE}, COALESCE(queued_at, "
                          "issued_at), called_at, finished_at, COALESCE(counter_id, (SELECT "
                          "e.counter_id FROM ticket_event e WHERE e.ticket_id = ticket.id AND "
                          "e.counter_id IS NOT NULL ORDER BY e.at DESC LIMIT 1)), status "
                          "FROM ticket WHERE day=? AND called_at IS NOT NULL", (day,))
        return [TicketTimes(agency_id=r[0], service_id=r[1],
                            issued_at=datetime.fromisoformat(r[2]),
                            called_at=datetime.fromisoformat(r[3]),
                            finished_at=datetime.fromisoformat(r[4]) if r[4] else None,
                            counter_id=r[5], no_show=r[6] == NO_SHOW) for r in rows]

    def counts(self, day: str) -> dict[str, dict[str, int]]:
        """agency_id -> {status: count} for one day."""
        out: dict[str, dict[str, int]] = {}
        for agency, status, n in self.query(
                "SELECT agency_id, status, COUNT(*) FROM ticket WHERE day=? "
                "GROUP BY agency_id, status", (day,)):
            out.setdefault(agency, {})[status] = n
        return out

    # -- operations (kiosk.ops: marker, backup, retention) --------------------------------
    def watch_numbers(self, note: Callable[[str, str, int], None]) -> None:
        """Call note(day, grp, number) for every ticket row written and every sequence
        bump (a block reserved on the hub), inside its transaction (so a failing note rolls
        it back). TEMP triggers: this connection only, nothing added to the file's schema."""
        with self._lock:
            self._db.create_function("anjungan_number", 3, note)
            for name, event, table, number in (
                    ("anjungan_ticket", "INSERT", "ticket", "seq"),
                    ("anjungan_seq_new", "INSERT", "sequence", "last"),
                    ("anjungan_seq_bump", "UPDATE", "sequence", "last")):
                self._db.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {event} ON "
                                 f"{table} BEGIN SELECT anjungan_number(NEW.day, NEW.grp, "
                                 f"NEW.{number}); END")

    def last_numbers(self, since_day: str | None = None) -> dict[str, dict[str, int]]:
        """day -> group -> the highest number handed out or counted on, from `since_day`
        (default: the store's newest day and the one before)."""
        out: dict[str, dict[str, int]] = {}
        if since_day is None:
            newest = self.query("SELECT MAX(d) FROM (SELECT MAX(day) AS d FROM ticket "
                                "UNION ALL SELECT MAX(day) FROM sequence)")[0][0]
            if newest is None:
                return out
            since_day = (date.fromisoformat(newest) - timedelta(days=1)).isoformat()
        sql = ("SELECT day, grp, MAX(seq) FROM ticket WHERE day >= ? GROUP BY day, grp "
               "UNION ALL SELECT day, grp, last FROM sequence WHERE day >= ?")
        for day, grp, last in self.query(sql, (since_day, since_day)):
            out.setdefault(day, {})[grp] = max(out.get(day, {}).get(grp, 0), last)
        return out

    def continue_numbers(self, day: str, lasts: dict[str, int]) -> dict[str, tuple[int, int]]:
        """Raise a day's sequences past numbers recorded elsewhere (the marker), and mark
        reserved offline numbers up to them used: numbering continues, never repeats.
        Returns group -> (was, now) for the groups raised."""
        raised = {}
        with self.transaction() as db:
            for grp, last in lasts.items():
                row = db.execute("SELECT last FROM sequence WHERE day=? AND grp=?",
                                 (day, grp)).fetchone()
                was = row[0] if row else 0
                if last > was:
                    db.execute("INSERT INTO sequence (day, grp, last) VALUES (?, ?, ?) ON "
                               "CONFLICT (day, grp) DO UPDATE SET last = excluded.last",
                               (day, grp, last))
                    raised[grp] = (was, last)
                if db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND "
                              "name='hub_offline_block'").fetchone():
                    db.execute("UPDATE hub_offline_block SET next = MIN(last + 1, ?) WHERE "
                               "day=? AND grp=? AND first <= ? AND next <= ?",
                               (last + 1, day, grp, last, last))
        return raised

    def row_counts(self) -> dict[str, int]:
        """Rows per table (a backup is checked against them)."""
        tables = [r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type='table' "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: self.query(f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in tables}

    def purge_expired(self, first_kept: dict[str, str], dry_run: bool = False) -> dict[str, int]:
        """Delete or clear records older than their kind's first kept local day
        (kiosk.ops.retention names the kinds); returns how many records each kind touched
        (or would, with dry_run). Plain SQL: the hub's PostgreSQL store runs it too."""
        counts = {}
        with self.transaction() as db:
            for kind, (where, actions) in PURGE.items():
                if kind not in first_kept or (kind == "outbox" and not _has_table(db, "hub_outbox")):
                    continue
                day = first_kept[kind]
                table, _, condition = where.partition(" WHERE ")
                counts[kind] = db.execute(f"SELECT COUNT(*) FROM {table} WHERE {condition}",
                                          (day,)).fetchone()[0]
                if not dry_run and counts[kind]:
                    for action in actions:
                        db.execute(action, (day,) * action.count("?"))
        if not dry_run and getattr(self, "dialect", "sqlite") == "sqlite" and any(counts.values()):
            with self._lock:        # the old page images leave the write-ahead log now
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return counts

    def integrity(self) -> str:
        """'ok', or what PRAGMA integrity_check found."""
        return "; ".join(r[0] for r in self.query("PRAGMA integrity_check")) or "ok"


# Retention (kiosk.ops.retention): kind -> ("table WHERE condition on ?", statements).
# Text is cleared, not the row, where the row's scores still count (SKM answers).
PURGE = {
    "card_hashes": ("booking WHERE day < ? AND card_hash IS NOT NULL",
                    ["UPDATE booking SET card_hash=NULL WHERE day < ?"]),
    "bookings": ("booking WHERE day < ?",
                 ["DELETE FROM booking WHERE day < ?",
                  "UPDATE ticket SET booking_id=NULL WHERE day < ? AND booking_id IS NOT NULL"]),
    "contacts": ("skm_response WHERE day < ? AND (contact IS NOT NULL OR occupation_other IS "
                 "NOT NULL)", ["UPDATE skm_response SET contact=NULL, occupation_other=NULL "
                               "WHERE day < ?"]),
    "suggestions": ("skm_response WHERE day < ? AND suggestion IS NOT NULL",
                    ["UPDATE skm_response SET suggestion=NULL WHERE day < ?"]),
    "skm_answers": ("skm_response WHERE day < ?", ["DELETE FROM skm_response WHERE day < ?"]),
    "votes": ("vote WHERE day < ?", ["DELETE FROM vote WHERE day < ?"]),
    "tickets": ("ticket WHERE day < ?",
                ["DELETE FROM ticket_event WHERE ticket_id IN (SELECT id FROM ticket WHERE "
                 "day < ?)", "DELETE FROM ticket WHERE day < ?",
                 "DELETE FROM sequence WHERE day < ?"]),
    # Pushes the hub has answered keep copies of votes and SKM text (kiosk with a hub).
    "outbox": ("hub_outbox WHERE created_at < ? AND state != 'pending'",
               ["DELETE FROM hub_outbox WHERE created_at < ? AND state != 'pending'"]),
}


class _Transaction:
    """`with store.transaction() as db:` — BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error."""

    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        self.store._lock.acquire()
        try:
            self.store._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.store._lock.release()
            raise
        return self.store._db

    def __exit__(self, kind, value, tb) -> None:
        try:
            self.store._db.execute("ROLLBACK" if kind else "COMMIT")
        finally:
            self.store._lock.release()


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
