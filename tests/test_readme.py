"""README.md opens with the two commands, and .ci/run runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_opens_with_two_commands() -> None:
    main, tests = readme_commands()
    assert main.startswith("python3 -m venv .venv && ")
    assert "disclosure-kit" in main and "fixtures/examples/2021.yaml" in main
    assert tests == "bash scripts/setup.sh && .venv/bin/python -m pytest -q"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci
