"""docs/api.md: every ```python block runs, in order, against the installed package."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .helpers import ROOT

DOC = ROOT / "docs" / "api.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_page_has_an_example_for_each_part_of_the_api() -> None:
    code = "\n".join(blocks())
    for name in ("api.load", "api.check(", "api.check_paths", "api.validate", "api.render", "api.import_source",
                 "api.iter_dataset", "api.schema_versions", "api.latest_version", "api.message",
                 "api.result_dict", "api.renderer_names", "api.RenderRefused", "api.LoadError", "api.SchemaInvalid"):
        assert name in code, name


def test_every_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From a copy of the checkout's examples, in tmp_path: the examples write nothing elsewhere."""
    shutil.copytree(ROOT / "fixtures" / "examples", tmp_path / "fixtures" / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "docs_api"}
    for i, block in enumerate(blocks()):
        exec(compile(block, f"{DOC}:block{i + 1}", "exec"), namespace)
    assert len(blocks()) >= 9


def test_the_package_is_typed() -> None:
    assert (ROOT / "src" / "disclosure_kit" / "py.typed").is_file()
    from disclosure_kit import api

    assert len(set(api.__all__)) == len(api.__all__)
    for name in api.__all__:
        assert getattr(api, name) is not None, name


def test_iter_dataset_results_carry_open_datas_own_findings(tmp_path: Path) -> None:
    """A value beyond 2^53 is valid to the schema but cannot be published exactly: ``iter_dataset``
    says so in the result, as ``dataset`` and ``render --to json`` do, and leaves the cell out."""
    import orjson
    import yaml

    from disclosure_kit import api

    report = yaml.safe_load((ROOT / "fixtures" / "examples" / "2021.yaml").read_text(encoding="utf-8"))
    report["applications"]["new_received"]["total"] = 2**60
    (tmp_path / "big.json").write_bytes(orjson.dumps(report))
    [record] = api.iter_dataset([tmp_path / "big.json"])
    assert record.result.status() == "invalid"
    assert [(f.code, f.pointer) for f in record.result.findings if f.code.startswith("opendata.")] == [
        ("opendata.out_of_range", "/applications/new_received/total")]
    [cell] = [c for c in record.cells if c["pointer"] == "/applications/new_received/total"]
    assert (cell["value"], cell["status"]) == (None, "invalid")
