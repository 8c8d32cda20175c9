"""HTTPS re-checks: directly and through CONNECT tunnels of the DE/FR proxies, to a TLS origin
on loopback with a throwaway self-signed certificate that the fetcher trusts only when told."""

from __future__ import annotations

import pytest

from cdnet.errors import ConfigurationError
from cdnet.evidence.ssrf import Guard
from cdnet.impact.models import OutcomeKind, RecheckState
from cdnet.impact.recheck.fetch import probe
from cdnet.impact.recheck.schedule import add_target, run_target
from recheck_helpers import page

REMOVED_BY_X = page("Hmm... This post is unavailable. Learn more")


@pytest.fixture
def tls_guard(tls_origin) -> Guard:
    return Guard(allowed={("127.0.0.1", tls_origin.port)})


def test_a_check_through_the_de_proxy_of_an_https_url_uses_a_connect_tunnel(
    network, sent_alert, tls_origin, tls_guard, proxies, trusted
):
    tls_origin.answer("/status/1", page("Vote on Monday!"), DE=page("Withheld", status=451))
    target = add_target(network.alice, sent_alert, tls_origin.url("/status/1"), countries=["DE"])
    report = run_target(target, tls_guard)
    states = {r.vantage: (r.state, r.status_code) for r in report.results}
    assert states == {"": ("available", 200), "DE": ("geo_restricted", 451)}
    assert proxies.de.tunnels == [f"127.0.0.1:{tls_origin.port}"]
    assert proxies.de.requests == []  # nothing went through it in the clear
    assert sorted(hit[1] for hit in tls_origin.hits) == ["", "DE"]  # DE came from the DE exit
    assert all(agent.startswith("cdnet-recheck/") for _, _, agent in tls_origin.hits)
    [proposal] = report.proposals
    assert (proposal.kind, proposal.countries) == (OutcomeKind.GEO_RESTRICTED, ["DE"])


def test_an_unavailable_page_over_https_is_classified_from_each_vantage_point(
    network, sent_alert, tls_origin, tls_guard, proxies, trusted
):
    tls_origin.answer("/status/1", page("gone", status=404), FR=REMOVED_BY_X)
    target = add_target(network.alice, sent_alert, tls_origin.url("/status/1"),
                        countries=["DE", "FR"], platform="x")  # fmt: skip
    report = run_target(target, tls_guard)
    seen = {r.vantage: (r.state, r.status_code, r.matched_phrase) for r in report.results}
    assert seen == {
        "": (RecheckState.REMOVED, 404, ""),
        "DE": (RecheckState.REMOVED, 404, ""),
        "FR": (RecheckState.UNAVAILABLE, 200, "This post is unavailable"),
    }
    assert (len(proxies.de.tunnels), len(proxies.fr.tunnels)) == (1, 1)
    assert [p.kind for p in report.proposals] == [OutcomeKind.REMOVED]


def test_a_certificate_the_fetcher_does_not_trust_is_an_error_not_a_removal(
    network, sent_alert, tls_origin, tls_guard, proxies, settings
):
    settings.CDNET_RECHECK_CA_BUNDLE = ""
    tls_origin.answer("/status/1", page("gone", status=404))
    target = add_target(network.alice, sent_alert, tls_origin.url("/status/1"), countries=["DE"])
    report = run_target(target, tls_guard)
    for result in report.results:
        assert (result.state, result.reachable, result.status_code) == ("error", False, None)
        assert "CERTIFICATE_VERIFY_FAILED" in result.error
    assert proxies.de.tunnels == [f"127.0.0.1:{tls_origin.port}"]  # the tunnel opened, TLS failed
    assert tls_origin.hits == []
    assert report.proposals == []


def test_a_certificate_trusted_for_another_origin_does_not_help(
    tls_origin, tls_guard, settings, tmp_path
):
    from recheck_helpers import certificate

    settings.CDNET_RECHECK_CA_BUNDLE = str(certificate(tmp_path, "another").cert)
    tls_origin.answer("/p", page("here"))
    seen = probe(tls_origin.url("/p"), tls_guard)
    assert seen.status is None and "CERTIFICATE_VERIFY_FAILED" in seen.error


def test_a_ca_bundle_that_cannot_be_read_is_a_configuration_error(
    tls_origin, tls_guard, settings, tmp_path
):
    settings.CDNET_RECHECK_CA_BUNDLE = str(tmp_path / "missing.pem")
    with pytest.raises(ConfigurationError, match="CDNET_RECHECK_CA_BUNDLE"):
        probe(tls_origin.url("/p"), tls_guard)
