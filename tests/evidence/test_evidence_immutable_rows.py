"""Stored evidence cannot be changed or deleted through the models either."""

from __future__ import annotations

import pytest

from cdnet.evidence.models import EvidenceItem, ImmutableEvidence
from cdnet.evidence.services import upload
from factories import make_finding


def test_an_evidence_row_refuses_to_be_updated_or_deleted(network):
    finding = make_finding()
    item = upload(
        network.alice, "note.txt", [b"seen on 2024-05-01\n"], finding=finding, title="Note"
    )
    item.title = "Something else"
    with pytest.raises(ImmutableEvidence):
        item.save()
    with pytest.raises(ImmutableEvidence):
        item.delete()
    assert EvidenceItem.objects.get(pk=item.pk).title == "Note"
    with pytest.raises(ImmutableEvidence):
        item.files.first().delete()
