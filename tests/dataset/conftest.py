"""Fixtures of the dataset tests: synthetic reports from the benchmark generator, runs of the CLI."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_reports", ROOT / "benchmarks" / "generate_reports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_reports"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generator() -> ModuleType:
    return _generator()


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory, generator: ModuleType) -> dict[str, Any]:
    """40 synthetic reports with every kind of injected error, and one dataset run (--jobs 1, every format)."""
    from disclosure_kit.dataset import DatasetOptions, build_dataset

    base = tmp_path_factory.mktemp("synthetic")
    manifest = generator.generate(40, base / "gen", seed=3, error_rate=1.0, yaml_share=0.2)
    out = base / "out"
    options = DatasetOptions(progress=False, formats=("csv", "jsonl", "parquet"))
    result = build_dataset([str(base / "gen" / "reports")], out, options)
    return {"base": base, "manifest": manifest, "out": out, "result": result, "reports": base / "gen" / "reports"}


def example(edition: str) -> dict[str, Any]:
    """A fresh copy of the valid example report of an edition."""
    return yaml.safe_load((ROOT / "fixtures" / "examples" / f"{edition}.yaml").read_text("utf-8"))
