"""The recipient directory: a filterable list and one page per recipient (members only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cdnet.dispatch.pgp import fingerprint
from cdnet.dispatch.tlp import ORDER
from cdnet.network.models import Recipient, RecipientCategory
from cdnet.network.services import RecipientFilter, list_recipients, role_of

FILTERS = ("category", "country", "platform", "topic", "language", "tlp", "q")


def _member_only(request: HttpRequest) -> None:
    if role_of(request.user) is None:
        raise Http404("not a member of the network")


@login_required
def recipient_list(request: HttpRequest) -> HttpResponse:
    _member_only(request)
    chosen = {name: request.GET.get(name, "").strip() for name in FILTERS}
    flt = RecipientFilter(
        category=chosen["category"],
        country=chosen["country"],
        platform=chosen["platform"],
        topic=chosen["topic"],
        language=chosen["language"],
        tlp=chosen["tlp"],
        text=chosen["q"],
        include_inactive=request.GET.get("inactive") == "1",
    )
    context = {
        "recipients": list_recipients(flt),
        "chosen": chosen,
        "inactive": flt.include_inactive,
        "categories": RecipientCategory.choices,
        "levels": ORDER,
    }
    return render(request, "dispatch/recipients.html", context)


@login_required
def recipient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _member_only(request)
    recipient = get_object_or_404(Recipient, pk=pk)
    context = {
        "recipient": recipient,
        "channels": recipient.channels.order_by("kind", "pk"),
        "fingerprint": fingerprint(recipient.pgp_key),
        "deliveries": recipient.deliveries.select_related("alert").order_by("-created_at")[:50],
    }
    return render(request, "dispatch/recipient_detail.html", context)
