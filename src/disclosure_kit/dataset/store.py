"""The small per-report state of a run, kept on disk (SQLite) so memory stays flat.

One row per report: its identity (id, file, agency, year, edition), its metadata, its counts, and
the handful of cell values the cross-year rules need. Cross-report findings are counted in a
second table. ``reports`` and the summary page are then streamed out of it in file order;
nothing grows in memory with the number of reports. The database lives in the run's temporary
directory and is deleted before the output is published.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..opendata.report import all_meta_fields
from ..opendata.safety import dumps
from .worker import Outcome

_SCHEMA = """
CREATE TABLE reports (
  seq INTEGER PRIMARY KEY, file TEXT, sha256 TEXT, bytes INTEGER, agency TEXT, agency_key TEXT, year INTEGER,
  edition TEXT, schema_version TEXT, meta BLOB, errors INTEGER, warnings INTEGER, identity_errors INTEGER,
  absent INTEGER, state BLOB
);
CREATE TABLE cross (seq INTEGER, severity TEXT);
"""


@dataclass(frozen=True)
class Placed:
    """A report as the cross-report checks see it."""

    seq: int
    file: str
    agency: str | None
    agency_key: str
    year: int
    edition: str | None
    state: dict[str, Any] | None


class Store:
    """SQLite file holding what the cross-report checks and the summary need."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA cache_size=-2000")  # 2 MB, whatever the run's size
        self.db.executescript(_SCHEMA)
        self.db.execute("BEGIN")

    def add(self, o: Outcome) -> None:
        state = orjson.dumps(o.state) if o.state is not None else None
        year = o.year if isinstance(o.year, int) and not isinstance(o.year, bool) else None
        self.db.execute(
            "INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (o.report_id, o.file, o.sha256, o.size, o.agency, o.agency_key, year, o.edition, o.schema_version,
             dumps(o.meta), o.errors, o.warnings, o.identity_errors, o.absent if o.edition else None, state),
        )

    def finish_loading(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("CREATE INDEX by_agency ON reports (agency_key, year, seq)")
        self.db.execute("BEGIN")

    def by_agency(self) -> Iterator[Placed]:
        """Every report with an agency and a year, grouped by agency, then by year, then file order."""
        cur = self.db.cursor()
        cur.execute(
            "SELECT seq, file, agency, agency_key, year, edition, state FROM reports "
            "WHERE agency_key IS NOT NULL AND year IS NOT NULL ORDER BY agency_key, year, seq"
        )
        for seq, file, agency, key, year, edition, state in cur:
            yield Placed(seq, file, agency, key, year, edition, orjson.loads(state) if state is not None else None)

    def add_cross(self, seq: int, severity: str) -> None:
        self.db.execute("INSERT INTO cross VALUES (?, ?)", (seq, severity))

    def finish_cross(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("CREATE INDEX cross_seq ON cross (seq)")
        self.db.execute("BEGIN")

    def reports(self) -> Iterator[dict[str, Any]]:
        """Every report in file order: the rows of the ``reports`` table."""
        fields = [f.key for f in all_meta_fields()]
        cur = self.db.cursor()
        cur.execute(
            "SELECT r.seq, r.file, r.sha256, r.bytes, r.edition, r.schema_version, r.meta, "
            "r.errors, r.warnings, r.identity_errors, r.absent, "
            "(SELECT count(*) FROM cross c WHERE c.seq = r.seq AND c.severity = 'error'), "
            "(SELECT count(*) FROM cross c WHERE c.seq = r.seq AND c.severity != 'error') "
            "FROM reports r ORDER BY r.seq"
        )
        for row in cur:
            (seq, file, sha, size, edition, version, meta, errors, warnings, ident, absent, xerr, xwarn) = row
            errors += xerr
            warnings += xwarn
            values = orjson.loads(meta) if meta else {}
            yield {
                "report_id": seq, "file": file, "sha256": sha, "bytes": size, "edition": edition,
                "schema_version": version, **{k: values.get(k) for k in fields},
                "status": "unreadable" if edition is None else ("invalid" if errors else "valid"),
                "errors": errors, "warnings": warnings, "identity_errors": ident,
                "cross_report_findings": xerr + xwarn, "absent_cells": absent,
            }

    def counts(self) -> dict[str, Any]:
        """Small aggregates for the summary page (per edition and year)."""
        per = self.db.execute(
            "SELECT coalesce(edition, ''), coalesce(year, -1), count(*) FROM reports "
            "GROUP BY 1, 2 ORDER BY 2, 1"
        ).fetchall()
        broken = self.db.execute("SELECT count(*) FROM reports WHERE identity_errors > 0").fetchone()[0]
        return {"per_edition_year": per, "identity_broken": broken}

    def close(self) -> None:
        with contextlib.suppress(sqlite3.OperationalError):  # no transaction open
            self.db.execute("COMMIT")
        self.db.close()
