"""Files are loaded exactly as ``validate`` loads them (``check.loading.load_bytes``)."""

from __future__ import annotations

from pathlib import Path

import orjson

from disclosure_kit.authoring.workbook import workbook_bytes
from disclosure_kit.dataset import DatasetOptions, build_dataset
from disclosure_kit.model.editions import get_edition

from .conftest import example


def test_a_workbook_named_on_the_command_line_is_read_as_validate_reads_it(tmp_path: Path) -> None:
    report = example("2021")
    (tmp_path / "r.xlsx").write_bytes(workbook_bytes(get_edition("2021"), report))
    (tmp_path / "r.json").write_bytes(orjson.dumps(report))
    options = DatasetOptions(progress=False, formats=("csv",))
    from_workbook = build_dataset([str(tmp_path / "r.xlsx")], tmp_path / "wb", options)
    build_dataset([str(tmp_path / "r.json")], tmp_path / "js", options)
    assert (from_workbook.reports, from_workbook.valid, from_workbook.unreadable) == (1, 1, 0)
    assert (tmp_path / "wb" / "findings.csv").read_text("utf-8").count("\n") == 1  # the header only
    for name in ("observations.csv", "narratives.csv"):
        assert (tmp_path / "wb" / name).read_bytes() == (tmp_path / "js" / name).read_bytes()


def test_a_load_finding_keeps_its_pointer_as_in_validate(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dup.json").write_bytes(b'{"edition": "2021", "meta": {"year": 2023, "year": 2024}}\n')
    build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False, formats=("csv",)))
    found = orjson.loads((tmp_path / "out" / "findings.json").read_bytes())
    assert [(f["file"], f["code"], f["pointer"], f["line"], f["column"]) for f in found] == [
        ("dup.json", "load.duplicate_key", "/meta/year", 1, 44)]
