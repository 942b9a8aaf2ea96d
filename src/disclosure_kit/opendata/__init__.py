"""Open data: one record per table cell of a report, with its ids, labels, value and status.

``cells`` is the shared core of the ``json`` renderer (one report) and ``dataset`` (many), so a
portal gets the same records from both.
"""

from .._compat import moved_names

# ``disclosure_kit.opendata`` was one module before it became this package (see ``check``).
__getattr__ = moved_names(__name__, f"{__name__}.cells", (
    "FORMAT", "VERSION", "SCHEMA_ID", "STATUSES", "CellInfo", "cell_infos", "cell_value", "iter_records",
    "cell_records", "bad_pointers", "report_meta"))
