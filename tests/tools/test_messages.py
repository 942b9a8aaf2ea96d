"""Messages a clerk can act on: fields named with an example, blanks grouped, annotate, help, Chinese."""

from __future__ import annotations

import json
import re
from pathlib import Path

from disclosure_kit.check import messages
from disclosure_kit.cli import app  # noqa: F401  (imports every command, so that all templates are registered)
from disclosure_kit.commands import COMMANDS

from .helpers import EXAMPLES, run

BASE = (EXAMPLES / "2021.yaml").read_text(encoding="utf-8")
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_field_error_names_the_field_and_gives_an_example(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(BASE.replace('published: "2024-01-26"', 'published: "2024/1/26"'), encoding="utf-8")
    assert run("validate", str(path)).stdout.splitlines()[0] == (
        f"{path}:8:14: schema.format [错误] 发布日期：应为日期，实际为 '2024/1/26'，例如 2025-01-20")
    assert run("validate", str(path), "--lang", "en").stdout.splitlines()[0] == (
        f"{path}:8:14: schema.format [error] Publication date: expected a date, found '2024/1/26'; e.g. 2025-01-20")
    path.write_text(BASE.replace("  year: 2023\n", ""), encoding="utf-8")
    assert run("validate", str(path)).stdout.splitlines()[0] == (
        f"{path}:6:3: schema.required [错误] 报告年度：缺少此项（year），例如 2024")


def test_blank_cells_are_grouped_per_row_in_text_and_marked_in_json(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    assert run("new", "--edition", "2021", "-o", str(path)).exit_code == 0
    text = run("validate", str(path)).stdout.splitlines()
    assert len(text) == 35  # instead of 203 lines
    row = next(line for line in text if "行「一、本年新收政府信息公开申请数量」" in line)
    assert row == (f"{path}:39:21: cell.blank_row [警告] 表「三、收到和处理政府信息公开申请情况」"
                   "行「一、本年新收政府信息公开申请数量」：7 个单元格空白（自然人、商业企业、科研机构、"
                   "社会公益组织、法律服务机构、其他、总计），与 0 不同；"
                   "如确无数据请填 0；其中 1 个合计可由 disclosure-kit fill 计算填入")
    single = next(line for line in text if "行「行政许可」" in line)
    assert ": cell.blank [警告] " in single  # a row with one blank cell stays one ordinary line
    assert text[-1] == "共检查 1 个文件，1 个有错误：错误 2 个，警告 200 个"
    out = json.loads(run("validate", str(path), "--format", "json").stdout)
    findings = out["files"][0]["findings"]
    assert sum(1 for f in findings if f["code"] == "cell.blank") == 200
    group = [f["pointer"] for f in findings if f.get("group") == "cell.blank/applications/new_received"]
    assert group == [f"/applications/new_received/{c}" for c in (
        "natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_services_org", "other_org", "total")]
    assert "group" not in next(f for f in findings if f["pointer"].endswith("licensing/decisions"))


def test_annotate_renders_a_report_with_errors_without_force(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BASE.replace("    natural_person: 125  # 自然人", "    natural_person: 126  # 自然人", 1),
                    encoding="utf-8")
    out = tmp_path / "bad.html"
    assert run("render", str(path), "--to", "html", "-o", str(out)).exit_code == 1
    assert not out.exists()
    result = run("render", str(path), "--to", "html", "--annotate", "-o", str(out))
    assert result.exit_code == 1  # the report has errors; the annotated page is written all the same
    assert out.exists() and "identity.t3-balance" in out.read_text(encoding="utf-8")


def test_help_pages_have_no_stray_markup() -> None:
    for command in dict.fromkeys(COMMANDS):
        page = run(command, "--help").stdout
        assert "\\[" not in page, command
    assert "FILE  [required]" in run("fill", "--help").stdout


def test_no_message_is_english_only_in_chinese() -> None:
    english_only = [code for code, (zh, _en) in {**messages.TEMPLATES, **messages.PREFIX_TEMPLATES}.items()
                    if not CJK.search(zh)]
    assert english_only == []
    assert all(CJK.search(zh) for zh, _ in messages.TYPE_WORDS.values())
