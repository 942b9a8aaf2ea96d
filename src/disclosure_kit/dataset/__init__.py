"""``disclosure-kit dataset``: many report files -> one publishable, checked open dataset.

Modules, in the order data flows through them:

* ``records``: CSV/JSONL rows of observations and findings (escaping, spreadsheet safety);
* ``worker``: one chunk of files -> ``Outcome`` objects (load, check, rows, cross-year state);
* ``engines``: run the worker locally (inline or a process pool) or on Dask, results in file order;
* ``store``: the small per-report state, kept on disk in SQLite so memory stays flat;
* ``crossyear``: duplicate reports and the cross-year identities between consecutive years;
* ``package`` and ``summary``: ``datapackage.json`` and the HTML summary page;
* ``run``: the whole run, written into a temporary directory renamed into place at the end.
"""

from __future__ import annotations

from .run import DatasetOptions, DatasetResult, build_dataset

__all__ = ["DatasetOptions", "DatasetResult", "build_dataset"]
