"""The open files of a run: each table in each format asked for, and what they became.

``--to csv`` (the default, with ``jsonl``), ``--to jsonl`` and ``--to parquet`` each write every
table in that format; the findings are also written as one JSON array (``findings.json``). A
text file is appended to as bytes (rows serialised by the workers or by ``records``) and hashed
as it is written; a Parquet file is not hashed (the descriptor gives it no hash). ``close``
returns the descriptor entries of every file for ``datapackage.json``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import records
from .columnar import ObservationsParquet, ParquetTable
from .package import resource
from .tables import FINDINGS, OBSERVATIONS, Table

if TYPE_CHECKING:
    from .worker import Outcome

FORMATS = ("csv", "jsonl", "parquet")


class HashingWriter:
    """A binary file that knows its size and sha256 when closed (for datapackage.json)."""

    def __init__(self, path: Path) -> None:
        self.handle: IO[bytes] = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        self.handle.write(data)

    def close(self) -> tuple[int, str]:
        """Flush to disk (the folder is renamed into place next: it must be complete) and close."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        return self.size, self.digest.hexdigest()

    def abort(self) -> None:
        self.handle.close()


class _TextTable:
    """A table as CSV (with header), JSON Lines, or a JSON array."""

    def __init__(self, folder: Path, table: Table, fmt: str) -> None:
        self.table, self.fmt = table, fmt
        self.path = f"{table.name}.{fmt}"
        self.writer = HashingWriter(folder / self.path)
        self.rows = 0
        if fmt == "csv":
            self.writer.write(records.header_csv(table))
        if fmt == "json":
            self.writer.write(b"[")

    def add(self, row: dict[str, Any]) -> None:
        if self.fmt == "csv":
            self.writer.write(records.csv_row(self.table, row))
        elif self.fmt == "jsonl":
            self.writer.write(records.jsonl_row(self.table, row))
        else:
            self.writer.write((b"\n" if not self.rows else b",\n") + records.jsonl_row(self.table, row)[:-1])
        self.rows += 1

    def add_bytes(self, data: bytes, rows: int) -> None:
        self.writer.write(data)
        self.rows += rows

    def close(self) -> dict[str, Any]:
        if self.fmt == "json":
            self.writer.write(b"]\n" if not self.rows else b"\n]\n")
        size, digest = self.writer.close()
        return resource(self.table, self.fmt, self.path, size, digest, self.rows)

    def abort(self) -> None:
        self.writer.abort()


class _ParquetFile:
    def __init__(self, folder: Path, table: Table) -> None:
        self.table, self.path = table, f"{table.name}.parquet"
        self.writer: Any = (ObservationsParquet(folder / self.path) if table is OBSERVATIONS
                            else ParquetTable(folder / self.path, table))
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        self.writer.add(row)
        self.rows += 1

    def close(self) -> dict[str, Any]:
        self.writer.close()
        return resource(self.table, "parquet", self.path, None, None, self.rows)

    def abort(self) -> None:
        self.writer.abort()


class TableFiles:
    """Every file of a run, by table name."""

    def __init__(self, folder: Path, tables: tuple[Table, ...], formats: tuple[str, ...]) -> None:
        self.folder, self.formats = folder, formats
        self.tables = {t.name: t for t in tables}
        self.files: dict[str, list[Any]] = {}
        try:
            for table in tables:
                self.files[table.name] = [
                    _ParquetFile(folder, table) if fmt == "parquet" else _TextTable(folder, table, fmt)
                    for fmt in formats
                ]
            self.files[FINDINGS.name].append(_TextTable(folder, FINDINGS, "json"))
        except BaseException:
            self.abort()
            raise

    def add(self, table: str, row: dict[str, Any]) -> None:
        for f in self.files[table]:
            f.add(row)

    def add_outcome(self, o: Outcome) -> None:
        """A report's observations and narratives: text rows as the worker serialised them."""
        for f in self.files[OBSERVATIONS.name]:
            if f.path.endswith(".parquet"):
                f.writer.add(o)
                f.rows += len(o.values)
            else:
                f.add_bytes(o.rows.get(f.path, b""), len(o.values))
        for f in self.files["narratives"]:
            if f.path.endswith(".parquet"):
                for row in records.narrative_rows(o):
                    f.add(row)
            else:
                f.add_bytes(o.rows.get(f.path, b""), len(o.narratives))

    def close(self) -> list[dict[str, Any]]:
        """Close every file; their descriptor entries, table by table, in format order."""
        out = []
        for files in self.files.values():
            for f in files:
                out.append(f.close())
        return out

    def abort(self) -> None:
        for files in self.files.values():
            for f in files:
                with contextlib.suppress(Exception):
                    f.abort()

    def table_of(self, resource_name: str) -> Table:
        return self.tables[resource_name.split("-", 1)[0]]
