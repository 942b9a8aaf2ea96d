"""The model of an edition, read from ``schema/``: what a report of each national format is.

Owns the one place that finds the data folders (``resources``), the ``Edition`` objects built
once from a schema (sections, tables, rows, columns, cells, identities as data: ``editions``), and
the official grid of each table with its header rows and merged cells (``layout``). Everything
else asks here instead of reading ``schema/`` itself; nothing here knows about report files,
findings or output. Bottom layer: imports nothing else of the package.
"""
