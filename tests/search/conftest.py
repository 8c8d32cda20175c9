"""A small kit that writes searchable records and lets their search documents be committed."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from cdnet.cases import casework
from cdnet.cases.alerts import AlertContent, create_alert
from cdnet.cases.findings import save_findings
from cdnet.cases.models import Alert, Case, Finding
from cdnet.evidence.models import EvidenceItem

_seq = itertools.count(1)


@dataclass
class Kit:
    network: Any
    capture: Any  # pytest-django's django_capture_on_commit_callbacks

    def finding(self, subject: str, explanation: str = "", **fields: Any) -> Finding:
        """A finding, saved through the service, then given platform/country/TLP/etc."""
        with self.capture(execute=True):
            record = {
                "detector": fields.pop("detector", "lookalike-domains"),
                "score": 0.8,
                "explanation": explanation or f"{subject} looks suspicious.",
                "domain": subject,
                "disarm": list(fields.pop("techniques", [])),
                "nonce": next(_seq),
                **fields.pop("payload", {}),
            }
            save_findings([record], source="test", user=fields.pop("created_by", None))
            finding = Finding.objects.filter(subject=subject).latest("id")
            if fields:
                Finding.objects.filter(pk=finding.pk).update(**fields)
                finding.refresh_from_db()
                finding.save()
        return finding

    def alert(self, author: Any, title: str, summary: str = "", **fields: Any) -> Alert:
        """An alert drafted through the service; extra fields are AlertContent fields."""
        with self.capture(execute=True):
            findings = fields.pop("findings", [])
            red_readers = fields.pop("red_readers", [])
            content = AlertContent(title=title, summary=summary or f"About {title}.", **fields)
            alert = create_alert(author, content, findings)
            alert.red_readers.add(*red_readers)
        return alert

    def case(self, creator: Any, title: str, description: str = "", **fields: Any) -> Case:
        """A case opened through the service, with comments added through it too."""
        with self.capture(execute=True):
            case = casework.open_case(
                creator, title, description, fields.pop("tlp", "AMBER"), fields.pop("findings", [])
            )
            for body in fields.pop("comments", []):
                casework.comment(case, creator, body)
            if fields:
                Case.objects.filter(pk=case.pk).update(**fields)
                case.refresh_from_db()
                case.save()
        return case

    def evidence(self, capturer: Any, title: str, text: str = "", **fields: Any) -> EvidenceItem:
        with self.capture(execute=True):
            item = EvidenceItem.objects.create(
                kind="upload",
                title=title,
                source_url=fields.pop("source_url", ""),
                sha256=hashlib.sha256(title.encode()).hexdigest(),
                size=len(text),
                mime_type="text/plain",
                captured_at=fields.pop("captured_at", timezone.now()),
                captured_by=capturer,
                extracted_text=text,
                **fields,
            )
        return item


@pytest.fixture
def kit(network: Any, django_capture_on_commit_callbacks: Any) -> Kit:
    return Kit(network, django_capture_on_commit_callbacks)
