"""Bad input, hostile text, interruption and refusal: the dataset never crashes or half-writes."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from disclosure_kit.cli import app
from disclosure_kit.dataset import DatasetOptions, build_dataset, run
from disclosure_kit.dataset.records import csv_text
from disclosure_kit.dataset.run import DatasetUsageError, Progress

from .conftest import example

HOSTILE = '=HYPERLINK("http://evil.example","点我")<script>alert(1)</script>'


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_csv_text_neutralises_formulas() -> None:
    assert csv_text("=1+2") == "'=1+2"
    assert csv_text("+86 10") == "'+86 10"
    assert csv_text("-x") == "'-x"
    assert csv_text("@SUM(A1)") == "'@SUM(A1)"
    assert csv_text('a,"b"') == '"a,""b"""'
    assert csv_text("临州市交通运输局") == "临州市交通运输局"


def test_hostile_agency_is_neutralised_in_csv_and_escaped_in_html(tmp_path: Path) -> None:
    report = example("2021")
    report["meta"]["agency"] = HOSTILE
    _write(tmp_path / "in" / "r.json", orjson.dumps(report))
    build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False))
    reports = list(csv.DictReader(io.StringIO((tmp_path / "out" / "reports.csv").read_text("utf-8"))))
    assert reports[0]["agency"] == "'" + HOSTILE
    first = json.loads((tmp_path / "out" / "reports.jsonl").read_text("utf-8").splitlines()[0])
    assert first["agency"] == HOSTILE  # JSON Lines keep the text as written
    html = (tmp_path / "out" / "summary.html").read_text("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unreadable_files_become_findings(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "gbk.json", '{"edition": "2021", "meta": {"agency": "临州市"}}'.encode("gb18030"))
    _write(tmp_path / "in" / "list.yaml", b"- 1\n- 2\n")
    _write(tmp_path / "in" / "empty.json", b"")
    _write(tmp_path / "in" / "ok.json", orjson.dumps(example("2021")))
    result = build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False))
    found = json.loads((tmp_path / "out" / "findings.json").read_text("utf-8"))
    assert [(f["file"], f["code"], f["line"], f["column"]) for f in found] == [
        ("empty.json", "load.empty", None, None),
        ("gbk.json", "load.encoding_gb18030", 1, 41),  # the first GB18030 byte,
        ("list.yaml", "load.not_object", 1, 1),
    ]
    assert (result.reports, result.unreadable, result.valid, int(result.exit_code)) == (4, 3, 1, 1)


def test_interrupt_leaves_previous_output_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for year in (2022, 2023, 2024):
        report = example("2021")
        report["meta"]["year"] = year
        _write(tmp_path / "in" / f"{year}.json", orjson.dumps(report))
    out = tmp_path / "out"
    build_dataset([str(tmp_path / "in")], out, DatasetOptions(progress=False))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_run = run.engines.run

    def interrupted(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for i, outcome in enumerate(real_run(*args, **kwargs)):
            if i == 2:
                raise KeyboardInterrupt
            yield outcome

    monkeypatch.setattr(run.engines, "run", interrupted)
    (tmp_path / "in" / "2022.json").write_bytes(b"{broken")
    with pytest.raises(KeyboardInterrupt):
        build_dataset([str(tmp_path / "in")], out, DatasetOptions(progress=False))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # no temporary folder left


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "r.json", orjson.dumps(example("2021")))
    _write(tmp_path / "out" / "keep.txt", b"precious")
    with pytest.raises(DatasetUsageError):
        build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False))
    runner = CliRunner()
    res = runner.invoke(app, ["dataset", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert (tmp_path / "out" / "keep.txt").read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_cli_run_is_quiet_without_a_terminal(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "r.json", orjson.dumps(example("2021")))
    runner = CliRunner()
    res = runner.invoke(app, ["dataset", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert res.output == (f"1 report(s): 1 valid, 0 with errors, 0 unreadable; 0 error(s), 0 warning(s); "
                          f"skipped: none -> {tmp_path / 'out'}\n")
    missing = runner.invoke(app, ["dataset", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o2")])
    assert missing.exit_code == 2
    dask = runner.invoke(app, ["dataset", str(tmp_path / "in"), "-o", str(tmp_path / "o3"), "--engine", "dask"])
    assert dask.exit_code == 2
    assert not (tmp_path / "o2").exists() and not (tmp_path / "o3").exists()


def test_progress_bar_draws_only_when_enabled(capsys: pytest.CaptureFixture[str]) -> None:
    bar = Progress(4, enabled=True)
    for _ in range(4):
        bar.step()
    bar.finish()
    assert re.fullmatch(r"\r\[#{30}\] 4/4 \d+/s\n", capsys.readouterr().err)
    quiet = Progress(4, enabled=None)  # pytest's stderr is not a terminal
    quiet.step()
    quiet.finish()
    assert capsys.readouterr().err == ""


def test_interrupt_with_a_process_pool_stops_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    for year in range(2000, 2100):
        report = example("2021")
        report["meta"]["year"] = year
        _write(tmp_path / "in" / f"{year}.json", orjson.dumps(report))
    real_add = run.Store.add
    calls = []

    def add(self: Any, outcome: Any) -> int:
        calls.append(outcome.file)
        if len(calls) == 40:
            raise KeyboardInterrupt
        return real_add(self, outcome)

    monkeypatch.setattr(run.Store, "add", add)
    before = set(multiprocessing.active_children())  # other tests' pools (validate --jobs) are not ours
    with pytest.raises(KeyboardInterrupt):
        build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(jobs=2, progress=False))
    assert set(multiprocessing.active_children()) - before == set()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_every_file_is_on_disk_before_the_folder_is_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The output folder is renamed into place as a whole: each of its files, Parquet included, is
    flushed to disk first, so a crash after the rename cannot publish an empty or short file."""
    import os

    synced: list[str] = []
    fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.json").write_bytes(orjson.dumps(example("2021")))
    build_dataset([str(tmp_path / "in")], tmp_path / "out",
                  DatasetOptions(progress=False, formats=("csv", "parquet")))
    written = {p.name for p in (tmp_path / "out").iterdir() if p.is_file() and not p.name.startswith(".")}
    assert {n for n in written if n.endswith(".parquet")} == {
        "observations.parquet", "narratives.parquet", "reports.parquet", "findings.parquet", "skipped.parquet",
        "tables.parquet", "rows.parquet", "columns.parquet", "cells.parquet"}
    assert sorted(written - set(synced)) == []
