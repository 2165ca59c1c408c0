"""Daily totals the dashboard reads instead of a month of rows (hub migration 9): SKM
answers per (day, agency, service) with each unsur's sum and count, face votes per (day,
agency, face), and votes with a reason per (day, agency, hour, reason, low face).

A busy MPP writes a million SKM answers a month; summing them afresh made the IKM page
take seconds, and the first one after a restart even longer. Triggers keep these tables in
step with every insert, change and delete of an answer or a vote (a late push from a
kiosk's outbox, a reason added after the face, a retention purge) in the same transaction,
so the totals are never stale and nothing needs warming after a restart. SQLite and
PostgreSQL get the same tables and the same upsert; only the trigger wrapping differs.
A NULL agency or service is kept as '' (a key column cannot hold NULL) and read back as None.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.store import UNSUR_COLUMNS


INTEGER_KEYS = ("hour", "face", "low")


@dataclass(frozen=True)
class Summary:
    table: str
    source: str
    keys: tuple[tuple[str, str], ...]       # (column, expression over the row "{r}")
    measures: tuple[tuple[str, str], ...]   # summed
    when: str = "true"                      # which rows count

    def _exprs(self, pairs, row: str) -> list[str]:
        return [expr.format(r=row) for _, expr in pairs]

    def create_sql(self) -> str:
        keys = ", ".join(f"{name} {'INTEGER' if name in INTEGER_KEYS else 'TEXT'} NOT NULL"
                         for name, _ in self.keys)
        measures = ", ".join(f"{name} INTEGER NOT NULL" for name, _ in self.measures)
        names = ", ".join(name for name, _ in self.keys)
        return f"CREATE TABLE {self.table} ({keys}, {measures}, PRIMARY KEY ({names}))"

    def columns(self) -> str:
        return ", ".join(name for name, _ in (*self.keys, *self.measures))

    def backfill_sql(self) -> str:
        keys = self._exprs(self.keys, self.source)
        sums = [f"SUM({e})" for e in self._exprs(self.measures, self.source)]
        return (f"INSERT INTO {self.table} ({self.columns()}) SELECT {', '.join(keys + sums)} "
                f"FROM {self.source} WHERE {self.when.format(r=self.source)} "
                f"GROUP BY {', '.join(keys)}")

    def change_sql(self, row: str, sign: int) -> str:
        """Add (sign 1) or take away (sign -1) one row of the source: an upsert."""
        keys = self._exprs(self.keys, row)
        measures = [f"{sign} * ({e})" for e in self._exprs(self.measures, row)]
        update = ", ".join(f"{name} = {self.table}.{name} + excluded.{name}"
                           for name, _ in self.measures)
        return (f"INSERT INTO {self.table} ({self.columns()}) SELECT {', '.join(keys + measures)} "
                f"WHERE {self.when.format(r=row)} "
                f"ON CONFLICT ({', '.join(n for n, _ in self.keys)}) DO UPDATE SET {update}")

    def watched(self) -> str:
        """The source columns an update must be counted again for."""
        used = {word for _, expr in (*self.keys, *self.measures, ("", self.when))
                for word in expr.replace("(", " ").replace(")", " ").replace(",", " ").split()
                if word.startswith("{r}.")}
        return ", ".join(sorted(word[4:] for word in used))


def _unsur(key: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return ((f"s_{key}", f"COALESCE({{r}}.{key}, 0)"),
            (f"c_{key}", f"CASE WHEN {{r}}.{key} IS NULL THEN 0 ELSE 1 END"))


AGENCY = ("agency_id", "COALESCE({r}.agency_id, '')")
SKM = Summary("hub_skm_daily", "skm_response",
              keys=(("day", "{r}.day"), AGENCY, ("service_id", "COALESCE({r}.service_id, '')")),
              measures=(("respondents", "1"), *(m for k in UNSUR_COLUMNS for m in _unsur(k))))
VOTE_FACE = Summary("hub_vote_face", "vote", keys=(("day", "{r}.day"), AGENCY, ("face", "{r}.face")),
                    measures=(("n", "1"),))
VOTE_REASON = Summary("hub_vote_reason", "vote",
                      keys=(("day", "{r}.day"), AGENCY, ("hour", "{r}.hour"),
                            ("reason", "{r}.reason"),
                            ("low", "CASE WHEN {r}.face <= 2 THEN 1 ELSE 0 END")),
                      measures=(("n", "1"),),
                      when="{r}.reason IS NOT NULL AND {r}.reason != ''")
SUMMARIES = (SKM, VOTE_FACE, VOTE_REASON)


def create(db) -> None:
    """Hub migration 9: the tables, filled from what the store holds, and their triggers."""
    postgres = hasattr(db, "conn")       # kiosk.hub.pgstore's connection wrapper
    for summary in SUMMARIES:
        db.execute(summary.create_sql())
        db.execute(summary.backfill_sql())
        if postgres:
            for sql in _postgres_trigger(summary):
                db.conn.execute(sql)
        else:
            for sql in _sqlite_triggers(summary):
                db.execute(sql)


def drop(db) -> None:
    """Undo create() (a test or benchmark rebuilding a store of schema 8)."""
    for summary in SUMMARIES:
        if hasattr(db, "conn"):
            db.conn.execute(f"DROP FUNCTION {summary.table}_change() CASCADE")
        else:
            for trigger in ("insert", "delete", "update"):
                db.execute(f"DROP TRIGGER {summary.table}_{trigger}")
        db.execute(f"DROP TABLE {summary.table}")


def _sqlite_triggers(s: Summary) -> list[str]:
    name = s.table
    return [f"CREATE TRIGGER {name}_insert AFTER INSERT ON {s.source} BEGIN "
            f"{s.change_sql('NEW', 1)}; END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {s.source} BEGIN "
            f"{s.change_sql('OLD', -1)}; END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {s.watched()} ON {s.source} BEGIN "
            f"{s.change_sql('OLD', -1)}; {s.change_sql('NEW', 1)}; END"]


def _postgres_trigger(s: Summary) -> list[str]:
    name = s.table
    return [f"CREATE FUNCTION {name}_change() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
            f"BEGIN\n"
            f"  IF TG_OP IN ('DELETE', 'UPDATE') THEN {s.change_sql('OLD', -1)}; END IF;\n"
            f"  IF TG_OP IN ('INSERT', 'UPDATE') THEN {s.change_sql('NEW', 1)}; END IF;\n"
            f"  RETURN NULL;\n"
            f"END\n$fn$",
            f"CREATE TRIGGER {name}_change AFTER INSERT OR DELETE OR UPDATE OF {s.watched()} "
            f"ON {s.source} FOR EACH ROW EXECUTE FUNCTION {name}_change()"]
