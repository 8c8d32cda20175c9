"""ai-images: the provenance cascade on real C2PA files and on images made here; the detector."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.images import (
    has_ai_label,
    images_table,
    inspect_image,
    labelled,
    split_image_folders,
)
from cdnet.analysis.images.provenance import OFFLINE_SETTINGS

FIXTURES = Path(__file__).parent.parent / "fixtures" / "c2pa"
EXPECTED = json.loads((FIXTURES / "expected_c2pa_readout.json").read_text(encoding="utf-8"))
DETECTOR = get("ai-images")
FIELDS = [
    "detector", "score", "explanation", "disarm",
    "image_id", "path", "verdict", "signals", "labelled", "unlabelled",
    "post_id", "account_id", "account_name", "platform",  # who posted it, when the table says
]  # fmt: skip


def values(path: Path, source: str) -> list[str]:
    return [s.value for s in inspect_image(path).signals if s.source == source]


def xmp(source_type: str, extra: str = "") -> bytes:
    uri = f"http://cv.iptc.org/newscodes/digitalsourcetype/{source_type}"
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        f'Iptc4xmpExt:DigitalSourceType="{uri}" {extra}/></rdf:RDF></x:xmpmeta>'
    ).encode()


def camera_exif(make: str = "Canon", model: str = "EOS R5") -> Image.Exif:
    exif = Image.Exif()
    exif[271], exif[272] = make, model
    return exif


def picture() -> Image.Image:
    return Image.new("RGB", (32, 24), (120, 80, 40))


# -- the real C2PA test images -------------------------------------------------------------------

C2PA_VERDICTS = {
    "C.jpg": "ai-generated",  # c2pa.created, algorithmicMedia
    "ocsp.jpg": "ai-edited",  # Photoshop + Firefly, compositeWithTrainedAlgorithmicMedia
    "CA.jpg": "unknown",  # opened + colour adjustments: no source type
    "E-sig-CA.jpg": "unknown",  # invalid signature, no source type
    "C_with_CAWG_data.jpg": "camera",  # " http://.../digitalCapture" (leading space)
    "libpng-test.png": "unknown",  # no metadata at all
}


@pytest.mark.parametrize(("name", "verdict"), sorted(C2PA_VERDICTS.items()))
def test_c2pa_test_images_get_the_verdict_their_manifest_supports(name: str, verdict: str) -> None:
    assert inspect_image(FIXTURES / name).verdict == verdict


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if EXPECTED[n]["has_manifest"]))
def test_c2pa_readout_matches_the_expected_validation_issuer_and_source_types(name: str) -> None:
    expected = EXPECTED[name]
    found = values(FIXTURES / name, "c2pa")
    state = next(v for v in found if v.startswith("validation_state="))
    assert state.startswith(f"validation_state={expected['validation_state']}")
    assert all(code in state for code in expected["validation_status_codes"])
    assert f"issuer={expected['signature_issuer']}" in found
    for action in expected["actions"]:
        if action["digitalSourceType"]:
            kind = action["digitalSourceType"].strip().rsplit("/", 1)[-1]
            assert f"{action['action']}: {kind}" in found


def test_trust_is_reported_as_untrusted_without_being_required() -> None:
    readout = inspect_image(FIXTURES / "C.jpg")
    assert "trust=untrusted" in [s.value for s in readout.signals]
    assert readout.verdict == "ai-generated"
    assert readout.score > 0.9


def test_an_invalid_manifest_is_reported_as_invalid() -> None:
    found = values(FIXTURES / "E-sig-CA.jpg", "c2pa")
    assert any(v.startswith("validation_state=Invalid (") and "claimSignature" in v for v in found)


def test_the_firefly_ingredient_of_a_photoshop_edit_is_evidence() -> None:
    found = values(FIXTURES / "ocsp.jpg", "c2pa")
    assert "ingredient c2pa.created: trainedAlgorithmicMedia" in found
    assert "softwareAgent=Adobe Firefly" in found
    assert "issuer=Adobe Inc." in found


def test_the_c2pa_reader_never_fetches_remote_manifests_or_ocsp() -> None:
    assert OFFLINE_SETTINGS["verify"] == {"remote_manifest_fetch": False, "ocsp_fetch": False}


def test_a_plain_camera_jpeg_is_camera_by_exif_alone() -> None:
    readout = inspect_image(FIXTURES / "IMG_0003.jpg")
    assert (readout.verdict, readout.score) == ("camera", 0.5)
    assert "Make=Canon" in values(FIXTURES / "IMG_0003.jpg", "exif")


# -- images made here ----------------------------------------------------------------------------


def test_an_automatic1111_png_is_ai_generated_by_its_parameters_chunk(tmp_path: Path) -> None:
    info = PngInfo()
    info.add_text("parameters", "a mayor at a rally\nSteps: 20, Sampler: Euler a, Seed: 42")
    picture().save(tmp_path / "a.png", pnginfo=info)
    readout = inspect_image(tmp_path / "a.png")
    assert readout.verdict == "ai-generated"
    assert readout.decided_by is not None and readout.decided_by.source == "png-text"
    assert readout.decided_by.value.startswith("parameters=a mayor at a rally Steps: 20")


def test_a_comfyui_png_is_ai_generated_by_its_prompt_chunk(tmp_path: Path) -> None:
    info = PngInfo()
    info.add_text("prompt", json.dumps({"3": {"class_type": "KSampler", "inputs": {}}}))
    picture().save(tmp_path / "c.png", pnginfo=info)
    assert inspect_image(tmp_path / "c.png").verdict == "ai-generated"


def test_a_png_comment_called_prompt_that_is_not_a_workflow_decides_nothing(tmp_path: Path) -> None:
    info = PngInfo()
    info.add_text("prompt", "say cheese")
    picture().save(tmp_path / "p.png", pnginfo=info)
    readout = inspect_image(tmp_path / "p.png")
    assert readout.verdict == "unknown"
    assert [s.record() for s in readout.signals] == [
        {"source": "png-text", "value": "prompt=say cheese"}
    ]


def test_a_jpeg_with_camera_make_and_model_is_camera(tmp_path: Path) -> None:
    picture().save(tmp_path / "cam.jpg", exif=camera_exif("NIKON", "Z 6"))
    readout = inspect_image(tmp_path / "cam.jpg")
    assert readout.verdict == "camera"
    assert values(tmp_path / "cam.jpg", "exif") == ["Make=NIKON", "Model=Z 6"]


def test_iptc_digital_source_type_in_xmp_marks_ai_generated(tmp_path: Path) -> None:
    picture().save(tmp_path / "x.jpg", xmp=xmp("trainedAlgorithmicMedia"))
    readout = inspect_image(tmp_path / "x.jpg")
    assert readout.verdict == "ai-generated"
    assert values(tmp_path / "x.jpg", "iptc") == ["DigitalSourceType=trainedAlgorithmicMedia"]


def test_an_ai_composite_keeps_the_camera_exif_but_is_ai_edited(tmp_path: Path) -> None:
    picture().save(
        tmp_path / "fill.jpg",
        exif=camera_exif(),
        xmp=xmp("compositeWithTrainedAlgorithmicMedia"),
    )
    assert inspect_image(tmp_path / "fill.jpg").verdict == "ai-edited"


def test_a_remote_manifest_url_in_xmp_is_recorded_not_fetched(tmp_path: Path) -> None:
    url = "https://cai-manifests.example/manifests/abc.c2pa"
    picture().save(tmp_path / "r.jpg", xmp=xmp("digitalCapture", f'dcterms:provenance="{url}"'))
    assert f"remote_manifest={url}" in values(tmp_path / "r.jpg", "xmp")


def test_a1111_parameters_in_jpeg_exif_user_comment_mark_ai_generated(tmp_path: Path) -> None:
    exif = Image.Exif()
    comment = b"UNICODE\0" + "castle, Steps: 30, Sampler: DPM++ 2M".encode("utf-16-be")
    exif.get_ifd(0x8769)[37510] = comment
    picture().save(tmp_path / "u.jpg", exif=exif)
    assert inspect_image(tmp_path / "u.jpg").verdict == "ai-generated"


def test_a_generator_named_in_exif_software_marks_ai_generated(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[305] = "Midjourney v6"
    picture().save(tmp_path / "m.jpg", exif=exif)
    assert inspect_image(tmp_path / "m.jpg").verdict == "ai-generated"


@pytest.mark.parametrize("name", ["C.jpg", "ocsp.jpg", "C_with_CAWG_data.jpg", "IMG_0003.jpg"])
def test_stripped_metadata_leaves_the_verdict_unknown(tmp_path: Path, name: str) -> None:
    with Image.open(FIXTURES / name) as original:
        Image.frombytes(original.mode, original.size, original.tobytes()).save(
            tmp_path / "stripped.jpg", quality=85
        )
    readout = inspect_image(tmp_path / "stripped.jpg")
    assert (readout.verdict, readout.score, readout.signals) == ("unknown", 0.0, [])


def test_a_missing_file_is_unknown_and_unreadable(tmp_path: Path) -> None:
    readout = inspect_image(tmp_path / "gone.jpg")
    assert (readout.verdict, readout.readable) == ("unknown", False)


# -- labels ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "caption",
    [
        "AI-generated image of the candidate",
        "Image générée par l'IA pour illustrer notre programme",
        "Bild KI-generiert",
        "Immagine generata con l'IA",
        "Imagen creada con IA",
        "Foto gemaakt met AI",
        "Zdjęcie wygenerowane przez sztuczną inteligencję",
        "Imagine generată de inteligența artificială",
        "Kuva on tekoälyn luoma",
        "Imagem gerada por inteligência artificial",
        "Our new poster #aiart",
        "Made with AI",
    ],
)
def test_ai_labels_in_eu_languages_are_recognised(caption: str) -> None:
    assert has_ai_label(caption)


@pytest.mark.parametrize(
    "caption",
    [
        "Vote for us on Sunday",
        "Débat sur l'IA et l'emploi ce soir",
        "Me lo ha hecho mi hermano",
        "#ai",
        "",
    ],
)
def test_captions_that_only_mention_ai_are_not_labels(caption: str) -> None:
    assert not has_ai_label(caption)


def test_labelled_is_null_only_when_there_is_nothing_to_read() -> None:
    assert labelled(True, None) is True
    assert labelled(None, "KI-generiert") is True
    assert labelled(False, "KI-generiert") is True
    assert labelled(False, None) is False
    assert labelled(None, "Vote for us") is False
    assert labelled(None, None) is None


# -- the detector ----------------------------------------------------------------------------------


def images_folder(tmp_path: Path) -> Path:
    """An images table beside its pictures, paths relative to the table's folder."""
    folder = tmp_path / "export"
    (folder / "img").mkdir(parents=True)
    for name in ("C.jpg", "ocsp.jpg", "C_with_CAWG_data.jpg"):
        shutil.copy(FIXTURES / name, folder / "img" / name)
    picture().save(folder / "img" / "plain.jpg")
    rows = [
        ("gen", "img/C.jpg", "Vote for us on Sunday", None),
        ("edit", "img/ocsp.jpg", "Notre affiche, générée par IA", None),
        ("cam", "img/C_with_CAWG_data.jpg", "At the rally", False),
        ("plain", "img/plain.jpg", None, None),
        ("gone", "img/missing.jpg", None, True),
    ]
    columns = list(zip(*rows, strict=True))
    table = pa.table(
        {
            "image_id": pa.array(columns[0], pa.string()),
            "path": pa.array(columns[1], pa.string()),
            "text": pa.array(columns[2], pa.string()),
            "ai_label": pa.array(columns[3], pa.bool_()),
        }
    )
    pq.write_table(table, folder / "images.parquet")
    return folder


def test_detector_gives_each_image_its_verdict_label_and_signals(
    tmp_path: Path, engine: Any
) -> None:
    folder = images_folder(tmp_path)
    config = DETECTOR.make_config({})
    tables = Tables({"images": [folder / "images.parquet"]}, engine)
    records = list(DETECTOR.findings(tables, config))
    assert [list(r) for r in records] == [FIELDS] * 5
    by_id = {r["image_id"]: r for r in records}
    assert records[0]["image_id"] == "gen"  # the unlabelled AI image comes first
    assert by_id["gen"] | {"signals": None, "explanation": None} == {
        "detector": "ai-images", "score": 0.95, "explanation": None, "disarm": ["T0086.002"],
        "image_id": "gen", "path": "img/C.jpg", "verdict": "ai-generated", "signals": None,
        "labelled": False, "unlabelled": True,
        "post_id": None, "account_id": None, "account_name": None, "platform": None,
    }  # fmt: skip
    assert {"source": "c2pa", "value": "c2pa.created: algorithmicMedia"} in by_id["gen"]["signals"]
    assert "no AI label" in by_id["gen"]["explanation"]
    assert (by_id["edit"]["verdict"], by_id["edit"]["labelled"]) == ("ai-edited", True)
    assert by_id["edit"]["unlabelled"] is False
    assert (by_id["cam"]["verdict"], by_id["cam"]["unlabelled"], by_id["cam"]["disarm"]) == (
        "camera",
        False,
        [],
    )
    assert (by_id["plain"]["verdict"], by_id["plain"]["labelled"]) == ("unknown", None)
    assert by_id["plain"]["score"] == 0.0
    assert by_id["gone"]["verdict"] == "unknown"
    assert "could not be read" in by_id["gone"]["explanation"]


def test_the_finding_names_who_posted_the_image_when_the_table_does(tmp_path: Path) -> None:
    folder = images_folder(tmp_path)
    table = pq.read_table(folder / "images.parquet")
    posted = {
        "post_id": ["p-gen", None, "p-cam", None, None],
        "account_id": ["party-account", None, "press-office", None, None],
        "account_name": ["A Party", None, "", None, None],
        "platform": ["facebook", None, "x", None, None],
    }
    for name, values in posted.items():
        table = table.append_column(name, pa.array(values, pa.string()))
    pq.write_table(table, folder / "images.parquet")
    with Tables({"images": [folder / "images.parquet"]}) as tables:
        by_id = {r["image_id"]: r for r in DETECTOR.findings(tables, DETECTOR.make_config({}))}
    assert [by_id["gen"][k] for k in posted] == ["p-gen", "party-account", "A Party", "facebook"]
    assert [by_id["cam"][k] for k in posted] == ["p-cam", "press-office", None, "x"]
    assert [by_id["plain"][k] for k in posted] == [None, None, None, None]


def test_a_folder_of_images_becomes_a_table_the_detector_can_resolve(tmp_path: Path) -> None:
    folder = tmp_path / "pics"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "C.jpg", folder / "sub" / "C.jpg")
    shutil.copy(FIXTURES / "libpng-test.png", folder / "b.png")
    (folder / "notes.txt").write_text("not an image", encoding="utf-8")
    out = tmp_path / "work"
    out.mkdir()
    path = images_table([folder], out)
    table = pq.read_table(path)
    assert table.column("image_id").to_pylist() == ["b.png", "sub/C.jpg"]
    assert table.column("source_folder").to_pylist() == [str(folder.resolve())] * 2
    with Tables({"images": [path]}) as tables:
        records = list(DETECTOR.findings(tables, DETECTOR.make_config({})))
    verdicts = {r["image_id"]: (r["verdict"], r["labelled"], r["unlabelled"]) for r in records}
    assert verdicts == {
        "sub/C.jpg": ("ai-generated", None, False),
        "b.png": ("unknown", None, False),
    }


def test_root_option_finds_images_of_a_table_ingested_elsewhere(tmp_path: Path) -> None:
    folder = images_folder(tmp_path)
    elsewhere = tmp_path / "ingested"
    elsewhere.mkdir()
    shutil.move(folder / "images.parquet", elsewhere / "images.parquet")
    config = DETECTOR.make_config({"root": str(folder)})
    with Tables({"images": [elsewhere / "images.parquet"]}) as tables:
        records = {r["image_id"]: r for r in DETECTOR.findings(tables, config)}
    assert records["gen"]["verdict"] == "ai-generated"
    assert records["edit"]["verdict"] == "ai-edited"


def test_only_folders_without_tables_count_as_image_folders(tmp_path: Path) -> None:
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    shutil.copy(FIXTURES / "libpng-test.png", pictures / "a.png")
    export = images_folder(tmp_path)  # images.parquet beside an img/ folder
    empty = tmp_path / "empty"
    empty.mkdir()
    assert split_image_folders([pictures, export, empty]) == ([pictures], [export, empty])
