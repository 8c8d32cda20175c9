from __future__ import annotations

import time

import pysequoia
import pytest

from cdnet.dispatch.pgp import check_key, encrypt, fingerprint
from cdnet.errors import BadInput


@pytest.fixture(scope="module")
def dsc_key():
    return pysequoia.Tsk.generate("Example DSC <dsc@authority.example>")


def public(tsk) -> str:
    return str(tsk.extract_certificate())


def test_an_alert_encrypted_to_a_recipients_key_decrypts_back_with_its_secret_key(dsc_key):
    data = "TLP:AMBER — Doppelganger clone of Der Spiegel, spiegel.ltd".encode()
    message = encrypt(public(dsc_key), data)
    assert message.startswith(b"-----BEGIN PGP MESSAGE-----")
    assert data not in message
    assert pysequoia.decrypt(message, dsc_key.decryptor()).bytes == data


def test_a_message_for_one_key_does_not_open_with_another(dsc_key):
    other = pysequoia.Tsk.generate("Other <other@platform.example>")
    message = encrypt(public(dsc_key), b"for the DSC only")
    with pytest.raises(RuntimeError):
        pysequoia.decrypt(message, other.decryptor())


def test_checking_a_key_gives_its_fingerprint(dsc_key):
    expected = dsc_key.extract_certificate().fingerprint.upper()
    assert check_key(public(dsc_key)) == expected
    assert fingerprint(public(dsc_key)) == expected
    assert len(expected) == 40


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("hello, this is not a key", "not an OpenPGP public key"),
        (
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n",
            "not an OpenPGP public key",
        ),
    ],
)
def test_a_broken_key_is_refused_with_a_clear_reason(text, reason):
    with pytest.raises(BadInput, match=reason) as caught:
        check_key(text)
    assert caught.value.field == "pgp_key"
    assert "backtrace" not in str(caught.value).lower()


def test_a_secret_key_is_refused_so_it_is_never_stored(dsc_key):
    with pytest.raises(BadInput, match="secret"):
        check_key(str(dsc_key))


def test_an_expired_key_is_refused():
    expired = pysequoia.Tsk.generate("Old <old@authority.example>", validity_seconds=1)
    time.sleep(1.5)
    with pytest.raises(BadInput, match="expired"):
        check_key(public(expired))


def test_the_fingerprint_of_an_unreadable_stored_key_is_empty():
    assert fingerprint("") == "" and fingerprint("garbage") == ""
