"""Shared helpers of the renderer tests: the bundled examples, render contexts, Chromium, plug-ins."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import tomllib

from disclosure_kit.check.findings import FileResult
from disclosure_kit.check.pipeline import check_data, check_file
from disclosure_kit.model.editions import get_edition
from disclosure_kit.renderers.base import RenderContext

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "fixtures" / "examples"
PLUGIN = ROOT / "tests" / "plugins" / "dk_plugin_example"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
BIN = ROOT / ".venv" / "bin"


def example(edition: str) -> FileResult:
    result = check_file(str(EXAMPLES / f"{edition}.yaml"))
    assert result.report is not None and not result.findings, result.findings
    return result


def checked(data: dict[str, Any], name: str = "report.yaml") -> FileResult:
    return check_data(data, name)


def context(result: FileResult, lang: str = "zh", annotate: bool = False) -> RenderContext:
    assert result.report is not None and result.edition is not None
    return RenderContext(report=result.report, edition=get_edition(result.edition), result=result,
                         lang=lang, annotate=annotate, source_name=result.file)


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium, offline, with a fresh profile under ``tmp``."""
    profile = tmp / "chromium-profile"
    profile.mkdir(exist_ok=True)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


def pip_install_plugin(target: Path) -> Path:
    """``pip install`` the example plug-in into ``target`` (offline, no build isolation, not into the venv).

    Installing into the shared virtual environment would make the plug-in appear in every other
    test run meanwhile; ``--target`` gives the same layout (package + ``.dist-info``) in tmp_path.
    """
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(PLUGIN)],
                   check=True, capture_output=True, text=True, timeout=300)
    return target


def install_plugin(site: Path, name: str = "dk-plugin-example", version: str = "0.1.0",
                   entry_points: dict[str, str] | None = None, package: Path | None = PLUGIN) -> Path:
    """Install a plug-in into ``site`` the way pip lays it out: the package plus a ``.dist-info``.

    The entry points come from the plug-in's own ``pyproject.toml`` (or ``entry_points``). Nothing
    is written into the shared virtual environment, so the test is offline and leaves no trace.
    """
    site.mkdir(parents=True, exist_ok=True)
    if entry_points is None:
        assert package is not None
        meta = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        entry_points = meta["entry-points"]["disclosure_kit.renderers"]
        name, version = meta["name"], meta["version"]
    if package is not None:
        for pkg in package.iterdir():
            if pkg.is_dir() and (pkg / "__init__.py").exists():
                shutil.copytree(pkg, site / pkg.name, dirs_exist_ok=True)
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    lines = ["[disclosure_kit.renderers]", *(f"{k} = {v}" for k, v in entry_points.items()), ""]
    (info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    return site
