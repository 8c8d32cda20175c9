"""Running a detector on a registered dataset and saving what it finds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from cdnet.analysis.detectors import registry
from cdnet.analysis.detectors.base import Tables
from cdnet.cases.datasets import tables_of
from cdnet.cases.findings import save_findings
from cdnet.cases.models import Dataset
from cdnet.errors import BadInput


@dataclass(frozen=True)
class DetectionRun:
    detector: str
    findings: int
    saved: int


def detect_on_dataset(
    dataset: Dataset,
    detector_name: str,
    options: Mapping[str, Any] | None = None,
    user: User | None = None,
) -> DetectionRun:
    detector = registry.get(detector_name)
    with Tables({name: [path] for name, path in tables_of(dataset).items()}) as tables:
        if not detector.applies_to(tables):
            raise BadInput(
                f"detector {detector.name} reads {', '.join(detector.tables)}; dataset "
                f"{dataset.pk} has {', '.join(tables.names) or 'no tables'}"
            )
        records = list(detector.findings(tables, detector.make_config(options or {})))
    saved = save_findings(records, source=f"dataset {dataset.pk}", dataset=dataset, user=user)
    return DetectionRun(detector=detector.name, findings=len(records), saved=saved)
