"""OpenPGP for recipients with a key: check a key on entry, encrypt what is sent to them.

Built on pysequoia (Sequoia-PGP). Only public keys are accepted: a secret key pasted by mistake is
refused rather than stored.
"""

from __future__ import annotations

import datetime as dt

import pysequoia

from cdnet.errors import BadInput

_SECRET_MARKER = "PRIVATE KEY BLOCK"  # noqa: S105 - an armour header, not a secret


def _reason(exc: Exception) -> str:
    """The first line of a Sequoia error (the rest is a Rust backtrace)."""
    return (str(exc).strip().splitlines() or ["unreadable key"])[0]


def _parse(armored_public_key: str) -> pysequoia.Cert:
    text = armored_public_key.strip()
    if not text:
        raise BadInput("the OpenPGP key is empty", field="pgp_key")
    if _SECRET_MARKER in text:
        raise BadInput(
            "this is a secret (private) key; give the recipient's public key", field="pgp_key"
        )
    try:
        return pysequoia.Cert.from_bytes(text.encode("utf-8"))
    except (RuntimeError, ValueError) as exc:
        raise BadInput(f"not an OpenPGP public key: {_reason(exc)}", field="pgp_key") from exc


def check_key(armored: str) -> str:
    """Validate an ASCII-armoured public key; return its fingerprint (upper-case hex).

    Refused with BadInput: garbage, a secret key, a revoked or expired key, a key without an
    encryption-capable (sub)key."""
    cert = _parse(armored)
    if cert.is_revoked:
        raise BadInput("this OpenPGP key has been revoked", field="pgp_key")
    expiry = cert.expiration
    if expiry is not None and expiry <= dt.datetime.now(dt.UTC):
        raise BadInput(f"this OpenPGP key expired on {expiry:%Y-%m-%d}", field="pgp_key")
    try:
        pysequoia.encrypt(b"probe", [cert])
    except (RuntimeError, ValueError) as exc:
        raise BadInput(f"this OpenPGP key cannot encrypt: {_reason(exc)}", field="pgp_key") from exc
    return cert.fingerprint.upper()


def fingerprint(armored: str) -> str:
    """The fingerprint of a stored key, or "" when the recipient has none or it no longer parses."""
    if not armored.strip():
        return ""
    try:
        return _parse(armored).fingerprint.upper()
    except BadInput:
        return ""


def encrypt(armored_public_key: str, data: bytes) -> bytes:
    """Encrypt ``data`` to the key; returns an ASCII-armoured OpenPGP message."""
    cert = _parse(armored_public_key)
    try:
        return pysequoia.encrypt(data, [cert], armor=True)
    except (RuntimeError, ValueError) as exc:
        raise BadInput(
            f"cannot encrypt to this OpenPGP key: {_reason(exc)}", field="pgp_key"
        ) from exc
