"""Old import paths of the flat layout (``disclosure_kit.editions``…), kept for one release.

Plug-ins written against 0.1 import ``disclosure_kit.editions``, ``.findings``, ``.layout`` and
the like. Rather than leave a stub file for each in the package (which would hide the layout it
replaced), one finder on ``sys.meta_path`` answers for the old names: importing one warns
(``DeprecationWarning``) and returns the module at its new place, the very same object.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

MOVED: dict[str, str] = {
    "resources": "model.resources",
    "editions": "model.editions",
    "layout": "model.layout",
    "loading": "check.loading",
    "sourcemap": "check.sourcemap",
    "findings": "check.findings",
    "messages": "check.messages",
    "schema_check": "check.schema",
    "identities": "check.identities",
    "output": "check.output",
    "authoring": "authoring.reportfile",
    "migrate": "authoring.migrate",
    "spreadsheet": "authoring.workbook",
    "schema_diff": "schematools.diff",
    "schema_docs": "schematools.docs",
}
_ROOT = __name__.rsplit(".", 1)[0]


class _OldPaths:
    """Meta-path finder and loader for the names in ``MOVED``."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        root, _, old = fullname.partition(".")
        if root != _ROOT or old not in MOVED:
            return None
        return ModuleSpec(fullname, self)

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        new = f"{_ROOT}.{MOVED[spec.name.partition('.')[2]]}"
        warnings.warn(f"{spec.name} moved to {new}; the old path goes in the next release",
                      DeprecationWarning, stacklevel=2)
        module = importlib.import_module(new)
        self._spec = module.__spec__  # the import system overwrites __spec__; exec_module restores it
        return module

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__ = self._spec


def install() -> None:
    if not any(isinstance(f, _OldPaths) for f in sys.meta_path):
        sys.meta_path.append(_OldPaths())


def moved_names(package: str, target: str, names: tuple[str, ...]) -> Any:
    """A module ``__getattr__`` for a module that became a package: ``package.X`` -> ``target.X``.

    Used where an old module name is now a package (``check``, ``opendata``) so that
    ``from disclosure_kit.check import check_file`` keeps working for one release, with a warning.
    """

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        warnings.warn(f"{package}.{name} moved to {target}.{name}; the old path goes in the next release",
                      DeprecationWarning, stacklevel=2)
        value = getattr(importlib.import_module(target), name)
        setattr(sys.modules[package], name, value)  # warn once
        return value

    return __getattr__
