"""Settings for the test suite: a throw-away data directory, fast password hashing."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("CDNET_HOME", tempfile.mkdtemp(prefix="cdnet-test-"))
os.environ.setdefault("CDNET_SECRET_KEY", "test-secret-key-not-for-production")

from cdnet.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
