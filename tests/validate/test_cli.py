"""`disclosure-kit validate` as a user runs it: outputs, languages, exit codes, standard input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from disclosure_kit.check import pipeline as check_module
from disclosure_kit.cli import app
from disclosure_kit.model.resources import schema_dir

from .casefiles import CASES

ROOT = Path(__file__).resolve().parents[2]
EX21 = ROOT / "fixtures" / "examples" / "2021.yaml"
BAD = CASES / "2021" / "total-plus-one" / "report.yaml"
runner = CliRunner()


def run(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, ["validate", *args], input=stdin)


def test_clean_file_exit_0_and_summary_in_chinese() -> None:
    res = run(str(EX21))
    assert res.exit_code == 0
    assert res.stdout == f"{EX21}: 通过\n共检查 1 个文件，0 个有错误：错误 0 个，警告 0 个\n"


def test_text_output_lines_are_file_line_column_code() -> None:
    res = run(str(BAD))
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[0].startswith(f"{BAD}:236:23: identity.t3-balance [错误] 勾稽关系")
    assert lines[1].startswith(f"{BAD}:236:23: identity.t3-results-total [错误]")
    assert lines[2].startswith(f"{BAD}:236:23: identity.t3-row-total [错误]")
    assert lines[3] == "共检查 1 个文件，1 个有错误：错误 3 个，警告 0 个"


def test_english() -> None:
    res = run(str(BAD), "--lang", "en")
    assert "difference 1, column Natural persons" in res.stdout
    assert res.stdout.splitlines()[-1] == "1 file(s) checked, 1 with errors: 3 error(s), 0 warning(s)"


def test_json_output_matches_its_published_schema_and_text_findings() -> None:
    res = run(str(BAD), str(EX21), "--format", "json")
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    schema = json.loads((schema_dir() / "check-result" / "1.1" / "check-result.schema.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(out)
    assert out["summary"] == {"files": 2, "invalid_files": 1, "errors": 3, "warnings": 0, "exit_code": 1}
    first = out["files"][0]["findings"][0]
    assert (first["code"], first["line"], first["column"], first["pointer"]) == (
        "identity.t3-balance", 236, 23, "/applications/results/total/natural_person")
    assert first["place"]["row"] == {"id": "results.total", "zh": "三、本年度办理结果 / （七）总计",
                                     "en": "3. Results this year / (7) Total"}
    assert first["place"]["column"]["zh"] == "自然人"
    text = run(str(BAD), str(EX21)).stdout
    assert [f"{f['code']} [错误] {f['message']}" for f in out["files"][0]["findings"]] == [
        line.split(": ", 1)[1] for line in text.splitlines()[:3]]


def test_directory_is_searched_and_one_bad_file_never_stops_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "good.yaml").write_bytes(EX21.read_bytes())
    (tmp_path / "a" / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a report", encoding="utf-8")
    (tmp_path / "z.yml").write_bytes(BAD.read_bytes())
    (tmp_path / "z.provenance.json").write_text("{}", encoding="utf-8")  # an import's sidecar
    res = run(str(tmp_path), "--format", "json")
    out = json.loads(res.stdout)
    assert [Path(f["file"]).name for f in out["files"]] == ["broken.json", "good.yaml", "z.yml"]
    assert [f["status"] for f in out["files"]] == ["invalid", "valid", "invalid"]
    assert out["files"][0]["findings"][0]["code"] == "load.syntax"
    assert res.exit_code == 1


def test_standard_input() -> None:
    res = run("-", stdin=BAD.read_bytes())
    assert res.exit_code == 1
    assert res.stdout.startswith("-:236:23: identity.t3-balance")
    res = run("-", stdin=b'{"edition": "2021"')
    assert res.stdout.startswith("-:1:19: load.syntax")


def test_missing_file_is_a_finding(tmp_path: Path) -> None:
    res = run(str(tmp_path / "nope.yaml"), str(EX21))
    assert res.exit_code == 2  # a path that does not exist: usage (docs/cli.md), the other files still checked
    assert res.stdout.splitlines()[0] == f"{tmp_path / 'nope.yaml'}: load.not_found [错误] 文件不存在"


def test_size_limit_is_configurable() -> None:
    res = run(str(EX21), "--max-bytes", "1000")
    size = EX21.stat().st_size
    assert res.exit_code == 1
    assert f"文件过大：{size} 字节，超过上限 1000 字节" in res.stdout


def test_strict_turns_warnings_into_errors() -> None:
    blank = CASES / "2021" / "blank-cells" / "report.yaml"
    text = blank.read_text(encoding="utf-8").replace("    total: null  # 总计\n", "    total: 136  # 总计\n", 1)
    res = run("-", stdin=text.encode())
    assert res.exit_code == 0 and "cell.blank [警告]" in res.stdout
    res = run("-", "--strict", stdin=text.encode())
    assert res.exit_code == 1


def test_usage_errors_exit_2() -> None:
    assert run().exit_code == 2
    assert run(str(EX21), "--lang", "fr").exit_code == 2
    assert run(str(EX21), "--no-such-option").exit_code == 2


def test_tool_failure_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(check_module, "check_data", boom)
    res = run(str(EX21))
    assert res.exit_code == 3
    assert "tool.error [错误] 工具内部错误：RuntimeError('disk on fire')" in res.stdout


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out" / "result.json"
    res = run(str(BAD), "--format", "json", "-o", str(target))
    assert res.exit_code == 1 and res.stdout == ""
    assert json.loads(target.read_text())["summary"]["errors"] == 3
    assert [p.name for p in target.parent.iterdir()] == ["result.json"]


def test_console_script_and_module_entry_points() -> None:
    """The installed command and ``python -m disclosure_kit`` run the same app."""
    exe = Path(sys.executable).with_name("disclosure-kit")
    for cmd in ([str(exe)], [sys.executable, "-m", "disclosure_kit"]):
        proc = subprocess.run([*cmd, "validate", str(BAD), "--lang", "en"], capture_output=True, text=True)
        assert proc.returncode == 1
        assert proc.stdout.splitlines()[-1] == "1 file(s) checked, 1 with errors: 3 error(s), 0 warning(s)"
        assert proc.stderr == ""


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    import os
    import stat

    target = tmp_path / "result.json"
    run(str(EX21), "--format", "json", "-o", str(target))
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_main_loads_only_the_command_being_run() -> None:
    """A lazy group: ``validate`` neither imports nor builds the other commands."""
    code = (
        "import sys\n"
        "from disclosure_kit.cli import main\n"
        f"try:\n    main(['validate', {str(EX21)!r}])\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, sorted(m for m in sys.modules if m.startswith('disclosure_kit.commands.')))\n"
        "print('jsonschema' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.splitlines()[-2:] == [
        "0 ['disclosure_kit.commands.click_zh', 'disclosure_kit.commands.common', 'disclosure_kit.commands.validate']",
        "False",  # the Python validator (0.2 s to import) is only for reports that fail the fast check
    ]


def test_help_lists_every_command() -> None:
    proc = subprocess.run([sys.executable, "-m", "disclosure_kit", "--help"], capture_output=True, text=True)
    listed = [line.split()[0] for line in proc.stdout.split("命令:")[1].splitlines() if line.strip()]
    assert listed == ["validate", "render", "renderers", "import", "dataset", "new", "fill", "migrate",
                      "export", "serve", "schema"]
