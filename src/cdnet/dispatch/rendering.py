"""Render what is sent: an alert as HTML and plain-text e-mail, a PDF and a webhook body.

Each recipient gets its own rendering: :func:`cdnet.dispatch.redaction.redact` decides what it may
see (and refuses an alert above its TLP), the wording follows its first supported language (English,
French, German). Other kinds of delivery (RRS flags, DSA notices, reminders) register their own
renderer with :func:`register_renderer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from cdnet.cases.markup import render_markdown
from cdnet.cases.models import Alert
from cdnet.dispatch.pdf import TLP_COLOURS, render_pdf
from cdnet.dispatch.redaction import AlertView, redact
from cdnet.dispatch.wording import join_names, pick_language, tlp_notice, wording
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


def language_for(recipient: Recipient) -> str:
    """The language cdnet writes to this recipient in: its first supported one, else English."""
    return pick_language(recipient.languages)


def _context(view: AlertView, recipient: Recipient, language: str, ack: str) -> dict[str, object]:
    words = wording(language)
    return {
        "view": view,
        "t": words,
        "lang": language,
        "greeting": words["greeting"].format(name=recipient.name),
        "tlp_notice": tlp_notice(language, view.tlp),
        "tlp_colour": "#{:02x}{:02x}{:02x}".format(*TLP_COLOURS.get(view.tlp, (255, 43, 43))),
        "credit_line": words["credit"].format(
            id=view.alert_id, credit=join_names(view.credit, language)
        ),
        "summary_html": render_markdown(view.summary),
        "what_happened_html": render_markdown(view.what_happened),
        "recommended_html": render_markdown(view.recommended_actions),
        "ack_url": ack,
    }


def pdf_name(view: AlertView) -> str:
    return f"alert-{view.alert_id}-tlp-{view.tlp.lower().replace('+', '-')}.pdf"


def render_alert(
    alert: Alert,
    recipient: Recipient,
    *,
    ack_url: str = "",
    language: str | None = None,
) -> RenderedMessage:
    """The alert for one recipient; NotAllowed if its TLP is above the recipient's clearance.

    ``ack_url`` is the delivery's signed acknowledgement link (none in previews)."""
    lang = language if language in ("en", "fr", "de") else language_for(recipient)
    view = redact(alert, recipient, network_label=wording(lang)["network"])
    context = _context(view, recipient, lang, ack_url)
    return RenderedMessage(
        subject=f"[TLP:{view.tlp}] {view.title}",
        text=render_to_string("dispatch/alert_email.txt", context),
        html=render_to_string("dispatch/alert_email.html", context),
        attachments=[(pdf_name(view), render_pdf(view, lang), "application/pdf")],
        data={"type": "alert", "language": lang, **view.as_data(), "acknowledge": ack_url},
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
    from cdnet.dispatch.acks import ack_url

    return render_alert(delivery.alert, delivery.recipient, ack_url=ack_url(delivery))


register_renderer("alert", _render_alert_delivery)


def render_delivery(delivery: Delivery) -> RenderedMessage:
    """The message of one delivery, whatever its kind."""
    try:
        renderer = RENDERERS[delivery.kind]
    except KeyError:
        raise ValueError(f"no renderer for deliveries of kind {delivery.kind!r}") from None
    return renderer(delivery)
