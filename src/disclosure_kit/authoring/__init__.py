"""Tools for the people who write reports: files made for hand editing, and help to fill them.

Owns the YAML report file with official labels as comments (``reportfile``: ``new``, the blank
report, writing a report back), ``fill`` (totals the identities determine), ``migrate`` (2019 ->
2021 by the mapping in ``schema/migrations/``) and the Excel workbook laid out like the tables
(``workbook``). Built on ``check`` (findings, identities) and ``model``.
"""
