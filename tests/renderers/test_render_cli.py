"""``disclosure-kit render`` and ``disclosure-kit renderers`` as a user runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from disclosure_kit.cli import app
from disclosure_kit.renderers import registry
from disclosure_kit.renderers.html import HtmlRenderer

from .support import BIN, EXAMPLES, context, example, install_plugin, pip_install_plugin

runner = CliRunner()
EX19, EX21 = EXAMPLES / "2019.yaml", EXAMPLES / "2021.yaml"


def run(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def _bad_report(tmp_path: Path) -> Path:
    data = yaml.safe_load(EX21.read_text(encoding="utf-8"))
    data["applications"]["results"]["total"]["natural_person"] = 124
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_one_file_one_format_o_names_the_file(tmp_path: Path) -> None:
    dest = tmp_path / "page.html"
    res = run("render", str(EX21), "--to", "html", "-o", str(dest))
    assert res.exit_code == 0 and res.stdout == f"{dest}\n" and res.stderr == ""
    assert dest.read_bytes() == HtmlRenderer().render(context(example("2021")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]  # no temporary file left


def test_default_directory_is_out_and_names_are_stem_plus_suffix(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = run("render", str(EX19), str(EX21), "--to", "html", "--to", "markdown")
    assert res.exit_code == 0
    assert res.stdout.splitlines() == [os.path.join("out", n) for n in ("2019.html", "2019.md", "2021.html", "2021.md")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2019.html", "2019.md", "2021.html", "2021.md"]


def test_directories_are_searched_recursively_and_keep_sub_folders(tmp_path: Path) -> None:
    for sub in ("a", "b/c"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        shutil.copyfile(EX21, tmp_path / "in" / sub / "2021.yaml")
    (tmp_path / "in" / "notes.txt").write_text("not a report", encoding="utf-8")
    res = run("render", str(tmp_path / "in"), "--to", "markdown", "-o", str(tmp_path / "site"))
    assert res.exit_code == 0
    site = tmp_path / "site"
    assert res.stdout.splitlines() == [str(site / "a" / "2021.md"), str(site / "b" / "c" / "2021.md")]


def test_inputs_that_would_overwrite_each_other_are_refused_before_writing(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copyfile(EX21, tmp_path / sub / "r.yaml")
    res = run("render", str(tmp_path / "a" / "r.yaml"), str(tmp_path / "b" / "r.yaml"), "--to", "html",
              "-o", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{tmp_path / 'a' / 'r.yaml'}: render.clash [错误] 多个输入会写到同一个输出文件 ")
    assert not (tmp_path / "out").exists()


def test_report_with_errors_is_refused_with_the_validate_text(tmp_path: Path) -> None:
    bad = _bad_report(tmp_path)
    validate = run("validate", str(bad))
    res = run("render", str(bad), "--to", "html", "-o", str(tmp_path / "out"))
    assert res.exit_code == 1 and res.stdout == ""
    finding_lines = validate.stdout.splitlines()[:-1]
    assert len(finding_lines) == 3
    assert res.stderr.splitlines() == [*finding_lines,
        f"{bad}: render.refused [错误] 报告有 3 个错误、0 个警告，未生成 html；请修正后重试，或使用 --force 强制生成"]
    assert not (tmp_path / "out").exists()


def test_force_renders_anyway_and_still_exits_1(tmp_path: Path) -> None:
    bad = _bad_report(tmp_path)
    res = run("render", str(bad), "--to", "html", "--force", "--annotate", "-o", str(tmp_path / "bad.html"))
    assert res.exit_code == 1 and res.stdout == f"{tmp_path / 'bad.html'}\n"
    html = (tmp_path / "bad.html").read_text(encoding="utf-8")
    assert html.count('<span class="finding">') == 3 and html.count('<a class="mark"') == 1


def test_english_messages(tmp_path: Path) -> None:
    res = run("render", str(_bad_report(tmp_path)), "--to", "markdown", "--lang", "en", "-o", str(tmp_path))
    assert res.exit_code == 1
    assert res.stderr.splitlines()[-1].endswith(
        "render.refused [error] the report has 3 error(s) and 0 warning(s); markdown not written. "
        "Fix it, or use --force")


def test_unreadable_report(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("edition: [\n", encoding="utf-8")
    res = run("render", str(broken), "--to", "html", "-o", str(tmp_path / "o"))
    assert res.exit_code == 1
    assert res.stderr.splitlines()[-1] == (
        f"{broken}: render.unreadable [错误] 报告无法读取或无法确定格式版本，不能生成 html")
    assert not (tmp_path / "o").exists()


def test_unknown_renderer_is_a_usage_error(tmp_path: Path) -> None:
    res = run("render", str(EX21), "--to", "epub", "-o", str(tmp_path / "o"))
    assert res.exit_code == 2
    assert res.stderr.startswith(
        "disclosure-kit: render.unknown [错误] 未知的输出格式 epub；可用：docx, html, json, markdown, odt, pdf")


def test_no_input_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    res = run("render", str(tmp_path / "empty"), "--to", "html")
    assert res.exit_code == 2
    assert res.stderr.endswith("render.no_input [错误] 没有找到报告文件（.json/.yaml/.yml）\n")


def test_standard_input(tmp_path: Path) -> None:
    res = run("render", "-", "--to", "markdown", "-o", str(tmp_path / "x.md"), stdin=EX19.read_bytes())
    assert res.exit_code == 0
    text = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert text.startswith("# 临州市自然资源和规划局2020年政府信息公开工作年度报告\n")


class _Exploding:
    name, suffix, media_type, description = "boom", ".boom", "text/plain", "fails"

    def render(self, ctx) -> bytes:
        raise RuntimeError("no paper")


def test_a_failing_renderer_writes_nothing_and_exits_3(tmp_path: Path, monkeypatch) -> None:
    real = registry.get
    monkeypatch.setattr(registry, "get", lambda name: _Exploding() if name == "boom" else real(name))
    res = run("render", str(EX21), "--to", "boom", "--to", "html", "-o", str(tmp_path / "o"))
    assert res.exit_code == 3
    assert res.stderr == f"{EX21}: render.failed [错误] 渲染器 boom 失败：RuntimeError: no paper\n"
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["2021.html"]


def _cli(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([str(BIN / "disclosure-kit"), *args], capture_output=True, text=True, env=env, timeout=120)


def test_pip_installed_plugin_is_listed_and_used_by_the_cli(tmp_path: Path) -> None:
    site = pip_install_plugin(tmp_path / "site")
    assert (site / "dk_plugin_example-0.1.0.dist-info" / "entry_points.txt").read_text(encoding="utf-8") == (
        "[disclosure_kit.renderers]\ncells-tsv = dk_plugin_example:CellsTsvRenderer\n")
    listing = _cli(site, "renderers")
    assert listing.returncode in (0, 3)  # 3 only if another built-in is broken; never because of the plug-in
    line = next(x for x in listing.stdout.splitlines() if x.startswith("cells-tsv\t"))
    assert line == ("cells-tsv\t.tsv\ttext/tab-separated-values; charset=utf-8\tdk-plugin-example 0.1.0\t"
                    "Example plug-in: one line per table cell")
    assert any(x.startswith("html\t.html\ttext/html; charset=utf-8\tbuilt-in\t") for x in listing.stdout.splitlines())
    out = tmp_path / "cells.tsv"
    res = _cli(site, "render", str(EX21), "--to", "cells-tsv", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8").splitlines()[1] == "/active_disclosure/article_20_1/regulations/issued\t0"


def test_broken_plugin_in_the_cli(tmp_path: Path) -> None:
    site = install_plugin(tmp_path / "site", name="dk-broken", entry_points={"broken": "dk_no_such_module:Nope"},
                          package=None)
    listing = _cli(site, "renderers", "--format", "json")
    assert listing.returncode == 3
    import json

    rows = {r["name"]: r for r in json.loads(listing.stdout)}
    assert rows["broken"]["error"] == "ModuleNotFoundError: No module named 'dk_no_such_module'"
    assert rows["broken"]["origin"] == "dk-broken 0.1.0" and rows["html"]["error"] is None
    res = _cli(site, "render", str(EX21), "--to", "broken", "-o", str(tmp_path / "o"))
    assert res.returncode == 3
    assert res.stderr == ("disclosure-kit: render.broken [错误] 输出格式 broken 无法加载："
                          "ModuleNotFoundError: No module named 'dk_no_such_module'\n")
    ok = _cli(site, "render", str(EX21), "--to", "html", "-o", str(tmp_path / "ok.html"))
    assert ok.returncode == 0 and (tmp_path / "ok.html").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_renderers_listing_in_process(lang: str) -> None:
    res = run("renderers", "--lang", lang)
    names = [line.split("\t")[0] for line in res.stdout.splitlines()]
    assert names == ["docx", "html", "json", "markdown", "odt", "pdf"]


def test_force_on_a_mangled_report_renders_without_crashing(tmp_path: Path) -> None:
    data = yaml.safe_load(EX21.read_text(encoding="utf-8"))
    data["meta"] = "not a mapping"
    data["overview"] = 5
    data["applications"] = [1, 2]
    data["review_litigation"]["review"] = {"upheld": {"a": 1}, "corrected": True, "other": [1, "<i>"]}
    path = tmp_path / "mangled.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    res = run("render", str(path), "--to", "html", "--to", "markdown", "--force", "--annotate", "-o", str(tmp_path))
    assert res.exit_code == 1, res.stderr
    html = (tmp_path / "mangled.html").read_text(encoding="utf-8")
    assert "<h1>2021年政府信息公开工作年度报告</h1>" not in html  # no agency, no year: the format's name only
    assert "<h1>政府信息公开工作年度报告</h1>" in html
    assert 'data-pointer="/review_litigation/review/other">1, &lt;i&gt;<a class="mark"' in html
    assert "| 行政复议 / 结果纠正 | true |" in (tmp_path / "mangled.md").read_text(encoding="utf-8")


def test_option_footer_off_and_a_malformed_option(tmp_path: Path) -> None:
    dest = tmp_path / "page.html"
    res = run("render", str(EX21), "--to", "html", "--option", "footer=off", "-o", str(dest))
    assert res.exit_code == 0 and "<footer" not in dest.read_text(encoding="utf-8")
    res = run("render", str(EX21), "--to", "html", "-O", "footer", "-o", str(tmp_path / "x.html"))
    assert res.exit_code == 2 and not (tmp_path / "x.html").exists()
    assert res.stderr == ("disclosure-kit: render.option [错误] 渲染选项应写作 名称=值（例如 footer=off），"
                          "而不是 footer\n")
