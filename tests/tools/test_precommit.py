"""The pre-commit hook checks the reports of a repository and nothing else of it."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from .helpers import EXAMPLES, ROOT

CI_WORKFLOW = """\
name: ci
on:
  push:
    branches: [main]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pre-commit run --all-files
"""


def _hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["disclosure-kit-validate"]
    return hooks[0]


def test_hook_definition() -> None:
    hook = _hook()
    assert (hook["entry"], hook["language"], hook["files"]) == (
        "disclosure-kit validate --reports-only", "python", r"\.(json|ya?ml)$")
    pattern = re.compile(hook["files"])
    assert [bool(pattern.search(n)) for n in ("a/2021.yaml", "b.yml", "c.json", "d.docx", "e.yaml.bak")] == [
        True, True, True, False, False]


def _repository(root: Path) -> None:
    """A repository of reports as an agency keeps one: reports, a CI workflow, other YAML and JSON."""
    (root / "reports" / "2023").mkdir(parents=True)
    (root / "reports" / "2023" / "2021.yaml").write_bytes((EXAMPLES / "2021.yaml").read_bytes())
    broken = (EXAMPLES / "2019.yaml").read_text(encoding="utf-8").replace("total: 244  #", "total: 245  #", 1)
    (root / "reports" / "2019.yaml").write_text(broken, encoding="utf-8")
    data = yaml.safe_load((EXAMPLES / "2021.yaml").read_text(encoding="utf-8"))
    (root / "reports" / "2024.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yaml").write_text(CI_WORKFLOW, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: 年报\nnav:\n  - index.md\n", encoding="utf-8")
    (root / "package.json").write_text('{"name": "reports", "version": "1.0.0"}', encoding="utf-8")
    (root / "broken.json").write_text('{"edition": "2021", "meta": ', encoding="utf-8")  # a report, cut short


def test_hook_on_a_repository_checks_reports_only(tmp_path: Path) -> None:
    """Run the hook as pre-commit does: its entry with every file that matches ``files``."""
    _repository(tmp_path)
    hook = _hook()
    pattern = re.compile(hook["files"])
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file() and pattern.search(str(p)))
    assert ".github/workflows/ci.yaml" in files and "package.json" in files
    command, *options = shlex.split(hook["entry"])
    assert command == "disclosure-kit"
    proc = subprocess.run([sys.executable, "-m", "disclosure_kit", *options, *files], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1  # the broken total of 2019.yaml and the cut JSON fail the commit
    assert sorted(proc.stderr.splitlines()) == [
        f"{name}: validate.not_a_report [提示] 不是报告（顶层没有 edition 键），已跳过"
        for name in (".github/workflows/ci.yaml", "mkdocs.yml", "package.json")]
    checked = {line.split(":")[0] for line in proc.stdout.splitlines()[:-1]}
    assert checked == {"broken.json", "reports/2019.yaml", "reports/2023/2021.yaml", "reports/2024.json"}
    assert "broken.json:1:29: load.syntax" in proc.stdout
    assert "reports/2023/2021.yaml: 通过" in proc.stdout and "reports/2024.json: 通过" in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("共检查 4 个文件，2 个有错误")


def test_without_reports_the_hook_passes(tmp_path: Path) -> None:
    _repository(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "disclosure_kit", "validate", "--reports-only", "--lang", "en",
                           ".github/workflows/ci.yaml", "package.json"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        ".github/workflows/ci.yaml: validate.not_a_report [info] not a report (no top-level edition key); skipped",
        "package.json: validate.not_a_report [info] not a report (no top-level edition key); skipped"]
    assert proc.stdout == "0 file(s) checked, 0 with errors: 0 error(s), 0 warning(s)\n"
