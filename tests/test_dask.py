"""Parsing on a Dask LocalCluster gives exactly the single-process result."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.cli.main import main
from tests.conftest import GOLDEN, SEEDS

pytestmark = pytest.mark.slow  # starts a LocalCluster of worker processes

pytest.importorskip("dask.distributed")


def export(db: Path, out: Path) -> list[str]:
    assert main(["export", "--db", str(db), "--what", "events", "--format", "jsonl", "-o", str(out)]) == 0
    return sorted(out.read_text().splitlines())


def test_two_worker_local_cluster_equals_one_process(tmp_path: Path) -> None:
    single, cluster = tmp_path / "single.duckdb", tmp_path / "cluster.duckdb"
    corpus = [str(SEEDS), str(GOLDEN / "articles")]
    assert main(["ingest", *corpus, "--db", str(single)]) == 0
    assert main(["ingest", *corpus, "--db", str(cluster), "--dask", "local", "--workers", "2"]) == 0
    assert export(single, tmp_path / "a.jsonl") == export(cluster, tmp_path / "b.jsonl")
