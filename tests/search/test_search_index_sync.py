"""Search documents follow their records: saves, deletes, links, comments, rollbacks."""

from __future__ import annotations

import pytest
from django.db import transaction

from cdnet.cases import casework
from cdnet.cases.alerts import AlertContent, create_alert
from cdnet.cases.models import Alert
from cdnet.search.index import reindex, remove
from cdnet.search.models import SearchDocument
from cdnet.search.query import search


def documents(kind):
    return SearchDocument.objects.filter(kind=kind)


def test_nothing_is_indexed_before_the_transaction_commits(
    network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        create_alert(network.alice, AlertContent(title="Pending alert", summary="s"))
        assert not documents("alert").exists()
    assert len(callbacks) == 1  # saving and linking the alert are batched into one reindex
    callbacks[0]()
    assert documents("alert").get().title == "Pending alert"


def test_a_rolled_back_transaction_leaves_no_search_document(
    network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            create_alert(network.alice, AlertContent(title="Doomed alert", summary="s"))
            raise RuntimeError("the writer changed its mind")
        create_alert(network.alice, AlertContent(title="Kept alert", summary="s"))
    assert list(documents("alert").values_list("title", flat=True)) == ["Kept alert"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_commit_leaves_no_search_document_on_a_real_database(network):
    with pytest.raises(RuntimeError), transaction.atomic():
        create_alert(network.alice, AlertContent(title="Doomed alert", summary="s"))
        raise RuntimeError("rolled back")
    assert not documents("alert").exists()
    create_alert(network.alice, AlertContent(title="Committed alert", summary="s"))
    assert search(network.alice, "committed").total == 1


def test_editing_a_record_rewrites_its_document(network, kit):
    alert = kit.alert(network.alice, "First title", "unchanged body")
    with kit.capture(execute=True):
        Alert.objects.filter(pk=alert.pk).update(title="Second title")
        alert.refresh_from_db()
        alert.save()
    assert search(network.alice, "first").total == 0
    assert search(network.alice, "second").total == 1
    assert documents("alert").count() == 1


def test_deleting_a_record_deletes_its_document(network, kit):
    case = kit.case(network.alice, "Short-lived case")
    with kit.capture(execute=True):
        case.delete()
    assert not documents("case").exists()
    assert search(network.alice, "short-lived").total == 0


def test_comments_and_linked_findings_update_the_case(network, kit):
    case = kit.case(network.alice, "Growing case")
    finding = kit.finding("tass.agency", platform="vk")
    with kit.capture(execute=True):
        casework.comment(case, network.alice, "The mirror sites share one analytics id")
        casework.add_findings(case, network.alice, [finding])
    assert search(network.alice, "analytics").total == 1
    assert search(network.alice, "growing", platform="vk").total == 1


def test_reindex_and_remove_work_on_one_object_directly(network, kit):
    alert = kit.alert(network.alice, "Direct alert")
    remove(alert)
    assert not documents("alert").exists()
    assert reindex(alert).title == "Direct alert"
    with pytest.raises(TypeError):
        reindex(network.alpha)
