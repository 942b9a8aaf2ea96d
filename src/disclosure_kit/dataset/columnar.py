"""Parquet files of a dataset (``--to parquet``), written with pyarrow in bounded row groups.

Observations are stored as a portal wants them: ids as dictionary-encoded columns (an id is a
small integer into a dictionary of a few hundred strings), the value as a double (open data
refuses integers it could not carry exactly, see ``opendata.safety``), the status as a dictionary
of four words; the labels are in the dimension tables. Rows are buffered as compact arrays
(``array`` of small integers, one list of values) and flushed as a row group every
``ROWS_PER_GROUP`` rows, so memory stays flat however many reports there are, and the work per
report in the main process is a few list extensions.
"""

from __future__ import annotations

from array import array
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ..fileio.atomic import sync_file
from ..model.editions import EDITIONS
from ..opendata.cells import STATUSES, cell_infos
from ..opendata.safety import dumps
from .dims import id_dictionaries
from .tables import OBSERVATIONS, Table

if TYPE_CHECKING:
    import pyarrow as pa

    from .worker import Outcome

ROWS_PER_GROUP = 1 << 16
ROWS_PER_BATCH = 5_000  # other tables: rows buffered as dicts before a batch is written


def _arrow_type(column_type: str) -> pa.DataType:
    import pyarrow as pa

    return {"integer": pa.int64(), "number": pa.float64()}.get(column_type, pa.string())


def nullable_integers(schema: pa.Schema) -> pa.Schema:
    """Tell pandas (and Frictionless, which reads Parquet through pandas) that an integer column
    with empty cells is ``Int64``: by default pandas turns it into floats (2023 -> 2023.0, NaN),
    which is a wrong type for a year or a line number. Only the columns concerned are listed, as
    the pandas metadata format allows."""
    import pyarrow as pa

    columns = [{"name": f.name, "field_name": f.name, "pandas_type": "int64", "numpy_type": "Int64", "metadata": None}
               for f in schema if pa.types.is_integer(f.type) and f.nullable]
    if not columns:
        return schema
    meta = {"index_columns": [], "column_indexes": [], "columns": columns}
    return schema.with_metadata({b"pandas": orjson.dumps(meta)})


def _writer(path: Path, schema: pa.Schema, statistics: bool | list[str] = True) -> Any:
    import pyarrow.parquet as pq

    return pq.ParquetWriter(str(path), schema, compression="zstd", use_dictionary=True, write_statistics=statistics)


class _Parquet:
    """A Parquet file being written: closed, or abandoned. It is not hashed: the descriptor gives
    no size or hash for a file Frictionless reads through a parser (``package.resource``)."""

    path: Path
    writer: Any

    def flush(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Write what is buffered, close, and flush to disk: the folder is renamed into place next and
        must be complete, as the text files are (``HashingWriter.close``)."""
        self.flush()
        self.writer.close()
        sync_file(self.path)

    def abort(self) -> None:
        self.writer.close()


class ParquetTable(_Parquet):
    """Any table of ``tables`` as Parquet, from row dicts (``object`` columns as JSON text)."""

    def __init__(self, path: Path, table: Table) -> None:
        import pyarrow as pa

        self.path, self.table = path, table
        self.schema = nullable_integers(pa.schema([pa.field(c.name, _arrow_type(c.type), nullable=not c.required)
                                                   for c in table.columns]))
        self.objects = [c.name for c in table.columns if c.type == "object"]
        self.rows: list[dict[str, Any]] = []
        self.writer = _writer(path, self.schema)

    def add(self, row: dict[str, Any]) -> None:
        if self.objects:
            row = {**row, **{k: None if row.get(k) is None else dumps(row[k]).decode("utf-8") for k in self.objects}}
        self.rows.append(row)
        if len(self.rows) >= ROWS_PER_BATCH:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []


SUBSET_CACHE = 4096  # distinct sets of present cells remembered (a few KB each)


@cache
def _edition_indices(edition_id: str, version: str | None) -> tuple[array, array, array, list[str | None]]:
    """Per cell of a version of an edition: its table, row and column id as indices into the dictionaries."""
    ids = id_dictionaries()
    where = {name: {v: i for i, v in enumerate(values)} for name, values in ids.items()}
    infos = cell_infos(edition_id, version)
    return (array("h", [where["table_id"][i.table_id] for i in infos]),
            array("h", [where["row_id"][i.row_id] for i in infos]),
            array("h", [where["column_id"][i.column_id] for i in infos]),
            [i.unit for i in infos])


class ObservationsParquet(_Parquet):
    """``observations.parquet``: one row per report and cell present, dictionary-encoded ids."""

    def __init__(self, path: Path) -> None:
        import pyarrow as pa

        self.path = path
        small = pa.dictionary(pa.int8(), pa.string())
        wide = pa.dictionary(pa.int16(), pa.string())
        types = {"report_id": pa.int32(), "edition": small, "table_id": wide, "row_id": wide, "column_id": wide,
                 "value": pa.float64(), "unit": small, "status": small}
        self.schema = pa.schema([pa.field(c.name, types[c.name], nullable=not c.required)
                                 for c in OBSERVATIONS.columns])
        ids = id_dictionaries()
        self.dicts = {"edition": pa.array(EDITIONS), "table_id": pa.array(ids["table_id"]),
                      "row_id": pa.array(ids["row_id"]), "column_id": pa.array(ids["column_id"]),
                      "status": pa.array(STATUSES)}
        # statistics of report_id only: they let a reader skip row groups by report; on the id
        # columns they cost half the writing time and skip nothing (every group holds every id)
        self.writer = _writer(path, self.schema, ["report_id"])
        self._subsets: dict[tuple[Any, ...], tuple[array, array, array, list]] = {}
        self._reset()

    def _reset(self) -> None:
        self.report_id = array("i")
        self.edition = array("b")
        self.table_id, self.row_id, self.column_id = array("h"), array("h"), array("h")
        self.values: list[Any] = []
        self.units: list[str | None] = []
        self.status = bytearray()

    def add(self, o: Outcome) -> None:
        if o.edition is None or not o.values:
            return
        t, r, c, units = _edition_indices(o.edition, o.schema_version)
        n = len(o.values)
        self.report_id.extend(array("i", [o.report_id]) * n)
        self.edition.extend(array("b", [EDITIONS.index(o.edition)]) * n)
        if o.positions is not None:
            t, r, c, units = self._subset(o.edition, o.schema_version, o.positions)
        self.table_id.extend(t)
        self.row_id.extend(r)
        self.column_id.extend(c)
        self.units.extend(o.units if o.units is not None else units)
        self.values.extend(o.values)
        self.status.extend(o.statuses)
        if len(self.values) >= ROWS_PER_GROUP:
            self.flush()

    def _subset(self, edition: str, version: str | None, positions: list[int]) -> tuple[array, array, array, list]:
        """The ids of the cells a report holds. Reports of one agency type lack the same cells (the
        optional fee fields, say), so the subsets repeat: each is built once and copied as a block."""
        key = (edition, version, tuple(positions))
        found = self._subsets.get(key)
        if found is None:
            t, r, c, units = _edition_indices(edition, version)
            found = (array("h", [t[i] for i in positions]), array("h", [r[i] for i in positions]),
                     array("h", [c[i] for i in positions]), [units[i] for i in positions])
            if len(self._subsets) < SUBSET_CACHE:
                self._subsets[key] = found
        return found

    def _dict(self, name: str, indices: Any, kind: pa.DataType) -> pa.Array:
        import pyarrow as pa

        raw = pa.Array.from_buffers(kind, len(indices), [None, pa.py_buffer(indices)])
        return pa.DictionaryArray.from_arrays(raw, self.dicts[name])

    def flush(self) -> None:
        import pyarrow as pa

        if not self.values:
            return
        columns = {
            "report_id": pa.Array.from_buffers(pa.int32(), len(self.report_id), [None, pa.py_buffer(self.report_id)]),
            "edition": self._dict("edition", self.edition, pa.int8()),
            "table_id": self._dict("table_id", self.table_id, pa.int16()),
            "row_id": self._dict("row_id", self.row_id, pa.int16()),
            "column_id": self._dict("column_id", self.column_id, pa.int16()),
            "value": pa.array(self.values, pa.float64()),
            "unit": pa.array(self.units, pa.string()).dictionary_encode().cast(pa.dictionary(pa.int8(), pa.string())),
            "status": self._dict("status", self.status, pa.int8()),
        }
        self.writer.write_table(pa.table([columns[f.name] for f in self.schema], schema=self.schema))
        self._reset()
