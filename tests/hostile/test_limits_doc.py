"""docs/limits.md is the one table of limits: its defaults are the code's, its modules the readers'."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from disclosure_kit.fileio.limits import MIB, Limits

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "disclosure_kit"


def _table() -> dict[str, tuple[str, str]]:
    text = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        found = re.match(r"\| `(\w+)` \| ([^|]+) \|[^|]+\| ([^|]+) \|$", line)
        if found:
            rows[found[1]] = (found[2].strip(), found[3].strip())
    return rows


def _value(text: str) -> float:
    number, _, unit = text.partition(" ")
    return float(number.replace(",", "")) * (MIB if unit == "MiB" else 1)


def _readers(name: str) -> set[str]:
    """Modules that read the limit from ``limits()`` (by its attribute name), outside ``fileio/limits.py``."""
    pattern = re.compile(rf"\.{name}\b")
    return {str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
            if p.name != "limits.py" and "limits" in (text := p.read_text(encoding="utf-8")) and pattern.search(text)}


def test_every_limit_is_documented_with_its_default() -> None:
    table = _table()
    fields = {f.name: f.default for f in dataclasses.fields(Limits)}
    assert set(table) == set(fields)
    assert {name: _value(default) for name, (default, _) in table.items()} == fields


def test_the_enforced_in_column_names_the_readers() -> None:
    for name, (_, where) in _table().items():
        documented = set(re.findall(r"`([\w/]+\.py)`", where))
        assert _readers(name) <= documented | {"commands/common.py"}, (name, _readers(name), documented)
        assert (where == "—") == (not _readers(name)), (name, where, _readers(name))
