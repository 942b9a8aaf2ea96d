"""The bundled examples are complete, valid, and their numbers satisfy every identity."""

from __future__ import annotations

from pathlib import Path

import yaml

from disclosure_kit.check.identities import cell_value, evaluate
from disclosure_kit.check.pipeline import check_files
from disclosure_kit.model.editions import get_edition

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "examples"


def test_examples_validate_clean() -> None:
    result = check_files([str(EXAMPLES)])
    assert [r.file.rsplit("/", 1)[-1] for r in result.files] == ["2019.yaml", "2021.yaml"]
    assert [r.findings for r in result.files] == [[], []]
    assert int(result.exit_code) == 0


def test_examples_fill_every_cell_and_hold_every_identity() -> None:
    for name in ("2019", "2021"):
        data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
        edition = get_edition(name)
        assert all(cell_value(data, c.path) is not None for c in edition.cells)
        assert [evaluate(i, data) for i in edition.identities] == [None] * len(edition.identities)
        assert data["edition"] == name and data["meta"]["agency"]


def test_example_figures() -> None:
    data = yaml.safe_load((EXAMPLES / "2021.yaml").read_text(encoding="utf-8"))
    t3 = data["applications"]
    assert (t3["new_received"]["total"], t3["carried_over"]["total"],
            t3["results"]["total"]["total"], t3["carried_forward"]["total"]) == (136, 6, 134, 8)
    assert data["active_disclosure"]["article_20_8"]["fees"]["amount"] == 0.092
