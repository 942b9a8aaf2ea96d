"""The one place that finds the data directories ``schema/`` and ``renderers/``.

In a wheel they are shipped inside the package as ``disclosure_kit/_data/``; in a checkout or an
editable install they are the top-level folders of the repository. Everything else asks here, so
no module depends on the working directory.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

SCHEMA_DIR_ENV = "DISCLOSURE_KIT_SCHEMA_DIR"  # another schema/ folder: a maintainer's checkout, a test's copy

_PACKAGE = Path(__file__).resolve().parent.parent  # the disclosure_kit package


@cache
def data_root() -> Path:
    """Return the folder that holds ``schema/`` and ``renderers/``."""
    bundled = _PACKAGE / "_data"
    if (bundled / "schema").is_dir():
        return bundled
    checkout = _PACKAGE.parent.parent
    if (checkout / "schema").is_dir():
        return checkout
    raise FileNotFoundError(
        "disclosure-kit cannot find its schema/ folder: the installation is incomplete"
    )


def schema_dir() -> Path:
    """Folder of the versioned JSON Schemas (``schema/``), or the folder named by
    ``DISCLOSURE_KIT_SCHEMA_DIR`` (read on every call, so a test or a maintainer can point one
    process at a copy)."""
    override = os.environ.get(SCHEMA_DIR_ENV)
    return Path(override) if override else data_root() / "schema"


def renderers_dir() -> Path:
    """Folder of renderer templates and assets (``renderers/``)."""
    return data_root() / "renderers"
