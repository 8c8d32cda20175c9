"""Shared fixtures: the personas of the network and a real SMTP server on loopback."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest

from cdnet.web import djangosetup

# pytest-django has already set Django up; commands under test must not migrate again.
djangosetup._ready = True


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") == "true" and os.environ.get("CDNET_TEST_DB") == "postgres":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            raise pytest.UsageError("CI=true with CDNET_TEST_DB=postgres needs DATABASE_URL")


# A real Chromium (Debian's), driven by Playwright; never a downloaded browser. One per session:
# Playwright's sync API keeps an event loop in this thread, so two at once cannot run.
CHROMIUM = os.environ.get("CDNET_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls in the tests are
    # plain synchronous code between browser steps.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="session", params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def engine(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Each analysis engine in turn: a test using it runs on DuckDB and on Spark (local mode)."""
    from cdnet.analysis.engine import open_engine

    opened = open_engine(
        request.param, spark_master="local[2]" if request.param == "spark" else None
    )
    yield opened
    opened.close()


@dataclass
class Network:
    alpha: Any
    beta: Any
    alice: Any  # analyst at Alpha
    bob: Any  # reviewer at Beta
    carol: Any  # coordinator at Alpha
    dave: Any  # reviewer at Alpha
    platform: Any  # a recipient
    authority: Any  # a recipient


@pytest.fixture
def network(db: None) -> Network:
    from cdnet.network.services import add_member, add_organisation, add_recipient

    alpha = add_organisation("Alpha Fact-Check", "FR", "Alpha")
    beta = add_organisation("Beta Research Lab", "DE", "Beta")
    return Network(
        alpha=alpha,
        beta=beta,
        alice=add_member("alice", alpha, "analyst", "alice-pass").user,
        bob=add_member("bob", beta, "reviewer", "bob-pass").user,
        carol=add_member("carol", alpha, "coordinator", "carol-pass").user,
        dave=add_member("dave", alpha, "reviewer", "dave-pass").user,
        platform=add_recipient("Example Platform T&S", "platform", "ts@platform.example"),
        authority=add_recipient("Example DSC", "government", "dsc@authority.example", "FR"),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SmtpSink:
    host: str
    port: int
    messages: list[Message] = field(default_factory=list)
    controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_RCPT(
                self, server: Any, session: Any, envelope: Any, address: str, options: Any
            ) -> str:
                if address.endswith("@refused.example"):
                    return f"550 5.1.1 <{address}>: mailbox unavailable"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                message = message_from_bytes(envelope.content)
                message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
                sink.messages.append(message)
                return "250 OK"

        self.controller = Controller(Handler(), hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def smtp(settings: Any, smtp_port: int) -> Iterator[SmtpSink]:
    """A real SMTP server (aiosmtpd) on loopback; Django sends to it."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_port
    sink = SmtpSink("127.0.0.1", smtp_port)
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_down(settings: Any, smtp_port: int) -> Iterator[SmtpSink]:
    """The SMTP settings point at a port where nothing listens (yet): call .start() to fix."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_port
    settings.EMAIL_TIMEOUT = 5
    sink = SmtpSink("127.0.0.1", smtp_port)
    yield sink
    sink.stop()
