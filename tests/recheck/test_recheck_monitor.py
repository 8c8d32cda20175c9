"""The re-check monitor against real servers on loopback: an origin and DE/FR forward proxies."""

from __future__ import annotations

import datetime as dt

import pytest

from cdnet.impact.models import (
    ImmutableRecheck,
    OutcomeKind,
    RecheckProposal,
    RecheckResult,
    RecheckState,
)
from cdnet.impact.recheck.schedule import add_target, run_due_rechecks, run_target
from recheck_helpers import Origin, page

REMOVED_BY_X = page("Hmm... This post is unavailable. Learn more")


def _target(network, alert, origin: Origin, path: str = "/status/1", **kw):
    return add_target(network.alice, alert, origin.url(path), **kw)


def test_a_flagged_url_that_now_answers_404_proposes_removed(network, sent_alert, origin, guard):
    origin.answer("/status/1", page("Vote on Monday, not Sunday!", status=404))
    target = _target(network, sent_alert, origin)
    report = run_target(target, guard)
    [result] = report.results
    assert (result.vantage, result.status_code, result.state) == ("", 404, RecheckState.REMOVED)
    assert result.reachable and len(result.content_sha256) == 64
    [proposal] = report.proposals
    assert (proposal.kind, proposal.countries, proposal.state) == ("removed", [], "pending")
    assert "HTTP 404" in proposal.reason
    assert list(proposal.results.all()) == [result]


def test_the_request_names_cdnet_in_its_user_agent(network, sent_alert, origin, guard):
    origin.answer("/status/1", page("still here"))
    run_target(_target(network, sent_alert, origin), guard)
    [(path, vantage, agent)] = origin.hits
    assert (path, vantage) == ("/status/1", "")
    assert agent.startswith("cdnet-recheck/")


def test_a_451_through_the_de_proxy_only_proposes_geo_restricted_in_de(
    network, sent_alert, origin, guard, proxies
):
    origin.answer(
        "/status/1",
        page("Vote on Monday, not Sunday!"),
        DE=page("Unavailable For Legal Reasons", status=451),
    )
    target = _target(network, sent_alert, origin, countries=["de", "FR"])
    report = run_target(target, guard)
    states = {r.vantage: (r.state, r.proxy_url) for r in report.results}
    assert states == {
        "": (RecheckState.AVAILABLE, ""),
        "DE": (RecheckState.GEO_RESTRICTED, proxies.de.url),
        "FR": (RecheckState.AVAILABLE, proxies.fr.url),
    }
    assert proxies.de.requests == [origin.url("/status/1")]
    [proposal] = report.proposals
    assert (proposal.kind, proposal.countries) == (OutcomeKind.GEO_RESTRICTED, ["DE"])
    assert "through the DE proxy: HTTP 451" in proposal.reason


def test_an_unavailable_page_to_one_country_only_proposes_geo_restricted_there(
    network, sent_alert, origin, guard, proxies
):
    origin.answer("/status/1", page("Vote on Monday!"), FR=REMOVED_BY_X)
    target = _target(network, sent_alert, origin, countries=["DE", "FR"], platform="x")
    [proposal] = run_target(target, guard).proposals
    assert (proposal.kind, proposal.countries) == (OutcomeKind.GEO_RESTRICTED, ["FR"])
    fr = target.results.get(vantage="FR")
    assert (fr.status_code, fr.unavailable, fr.meaning) == (200, True, "unavailable")
    assert fr.matched_phrase == "This post is unavailable"


def test_an_x_page_saying_this_post_is_unavailable_proposes_removed_with_the_phrase(
    network, sent_alert, origin, guard
):
    origin.answer("/status/1", REMOVED_BY_X)
    target = _target(network, sent_alert, origin, platform="x")
    report = run_target(target, guard)
    [result] = report.results
    assert (result.status_code, result.state, result.unavailable) == (200, "unavailable", True)
    [proposal] = report.proposals
    assert proposal.kind == OutcomeKind.REMOVED
    assert '"This post is unavailable"' in proposal.reason
    assert "gives no reason" in proposal.reason


def test_a_phrase_of_another_platform_does_not_count(network, sent_alert, origin, guard):
    origin.answer("/video/1", page("Video unavailable"))
    target = _target(network, sent_alert, origin, "/video/1", platform="x")
    report = run_target(target, guard)
    assert report.results[0].state == RecheckState.AVAILABLE
    assert report.proposals == []


def test_a_second_unchanged_run_makes_no_new_proposal(network, sent_alert, origin, guard):
    origin.answer("/status/1", page("gone", status=410))
    target = _target(network, sent_alert, origin)
    assert len(run_target(target, guard).proposals) == 1
    second = run_target(target, guard)
    assert second.proposals == []
    assert second.results[0].changed is False
    assert RecheckProposal.objects.count() == 1
    assert RecheckResult.objects.filter(target=target).count() == 2


def test_a_url_that_comes_back_proposes_reinstated(network, sent_alert, origin, guard):
    origin.answer("/status/1", page("gone", status=404))
    target = _target(network, sent_alert, origin)
    run_target(target, guard)
    origin.answer("/status/1", page("Vote on Monday, not Sunday!"))
    report = run_target(target, guard)
    assert report.results[0].changed
    [proposal] = report.proposals
    assert (proposal.kind, proposal.countries) == (OutcomeKind.REINSTATED, [])
    assert "available again" in proposal.reason


def test_an_error_between_two_removals_does_not_propose_again(network, sent_alert, origin, guard):
    origin.answer("/status/1", page("gone", status=404))
    target = _target(network, sent_alert, origin)
    run_target(target, guard)
    origin.answer("/status/1", page("bot wall", status=503))
    assert run_target(target, guard).results[0].state == RecheckState.INCONCLUSIVE
    origin.answer("/status/1", page("gone", status=404))
    assert run_target(target, guard).proposals == []
    assert RecheckProposal.objects.count() == 1


def test_a_content_change_alone_is_recorded_but_proposes_nothing(
    network, sent_alert, origin, guard
):
    origin.answer("/status/1", page("Vote on Monday, not Sunday!"))
    target = _target(network, sent_alert, origin)
    first = run_target(target, guard).results[0]
    origin.answer("/status/1", page("Vote on Tuesday, not Sunday!"))
    report = run_target(target, guard)
    second = report.results[0]
    assert second.changed and second.state == RecheckState.AVAILABLE
    assert second.content_sha256 != first.content_sha256
    assert report.proposals == []


def test_a_redirect_to_a_private_address_is_refused_and_never_requested(
    network, sent_alert, origin, guard
):
    internal = Origin().start()
    try:
        internal.answer("/admin", page("internal dashboard"))
        origin.answer("/r", (302, {"Location": internal.url("/admin")}, b""))
        target = _target(network, sent_alert, origin, "/r")
        report = run_target(target, guard)
    finally:
        internal.stop()
    assert internal.hits == []
    [result] = report.results
    assert (result.state, result.reachable) == (RecheckState.ERROR, False)
    assert "refused to fetch" in result.error and "loopback" in result.error
    assert result.final_url == internal.url("/admin")
    assert report.proposals == []


def test_a_redirect_to_an_allowed_page_is_followed(network, sent_alert, origin, guard):
    origin.answer("/short", (301, {"Location": "/status/1"}, b""))
    origin.answer("/status/1", page("gone", status=404))
    target = _target(network, sent_alert, origin, "/short")
    [result] = run_target(target, guard).results
    assert (result.status_code, result.final_url) == (404, origin.url("/status/1"))


def test_only_due_targets_are_checked_and_each_gets_its_next_time(
    network, sent_alert, origin, guard
):
    origin.answer("/a", page("a"))
    origin.answer("/b", page("b"))
    due = _target(network, sent_alert, origin, "/a", every_hours=6)
    later = _target(network, sent_alert, origin, "/b", every_hours=6)
    now = due.next_due_at + dt.timedelta(minutes=1)
    type(later).objects.filter(pk=later.pk).update(next_due_at=now + dt.timedelta(hours=1))
    reports = run_due_rechecks(now=now, guard=guard)
    assert [r.target.pk for r in reports] == [due.pk]
    due.refresh_from_db()
    assert now < due.next_due_at <= now + dt.timedelta(hours=6)
    assert run_due_rechecks(now=now, guard=guard) == []
    assert [h[0] for h in origin.hits] == ["/a"]


def test_an_inactive_target_is_never_due(network, sent_alert, origin, guard):
    target = _target(network, sent_alert, origin)
    type(target).objects.filter(pk=target.pk).update(active=False)
    assert run_due_rechecks(guard=guard) == []
    assert origin.hits == []


def test_a_check_result_cannot_be_edited_or_deleted(network, sent_alert, origin, guard):
    origin.answer("/status/1", page("here"))
    [result] = run_target(_target(network, sent_alert, origin), guard).results
    result.status_code = 404
    with pytest.raises(ImmutableRecheck):
        result.save()
    with pytest.raises(ImmutableRecheck):
        result.delete()
    assert RecheckResult.objects.get(pk=result.pk).status_code == 200


def test_a_country_without_a_proxy_is_refused_when_the_target_is_added(
    network, sent_alert, origin, proxies
):
    from cdnet.errors import BadInput

    with pytest.raises(BadInput, match="no proxy is configured for IT"):
        _target(network, sent_alert, origin, countries=["DE", "IT"])


def test_a_proxy_that_is_down_is_an_error_not_a_geo_restriction(
    network, sent_alert, origin, guard, proxies, settings
):
    import socket

    with socket.socket() as sock:  # a port where nothing listens any more
        sock.bind(("127.0.0.1", 0))
        free_port = sock.getsockname()[1]
    origin.answer("/status/1", page("Vote on Monday!"))
    target = _target(network, sent_alert, origin, countries=["DE", "FR"])
    settings.CDNET_RECHECK_PROXIES = f"DE=http://127.0.0.1:{free_port},FR={proxies.fr.url}"
    report = run_target(target, guard)
    de = next(r for r in report.results if r.vantage == "DE")
    assert (de.state, de.reachable) == (RecheckState.ERROR, False)
    assert "Connection" in de.error
    assert report.proposals == []
