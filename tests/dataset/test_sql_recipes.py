"""Every query of docs/sql-recipes.md, run by DuckDB on the synthetic set with injected errors, on the
Parquet and on the CSV files, gives the answer computed here independently from the report files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RECIPE = re.compile(r"```sql\n-- recipe: ([a-z-]+)\n(.*?)```", re.S)


def recipes() -> dict[str, str]:
    return dict(RECIPE.findall((ROOT / "docs" / "sql-recipes.md").read_text("utf-8")))


def _run(folder: Path, sql: str, fmt: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{folder}'")
    return con.execute(sql if fmt == "parquet" else sql.replace(".parquet'", ".csv'")).fetchall()


def _reports(synthetic: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The report files that load and name a known edition, less the injected second copies."""
    out = {}
    for path in sorted(synthetic["reports"].rglob("*")):
        if not path.is_file() or "~copy" in path.name:
            continue
        try:
            data = orjson.loads(path.read_bytes()) if path.suffix == ".json" else yaml.safe_load(path.read_text())
        except (orjson.JSONDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("edition") in ("2019", "2021"):
            out[path.relative_to(synthetic["reports"]).as_posix()] = data
    return out


def test_every_recipe_is_tested() -> None:
    assert sorted(recipes()) == sorted(
        ["applications-per-agency-year", "refusals-by-reason", "broken-identities", "carry-over-mismatches",
         "unreported-cells"])


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_applications_per_agency_and_year(synthetic: dict[str, Any], fmt: str) -> None:
    got = _run(synthetic["out"], recipes()["applications-per-agency-year"], fmt)
    expected = sorted((r["meta"]["agency"], r["meta"]["year"], r["applications"]["new_received"]["total"])
                      for r in _reports(synthetic).values())
    assert got == expected
    assert len(got) == 36  # 41 files less 2 cut, 2 of an unknown edition and 1 second copy


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_refusals_by_reason(synthetic: dict[str, Any], fmt: str) -> None:
    got = _run(synthetic["out"], recipes()["refusals-by-reason"], fmt)
    sums: dict[str, int] = {}
    for report in _reports(synthetic).values():
        for reason, row in report["applications"]["results"]["withheld"].items():
            sums[f"results.withheld.{reason}"] = sums.get(f"results.withheld.{reason}", 0) + row["total"]
    total = sum(sums.values())
    ranked = sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))
    assert [(row_id, refusals) for row_id, _, refusals, _ in got] == ranked
    assert [share for *_, share in got] == [round(100 * v / total, 1) for _, v in ranked]
    labels = {row_id: reason for row_id, reason, _, _ in got}
    assert labels["results.withheld.state_secret"] == "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密"


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_broken_identities(synthetic: dict[str, Any], fmt: str) -> None:
    got = _run(synthetic["out"], recipes()["broken-identities"], fmt)
    reports = _reports(synthetic)
    injected = [i["file"] for i in synthetic["manifest"]["injected"] if i["kind"] == "identity"]
    codes = {f: sorted({e["code"] for e in synthetic["manifest"]["expected_findings"] if e["file"] == f})
             for f in injected}
    expected = sorted((reports[f]["meta"]["agency"], reports[f]["meta"]["year"], f, codes[f]) for f in injected)
    assert got == expected
    assert len(got) == 2 and got[0][3] == ["identity.t3-results-total", "identity.t3-row-total"]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_carry_over_mismatches(synthetic: dict[str, Any], fmt: str) -> None:
    got = _run(synthetic["out"], recipes()["carry-over-mismatches"], fmt)
    reports = _reports(synthetic)
    expected = []
    for item in synthetic["manifest"]["injected"]:
        if item["kind"] != "carry_over":
            continue
        current = reports[item["file"]]
        stem = item["file"].rsplit("-", 1)[0]
        year = current["meta"]["year"]
        previous = next(r for f, r in reports.items() if f.startswith(f"{stem}-{year - 1}."))
        before = previous["applications"]["carried_forward"]["total"]
        now = current["applications"]["carried_over"]["total"]
        expected.append((current["meta"]["agency"], year, before, now, now - before))
    assert got == sorted(expected)
    assert len(got) == 2 and all(d > 0 for *_, d in got)
    # the same pairs the dataset found itself (crossyear findings on the total column)
    found = orjson.loads((synthetic["out"] / "findings.json").read_bytes())
    cross = sorted((f["agency"], f["year"]) for f in found
                   if f["code"] == "crossyear.xy-carry-over" and f["column_id"] == "total")
    assert cross == [(agency, year) for agency, year, *_ in got]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_unreported_cells(synthetic: dict[str, Any], fmt: str) -> None:
    got = _run(synthetic["out"], recipes()["unreported-cells"], fmt)
    kinds = {i["kind"]: [x["file"] for x in synthetic["manifest"]["injected"] if x["kind"] == i["kind"]]
             for i in synthetic["manifest"]["injected"]}
    expected = sorted([(f, "active_disclosure", "article_20_6.coercion", "decisions", "blank") for f in kinds["blank"]]
                      + [(f, "review_litigation", "", "review.upheld", "invalid") for f in kinds["schema"]])
    assert got == expected


def test_unreported_cells_lists_absent_cells(tmp_path: Path) -> None:
    """A cell missing from the file has no observation row; the recipe finds it through ``cells``."""
    from disclosure_kit.dataset import DatasetOptions, build_dataset

    report = yaml.safe_load((ROOT / "fixtures" / "examples" / "2021.yaml").read_text("utf-8"))
    del report["review_litigation"]["review"]["upheld"]
    del report["applications"]["carried_over"]["other_org"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.json").write_bytes(orjson.dumps(report))
    build_dataset([str(tmp_path / "in")], tmp_path / "out", DatasetOptions(progress=False, formats=("csv", "parquet")))
    for fmt in ("parquet", "csv"):
        got = _run(tmp_path / "out", recipes()["unreported-cells"], fmt)
        assert got == [("r.json", "applications", "carried_over", "other_org", "absent"),
                       ("r.json", "review_litigation", "", "review.upheld", "absent")]
