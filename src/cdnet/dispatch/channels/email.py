"""E-mail through Django's SMTP backend: text and HTML alternatives and attachments from the
renderer, the delivery's idempotency key as Message-ID, and RFC 3156 PGP/MIME encryption for
recipients with an OpenPGP key (the whole inner MIME message is encrypted; the outer subject
says nothing about the content)."""

from __future__ import annotations

import io
import smtplib
from email.encoders import encode_7or8bit
from email.generator import BytesGenerator
from email.message import Message
from email.mime.application import MIMEApplication
from email.utils import formatdate
from typing import cast

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart

from cdnet.dispatch.channels import PermanentDeliveryError, TransientDeliveryError
from cdnet.dispatch.models import Delivery
from cdnet.dispatch.rendering import RenderedMessage, render_delivery
from cdnet.errors import DeliveryFailed

ENCRYPTED_SUBJECT = "Encrypted message from the network"
#: headers that travel outside the encrypted part; everything else stays inside it
_ENVELOPE_HEADERS = ("From", "To", "Cc", "Reply-To", "Date", "Message-ID", "X-Cdnet-Delivery")


def build(delivery: Delivery, rendered: RenderedMessage) -> EmailMultiAlternatives:
    """The clear-text message: text body, HTML alternative, attachments, tracing headers."""
    message = EmailMultiAlternatives(
        subject=rendered.subject or delivery.subject,
        body=rendered.text,
        to=[delivery.address],
        headers={"Message-ID": delivery.idempotency_key, "X-Cdnet-Delivery": str(delivery.pk)},
    )
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    for name, content, mimetype in rendered.attachments:
        message.attach(name, content, mimetype)
    return message


class _PreparedEmail(EmailMessage):
    """An EmailMessage whose MIME structure was built beforehand (the PGP/MIME envelope)."""

    def __init__(self, mime: SafeMIMEMultipart, to: list[str]) -> None:
        super().__init__(to=to)
        self._mime = mime

    def message(self) -> SafeMIMEMultipart:  # type: ignore[override]
        return self._mime


def _canonical(message: Message) -> bytes:
    """The message as bytes with CRLF line ends (RFC 3156 encrypts the canonical form)."""
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False).flatten(message, linesep="\r\n")
    return buffer.getvalue()


def encrypt_message(clear: EmailMultiAlternatives, armored_key: str) -> _PreparedEmail:
    """Wrap a message as RFC 3156 ``multipart/encrypted``; never falls back to clear text."""
    inner = clear.message()
    for name in _ENVELOPE_HEADERS:
        del inner[name]
    from cdnet.dispatch.pgp import encrypt

    try:
        ciphertext = encrypt(armored_key, _canonical(inner))
    except Exception as exc:  # a bad key must stop the send, not leak the text
        raise PermanentDeliveryError(f"OpenPGP encryption failed: {exc}") from exc
    control = MIMEApplication(b"Version: 1\n", "pgp-encrypted", _encoder=encode_7or8bit)
    control["Content-Description"] = "PGP/MIME version identification"
    body = MIMEApplication(
        ciphertext, "octet-stream", _encoder=encode_7or8bit, name="encrypted.asc"
    )
    body["Content-Description"] = "OpenPGP encrypted message"
    body["Content-Disposition"] = 'inline; filename="encrypted.asc"'
    outer = SafeMIMEMultipart(
        "encrypted", None, [control, body], protocol="application/pgp-encrypted"
    )
    outer["Subject"] = ENCRYPTED_SUBJECT
    outer["From"] = clear.from_email
    outer["To"] = ", ".join(clear.to)
    outer["Date"] = formatdate(localtime=False)
    for name in ("Message-ID", "X-Cdnet-Delivery"):
        outer[name] = clear.extra_headers[name]
    return _PreparedEmail(outer, list(clear.to))


def classify(exc: Exception) -> DeliveryFailed:
    """SMTP 5xx is permanent; 4xx, refused connections, resets and timeouts are transient."""
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
    elif isinstance(exc, smtplib.SMTPResponseException):
        permanent = exc.smtp_code >= 500
    else:
        permanent = False
    return PermanentDeliveryError(text) if permanent else TransientDeliveryError(text)


def send(delivery: Delivery) -> None:
    rendered = render_delivery(delivery)
    message: EmailMessage = build(delivery, rendered)
    key = delivery.recipient.pgp_key.strip()
    if key:
        message = encrypt_message(cast(EmailMultiAlternatives, message), key)
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        raise classify(exc) from exc
