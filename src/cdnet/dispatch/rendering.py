"""Render an alert as an e-mail: plain text and HTML from templates."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from cdnet.cases.markup import render_markdown
from cdnet.cases.models import Alert
from cdnet.network.models import Recipient


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


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
