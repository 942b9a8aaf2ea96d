"""``fill FILE``: in place, atomically, changing only the filled values; refusing a file with errors."""

from __future__ import annotations

import json
from pathlib import Path

from disclosure_kit.check.loading import load_path

from .helpers import EXAMPLES, example, run

ORIGINAL = (EXAMPLES / "2021.yaml").read_text(encoding="utf-8")
# the author's own comments, an odd null spelling, an empty value, and YAML 1.1 scalars (017 is 15
# in YAML 1.1 and 17 in 1.2, 1:30 is 90 in 1.1, 0x3, yes): fill must leave every one of them as typed
COMMENTED = (
    ORIGINAL
    .replace('  agency: "临州市交通运输局"', '  agency: "临州市交通运输局"   # 本局全称\n  # 年度：以财政年度为准')
    .replace("    total: 136  # 总计", "    total: ~  # 总计 ← 留给 fill 计算")
    .replace("      total: 3  # 总计\n    after_review", "      total:    # 待填\n    after_review")
    + "# 结尾的注释\nx-notes: {a: 017, b: 1:30, c: 0x3, d: yes}   # YAML 1.1 写法\n"
)


def _lines_without(text: str, numbers: set[int]) -> list[str]:
    return [line for i, line in enumerate(text.split("\n"), 1) if i not in numbers]


def test_fill_in_place_changes_only_the_filled_values(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    result = run("fill", str(path))
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[0] == (f"{path}:54:12: fill.filled [提示] 表「三、收到和处理政府信息公开申请情况」"
                      "行「一、本年新收政府信息公开申请数量」列「总计」：已按“总计列等于各申请人列之和”计算填入 136")
    assert out[1].startswith(f"{path}:265:13: fill.filled [提示] ")
    assert out[2] == f"{path}: fill.done [提示] 已填写 2 个单元格，写入 {path}"
    after = path.read_text(encoding="utf-8")
    before_lines, after_lines = COMMENTED.split("\n"), after.split("\n")
    assert after_lines[53] == "    total: 136  # 总计 ← 留给 fill 计算"
    assert after_lines[264] == "      total: 3    # 待填"
    # every other byte of the file, every comment and every YAML 1.1 scalar included, is unchanged
    assert _lines_without(after, {54, 265}) == _lines_without(COMMENTED, {54, 265})
    assert len(before_lines) == len(after_lines)
    assert after.endswith("# 结尾的注释\nx-notes: {a: 017, b: 1:30, c: 0x3, d: yes}   # YAML 1.1 写法\n")
    assert load_path(path).data["applications"]["new_received"]["total"] == 136


def test_check_only_says_what_it_would_fill(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    result = run("fill", str(path), "--check", "--lang", "en")
    assert result.exit_code == 1  # something to fill
    assert result.stdout.splitlines()[2] == f"{path}: fill.would [info] would fill 2 cell(s) (--check: nothing written)"
    assert path.read_text(encoding="utf-8") == COMMENTED
    done = tmp_path / "done.yaml"
    done.write_bytes((EXAMPLES / "2021.yaml").read_bytes())
    nothing = run("fill", str(done), "--check")
    assert nothing.exit_code == 0
    assert nothing.stdout.splitlines()[0] == f"{done}: fill.nothing [提示] 没有可按勾稽关系算出的空白单元格，文件未改动"


def test_output_elsewhere_and_to_stdout(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    other = tmp_path / "filled.yaml"
    assert run("fill", str(path), "-o", str(other)).exit_code == 0
    assert path.read_text(encoding="utf-8") == COMMENTED
    assert load_path(other).data["review_litigation"]["litigation"]["direct"]["total"] == 3
    piped = run("fill", str(path), "-o", "-")
    assert piped.exit_code == 0
    assert piped.stdout == other.read_text(encoding="utf-8")
    assert "fill.done" in piped.stderr
    wrong = run("fill", str(path), "-o", str(tmp_path / "x.json"))
    assert wrong.exit_code == 2
    assert "fill.other_kind" in wrong.stdout
    assert not (tmp_path / "x.json").exists()


def test_json_bom_and_crlf_are_kept(tmp_path: Path) -> None:
    data = example("2021")
    data["applications"]["carried_over"]["total"] = None
    text = json.dumps(data, ensure_ascii=False, indent=4).replace("\n", "\r\n")
    path = tmp_path / "r.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert run("fill", str(path)).exit_code == 0
    after = path.read_bytes()
    assert after == b"\xef\xbb\xbf" + text.replace('"total": null', '"total": 6').encode("utf-8")


def test_a_file_with_schema_errors_is_refused_with_the_findings_of_validate(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    bad = COMMENTED.replace("    natural_person: 125  # 自然人", '    natural_person: "125"  # 自然人', 1)
    path.write_text(bad, encoding="utf-8")
    result = run("fill", str(path))
    assert result.exit_code == 1
    validate = run("validate", str(path))
    assert result.stdout.splitlines()[:-2] == validate.stdout.splitlines()[:-1]
    assert result.stdout.splitlines()[0] == (
        f"{path}:48:21: schema.numeric_text [错误] 表「三、收到和处理政府信息公开申请情况」"
        "行「一、本年新收政府信息公开申请数量」列「自然人」：数字写成了文本 '125'；请去掉引号，写作 125")
    assert result.stdout.splitlines()[-2] == (
        f"{path}: fill.refused [错误] 文件有 1 个错误（见上），未填写；请先按 validate 的提示修正")
    assert path.read_text(encoding="utf-8") == bad


def test_a_conflict_is_reported_and_nothing_typed_is_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    conflict = COMMENTED.replace("      total: 7  # 总计\n    withheld", "      total: 8  # 总计\n    withheld", 1)
    path.write_text(conflict, encoding="utf-8")
    result = run("fill", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "identity.t3-row-total [error]" in result.stdout
    assert "      total: 8  # 总计" in path.read_text(encoding="utf-8")
