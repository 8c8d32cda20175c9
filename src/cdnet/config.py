"""Runtime configuration read from the environment, shared by the CLI and the web settings."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def home() -> Path:
    """The data directory: ``CDNET_HOME``, default ``./cdnet-data``."""
    return Path(os.environ.get("CDNET_HOME", "cdnet-data")).resolve()


def ensure_home() -> Path:
    path = home()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key() -> str:
    """``CDNET_SECRET_KEY``, or a key generated once and kept in the data directory."""
    from_env = os.environ.get("CDNET_SECRET_KEY")
    if from_env:
        return from_env
    key_file = ensure_home() / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()
