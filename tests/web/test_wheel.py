"""The service's pages, scripts and styles ship inside the wheel (no network, no checkout needed)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .support import ROOT


def test_the_wheel_holds_every_asset_of_the_service(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = Path(next(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "src" / "disclosure_kit" / "web"
    assets = [p.relative_to(ROOT / "src").as_posix() for p in package.rglob("*")
              if p.is_file() and p.suffix in (".js", ".css", ".svg", ".j2")]
    assert len(assets) >= 10
    assert set(assets) <= names
    assert "disclosure_kit/_data/renderers/html/report.css" in names  # the tables' stylesheet
    assert "disclosure_kit/_data/schema/check-result/1.0/check-result.schema.json" in names
