"""Issue 13 item 5: one meaning per option name, one exit code per situation, in every command.

The commands come from ``commands.COMMANDS`` (through the complete app), so a new command or a new
option is checked without anyone remembering to add it here; the expectations come from the one
table of ``docs/cli.md``, so the documentation cannot drift from the code. The situations run
in-process through ``cli.run`` (what ``main`` runs, minus ``sys.exit``), each bounded in time.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import click
import pytest
import typer.main

from disclosure_kit import cli
from disclosure_kit.commands import COMMANDS
from disclosure_kit.commands.common import FORCE_OPTION
from disclosure_kit.fileio.limits import Limits

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures" / "examples" / "2021.yaml"
BOUND_SECONDS = 15.0  # one in-process command on one small report (well under a second measured)


def leaf_commands() -> dict[str, click.Command]:
    """Every command a user can run, by its full name (``schema diff``)."""
    found: dict[str, click.Command] = {}

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found[" ".join(path)] = command

    walk(typer.main.get_command(cli.app), ())
    assert {name.split()[0] for name in found} == set(COMMANDS)
    return found


def visible_options(command: click.Command) -> dict[str, click.Option]:
    return {name: p for p in command.params if isinstance(p, click.Option) and not p.hidden
            for name in (*p.opts, *p.secondary_opts)}


def documented_options() -> dict[str, set[str]]:
    """Option name -> the commands that have it, from the table of docs/cli.md."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    table = text.split("## Options", 1)[1].split("\n\n", 2)[1]
    rows: dict[str, set[str]] = {}
    for line in table.splitlines()[2:]:
        names, _meaning, commands = (cell.strip() for cell in line.strip("|").rsplit("|", 2))
        for name in re.findall(r"`(-[-\w]+)`", names):
            rows[name] = {c.strip() for c in commands.split(",")}
    return rows


def test_every_option_is_in_the_one_table() -> None:
    """Each option of each command is listed for exactly the commands that have it."""
    actual: dict[str, set[str]] = {}
    for name, command in leaf_commands().items():
        for option in visible_options(command):
            actual.setdefault(option, set()).add(name)
    assert actual == documented_options()


def test_shared_options_mean_the_same_everywhere() -> None:
    shorts: dict[str, set[str]] = {}
    for name, command in leaf_commands().items():
        options = visible_options(command)
        if name != "serve":  # every command has it (it also sets the language of usage errors); pages choose theirs
            lang = options["--lang"]
            assert (tuple(lang.type.choices), lang.default.value) == (("zh", "en"), "zh"), name
        if "--format" in options:  # what is printed: findings or a listing (validate: also as JSON Lines)
            fmt = options["--format"]
            assert (tuple(fmt.type.choices)[:2], fmt.default.value) == (("text", "json"), "text"), name
            assert set(fmt.type.choices) <= {"text", "json", "jsonl"}, name
        if "--to" in options:  # what is produced: never the format of what is printed
            to = options["--to"]
            assert not {"text"} & set(getattr(to.type, "choices", ())), name
        if "--force" in options:
            force = options["--force"]
            assert force.is_flag and force.default is False and force.help == FORCE_OPTION.help, name
        if "--strict" in options:
            assert options["--strict"].is_flag and options["--strict"].default is False, name
        if "--max-bytes" in options:  # left out: the limit in force, one place (docs/limits.md)
            assert options["--max-bytes"].default is None, name
        assert ("-o" in options) == ("--output" in options), name
        for option in {id(o): o for o in options.values()}.values():
            for short in (n for n in option.opts if not n.startswith("--")):
                shorts.setdefault(short, set()).add(max(option.opts, key=len))
    assert all(len(longs) == 1 for longs in shorts.values()), shorts
    assert Limits().max_bytes == 10 * 1024 * 1024  # the default the help texts and docs/cli.md state


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    start = time.monotonic()
    code = cli.run([str(a) for a in args])
    assert time.monotonic() - start < BOUND_SECONDS
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


MISSING_INPUT = {
    "validate": ["validate", "nope.yaml"], "render": ["render", "nope.yaml", "--to", "html", "-o", "out"],
    "import": ["import", "nope.html", "-o", "out/"], "dataset": ["dataset", "nope", "-o", "ds"],
    "fill": ["fill", "nope.yaml"], "migrate": ["migrate", "nope.yaml"], "export": ["export", "nope.yaml"],
    "schema diff": ["schema", "diff", "nope.json", "2021"], "schema lint": ["schema", "lint", "nope"],
}
NOT_PATHS = {"schema release"}  # its arguments are an edition and a version
FILE_OUTPUT = {  # commands whose -o names one file (render, import and dataset also take folders)
    "validate": ["validate", "r.yaml"], "new": ["new", "--edition", "2021", "--overwrite"], "fill": ["fill", "r.yaml"],
    "migrate": ["migrate", "r.yaml"], "export": ["export", "r.yaml"], "schema diff": ["schema", "diff", "2019", "2021"],
    "schema docs": ["schema", "docs", "--edition", "2021"],
}
ONTO_INPUT = {  # fill FILE -o FILE is fill in place (docs/cli.md); dataset refuses a folder it did not write
    "validate": ["validate", "r.yaml", "-o", "r.yaml"], "render": ["render", "r.yaml", "--to", "html", "-o", "r.yaml"],
    "import": ["import", "r.yaml", "-o", "r.yaml"], "dataset": ["dataset", "r.yaml", "-o", "r.yaml"],
    "migrate": ["migrate", "r.yaml", "-o", "r.yaml"], "export": ["export", "r.yaml", "-o", "r.yaml"],
    "schema diff": ["schema", "diff", "r.yaml", "2021", "-o", "r.yaml"],
}


def _with_arguments() -> set[str]:
    return {name for name, c in leaf_commands().items() if any(isinstance(p, click.Argument) for p in c.params)}


def _with_output() -> set[str]:
    return {name for name, c in leaf_commands().items() if "--output" in visible_options(c)}


def test_the_situation_tables_cover_every_command() -> None:
    assert set(MISSING_INPUT) == _with_arguments() - NOT_PATHS
    assert set(FILE_OUTPUT) == _with_output() - {"render", "import", "dataset", "schema site"}
    assert set(ONTO_INPUT) == (_with_output() & _with_arguments()) - {"fill"}


@pytest.mark.parametrize("name", sorted(MISSING_INPUT))
def test_a_missing_input_is_usage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, said = run(capsys, *MISSING_INPUT[name])
    assert code == 2
    missing = MISSING_INPUT[name][2 if name.startswith("schema") else 1]
    assert f"{missing}: load.not_found [错误] 文件不存在" in said or f"{missing}: " in said
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(FILE_OUTPUT))
def test_a_folder_for_a_file_is_usage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "d").mkdir()
    code, said = run(capsys, *FILE_OUTPUT[name], "-o", "d")
    assert (code, said) == (2, "d: write.is_directory [错误] 是一个目录，这里需要一个文件名；未写入\n")


@pytest.mark.parametrize("name", sorted(ONTO_INPUT))
def test_an_output_onto_an_input_is_usage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_bytes(EXAMPLE.read_bytes())
    code, said = run(capsys, *ONTO_INPUT[name])
    assert code == 2
    assert (tmp_path / "r.yaml").read_bytes() == EXAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]
    if name not in ("dataset", "import", "export"):  # these three refuse the name first: not a folder/report name
        assert said.startswith("r.yaml: write.output_is_input [错误]")


@pytest.mark.parametrize("name", sorted(set(COMMANDS) | {"schema list", "schema diff", "schema docs"} - {"schema"}))
def test_an_unknown_option_is_usage_in_chinese(capsys, name: str) -> None:
    code, said = run(capsys, *name.split(), "--zzz")
    assert code == 2
    assert said.splitlines()[-1] == "错误：没有选项 '--zzz'。"


def test_a_missing_optional_dependency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """``--engine dask`` without the extra: one line naming what to install, exit code 3, nothing left."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)  # as if the extra were not installed
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.yaml").write_bytes(EXAMPLE.read_bytes())
    code, said = run(capsys, "dataset", "in", "-o", "ds", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert code == 3
    assert said.splitlines()[-1] == (
        "disclosure-kit dataset: tool.dependency [错误] 缺少所需的组件："
        "the dask engine needs the extra: pip install 'disclosure-kit[dask]'")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
