"""The package layers of docs/architecture.md, enforced by import-linter (contracts in pyproject.toml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_package_keeps_its_layers() -> None:
    proc = _lint(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Each package imports only the layers below it KEPT" in proc.stdout
    assert "The library does not import the command-line or web stacks KEPT" in proc.stdout


def test_a_wrong_way_import_breaks_the_contract(tmp_path: Path) -> None:
    """A copy of the package where the checking pipeline imports the dataset layer above it."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "disclosure_kit", src / "disclosure_kit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    loading = src / "disclosure_kit" / "check" / "loading.py"
    loading.write_text(loading.read_text(encoding="utf-8") + "\nfrom ..dataset import agency  # noqa\n",
                       encoding="utf-8")
    renderer = src / "disclosure_kit" / "renderers" / "markdown.py"
    renderer.write_text(renderer.read_text(encoding="utf-8") + "\nimport typer  # noqa\n", encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    proc = _lint(tmp_path, pythonpath=src)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Each package imports only the layers below it BROKEN" in proc.stdout
    assert "disclosure_kit.check.loading -> disclosure_kit.dataset.agency" in proc.stdout
    assert "The library does not import the command-line or web stacks BROKEN" in proc.stdout
    assert "disclosure_kit.renderers.markdown -> typer" in proc.stdout


def test_old_import_paths_still_work_with_a_warning() -> None:
    """Plug-ins written against the flat 0.1 layout keep working for one release."""
    code = (
        "import warnings\nwarnings.simplefilter('error')\n"
        "try:\n    import disclosure_kit.editions\nexcept DeprecationWarning as w:\n    print(w)\n"
        "warnings.simplefilter('ignore')\n"
        "from disclosure_kit.editions import get_edition\nfrom disclosure_kit.model import editions\n"
        "from disclosure_kit.check import check_file\nfrom disclosure_kit.check.pipeline import check_file as new\n"
        "print(get_edition is editions.get_edition, check_file is new, editions.__spec__.name)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines() == [
        "disclosure_kit.editions moved to disclosure_kit.model.editions; the old path goes in the next release",
        "True True disclosure_kit.model.editions",
    ], proc.stderr
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from disclosure_kit import opendata
        from disclosure_kit.opendata.cells import cell_records

        assert opendata.cell_records is cell_records
