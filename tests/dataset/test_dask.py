"""The Dask engine on a local two-worker cluster writes exactly the bytes of the local engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from distributed import LocalCluster

from disclosure_kit.dataset import DatasetOptions, build_dataset

from .test_synthetic import OUTPUTS


def test_dask_local_cluster_matches_local_engine(synthetic: dict[str, Any], tmp_path: Path) -> None:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        out = tmp_path / "dask"
        result = build_dataset([str(synthetic["reports"])], out,
                               DatasetOptions(engine="dask", scheduler=cluster.scheduler_address, progress=False))
    assert result.reports == 41
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (synthetic["out"] / name).read_bytes(), name
