"""Shared pytest options and fixtures.

``golden(name, data)`` compares ``data`` with ``tests/golden/<name>`` byte for byte. Golden files
change only when someone asks for it: ``pytest --update-golden`` rewrites them, and the diff is
then reviewed like any other change. A missing golden file is a failure, never a silent pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/* from the current output instead of comparing",
    )


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    try:
        a, b = expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"binary golden file {name} differs ({len(expected)} vs {len(actual)} bytes)"
    lines = list(difflib.unified_diff(a, b, f"golden/{name}", "actual", lineterm="", n=2))
    shown = "\n".join(lines[:80])
    return shown + (f"\n… {len(lines) - 80} more diff lines" if len(lines) > 80 else "")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, bytes], None]:
    """Compare bytes with ``tests/golden/<name>`` (or rewrite it under ``--update-golden``)."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, data: bytes) -> None:
        path = GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            return
        if not path.exists():
            pytest.fail(f"golden file tests/golden/{name} is missing; run pytest --update-golden and review it")
        expected = path.read_bytes()
        if expected != data:
            pytest.fail(f"output differs from tests/golden/{name} (pytest --update-golden to accept):\n"
                        + _diff(expected, data, name))

    return check
