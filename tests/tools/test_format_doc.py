"""docs/format.md describes both national formats on its own, and nothing cites a file outside the repository."""

from __future__ import annotations

import re

import pytest

from disclosure_kit.model.editions import EDITIONS, get_edition

from .helpers import ROOT

FORMAT = ROOT / "docs" / "format.md"
OUTSIDE = re.compile(r"FORMAT\.md|DESIGN\.md|shared/|\.\./shared|import-cases/")


def _labels(edition: str) -> set[str]:
    ed = get_edition(edition)
    out = {n.label.zh for n in ed.node_by_pointer.values()
           if n.role in ("table", "block", "row-group", "row", "column-group", "cell", "narrative")}
    t3 = ed.node("/applications")
    assert t3 is not None
    out.add(t3.schema["x-corner"]["title"])
    out |= {g["title"] for g in t3.schema["x-column-groups"]}
    out.add(ed.node("/active_disclosure").schema["x-row-header"]["title"])
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_official_label_is_in_the_format_page(edition: str) -> None:
    text = FORMAT.read_text(encoding="utf-8")
    assert sorted(label for label in _labels(edition) if label not in text) == []


def test_the_page_names_both_notices_and_every_difference() -> None:
    text = FORMAT.read_text(encoding="utf-8")
    for notice in ("国办公开办函〔2019〕60号", "国办公开办函〔2021〕30号", "国办函〔2020〕109号"):
        assert notice in text
    rows = re.findall(r"^\| (\d+) \|", text.split("## The differences, item by item", 1)[1], flags=re.M)
    assert rows == [str(i) for i in range(1, 17)]  # the items that tests/tools/test_schema_diff.py refers to


def test_nothing_cites_a_file_outside_the_repository() -> None:
    found = []
    for folder in ("docs", "src", "schema"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".md", ".py", ".json", ".html", ".txt", ".yaml", ".toml"):
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if OUTSIDE.search(line):
                        found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    for path in (ROOT / "README.md", ROOT / "pyproject.toml"):
        found += [f"{path.name}: {line}" for line in path.read_text(encoding="utf-8").splitlines()
                  if OUTSIDE.search(line)]
    assert found == []
