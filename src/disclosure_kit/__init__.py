"""disclosure-kit: the annual report on government information disclosure (政府信息公开工作年度报告) as data.

The package is layered (``docs/architecture.md``; the contracts are checked by import-linter):
``cli`` -> ``commands`` / ``web`` -> ``api`` -> ``dataset`` -> ``importers`` / ``renderers`` /
``schematools`` -> ``authoring`` / ``opendata`` -> ``check`` -> ``model`` / ``fileio``.
"""

from ._compat import install as _install_old_paths

__version__ = "0.2.0"

_install_old_paths()
