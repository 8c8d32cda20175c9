"""ai-images: pixel-classifier plugins (entry-point group cdnet.image_classifiers), off by default.

A fake plugin module is written to a temporary folder and registered by replacing the
entry-point lookup; cdnet loads it as it would an installed one (``EntryPoint.load``).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.images import classifiers
from cdnet.errors import BadInput

DETECTOR = get("ai-images")

FAKE_PLUGIN = '''
from cdnet.analysis.images.classifiers import Classification

CALLS = []


def classify(path):
    """Says "synthetic" for files named synthetic*, "real" for real*, nothing otherwise."""
    CALLS.append(path.name)
    if path.name.startswith("synthetic"):
        return Classification("ai-generated", 0.93, "synthetic")
    if path.name.startswith("real"):
        return Classification("camera", 0.88, "real")
    return None
'''


@pytest.fixture
def fake_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The ``fake`` classifier, registered; yields its module (``CALLS`` lists the files)."""
    name = f"cdnet_fake_classifier_{uuid.uuid4().hex}"
    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / f"{name}.py").write_text(FAKE_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    entry = EntryPoint("fake", f"{name}:classify", classifiers.ENTRY_POINT_GROUP)

    def lookup(group: str) -> list[EntryPoint]:
        return [entry] if group == classifiers.ENTRY_POINT_GROUP else []

    monkeypatch.setattr(classifiers, "entry_points", lookup)
    module = __import__(name)
    yield module
    sys.modules.pop(name, None)


def image_folder(tmp_path: Path) -> Path:
    """synthetic.jpg and real.jpg without metadata; synthetic-camera.jpg with a camera's EXIF."""
    folder = tmp_path / "images"
    folder.mkdir()
    for name in ("synthetic.jpg", "real.jpg"):
        Image.new("RGB", (16, 16), (10, 20, 30)).save(folder / name, "JPEG")
    exif = Image.Exif()
    exif[271], exif[272] = "Nikon", "Z6"
    Image.new("RGB", (16, 16)).save(folder / "synthetic-camera.jpg", "JPEG", exif=exif)
    table = {"image_id": ["synthetic", "real", "camera"]}
    table["path"] = ["synthetic.jpg", "real.jpg", "synthetic-camera.jpg"]
    pq.write_table(pa.table(table), folder / "images.parquet")
    return folder / "images.parquet"


def detect(table: Path, **options: Any) -> dict[str, dict[str, Any]]:
    with Tables({"images": [table]}) as tables:
        found = DETECTOR.findings(tables, DETECTOR.make_config(options))
        return {f["image_id"]: f for f in found}


def test_an_installed_classifier_is_not_run_unless_asked(tmp_path: Path, fake_plugin: Any) -> None:
    found = detect(image_folder(tmp_path))
    assert found["synthetic"]["verdict"] == "unknown"
    assert not any(s["source"] == "classifier" for f in found.values() for s in f["signals"])
    assert fake_plugin.CALLS == []


def test_a_named_classifier_decides_only_what_metadata_leaves_unknown(
    tmp_path: Path, fake_plugin: Any
) -> None:
    found = detect(image_folder(tmp_path), classifiers=["fake"])
    synthetic = found["synthetic"]
    assert (synthetic["verdict"], synthetic["score"]) == ("ai-generated", 0.4)
    assert {"source": "classifier", "value": "fake: synthetic (0.93)"} in synthetic["signals"]
    assert "a guess and not provenance" in synthetic["explanation"]
    assert found["camera"]["verdict"] == "camera"  # EXIF decided: the classifier was not asked
    assert sorted(fake_plugin.CALLS) == ["real.jpg", "synthetic.jpg"]


def test_a_classifier_never_makes_an_image_camera(tmp_path: Path, fake_plugin: Any) -> None:
    real = detect(image_folder(tmp_path), classifiers=["fake"])["real"]
    assert (real["verdict"], real["score"]) == ("unknown", 0.0)
    assert {"source": "classifier", "value": "fake: real (0.88)"} in real["signals"]


def test_asking_for_a_classifier_that_is_not_installed_names_the_installed_ones(
    tmp_path: Path, fake_plugin: Any
) -> None:
    with pytest.raises(BadInput, match=r"unknown image classifier 'deepfake-o-meter'.*fake"):
        detect(image_folder(tmp_path), classifiers=["deepfake-o-meter"])
    assert fake_plugin.CALLS == []
