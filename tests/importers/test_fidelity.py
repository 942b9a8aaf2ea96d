"""Never drop a printed value; absent is not blank; messages complete in English; blanks grouped.

A printed value that does not fit its cell is stored as printed when JSON can hold it (``validate``
then reports the cell in its own words), or kept under ``x-import.kept`` with the cell ``null``, and
``validate`` on the written report file still reports that cell.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from disclosure_kit.check.messages import message
from disclosure_kit.check.pipeline import check_file
from disclosure_kit.cli import app
from disclosure_kit.importers.run import import_path

CASES = Path(__file__).resolve().parent / "cases"
GENERALISE = Path(__file__).resolve().parent / "generalise"
LICENSING = "/active_disclosure/article_20_5/licensing"
SOURCE = """临川市示例局2020年政府信息公开工作年度报告
一、总体情况
2020年，本局依法做好政府信息公开工作。
二、主动公开政府信息情况
第二十条第（五）项
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量
行政许可 | 6件 | —3 | 251000元
其他对外管理服务事项 | —2 | 0 | 5
第二十条第（八）项
信息内容 | 上一年项目数量 | 本年增/减
行政事业性收费 | 若干 | 无
"""


@pytest.fixture
def written(tmp_path: Path) -> tuple[object, Path]:
    src = tmp_path / "fit.txt"
    src.write_text(SOURCE, encoding="utf-8")
    res = CliRunner().invoke(app, ["import", str(src), "-o", str(tmp_path / "fit.yaml")])
    return res, tmp_path / "fit.yaml"


def test_each_printed_value_in_the_most_faithful_form_the_schema_allows(written: tuple[object, Path]) -> None:
    res, out = written
    assert res.exit_code == 1  # type: ignore[attr-defined]  # an amount in a count column is an error
    report = yaml.safe_load(out.read_text(encoding="utf-8"))
    t2 = report["active_disclosure"]
    assert t2["article_20_5"]["licensing"] == {"prior_year_items": 6, "change": -3, "decisions": None}
    assert t2["article_20_5"]["other_services"] == {"prior_year_items": -2, "change": 0, "decisions": 5}
    assert t2["article_20_8"]["fees"] == {"prior_year_items": None, "change": None}
    assert report["x-import"]["kept"] == {
        f"{LICENSING}/decisions": {"text": "251000元", "reason": "amount_in_count", "value": 251000, "unit": "元"},
        "/active_disclosure/article_20_8/fees/prior_year_items": {"text": "若干", "reason": "text"},
        "/active_disclosure/article_20_8/fees/change": {"text": "无", "reason": "word"},
    }


def test_validate_on_the_written_file_reports_every_such_cell(written: tuple[object, Path]) -> None:
    _, out = written
    found = {(f.code, f.pointer, f.severity) for f in check_file(str(out)).findings
             if f.code.startswith(("imported.kept", "schema."))}
    assert found == {
        ("imported.kept", f"{LICENSING}/decisions", "error"),
        ("imported.kept", "/active_disclosure/article_20_8/fees/prior_year_items", "warning"),
        ("imported.kept", "/active_disclosure/article_20_8/fees/change", "warning"),
        ("schema.minimum", "/active_disclosure/article_20_5/other_services/prior_year_items", "error"),
    }


def test_a_dash_before_a_number_is_read_as_its_sign_and_said() -> None:
    from disclosure_kit.importers.assemble import assemble
    from disclosure_kit.importers.text import read_text_string

    result = assemble(read_text_string(SOURCE, "fit.txt"))
    read = [(f.pointer, f.params["value"]) for f in result.findings if f.code == "import.value_read"]
    assert read == [(f"{LICENSING}/change", -3),
                    ("/active_disclosure/article_20_5/other_services/prior_year_items", -2)]


def test_blank_cells_of_an_imported_report_are_grouped_per_row() -> None:
    """Every blank cell stays a finding (JSON counts them); text output shows one line per row."""
    from disclosure_kit.check.grouping import grouped

    res = import_path(CASES / "r5-empty-pipe-cells.txt")
    blank = [f.pointer for f in res.result.findings if f.code == "cell.blank"]
    assert blank == ["/active_disclosure/article_20_1/regulations/in_force", *(
        f"/applications/new_received/{c}" for c in ("commercial_enterprise", "legal_services_org", "natural_person",
                                                    "other_org", "public_interest_org", "research_institution"))]
    shown = {f.pointer: f.params["count"] for f in grouped(res.result.findings) if f.code == "cell.blank_row"}
    assert shown == {"/applications/new_received": 6}


SOURCES = sorted(p for p in CASES.iterdir() if not p.name.endswith(".source.html")) + sorted(
    p for p in GENERALISE.iterdir() if p.suffix not in (".json", ".md", ".py"))
_QUOTED = re.compile(r"'[^']*'")
_CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_every_import_message_is_complete_in_english(source: Path) -> None:
    """Outside the quotations of the source ('本年新'), an English message holds no Chinese."""
    for finding in import_path(source).result.findings:
        if finding.code.startswith(("import.", "imported.")):
            text = _QUOTED.sub("", message(finding, "en"))
            assert not _CJK.search(text), (finding.code, message(finding, "en"))


IMPORT_RECORD = Path(__file__).resolve().parents[2] / "schema" / "import-record" / "1.0" / "import-record.schema.json"


def test_every_import_record_fits_its_published_format() -> None:
    """What import writes under ``x-import`` is the documented, versioned import-record format."""
    import jsonschema
    import orjson

    validator = jsonschema.Draft202012Validator(orjson.loads(IMPORT_RECORD.read_bytes()))
    seen = {"absent": 0, "kept": 0}
    for source in SOURCES:
        record = import_path(source).result.report["x-import"]
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(record)]
        assert errors == [], (source.name, errors)
        seen = {k: v + bool(record.get(k)) for k, v in seen.items()}
    assert seen["absent"] >= 3 and seen["kept"] >= 2  # the sources exercise both parts
