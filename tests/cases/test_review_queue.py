"""The review queue of the #7 findings: append-only decisions, the latest wins, who may decide."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from cdnet.audit.models import AuditEntry
from cdnet.cases import review_queue
from cdnet.cases.models import FindingReview
from cdnet.errors import BadInput, InvalidTransition, NotAllowed, NotFound
from factories import make_finding
from review_helpers import ad_record, sanctions_record, saved


def ids(findings) -> list[int]:
    return [f.pk for f in findings]


def test_a_new_sanctions_or_ad_finding_waits_in_the_open_queue_best_score_first(network):
    rt = saved(sanctions_record())
    ad = saved(ad_record())
    make_finding()  # a lookalike domain: not for this queue
    assert ids(review_queue.queue(network.alice)) == [rt.pk, ad.pk]
    assert ids(review_queue.queue(network.alice, detectors=["sanctions"])) == [rt.pk]
    assert review_queue.state_of(rt) == "open"
    assert review_queue.current(rt) is None


def test_a_confirmed_finding_leaves_the_open_queue_and_is_listed_as_confirmed(network):
    rt = saved(sanctions_record())
    ad = saved(ad_record())
    review_queue.decide(rt, network.alice, "confirm", "rt.com is RT's own domain")
    assert ids(review_queue.queue(network.bob)) == [ad.pk]
    confirmed = list(review_queue.queue(network.bob, state="confirmed"))
    assert ids(confirmed) == [rt.pk]
    assert confirmed[0].review_decision == "confirm"
    assert confirmed[0].review_by == network.alice.pk
    assert ids(review_queue.queue(network.bob, state="rejected")) == []
    assert ids(review_queue.queue(network.bob, state="all")) == [rt.pk, ad.pk]


def test_decisions_are_appended_and_the_latest_decision_is_the_state(network):
    rt = saved(sanctions_record())
    first = review_queue.decide(rt, network.alice, "confirm", "domain matches")
    review_queue.decide(rt, network.bob, "reject", "a mirror run by someone else")
    assert review_queue.state_of(rt) == "rejected"
    assert ids(review_queue.queue(network.carol, state="rejected")) == [rt.pk]
    rows = list(review_queue.history(rt))
    assert [(r.decision, r.by.username, r.comment) for r in rows] == [
        ("confirm", "alice", "domain matches"),
        ("reject", "bob", "a mirror run by someone else"),
    ]
    assert rows[0].pk == first.pk and rows[0].organisation == network.alpha
    assert rows[1].organisation == network.beta


def test_a_decision_once_written_cannot_be_edited(network):
    review = review_queue.decide(saved(sanctions_record()), network.alice, "confirm")
    review.decision = "reject"
    with pytest.raises(ValueError, match="never changed"):
        review.save()
    assert FindingReview.objects.get(pk=review.pk).decision == "confirm"


def test_one_person_cannot_both_confirm_and_reject_a_finding(network):
    rt = saved(sanctions_record())
    review_queue.decide(rt, network.alice, "confirm")
    with pytest.raises(NotAllowed, match="another member must decide"):
        review_queue.decide(rt, network.alice, "reject", "changed my mind")
    assert review_queue.state_of(rt) == "confirmed"
    # another member may supersede, and the first may then agree with the original decision again
    review_queue.decide(rt, network.dave, "reject")
    review_queue.decide(rt, network.alice, "confirm", "checked the register again")
    assert review_queue.state_of(rt) == "confirmed"
    assert FindingReview.objects.filter(finding=rt).count() == 3


def test_repeating_the_current_decision_is_refused(network):
    rt = saved(sanctions_record())
    review_queue.decide(rt, network.alice, "confirm")
    with pytest.raises(InvalidTransition, match="already confirmed"):
        review_queue.decide(rt, network.bob, "confirm")
    assert FindingReview.objects.filter(finding=rt).count() == 1


def test_a_member_who_may_not_read_the_finding_cannot_decide_on_it(network):
    strict = saved(sanctions_record(), user=network.alice, tlp="AMBER+STRICT")
    assert ids(review_queue.queue(network.bob)) == []  # Beta may not read Alpha's strict finding
    assert ids(review_queue.queue(network.dave)) == [strict.pk]
    with pytest.raises(NotFound):
        review_queue.decide(strict, network.bob, "reject")
    assert not FindingReview.objects.exists()


def test_someone_outside_the_network_cannot_decide(network):
    outsider = User.objects.create_user("eve", password="eve-pass")
    rt = saved(sanctions_record())
    assert ids(review_queue.queue(outsider)) == []
    with pytest.raises(NotAllowed, match="members of an organisation"):
        review_queue.decide(rt, outsider, "confirm")


def test_every_decision_is_in_the_audit_log(network):
    ad = saved(ad_record())
    review = review_queue.decide(ad, network.alice, "confirm", "a call to vote", label="issue")
    entry = AuditEntry.objects.filter(object_type="finding", object_id=str(ad.pk)).last()
    assert entry is not None
    assert (entry.action, entry.actor_name, entry.summary) == (
        "change",
        "alice",
        "review: confirm (issue)",
    )
    assert entry.details == {"review_id": review.pk, "label": "issue", "comment": "a call to vote"}


def test_a_confirmed_ad_is_political_unless_the_reviewer_says_issue(network):
    first = review_queue.decide(saved(ad_record("ad-1")), network.alice, "confirm")
    second = review_queue.decide(saved(ad_record("ad-2")), network.alice, "confirm", label="Issue")
    rejected = review_queue.decide(saved(ad_record("ad-3")), network.alice, "reject")
    assert (first.label, second.label, rejected.label) == ("political", "issue", "")


def test_a_confirmed_ad_changing_from_political_to_issue_is_a_new_decision(network):
    ad = saved(ad_record())
    review_queue.decide(ad, network.alice, "confirm")
    review_queue.decide(ad, network.bob, "confirm", "about migration, no party", label="issue")
    assert review_queue.state_of(ad) == "confirmed"
    assert review_queue.current(ad).label == "issue"


@pytest.mark.parametrize(
    ("record", "decision", "label", "field"),
    [
        (ad_record(), "confirm", "commercial", "label"),
        (ad_record(), "reject", "political", "label"),
        (sanctions_record(), "confirm", "political", "label"),
        (sanctions_record(), "maybe", "", "decision"),
    ],
)
def test_a_wrong_decision_or_label_is_bad_input(network, record, decision, label, field):
    finding = saved(record)
    with pytest.raises(BadInput) as error:
        review_queue.decide(finding, network.alice, decision, label=label)
    assert error.value.field == field
    assert not FindingReview.objects.exists()


def test_an_unknown_queue_state_is_bad_input(network):
    with pytest.raises(BadInput, match="state must be one of"):
        review_queue.queue(network.alice, state="pending")
