"""Open data: a report as records a portal loads without knowing our report schema.

The shared core of the ``json`` renderer (one report) and ``dataset`` (many), so a portal gets the
same records from both:

* ``cells``: one record per table cell, with its ids, labels, value and status;
* ``report``: the metadata fields and narrative sections, read from the schema;
* ``safety``: values open data cannot carry as they are (huge integers, broken text) as findings;
* ``document``: the open-data JSON document of one report (format 1.1).
"""

from .._compat import moved_names

# ``disclosure_kit.opendata`` was one module before it became this package (see ``check``).
__getattr__ = moved_names(__name__, f"{__name__}.cells", (
    "FORMAT", "VERSION", "SCHEMA_ID", "STATUSES", "CellInfo", "cell_infos", "cell_value", "iter_records",
    "cell_records", "bad_pointers", "report_meta"))
