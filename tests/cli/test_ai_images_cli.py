"""`cdnet detect ai-images` on a folder of pictures and on an images table beside its files."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, PngImagePlugin
from typer.testing import CliRunner

from cdnet.cli import app


def png_with_parameters(path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", "a mayor shaking hands\nSteps: 20, Sampler: Euler a, Seed: 1")
    Image.new("RGB", (8, 8), "white").save(path, pnginfo=info)


def verdicts(result) -> dict[str, str]:
    assert result.exit_code == 0, result.output
    return {r["image_id"]: r["verdict"] for r in map(json.loads, result.stdout.splitlines())}


def test_a_folder_of_images_is_an_input(tmp_path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    png_with_parameters(folder / "generated.png")
    Image.new("RGB", (8, 8), "black").save(folder / "plain.png")
    result = CliRunner().invoke(app, ["detect", "ai-images", str(folder)])
    assert verdicts(result) == {"generated.png": "ai-generated", "plain.png": "unknown"}


def test_paths_of_an_images_table_are_relative_to_its_own_folder(tmp_path, monkeypatch):
    export = tmp_path / "export"
    (export / "media").mkdir(parents=True)
    png_with_parameters(export / "media" / "a.png")
    (export / "images.csv").write_text(
        'image_id,path,text,ai_label\nimg1,media/a.png,"Vote for us",false\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)  # the table's folder, not the working directory, is the root
    result = CliRunner().invoke(app, ["detect", "ai-images", "export/images.csv"])
    assert verdicts(result) == {"img1": "ai-generated"}
    record = json.loads(result.stdout.splitlines()[0])
    assert record["unlabelled"] is True and record["labelled"] is False
