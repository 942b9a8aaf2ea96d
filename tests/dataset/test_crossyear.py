"""Cross-report checks on hand-made reports: linking agencies, consecutive years, duplicates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson

from disclosure_kit.dataset import DatasetOptions, build_dataset
from disclosure_kit.dataset.agency import agency_key, normalise_name

from .conftest import example


def _write(folder: Path, name: str, report: dict[str, Any]) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))


def _next_year(report: dict[str, Any], year: int, edition: str = "2021") -> dict[str, Any]:
    """The example report of ``edition`` for ``year``, carrying over consistently from ``report``."""
    nxt = example(edition)
    nxt["meta"]["year"] = year
    nxt["meta"]["agency"] = report["meta"]["agency"]
    before = report["applications"]["carried_forward"]
    after = nxt["applications"]
    for col, value in before.items():
        delta = value - after["carried_over"][col]
        after["carried_over"][col] = value
        after["new_received"][col] -= delta  # keeps 一 + 二 = 七 + 四 in this report
    old_rows, new_rows = report["active_disclosure"]["article_20_1"], nxt["active_disclosure"]["article_20_1"]
    for key, row in new_rows.items():
        if "in_force" in row and "in_force" in old_rows.get(key, {}):
            row["in_force"] = old_rows[key]["in_force"] + row["issued"] - row["repealed"]
    return nxt


def _findings(out: Path) -> list[dict[str, Any]]:
    return json.loads((out / "findings.json").read_text("utf-8"))


def test_agency_key_normalises_names_and_prefers_codes() -> None:
    assert normalise_name("临州市 交通运输局（本级）") == normalise_name("临州市交通运输局(本级)")
    assert normalise_name("临州市\u3000交通运输局") == "临州市交通运输局"
    assert agency_key("临州市交通运输局", None) == "name:临州市交通运输局"
    assert agency_key("另一个名字", " 11330700mb1234567x ") == "code:11330700MB1234567X"
    assert agency_key("", None) is None


def test_consistent_years_give_no_finding(tmp_path: Path) -> None:
    first = example("2021")
    second = _next_year(first, 2024)
    second["meta"]["agency"] = "临州市\u3000交通运输局"  # written differently, same agency
    _write(tmp_path / "in", "a/2023.json", first)
    _write(tmp_path / "in", "a/2024.json", second)
    result = build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False))
    assert _findings(tmp_path / "out") == []
    assert (result.reports, result.errors, result.warnings) == (2, 0, 0)


def test_carry_over_mismatch_between_linked_names(tmp_path: Path) -> None:
    first = example("2021")
    second = _next_year(first, 2024)
    second["meta"]["agency"] = "临州市 交通运输局"
    second["applications"]["carried_over"]["natural_person"] += 3
    second["applications"]["carried_over"]["total"] += 3
    second["applications"]["carried_forward"]["natural_person"] += 3
    second["applications"]["carried_forward"]["total"] += 3
    _write(tmp_path / "in", "2023.json", first)
    _write(tmp_path / "in", "2024.json", second)
    build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False, lang="en"))
    found = _findings(tmp_path / "out")
    assert [(f["file"], f["code"], f["pointer"], f["severity"], f["other_file"]) for f in found] == [
        ("2024.json", "crossyear.xy-carry-over", "/applications/carried_over/natural_person", "warning", "2023.json"),
        ("2024.json", "crossyear.xy-carry-over", "/applications/carried_over/total", "warning", "2023.json"),
    ]
    params = found[0]["params"]
    assert (params["left"][0]["value"], params["right"][0]["value"], params["difference"]) == (10, 7, 3)
    assert params["right"][0]["year"] == "previous"
    assert params["previous_file"] == "2023.json"
    assert found[0]["message"].startswith("This year's carried-over equals last year's carried-forward")
    assert (found[0]["table_id"], found[0]["row_id"], found[0]["column_id"]) == (
        "applications", "carried_over", "natural_person")


def test_in_force_is_a_warning_and_code_links_renamed_agency(tmp_path: Path) -> None:
    first = example("2021")
    first["meta"]["agency_code"] = "11330700MB1234567X"
    second = _next_year(first, 2024)
    second["meta"]["agency"] = "临州市交通运输委员会"  # renamed; the code says it is the same agency
    second["meta"]["agency_code"] = "11330700MB1234567X"
    block = second["active_disclosure"]["article_20_1"]["normative_documents"]
    block.update({"issued": 4, "repealed": 1, "in_force": 25})  # 17 + 4 - 1 = 20, not 25
    _write(tmp_path / "in", "2023.json", first)
    _write(tmp_path / "in", "2024.json", second)
    build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False))
    found = _findings(tmp_path / "out")
    assert [(f["code"], f["pointer"], f["severity"]) for f in found] == [
        ("crossyear.xy-in-force", "/active_disclosure/article_20_1/normative_documents/in_force", "warning")]
    assert (found[0]["params"]["left_sum"], found[0]["params"]["right_sum"]) == (25, 20)
    assert found[0]["message"].startswith("现行有效件数约等于上年现行有效件数加本年制发件数减本年废止件数")


def test_2019_edition_followed_by_2021_edition(tmp_path: Path) -> None:
    first = example("2019")
    first["meta"]["year"] = 2020
    second = _next_year(first, 2021)
    second["applications"]["carried_over"]["other_org"] += 1
    second["applications"]["carried_over"]["total"] += 1
    second["applications"]["carried_forward"]["other_org"] += 1
    second["applications"]["carried_forward"]["total"] += 1
    _write(tmp_path / "in", "2020.yaml", first)  # JSON is valid YAML
    _write(tmp_path / "in", "2021.json", second)
    build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False))
    found = _findings(tmp_path / "out")
    # the carry-over is compared across editions; 现行有效件数 has no 2019 counterpart: skipped
    assert [(f["code"], f["pointer"]) for f in found] == [
        ("crossyear.xy-carry-over", "/applications/carried_over/other_org"),
        ("crossyear.xy-carry-over", "/applications/carried_over/total"),
    ]


def test_gap_year_and_other_agency_are_not_compared(tmp_path: Path) -> None:
    first = example("2021")
    gap = example("2021")
    gap["meta"]["year"] = 2025  # 2024 is missing
    other = example("2021")
    other["meta"]["year"] = 2024
    other["meta"]["agency"] = "临州市教育局"
    for name, report in (("a.json", first), ("b.json", gap), ("c.json", other)):
        _write(tmp_path / "in", name, report)
    build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False))
    assert _findings(tmp_path / "out") == []


def test_duplicates_are_reported_once_each(tmp_path: Path) -> None:
    report = example("2021")
    for name in ("x/1.json", "x/2.json", "y/3.json"):
        _write(tmp_path / "in", name, report)
    result = build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False))
    found = _findings(tmp_path / "out")
    assert [(f["file"], f["code"], f["other_file"], f["params"]["first"]) for f in found] == [
        ("x/2.json", "dataset.duplicate", "x/1.json", "x/1.json"),
        ("y/3.json", "dataset.duplicate", "x/1.json", "x/1.json"),
    ]
    assert found[0]["message"] == "同一机关同一年度的重复报告：已有 x/1.json（机关「临州市交通运输局」，2023 年）"
    assert result.errors == 2
