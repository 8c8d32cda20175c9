"""E-mail to a recipient with an OpenPGP key is an RFC 3156 PGP/MIME message."""

from __future__ import annotations

from email import message_from_bytes

import pysequoia

from cdnet.dispatch.services import dispatch_alert
from cdnet.dispatch.worker import drain
from factories import approved_alert


def test_a_recipient_with_a_key_gets_the_whole_message_encrypted(network, smtp):
    # Tsk.generate: pysequoia 0.1.35 deprecates Cert.generate (and warnings are errors here)
    key = pysequoia.Tsk.generate("DSC <dsc@authority.example>")
    network.authority.pgp_key = str(key.extract_certificate())
    network.authority.save()
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.authority], network.carol)
    drain()

    [message] = smtp.messages
    assert message.get_content_type() == "multipart/encrypted"
    assert message.get_param("protocol") == "application/pgp-encrypted"
    assert "Doppelganger" not in message["Subject"]
    assert message["Message-ID"] == delivery.message_id
    control, body = message.get_payload()
    assert control.get_content_type() == "application/pgp-encrypted"
    assert "Version: 1" in control.get_payload()
    assert body.get_content_type() == "application/octet-stream"
    armored = body.get_payload(decode=True)
    assert armored.startswith(b"-----BEGIN PGP MESSAGE-----")
    assert b"spiegel.ltd" not in message.as_bytes()

    clear = pysequoia.decrypt(armored, decryptor=key.decryptor())
    inner = message_from_bytes(clear.bytes)
    assert inner["Subject"] == "[TLP:AMBER] Doppelganger clone of Der Spiegel"
    text = next(p for p in inner.walk() if p.get_content_type() == "text/plain")
    assert "spiegel.ltd" in text.get_payload(decode=True).decode()
    assert any(p.get_content_type() == "text/html" for p in inner.walk())


def test_a_broken_key_fails_the_delivery_and_sends_nothing_in_clear(network, smtp):
    network.authority.pgp_key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\ngarbage\n"
    network.authority.save()
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.authority], network.carol)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "OpenPGP" in delivery.last_error
    assert smtp.messages == []
