from __future__ import annotations

import pytest

from cdnet.cases import casework, suggestions
from cdnet.cases.findings import save_findings
from cdnet.cases.models import CaseSuggestion, Finding
from cdnet.errors import InvalidTransition, NotAllowed
from factories import lookalike_record, make_finding


def test_a_case_is_led_by_the_organisation_of_the_member_who_opens_it(network):
    case = casework.open_case(network.alice, "Clones of Der Spiegel", findings=[make_finding()])
    assert case.lead_organisation == network.alpha
    assert list(case.participants.all()) == [network.alice]
    assert case.findings.count() == 1


def test_two_members_cannot_claim_the_same_case(network):
    case = casework.open_case(network.alice, "Clones")
    casework.claim(case, network.alice)
    with pytest.raises(InvalidTransition, match="already claimed by alice"):
        casework.claim(case, network.bob)
    casework.release(case, network.alice)
    assert casework.claim(case, network.bob).claimed_by == network.bob


def test_only_the_claimant_or_a_coordinator_releases_a_claim(network):
    case = casework.open_case(network.alice, "Clones")
    casework.claim(case, network.alice)
    with pytest.raises(NotAllowed):
        casework.release(case, network.bob)
    assert casework.release(case, network.carol).claimed_by is None


def test_a_comment_resolves_its_mentions_to_members_and_invites_them(network):
    case = casework.open_case(network.alice, "Clones")
    note = casework.comment(case, network.alice, "@bob can you check? cc @nobody, mail@bob.example")
    assert [u.get_username() for u in note.mentions.all()] == ["bob"]
    assert network.bob in case.participants.all()


def test_tasks_are_added_and_completed(network):
    case = casework.open_case(network.alice, "Clones")
    task = casework.add_task(case, network.alice, "Archive the clone pages", network.bob)
    casework.complete_task(task, network.bob)
    task.refresh_from_db()
    assert task.done and task.done_at is not None


def test_a_new_finding_with_a_subject_of_an_open_case_is_offered_to_it(network):
    save_findings([lookalike_record("spiegel.ltd", "spiegel.de")], user=network.alice)
    first = Finding.objects.get()
    case = casework.open_case(network.alice, "Clones", findings=[first])
    again = {**lookalike_record("spiegel.ltd", "spiegel.de"), "post_ids": ["p999"]}
    unrelated = lookalike_record("welt.pm", "welt.de")
    save_findings([again, unrelated], user=network.bob)
    [suggestion] = CaseSuggestion.objects.all()
    assert suggestion.case == case
    assert suggestion.finding.payload["post_ids"] == ["p999"]
    assert suggestion.matched_on == "domain:spiegel.ltd"
    suggestions.decide(suggestion, network.alice, accept=True)
    assert case.findings.count() == 2
    with pytest.raises(InvalidTransition):
        suggestions.decide(suggestion, network.alice, accept=False)


def test_a_closed_case_is_not_offered_new_findings(network):
    save_findings([lookalike_record("spiegel.ltd", "spiegel.de")], user=network.alice)
    case = casework.open_case(network.alice, "Clones", findings=[Finding.objects.get()])
    casework.close_case(case, network.alice)
    save_findings([{**lookalike_record("spiegel.ltd"), "post_ids": ["p5"]}])
    assert not CaseSuggestion.objects.exists()


def test_a_finding_keeps_its_subjects(network):
    record = {**lookalike_record("bild.work", "bild.de"), "post_ids": ["a", "b"]}
    save_findings([record], user=network.alice)
    subjects = sorted(Finding.objects.get().subjects.values_list("kind", "value"))
    assert subjects == [("domain", "bild.work"), ("post", "a"), ("post", "b")]
