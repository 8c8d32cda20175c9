"""`cdnet serve`, `cdnet demo`, `cdnet api-schema`, `cdnet migrate`."""

from __future__ import annotations

import json

import typer

from cdnet.web.djangosetup import setup


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on"),
    port: int = typer.Option(8000, "--port", "-p", envvar="PORT", help="Port to listen on"),
) -> None:
    """Serve the web UI and the API (a threaded server for small teams and demos)."""
    setup()
    from cdnet.web.server import serve_forever

    serve_forever(host, port)


def demo(
    port: int = typer.Option(8000, "--port", "-p", envvar="PORT", help="Port for the web UI"),
    serve_ui: bool = typer.Option(True, "--serve/--no-serve", help="Serve the UI afterwards"),
) -> None:
    """Create demo organisations, users, data, findings and alerts; then serve the UI."""
    setup()
    from cdnet.demo.run import run_demo

    run_demo(port=port, serve_ui=serve_ui)


def api_schema() -> None:
    """Print the OpenAPI document of the API as JSON, without starting a server."""
    setup(migrate=False)
    from cdnet.web.api import api

    typer.echo(json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True))


def migrate() -> None:
    """Create or upgrade the app database (other commands do this on their own when needed)."""
    setup()
    typer.echo("database is up to date")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("demo")(demo)
    app.command("api-schema")(api_schema)
    app.command("migrate")(migrate)
