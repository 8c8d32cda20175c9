"""Helpers shared by the page views: errors become messages, not tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest

from cdnet.errors import CdnetError

T = TypeVar("T")


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required guarantees it
    return user


def attempt(request: HttpRequest, action: Callable[[], T], success: str) -> T | None:
    """Run a workflow action; show its error as a message instead of failing the request."""
    try:
        result = action()
    except CdnetError as exc:
        messages.error(request, str(exc))
        return None
    if success:
        messages.success(request, success)
    return result
