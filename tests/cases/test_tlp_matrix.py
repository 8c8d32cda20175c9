"""TLP on every read path: each level by each kind of reader by each page, API call and count.

CLEAR, GREEN and AMBER reach every member; AMBER+STRICT only the authoring organisation; RED only
the named people. Someone who is not a member of the network sees nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cdnet.cases import casework
from cdnet.cases.findings import save_findings
from cdnet.cases.models import Finding
from cdnet.evidence.services import upload
from cdnet.network.services import add_member, create_token
from factories import lookalike_record, make_alert

LEVELS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
# alice: the author (analyst, Alpha); carol: a coordinator of the same organisation; bob: a reviewer
# of another organisation; erin: an analyst of another organisation, named on RED records; root: an
# admin of another organisation (admins are not above TLP); outsider: a user without membership.
READERS = ["alice", "carol", "bob", "erin", "root", "outsider"]
EVERY_MEMBER = {"alice", "carol", "bob", "erin", "root"}
EXPECTED_ALERT_OR_CASE = {
    "CLEAR": EVERY_MEMBER,
    "GREEN": EVERY_MEMBER,
    "AMBER": EVERY_MEMBER,
    "AMBER+STRICT": {"alice", "carol"},
    "RED": {"alice", "erin"},
}
EXPECTED_FINDING = {**EXPECTED_ALERT_OR_CASE, "RED": {"alice"}}


class World:
    def __init__(self, network: Any, level: str) -> None:
        self.readers: dict[str, User] = {
            "alice": network.alice,
            "carol": network.carol,
            "bob": network.bob,
            "erin": add_member("erin", network.beta, "analyst", "erin-pass").user,
            "root": add_member("root", network.beta, "admin", "root-pass").user,
            "outsider": User.objects.create_user("outsider", password="outsider-pass"),
        }
        save_findings([lookalike_record("secret-clone.example")], user=network.alice, tlp=level)
        self.finding = Finding.objects.get(subject="secret-clone.example")
        self.alert = make_alert(network.alice, "Matrix alert", tlp=level, finding=self.finding)
        self.case = casework.open_case(network.alice, "Matrix case", "", level, [self.finding])
        if level == "RED":
            self.alert.red_readers.add(self.readers["erin"])
            self.case.participants.add(self.readers["erin"])
        self.evidence = upload(
            network.alice, "seen.txt", [b"Matrix evidence text\n"], alert=self.alert
        )

    def page(self, who: str, path: str) -> Any:
        client = Client()
        client.force_login(self.readers[who])
        return _read(client.get(path))

    def api(self, who: str, path: str) -> Any:
        token = create_token(self.readers[who])
        return _read(Client().get(f"/api{path}", headers={"Authorization": f"Bearer {token}"}))


def _read(response: Any) -> Any:
    """Consume streamed responses (files, packages) as a server would; the test client closes
    them at the end of the stream."""
    if getattr(response, "streaming", False):
        response.streamed = b"".join(response.streaming_content)
    return response


def _ok(response: Any) -> bool:
    assert response.status_code in (200, 404), response.status_code
    return response.status_code == 200


def _admin_ok(response: Any) -> bool:
    """The admin site answers 302 (to its login) to non-staff and to a hidden object."""
    assert response.status_code in (200, 302, 404), response.status_code
    return response.status_code == 200


Path = Callable[[World, str], bool]

ALERT_PATHS: dict[str, Path] = {
    "alert page": lambda w, who: _ok(w.page(who, f"/alerts/{w.alert.pk}/")),
    "alert list page": lambda w, who: "Matrix alert" in w.page(who, "/alerts/").content.decode(),
    "alert diff page": lambda w, who: _ok(w.page(who, f"/alerts/{w.alert.pk}/diff/")),
    "dashboard page": lambda w, who: "Matrix alert" in w.page(who, "/").content.decode(),
    "technique page": lambda w, who: (
        "Matrix alert" in w.page(who, "/disarm/T0149.003/").content.decode()
    ),
    "API alert": lambda w, who: _ok(w.api(who, f"/alerts/{w.alert.pk}")),
    "API alert list": lambda w, who: any(
        a["id"] == w.alert.pk for a in w.api(who, "/alerts").json()
    ),
    "API versions": lambda w, who: _ok(w.api(who, f"/alerts/{w.alert.pk}/versions")),
    "API dashboard count": lambda w, who: w.api(who, "/dashboard").json()["alerts"] == 1,
    "API technique": lambda w, who: (
        w.alert.pk in w.api(who, "/disarm/T0149.003").json().get("alert_ids", [])
    ),
}
EVIDENCE_PATHS: dict[str, Path] = {
    "evidence page": lambda w, who: _ok(w.page(who, f"/evidence/{w.evidence.pk}/")),
    "evidence download": lambda w, who: _ok(
        w.page(who, f"/evidence/{w.evidence.pk}/files/primary/")
    ),
    "API evidence": lambda w, who: _ok(w.api(who, f"/evidence/{w.evidence.pk}")),
    "API evidence file": lambda w, who: _ok(w.api(who, f"/evidence/{w.evidence.pk}/files/primary")),
    "alert package": lambda w, who: _ok(w.page(who, f"/alerts/{w.alert.pk}/evidence.zip")),
    "API alert package": lambda w, who: _ok(w.api(who, f"/alerts/{w.alert.pk}/evidence-package")),
    "search page": lambda w, who: "Matrix" in w.page(who, "/search/?q=matrix").content.decode(),
    "API search": lambda w, who: w.api(who, "/search?q=matrix").json().get("total", 0) > 0,
}
ADMIN_PATHS: dict[str, Path] = {
    "admin alert": lambda w, who: _admin_ok(
        w.page(who, f"/admin/cases/alert/{w.alert.pk}/change/")
    ),
    "admin alert list": lambda w, who: (
        "Matrix alert" in w.page(who, "/admin/cases/alert/").content.decode()
    ),
    "admin case": lambda w, who: _admin_ok(w.page(who, f"/admin/cases/case/{w.case.pk}/change/")),
    "admin finding": lambda w, who: _admin_ok(
        w.page(who, f"/admin/cases/finding/{w.finding.pk}/change/")
    ),
}
STAFF = {"root"}
CASE_PATHS: dict[str, Path] = {
    "case page": lambda w, who: _ok(w.page(who, f"/cases/{w.case.pk}/")),
    "case list page": lambda w, who: "Matrix case" in w.page(who, "/cases/").content.decode(),
    "API case": lambda w, who: _ok(w.api(who, f"/cases/{w.case.pk}")),
    "API case list": lambda w, who: any(c["id"] == w.case.pk for c in w.api(who, "/cases").json()),
}
FINDING_PATHS: dict[str, Path] = {
    "finding page": lambda w, who: _ok(w.page(who, f"/findings/{w.finding.pk}/")),
    "findings page": lambda w, who: (
        "secret-clone.example" in w.page(who, "/findings/").content.decode()
    ),
    "API findings": lambda w, who: any(
        f["id"] == w.finding.pk for f in w.api(who, "/findings").json()
    ),
    "API dashboard findings": lambda w, who: w.api(who, "/dashboard").json()["findings"] == 1,
}


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("path", sorted(ALERT_PATHS))
def test_an_alert_is_read_only_by_the_readers_its_tlp_allows(network, level, path):
    world = World(network, level)
    seen = {who for who in READERS if ALERT_PATHS[path](world, who)}
    assert seen == EXPECTED_ALERT_OR_CASE[level]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("path", sorted(EVIDENCE_PATHS))
def test_evidence_and_search_results_are_read_only_by_the_readers_tlp_allows(
    network, level, path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the search index updates on commit
        world = World(network, level)
    seen = {who for who in READERS if EVIDENCE_PATHS[path](world, who)}
    assert seen == EXPECTED_ALERT_OR_CASE[level]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("path", sorted(ADMIN_PATHS))
def test_the_admin_site_shows_staff_only_what_their_tlp_allows(network, level, path):
    world = World(network, level)
    seen = {who for who in READERS if ADMIN_PATHS[path](world, who)}
    expected = EXPECTED_FINDING if "finding" in path else EXPECTED_ALERT_OR_CASE
    assert seen == expected[level] & STAFF


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("path", sorted(CASE_PATHS))
def test_a_case_is_read_only_by_the_readers_its_tlp_allows(network, level, path):
    world = World(network, level)
    seen = {who for who in READERS if CASE_PATHS[path](world, who)}
    assert seen == EXPECTED_ALERT_OR_CASE[level]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("path", sorted(FINDING_PATHS))
def test_a_finding_is_read_only_by_the_readers_its_tlp_allows(network, level, path):
    world = World(network, level)
    seen = {who for who in READERS if FINDING_PATHS[path](world, who)}
    assert seen == EXPECTED_FINDING[level]


def test_reading_a_red_alert_is_written_to_the_audit_log(network):
    from cdnet.audit.models import AuditEntry

    world = World(network, "RED")
    world.page("erin", f"/alerts/{world.alert.pk}/")
    world.page("bob", f"/alerts/{world.alert.pk}/")  # refused: not a read
    views = AuditEntry.objects.filter(action="view", object_id=str(world.alert.pk))
    assert list(views.values_list("actor_name", flat=True)) == ["erin"]
