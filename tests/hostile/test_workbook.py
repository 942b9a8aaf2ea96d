"""Hostile workbooks: each is refused with a finding, fast and small, by every command that reads one.

Generated here (nothing large in git): an exported workbook whose hidden map names a whole sheet,
a zip bomb, 2 GiB of whitespace in a sheet, and a map naming a cell far outside any report. Each
runs the real command in a subprocess under a 1 GiB address-space cap (``support.run_cli``), so a
regression fails on its assertion instead of swapping the machine.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from disclosure_kit.authoring.workbook import workbook_bytes
from disclosure_kit.check.loading import load_path
from disclosure_kit.model.editions import get_edition

from .support import run_cli, tree_snapshot

ROOT = Path(__file__).resolve().parents[2]
SECONDS, PEAK_MIB = 20.0, 400.0  # a good workbook takes under 1 s and about 90 MiB


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = load_path(ROOT / "fixtures/examples/2021.yaml").data
    path = tmp_path_factory.mktemp("wb") / "good.xlsx"
    path.write_bytes(workbook_bytes(get_edition("2021"), data))
    return path


def _replace_member(src: Path, dst: Path, member: str, chunks: Callable[[], Iterator[bytes]]) -> Path:
    """A copy of the workbook with one member replaced by streamed content (never held in memory)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info, zin.read(info))
        with zout.open(member, "w", force_zip64=True) as handle:
            for chunk in chunks():
                handle.write(chunk)
    return dst


def _assert_refused(path: Path, code: str, *commands: tuple[str, ...]) -> None:
    before = tree_snapshot(path.parent)
    for command in commands:
        run = run_cli(*command, str(path), "--lang", "en", memory_mib=1024, timeout=60)
        assert not run.traceback, run.stderr
        assert run.code == 1, (command, run.stdout, run.stderr)
        assert f"{path}: {code} [error]" in run.stdout + run.stderr, run.stdout + run.stderr
        assert run.seconds < SECONDS and run.peak_mib < PEAK_MIB, (command, run.seconds, run.peak_mib)
    assert tree_snapshot(path.parent) == before  # nothing of the user's was touched


def test_a_map_naming_a_whole_sheet_is_refused_not_expanded(exported: Path, tmp_path: Path) -> None:
    path = tmp_path / "range.xlsx"
    wb = openpyxl.load_workbook(exported)
    wb["_map"]["C3"] = "A1:XFD1048576"  # once: 3.9 GB, then MemoryError
    wb.save(path)
    assert path.stat().st_size < 40_000
    run = run_cli("validate", str(path), "--lang", "en", memory_mib=1024)
    assert run.code == 1 and not run.traceback
    assert (f"{path}: xlsx.bad_map [error] row 3 of the workbook's _map sheet cannot be used: "
            "not single cells within 10000 rows: A1:XFD1048576") in run.stdout
    assert run.seconds < SECONDS and run.peak_mib < PEAK_MIB


def test_a_map_naming_a_far_cell_is_bounded(exported: Path, tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    wb = openpyxl.load_workbook(exported)
    wb["_map"]["C3"] = "XFD9999"  # inside the sheet's rows, but 9999 × 16384 cells to stream through
    wb.save(path)
    _assert_refused(path, "xlsx.too_large", ("validate",), ("fill",))


def test_a_zip_bomb_is_refused(exported: Path, tmp_path: Path) -> None:
    def bomb() -> Iterator[bytes]:
        row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * (1 << 20) + b"</t></is></c></row>"
        for _ in range(512):  # 512 MiB of sheet XML from about 0.5 MB of zip
            yield row

    path = _replace_member(exported, tmp_path / "bomb.xlsx", "xl/worksheets/sheet2.xml", bomb)
    assert path.stat().st_size < 1_000_000
    _assert_refused(path, "xlsx.too_large", ("validate",), ("fill",), ("render", "--to", "html", "-o",
                                                                     str(tmp_path / "out.html")))


def test_two_gib_of_whitespace_in_a_sheet_is_refused(exported: Path, tmp_path: Path) -> None:
    def spaces() -> Iterator[bytes]:
        block = b" " * (64 << 20)
        for _ in range(32):  # 2 GiB: once accepted after 4.2 GB
            yield block

    path = _replace_member(exported, tmp_path / "spaces.xlsx", "xl/worksheets/sheet3.xml", spaces)
    _assert_refused(path, "xlsx.too_large", ("validate",))
