"""`cdnet datasets`: list the registered datasets and clean up after crashes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cdnet.web.djangosetup import setup

out = Console()
datasets_app = typer.Typer(help="Datasets registered in the app.", no_args_is_help=True)


@datasets_app.command("list")
def list_datasets(
    deleted: Annotated[bool, typer.Option("--deleted", help="Include deleted datasets.")] = False,
) -> None:
    """Datasets, newest first: id, name, source file, rows per table, uploader, SHA-256."""
    setup()
    from cdnet.cases.models import Dataset

    table = Table("id", "name", "source", "tables", "uploaded by", "sha256", "deleted")
    rows = Dataset.objects.select_related("uploaded_by")
    for d in rows if deleted else rows.filter(deleted_at__isnull=True):
        tables = ", ".join(f"{t} {n}" for t, n in d.table_rows.items())
        who = d.uploaded_by.get_username() if d.uploaded_by else ""
        when = f"{d.deleted_at:%Y-%m-%d %H:%M}" if d.deleted_at else ""
        table.add_row(str(d.pk), d.name, d.source, tables, who, d.sha256[:12], when)
    out.print(table)


@datasets_app.command("prune")
def prune(
    min_age_hours: Annotated[
        float, typer.Option("--min-age-hours", help="Leave younger folders alone (uploads).")
    ] = 1.0,
) -> None:
    """Remove folders a crash left behind: deleted datasets' files, unregistered tables, uploads."""
    setup()
    from cdnet.cases.datasets import prune_datasets

    removed = prune_datasets(dt.timedelta(hours=min_age_hours))
    for folder in removed:
        out.print(f"removed {folder}", highlight=False, markup=False, soft_wrap=True)
    out.print(f"{len(removed)} folders removed", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(datasets_app, name="datasets")
