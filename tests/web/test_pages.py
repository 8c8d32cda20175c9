from __future__ import annotations

from django.test import Client

from factories import make_alert


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_ask_for_a_login_first(network):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_alert_summary_is_rendered_as_markdown_with_html_escaped(network):
    alert = make_alert(network.alice, summary="**bold** <script>alert(1)</script>")
    html = logged_in(network.alice).get(f"/alerts/{alert.pk}/").content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_a_technique_page_lists_the_alerts_and_findings_using_it(network):
    alert = make_alert(network.alice, techniques=["T0149.003"])
    html = logged_in(network.bob).get("/disarm/T0149.003/").content.decode()
    assert "Lookalike Domain" in html
    assert alert.title in html
    assert "spiegel.ltd" in html


def test_a_parent_technique_page_lists_its_counters(network):
    html = logged_in(network.bob).get("/disarm/T0049/").content.decode()
    assert 'id="counters"' in html and "C00" in html


def test_an_unknown_technique_is_a_404(network):
    assert logged_in(network.bob).get("/disarm/T9999/").status_code == 404


def test_the_dashboard_counts_what_the_records_hold(network):
    make_alert(network.alice)
    html = logged_in(network.alice).get("/").content.decode()
    assert '<div class="card" data-metric="alerts"><span class="n">1</span>' in html
    assert '<div class="card" data-metric="findings"><span class="n">1</span>' in html


def test_an_admin_sees_deliveries_but_cannot_edit_or_delete_them(network, smtp):
    from cdnet.dispatch.services import dispatch_alert
    from cdnet.network.services import add_member
    from factories import approved_alert

    admin_user = add_member("root", network.alpha, "admin", "root-pass").user
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    client = logged_in(admin_user)
    assert client.get("/admin/dispatch/delivery/").status_code == 200
    page = client.get(f"/admin/dispatch/delivery/{delivery.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(f"/admin/dispatch/delivery/{delivery.pk}/delete/").status_code == 403


def test_a_member_enters_a_finding_by_hand_in_the_ui(network):
    from cdnet.cases.models import Finding

    response = logged_in(network.alice).post(
        "/findings/new/",
        {
            "explanation": "Mirror of RT on Telegram.",
            "subjects": "channel:@rt_mirror_fr\ndomain: rt-fr.example",
            "platform": "telegram",
            "country": "fr",
            "tlp": "GREEN",
            "disarm": "T0049",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get(detector="manual")
    assert (finding.subject, finding.country, finding.tlp) == ("@rt_mirror_fr", "FR", "GREEN")
    assert finding.subjects.count() == 2


def test_an_author_adds_a_co_author_and_a_coordinator_requires_two_approvals_in_the_ui(network):
    alert = make_alert(network.alice)
    logged_in(network.alice).post(f"/alerts/{alert.pk}/do/coauthor/", {"value": "bob"})
    logged_in(network.carol).post(f"/alerts/{alert.pk}/do/approvals/", {"value": "2"})
    logged_in(network.bob).post(f"/alerts/{alert.pk}/do/approvals/", {"value": "5"})  # refused
    alert.refresh_from_db()
    assert sorted(u.username for u in alert.authors.all()) == ["alice", "bob"]
    assert alert.required_approvals == 2
    html = logged_in(network.alice).get(f"/alerts/{alert.pk}/").content.decode()
    assert "Credit: Alpha Fact-Check, Beta Research Lab" in html


def test_an_author_withdraws_an_alert_with_a_reason_in_the_ui(network):
    alert = make_alert(network.alice)
    logged_in(network.alice).post(f"/alerts/{alert.pk}/do/withdraw/", {"value": "duplicate"})
    alert.refresh_from_db()
    assert alert.state == "withdrawn"
    assert alert.events.last().note == "duplicate"
