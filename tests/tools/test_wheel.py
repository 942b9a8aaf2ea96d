"""The wheel carries everything the package reads: the schema archive and manifest, renderers, py.typed.

Built offline from the checkout and installed without dependencies into ``tmp_path`` (put first on
``PYTHONPATH``, so it shadows the editable install), then run from ``tmp_path``: a file that only a
checkout has would make ``validate``, ``render`` or ``schema list`` fail. ``.ci/run`` does the same
with a clean virtual environment and the dependencies from the registry.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .helpers import EXAMPLES, ROOT


def _python(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("DISCLOSURE_KIT_SCHEMA_DIR", None)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_installed_wheel_works_away_from_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("disclosure_kit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in sorted((ROOT / "schema").rglob("*")):
        if path.is_file():
            assert f"disclosure_kit/_data/schema/{path.relative_to(ROOT / 'schema')}" in names, path
    assert "disclosure_kit/py.typed" in names
    assert any(n.startswith("disclosure_kit/_data/renderers/") for n in names)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(site),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    run = tmp_path / "run"
    run.mkdir()
    where = _python(site, run, "-c", "import disclosure_kit.model.resources as r; print(r.schema_dir())")
    assert where.stdout.strip() == str(site / "disclosure_kit" / "_data" / "schema")
    checked = _python(site, run, "-m", "disclosure_kit", "validate", str(EXAMPLES), "--lang", "en")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1] == "2 file(s) checked, 0 with errors: 0 error(s), 0 warning(s)"
    rendered = _python(site, run, "-m", "disclosure_kit", "render", str(EXAMPLES), "--to", "html", "--to", "json",
                       "-o", "out/")
    assert rendered.returncode == 0, rendered.stderr
    assert sorted(p.name for p in (run / "out").iterdir()) == ["2019.html", "2019.json", "2021.html", "2021.json"]
    listed = _python(site, run, "-m", "disclosure_kit", "schema", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert '"draft": "= ' in listed.stdout  # the working copies travel with the wheel too
    linted = _python(site, run, "-m", "disclosure_kit", "schema", "lint")
    assert linted.returncode == 0, linted.stdout
