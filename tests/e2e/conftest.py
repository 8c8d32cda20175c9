"""Browser tests: a tab of the shared Chromium (tests/conftest.py), a login helper, data dirs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Any) -> Any:
    """Datasets of a browser test live in its own folder."""
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


@pytest.fixture
def login() -> Any:
    """``login(page, base, username, password)``: sign in through the login form."""

    def sign_in(page: Any, base: str, username: str, password: str) -> None:
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_login", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")

    return sign_in
