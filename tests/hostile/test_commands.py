"""Issue 17 classes 1 and 9, and issue 13 item 5: what every command does with a hostile command line.

Class 1: an output that is an input (by identity: the same name, a symlink, a hard link, a folder
holding it) is refused with exit code 2 and the user's files stay byte for byte. Class 9: a folder
where a file is needed, a folder nobody may write, a full disk, a control character, a line break
in an option, an unexpected exception: one clear line and the exit code of ``docs/cli.md``, never
a traceback. Each case runs as a user runs it (``python -m disclosure_kit`` in a subprocess with
an address-space cap) and states its bounds: BOUND_SECONDS and BOUND_MIB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from .support import EXAMPLES, Run, run_cli, tree_snapshot, write_report

ROOT = Path(__file__).resolve().parents[2]
BOUND_SECONDS = 20.0  # each command here takes about 0.5 s; 20 s leaves room for a loaded CI machine
BOUND_MIB = 300.0  # peak RSS of one command on one report (about 40-90 MiB measured)
REFUSED_ZH = "写入会覆盖它，未写入"


def _bounded(run: Run) -> Run:
    assert not run.traceback, run.stderr
    assert not run.timed_out and run.seconds < BOUND_SECONDS, run.seconds
    assert run.peak_mib < BOUND_MIB, run.peak_mib
    return run


def cli(*args: str | os.PathLike[str], **kw) -> Run:
    return _bounded(run_cli(*args, memory_mib=1024, timeout=BOUND_SECONDS * 3, **kw))


# --------------------------------------------------------------------- class 1: the output is an input


def _same_name(f: Path) -> list[str]:
    write_report(f)
    return ["validate", "r.yaml", "--format", "json", "-o", "r.yaml"]


def _symlink(f: Path) -> list[str]:
    write_report(f)
    (f / "link.json").symlink_to("r.yaml")
    return ["validate", "r.yaml", "--format", "json", "-o", "link.json"]


def _hard_link(f: Path) -> list[str]:
    write_report(f)
    os.link(f / "r.yaml", f / "other-name.json")
    return ["validate", "r.yaml", "--format", "json", "-o", "other-name.json"]


def _inside_a_folder(f: Path) -> list[str]:
    (f / "reports").mkdir()
    write_report(f / "reports", "a.yaml")
    write_report(f / "reports", "b.json")
    return ["validate", "reports", "--format", "json", "-o", "reports/b.json"]


def _through_a_folder_link(f: Path) -> list[str]:
    (f / "reports").mkdir()
    write_report(f / "reports")
    (f / "alias").symlink_to("reports")
    return ["validate", "reports/r.yaml", "-o", "alias/r.yaml"]


def _export_default(f: Path) -> list[str]:
    write_report(f)
    subprocess.run([sys.executable, "-m", "disclosure_kit", "export", "r.yaml", "-o", "r.xlsx"], cwd=f, check=True,
                   capture_output=True)
    (f / "r.yaml").unlink()
    return ["export", "r.xlsx"]  # the default output, r.xlsx, is the input


def _render_json(f: Path) -> list[str]:
    write_report(f, "r.json")
    return ["render", "r.json", "--to", "json", "-o", "r.json"]


def _render_folder(f: Path) -> list[str]:
    (f / "reports").mkdir()
    write_report(f / "reports", "r.json")
    return ["render", "reports", "--to", "json", "--to", "html", "-o", "reports"]


def _import_link(f: Path) -> list[str]:
    (f / "page.html").write_text("<html><body><p>2021年政府信息公开工作年度报告</p></body></html>", encoding="utf-8")
    (f / "page.yaml").symlink_to("page.html")
    return ["import", "page.html", "-o", "page.yaml"]


def _migrate(f: Path) -> list[str]:
    write_report(f, edition="2019")
    return ["migrate", "r.yaml", "--to", "2021", "-o", "r.yaml"]


def _schema_diff(f: Path) -> list[str]:
    (f / "a.json").write_bytes((ROOT / "schema" / "2019" / "report.schema.json").read_bytes())
    return ["schema", "diff", "a.json", "2021", "-o", "a.json"]


@pytest.mark.parametrize(("setup", "output", "input_"), [
    (_same_name, "r.yaml", "r.yaml"), (_symlink, "link.json", "r.yaml"), (_hard_link, "other-name.json", "r.yaml"),
    (_inside_a_folder, "reports/b.json", "reports/b.json"), (_through_a_folder_link, "alias/r.yaml", "reports/r.yaml"),
    (_export_default, "r.xlsx", "r.xlsx"), (_render_json, "r.json", "r.json"),
    (_render_folder, "reports/r.json", "reports/r.json"), (_import_link, "page.yaml", "page.html"),
    (_migrate, "r.yaml", "r.yaml"), (_schema_diff, "a.json", "a.json"),
], ids=lambda s: s.__name__.strip("_") if callable(s) else "")
def test_an_output_that_is_an_input_is_refused(tmp_path: Path, setup, output: str, input_: str) -> None:
    args = setup(tmp_path)
    before = tree_snapshot(tmp_path)
    links = {p.name: os.readlink(p) for p in tmp_path.rglob("*") if p.is_symlink()}
    run = cli(*args, cwd=tmp_path)
    assert run.code == 2, run.stderr
    assert run.stderr == (f"{output}: write.output_is_input [错误] 输出文件就是输入文件 {input_}（同一个文件），"
                          f"{REFUSED_ZH}；请用 -o 指定另一个文件\n")
    assert tree_snapshot(tmp_path) == before  # every byte of every file, and no file more
    assert {p.name: os.readlink(p) for p in tmp_path.rglob("*") if p.is_symlink()} == links


def test_refusal_in_english_names_the_input(tmp_path: Path) -> None:
    write_report(tmp_path)
    (tmp_path / "link.json").symlink_to("r.yaml")
    run = cli("validate", "r.yaml", "-o", "link.json", "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr == ("link.json: write.output_is_input [error] the output is the input r.yaml (the same file); "
                          "writing would replace it, so nothing was written. Name another file with -o\n")


def test_fill_onto_itself_is_fill_in_place(tmp_path: Path) -> None:
    """``fill FILE -o FILE`` is what ``fill FILE`` does: the blank total is filled, comments kept."""
    text = (EXAMPLES / "2021.yaml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith("total:") and "#" in x)
    blanked = text.replace(line, line.split(":")[0] + ": null  # " + line.split("#", 1)[1].strip(), 1)
    (tmp_path / "r.yaml").write_text(blanked, encoding="utf-8")
    run = cli("fill", "r.yaml", "-o", "r.yaml", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    assert (tmp_path / "r.yaml").read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]  # no temporary file left


# --------------------------------------------------------------------- class 9: outputs the system refuses


@pytest.mark.parametrize("args", [
    ["validate", "r.yaml", "-o", "d"], ["export", "r.yaml", "-o", "d"], ["migrate", "r.yaml", "-o", "d"],
    ["fill", "r.yaml", "-o", "d"], ["new", "--edition", "2021", "-o", "d", "--overwrite"],
    ["schema", "docs", "--edition", "2021", "-o", "d"], ["schema", "diff", "2019", "2021", "-o", "d"],
], ids=lambda a: a[0] if a[0] != "schema" else f"schema {a[1]}")
def test_output_naming_a_folder_is_refused(tmp_path: Path, args: list[str]) -> None:
    write_report(tmp_path)
    (tmp_path / "d").mkdir()
    before = tree_snapshot(tmp_path)
    run = cli(*args, cwd=tmp_path)
    assert run.code == 2
    assert run.stderr == "d: write.is_directory [错误] 是一个目录，这里需要一个文件名；未写入\n"
    assert tree_snapshot(tmp_path) == before and list((tmp_path / "d").iterdir()) == []


def test_output_below_a_file_is_refused(tmp_path: Path) -> None:
    write_report(tmp_path)
    run = cli("validate", "r.yaml", "-o", "r.yaml/findings.txt", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.startswith("r.yaml/findings.txt: write.not_a_directory [错误] 路径中的某一级是文件而不是目录")


def test_a_folder_nobody_may_write(tmp_path: Path) -> None:
    """sysfs refuses new files to every user, root included: a real read-only folder on any Linux."""
    write_report(tmp_path)
    run = cli("validate", "r.yaml", "--format", "json", "-o", "/sys/disclosure-kit-test.json", cwd=tmp_path)
    assert run.code == 3
    assert run.stderr == ("/sys/disclosure-kit-test.json: write.no_permission [错误] "
                          "没有写入权限（Permission denied），未写入\n")


def test_a_full_disk_keeps_the_old_file(tmp_path: Path) -> None:
    """The page is 35 KB; the process may write 16 KiB per file (RLIMIT_FSIZE): the disk is full."""
    write_report(tmp_path)
    (tmp_path / "r.html").write_text("the page published last year", encoding="utf-8")
    run = cli("render", "r.yaml", "--to", "html", "-o", "r.html", cwd=tmp_path, file_size=16 * 1024)
    assert run.code == 3
    assert run.stderr == ("r.yaml: write.no_space [错误] 磁盘已满或超出文件大小上限（File too large），未写入；"
                          "原有文件未改动\n").replace("r.yaml:", "r.html:")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == "the page published last year"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.yaml"]  # the temporary file is gone


def test_a_control_character_in_an_exported_text(tmp_path: Path) -> None:
    path = write_report(tmp_path, "r.json")
    data = json.loads(path.read_bytes())
    data["overview"] = "总体情况\u0001\u001b[31m" + data["overview"]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    line = next(i for i, x in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if '"overview"' in x)
    run = cli("export", "r.json", "-o", "r.xlsx", cwd=tmp_path)
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        f"r.json:{line}:15: export.control_char [错误] 含有工作簿无法保存的控制字符 U+0001，未导出；请删去该字符")
    assert not (tmp_path / "r.xlsx").exists()


def test_a_line_break_in_schema_ref(tmp_path: Path) -> None:
    run = cli("new", "--edition", "2021", "--schema-ref", "a.json\nedition: '2019'", "-o", "n.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr == ("n.yaml: new.schema_ref [错误] --schema-ref 不能含换行或控制字符："
                          "\"a.json\\nedition: '2019'\"\n")
    assert list(tmp_path.iterdir()) == []


def test_new_writes_the_kind_its_name_says(tmp_path: Path) -> None:
    assert cli("new", "--edition", "2021", "-o", "n.xlsx", cwd=tmp_path).code == 0
    book = openpyxl.load_workbook(tmp_path / "n.xlsx")
    assert (tmp_path / "n.xlsx").read_bytes()[:2] == b"PK" and len(book.sheetnames) >= 5
    assert cli("new", "--edition", "2019", "-o", "n.json", cwd=tmp_path).code == 0
    assert json.loads((tmp_path / "n.json").read_bytes())["edition"] == "2019"
    refused = cli("new", "--edition", "2021", "-o", "n.docx", cwd=tmp_path)
    assert refused.code == 2
    assert refused.stderr == ("n.docx: output.kind [错误] 报告文件的扩展名应为 .yaml|.yml|.json|.xlsx，"
                              "不能写成 .docx（文件内容会与扩展名不符）\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.json", "n.xlsx"]


UNEXPECTED = (
    "import sys\n"
    "import disclosure_kit.check.pipeline as pipeline\n"
    "def broken(*args, **kwargs):\n"
    "    raise RuntimeError('a fault\\nover two lines')\n"
    "pipeline.iter_report_paths = broken\n"
    "from disclosure_kit.cli import main\n"
    "main(sys.argv[1:])\n"
)


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_exception_is_one_line(tmp_path: Path, debug: bool) -> None:
    write_report(tmp_path)
    env = {**os.environ, "DISCLOSURE_KIT_DEBUG": "1"} if debug else {
        k: v for k, v in os.environ.items() if k != "DISCLOSURE_KIT_DEBUG"}
    proc = subprocess.run([sys.executable, "-c", UNEXPECTED, "validate", "r.yaml"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    last = proc.stderr.splitlines()[-1]
    assert last == ("disclosure-kit validate: tool.error [错误] 工具内部错误：RuntimeError: a fault over two lines "
                    "这是工具的缺陷，请把这一行报告给维护者（设置环境变量 DISCLOSURE_KIT_DEBUG=1 可显示详细信息）")
    assert ("Traceback (most recent call last)" in proc.stderr) is debug
    assert proc.stderr.count("\n") == (1 if not debug else proc.stderr.count("\n"))


def test_click_speaks_chinese_by_default(tmp_path: Path) -> None:
    missing = cli("validate", cwd=tmp_path)
    assert missing.code == 2
    assert missing.stderr.splitlines() == [
        "用法： disclosure-kit validate [OPTIONS] PATHS...", "运行 'disclosure-kit validate --help' 查看帮助。", "",
        "错误：缺少参数 'PATHS...'."]
    unknown = cli("validate", "r.yaml", "--formt", "json", cwd=tmp_path)
    assert unknown.code == 2
    assert unknown.stderr.splitlines()[-1] == "错误：没有选项 '--formt'。 是否想用 '--format'？"
    choice = cli("validate", "r.yaml", "--format", "xml", cwd=tmp_path)
    assert choice.stderr.splitlines()[-1] == (
        "错误：'--format' 的值无效：'xml' 不在可选值 'text', 'json', 'jsonl' 之中。")
    english = cli("validate", "--lang", "en", cwd=tmp_path)
    assert english.code == 2 and english.stderr.splitlines()[-1] == "Error: Missing argument 'PATHS...'."
    page = cli("validate", "--help", cwd=tmp_path)
    assert page.code == 0
    assert [x for x in page.stdout.splitlines() if x and not x.startswith(" ")][:3] == [
        "用法： disclosure-kit validate [OPTIONS] PATHS...", "参数:", "选项:"]
    assert "[必填]" in page.stdout and "[default" not in page.stdout


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """``validate … | head -1``: the reader goes away; no BrokenPipeError, exit code 141."""
    folder = tmp_path / "many"
    folder.mkdir()
    blank = subprocess.run([sys.executable, "-m", "disclosure_kit", "new", "--edition", "2021"], capture_output=True,
                           check=True).stdout
    for i in range(20):  # a blank report gives 13 KB of findings: 20 give more than a pipe holds (64 KiB)
        (folder / f"r{i:03d}.yaml").write_bytes(blank)
    proc = subprocess.Popen([sys.executable, "-m", "disclosure_kit", "validate", "many"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().decode().startswith("many/r000.yaml:")
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert err == ""


def test_the_systems_refusal_is_not_called_a_fault(tmp_path: Path) -> None:
    """An OSError nobody caught (an unreachable scheduler, a vanished file) is said as the system's, exit 3."""
    write_report(tmp_path)
    code = UNEXPECTED.replace("raise RuntimeError('a fault\\nover two lines')",
                              "raise ConnectionRefusedError(111, 'Connection refused')")
    proc = subprocess.run([sys.executable, "-c", code, "validate", "r.yaml", "--lang", "en"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stderr == ("disclosure-kit validate: tool.system [error] the system refused an operation: "
                           "ConnectionRefusedError: [Errno 111] Connection refused\n")
