"""The demo's input files: the shipped templates moved into the demo year, images made by Pillow,
an election calendar for the replayed election; then ingested and analysed like any upload.

Everything is written under ``CDNET_HOME/demo-data/`` so that a user can open the files the
demo analysed. ``src/cdnet/data/demo/SOURCE-year.md`` says what the templates hold.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import format_datetime
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from PIL import Image, PngImagePlugin

from cdnet.cases.datasets import register_dataset
from cdnet.cases.detection import detect_on_dataset
from cdnet.cases.models import Dataset, Finding
from cdnet.demo.clock import Replay

#: Columns holding a moment, moved into the demo year.
MOMENTS = (
    "created_at",
    "delivery_start",
    "delivery_stop",
    "submitted_at",
    "acknowledged_at",
    "decided_at",
)
#: The shipped election replayed in the demo year (its silence rules, its parties).
REPLAYED_ELECTION = "fr-2024-06-30"
_LOCAL = "%Y-%m-%d %H:%M"
_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
    'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/{kind}"/>'
    "</rdf:RDF></x:xmpmeta>"
)
_A1111 = (
    "campaign poster, crowd, flags, dramatic light (cdnet demo image)\n"
    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 64x48, Model: demo"
)


def template(name: str) -> Path:
    return Path(str(resources.files("cdnet") / "data" / "demo" / name))


def workdir() -> Path:
    folder = Path(settings.HOME) / "demo-data"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _moved(value: str, replay: Replay) -> str:
    if not value:
        return value
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return replay.move(moment).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def moved_copy(name: str, replay: Replay, folder: Path | None = None) -> Path:
    """The template ``name`` with its moments moved into the demo year."""
    with template(name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [
            {k: _moved(v, replay) if k in MOMENTS else v for k, v in row.items()} for row in reader
        ]
    return _write((folder or workdir()) / name, header, rows)


def _image(path: Path, recipe: str, shade: int) -> None:
    """A small picture carrying the provenance metadata the recipe names."""
    picture = Image.new("RGB", (64, 48), (shade, 90, 160))
    if recipe == "png-parameters":  # what AUTOMATIC1111 writes
        info = PngImagePlugin.PngInfo()
        info.add_text("parameters", _A1111)
        picture.save(path, "PNG", pnginfo=info)
    elif recipe in ("xmp-generated", "xmp-edited"):  # IPTC DigitalSourceType in XMP
        kind = "trainedAlgorithmicMedia"
        if recipe == "xmp-edited":
            kind = "compositeWithTrainedAlgorithmicMedia"
        picture.save(path, "JPEG", xmp=_XMP.format(kind=kind).encode("utf-8"))
    elif recipe == "camera":
        exif = Image.Exif()
        exif[0x010F], exif[0x0110] = "DemoCam", "DC-1"  # Make, Model
        picture.save(path, "JPEG", exif=exif)
    else:
        picture.save(path)


def images_folder(replay: Replay) -> tuple[Path, Path]:
    """The images table and the folder of images it names, made now."""
    folder = workdir() / "images"
    folder.mkdir(exist_ok=True)
    table = moved_copy("images.csv", replay, folder)
    with table.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            _image(folder / row["path"], row["recipe"], (40 * number) % 256)
    return table, folder


def email_folder(replay: Replay) -> Path:
    """The e-mails of ``overload_emails.csv`` as a folder of .eml files, dated in the demo year."""
    folder = workdir() / "overload-mail"
    folder.mkdir(exist_ok=True)
    with template("overload_emails.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            message = EmailMessage()
            message["Message-ID"] = f"<{row['message_id']}>"
            message["Date"] = format_datetime(
                dt.datetime.fromisoformat(_moved(row["date"], replay).replace("Z", "+00:00"))
            )
            message["From"], message["To"] = row["from"], row["to"]
            if row["cc"]:
                message["Cc"] = row["cc"]
            message["Subject"] = row["subject"]
            message.set_content(row["body"])
            (folder / f"{number:03d}.eml").write_bytes(bytes(message))
    return folder


def demo_calendar(replay: Replay) -> tuple[Path, str]:
    """A one-election calendar: the shipped :data:`REPLAYED_ELECTION` moved into the demo year."""
    shipped = Path(str(resources.files("cdnet") / "data" / "elections" / "calendar.csv"))
    with shipped.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        row = next(r for r in reader if r["election_id"] == REPLAYED_ELECTION)
    for column in ("silence_start", "polls_close", "poll_ban_start"):
        if row.get(column):
            # a local wall time, moved by whole weeks: the zone does not matter here
            local = dt.datetime.strptime(row[column], _LOCAL).replace(tzinfo=dt.UTC)
            moved = local + replay.shift
            row[column] = moved.strftime(_LOCAL)
    polling_day = dt.date.fromisoformat(row["polling_day"]) + replay.shift
    row["polling_day"] = polling_day.isoformat()
    row["election_id"] = f"{row['country'].lower()}-{polling_day.isoformat()}"
    row["name"] = f"Demo election (fictional): {row['name']} replayed on {polling_day}"
    path = _write(workdir() / "demo-calendar.csv", header, [row])
    return path, row["election_id"]


def analyse(
    user: User,
    path: Path,
    name: str,
    detectors: Mapping[str, Mapping[str, Any] | None],
) -> tuple[Dataset, list[Finding]]:
    """Register ``path`` as a dataset of ``user`` and run each detector on it."""
    dataset = register_dataset(path, name, user)
    for detector, options in detectors.items():
        detect_on_dataset(dataset, detector, options, user=user)
    return dataset, list(Finding.objects.filter(dataset=dataset).order_by("pk"))
