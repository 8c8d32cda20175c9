from __future__ import annotations

import re

from cdnet.dispatch.models import Delivery
from cdnet.network.services import add_recipient
from factories import approved_alert


def alert_for_france_on_x(network):
    return approved_alert(
        network.alice,
        network.bob,
        tlp="AMBER+STRICT",
        target_countries=["FR"],
        platforms=["x"],
        target_elections=["fr-2027-04-11"],
    )


def checkbox(page: str, recipient) -> str:
    return re.search(
        rf'<input type="checkbox" name="recipients" value="{recipient.pk}"[^>]*>', page
    )[0]


def test_the_send_form_ticks_the_suggestions_with_reasons_and_greys_out_the_excluded(
    network, client
):
    dsc = add_recipient("Arcom", "government", "dsc@arcom.example", "FR", role="DSC", max_tlp="RED")
    rrs = add_recipient(
        "X RRS", "platform", "rrs@x.example", platform="x", is_rrs_contact=True, max_tlp="RED"
    )
    alert = alert_for_france_on_x(network)
    client.force_login(network.carol)
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "checked" in checkbox(page, dsc) and "checked" in checkbox(page, rrs)
    assert "Digital Services Coordinator of FR" in page
    assert "Rapid Response System contact of x (fr-2027-04-11)" in page
    excluded = checkbox(page, network.authority)  # FR, but cleared only up to AMBER
    assert "disabled" in excluded and "checked" not in excluded
    assert "excluded: cleared up to TLP:AMBER; this alert is TLP:AMBER+STRICT" in page


def test_posting_an_excluded_recipient_is_refused_and_nothing_is_queued(network, client):
    alert = alert_for_france_on_x(network)
    client.force_login(network.carol)
    response = client.post(
        f"/alerts/{alert.pk}/send/", {"recipients": [network.authority.pk]}, follow=True
    )
    assert "may not receive this alert" in response.content.decode()
    assert not Delivery.objects.exists()


def test_the_chosen_recipients_are_queued(network, client):
    dsc = add_recipient("Arcom", "government", "dsc@arcom.example", "FR", role="DSC", max_tlp="RED")
    alert = alert_for_france_on_x(network)
    client.force_login(network.carol)
    response = client.post(f"/alerts/{alert.pk}/send/", {"recipients": [dsc.pk]}, follow=True)
    assert "Queued 1 deliveries (Arcom)" in response.content.decode()
    assert list(Delivery.objects.values_list("recipient__name", flat=True)) == ["Arcom"]
