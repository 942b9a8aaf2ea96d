"""The pre-commit hook definition runs ``validate`` on report files."""

from __future__ import annotations

import re

import yaml

from .helpers import ROOT


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["language"], h["files"]) for h in hooks] == [
        ("disclosure-kit-validate", "disclosure-kit validate", "python", r"\.(json|ya?ml)$")]
    pattern = re.compile(hooks[0]["files"])
    assert [bool(pattern.search(n)) for n in ("a/2021.yaml", "b.yml", "c.json", "d.docx", "e.yaml.bak")] == [
        True, True, True, False, False]
