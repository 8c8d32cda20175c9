"""Search obeys TLP: hidden records are neither listed nor counted, on any page."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from cdnet.search.query import search


def found(page):
    return {(r.kind, r.id) for r in page.results}


def test_bob_cannot_find_an_amber_strict_alert_of_alpha_and_it_is_not_counted(network, kit):
    strict = kit.alert(network.alice, "Strict sabotage plan", tlp="AMBER+STRICT")
    open_ = kit.alert(network.alice, "Open sabotage report", tlp="AMBER")
    bob = search(network.bob, "sabotage")
    assert found(bob) == {("alert", open_.pk)}
    assert (bob.total, bob.pages) == (1, 1)
    assert found(search(network.dave, "sabotage")) == {("alert", strict.pk), ("alert", open_.pk)}


def test_bob_cannot_find_a_red_alert_he_is_not_named_on(network, kit):
    secret = kit.alert(network.alice, "Red informant report", tlp="RED")
    assert search(network.bob, "informant").total == 0
    assert search(network.dave, "informant").total == 0  # same organisation is not enough
    assert found(search(network.alice, "informant")) == {("alert", secret.pk)}


def test_a_red_reader_finds_the_red_alert(network, kit):
    shared = kit.alert(network.alice, "Red shared report", tlp="RED", red_readers=[network.bob])
    assert found(search(network.bob, "shared")) == {("alert", shared.pk)}


def test_hidden_records_do_not_shift_pages_or_totals(network, kit):
    for n in range(4):
        kit.alert(network.alice, f"Hidden troll farm {n}", tlp="RED")
    visible = [kit.alert(network.alice, f"Visible troll farm {n}") for n in range(3)]
    pages = [search(network.bob, "troll farm", per_page=2, page=p) for p in (1, 2)]
    assert [(p.total, p.pages) for p in pages] == [(3, 2), (3, 2)]
    assert {r.id for p in pages for r in p.results} == {a.pk for a in visible}


def test_tlp_of_cases_findings_and_evidence_is_obeyed_too(network, kit):
    finding = kit.finding("secret.example", "Quiet lookalike.", tlp="RED", created_by=network.alice)
    case = kit.case(network.alice, "Quiet case", tlp="AMBER+STRICT")
    kit.evidence(network.alice, "Quiet capture", "quiet", finding=finding, tlp="AMBER")
    assert search(network.bob, "quiet").total == 0
    assert found(search(network.dave, "quiet")) == {("case", case.pk)}
    assert search(network.alice, "quiet").total == 3


def test_strangers_and_anonymous_visitors_find_nothing(network, kit, django_user_model):
    kit.alert(network.alice, "Public clear alert", tlp="CLEAR")
    stranger = django_user_model.objects.create_user("eve", password="eve-pass")
    assert search(stranger, "public").total == 0
    assert search(AnonymousUser(), "public").total == 0
    assert search(network.bob, "public").total == 1
