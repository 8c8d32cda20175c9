"""`cdnet datasets list` and `cdnet datasets prune`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cdnet.cases.datasets import delete_dataset
from cdnet.cli.datasets import datasets_app
from dataset_helpers import ADS, POSTS, register


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


def test_prune_removes_the_files_of_a_deleted_dataset_and_lists_what_went(network):
    gone, kept = register(network.alice, POSTS), register(network.alice, ADS, "ads kept")
    delete_dataset(gone, network.alice)  # the test transaction never commits: files stay
    result = CliRunner().invoke(datasets_app, ["prune", "--min-age-hours", "0"])
    assert result.exit_code == 0, result.output
    assert f"removed {gone.path}" in result.output and "1 folders removed" in result.output
    assert not Path(gone.path).exists() and Path(kept.path).is_dir()
    listed = CliRunner().invoke(datasets_app, ["list"], terminal_width=200)
    assert "ads kept" in listed.output and "posts.csv" not in listed.output
    everything = CliRunner().invoke(datasets_app, ["list", "--deleted"], terminal_width=200)
    assert "posts.csv" in everything.output
