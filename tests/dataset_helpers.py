"""Helpers shared by the dataset tests: fixture files, registering, uploading, leftovers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cdnet.cases.datasets import register_dataset
from cdnet.cases.models import Dataset

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"
POSTS = FIXTURES / "posts.csv"
BAD_POSTS = FIXTURES / "posts_bad_timestamp.csv"
ADS = FIXTURES / "ads.csv"


def register(user: Any, path: Path = POSTS, name: str = "") -> Dataset:
    return register_dataset(path, name, user)


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(
    client: Client,
    filename: str,
    content: bytes,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> Any:
    """Post the upload form (as a browser without JavaScript would, unless ``headers`` say)."""
    data = {**fields, "file": SimpleUploadedFile(filename, content, "text/csv")}
    return client.post("/datasets/upload/", data, headers=headers or {})


def files_under(root: Path) -> list[Path]:
    """Every file below ``root`` (empty when nothing is left behind)."""
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
