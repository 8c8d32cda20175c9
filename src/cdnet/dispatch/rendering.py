"""Render an alert as an e-mail: plain text and HTML from templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string

from cdnet.cases.markup import render_markdown
from cdnet.cases.models import Alert
from cdnet.network.models import Recipient

if TYPE_CHECKING:
    from cdnet.dispatch.models import Delivery


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str
    #: (file name, content, MIME type), e.g. the PDF rendering of an alert
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    #: machine-readable body for webhooks (JSON-ready)
    data: dict[str, object] = field(default_factory=dict)


def subject_for(alert: Alert) -> str:
    return f"[TLP:{alert.tlp}] {alert.title}"


def render_alert(alert: Alert, recipient: Recipient) -> RenderedMessage:
    context = {
        "alert": alert,
        "recipient": recipient,
        "summary_html": render_markdown(alert.summary),
        "techniques": list(alert.techniques.all()),
        "findings": list(alert.findings.all()[:50]),
        "site_url": settings.SITE_URL,
    }
    return RenderedMessage(
        subject=subject_for(alert),
        text=render_to_string("dispatch/alert_email.txt", context),
        html=render_to_string("dispatch/alert_email.html", context),
    )


# Renderers by delivery kind: the alert renderer here; RRS flags, DSA notices and reminders
# register theirs (cdnet.dispatch.rrs, .notices, .reminders).
Renderer = Callable[["Delivery"], RenderedMessage]
RENDERERS: dict[str, Renderer] = {}


def register_renderer(kind: str, renderer: Renderer) -> None:
    RENDERERS[kind] = renderer


def _render_alert_delivery(delivery: Delivery) -> RenderedMessage:
    if delivery.alert is None:
        raise ValueError(f"delivery {delivery.pk} carries no alert")
    return render_alert(delivery.alert, delivery.recipient)


register_renderer("alert", _render_alert_delivery)


def render_delivery(delivery: Delivery) -> RenderedMessage:
    """The message of one delivery, whatever its kind."""
    try:
        renderer = RENDERERS[delivery.kind]
    except KeyError:
        raise ValueError(f"no renderer for deliveries of kind {delivery.kind!r}") from None
    return renderer(delivery)
