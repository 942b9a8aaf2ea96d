"""The shared corpus of real reports, found beside the checkout (CI copies shared/ there)."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
EXCERPTS = CORPUS / "excerpts"

if not (CORPUS / "README.md").is_file():  # fail loudly: these tests must never be skipped
    raise RuntimeError(f"the corpus of real reports is missing: expected it at {CORPUS}")


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS
