"""Shared helpers of the tools tests: repository paths, the examples, the CLI runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from disclosure_kit.check.loading import load_path
from disclosure_kit.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "fixtures" / "examples"


def example(edition: str) -> dict[str, Any]:
    return load_path(EXAMPLES / f"{edition}.yaml").data


def run(*args: str) -> Any:
    """Invoke the CLI in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(app, list(args))
