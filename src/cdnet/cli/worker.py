"""`cdnet worker`: send queued deliveries (e-mail, webhooks) with retries, run periodic jobs."""

from __future__ import annotations

import threading

import typer

from cdnet.web.djangosetup import setup


def worker(
    once: bool = typer.Option(
        False, "--once", help="Run one cycle (due deliveries, periodic jobs) and exit."
    ),
    poll: float | None = typer.Option(
        None,
        "--poll",
        min=0.1,
        help="Seconds between cycles (default: the CDNET_WORKER_POLL_SECONDS setting, 5).",
    ),
) -> None:
    """Send queued deliveries and run reminders; stops cleanly on SIGTERM or Ctrl+C."""
    setup()
    from cdnet.dispatch.worker import poll_seconds, run_worker, stop_on_signals

    stop_event = threading.Event()
    stop_on_signals(stop_event)
    wait = poll_seconds() if poll is None else poll
    if not once:
        typer.echo(f"cdnet worker: polling every {wait:g} s; Ctrl+C to stop", err=True)
    run_worker(stop_event, wait, once=once)


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)


if __name__ == "__main__":  # `python -m cdnet.cli.worker`, until `cdnet worker` is registered
    _app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    register(_app)
    _app()
