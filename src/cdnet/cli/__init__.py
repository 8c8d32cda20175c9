"""The ``cdnet`` command. Each sub-module registers its commands; Django is set up lazily."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from cdnet import __version__
from cdnet.errors import CdnetError

err = Console(stderr=True)


class _CdnetGroup(TyperGroup):
    """Every command runs inside this: a CdnetError becomes its message and its exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer.Context is a subclass of the expected type
        try:
            return super().invoke(ctx)
        except CdnetError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from exc


app = typer.Typer(
    cls=_CdnetGroup,
    name="cdnet",
    help="The workbench of a counter-disinformation network.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cdnet {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """cdnet: ingest, detect, document, alert, record outcomes, report."""


def _register() -> None:
    from cdnet.cli import (
        audit,
        data,
        datasets,
        disarm,
        dispatch,
        elections,
        evidence,
        network,
        recheck,
        report,
        sanctions,
        search,
        server,
        train,
        worker,
    )

    for module in (
        data,
        datasets,
        disarm,
        network,
        server,
        evidence,
        audit,
        search,
        dispatch,
        worker,
        sanctions,
        train,
        elections,
        report,
        recheck,
    ):
        module.register(app)


_register()


def main() -> None:
    """Entry point of the `cdnet` command."""
    app()
