"""`cdnet search`: the full-text index."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from cdnet.web.djangosetup import setup

out = Console()
search_app = typer.Typer(help="Full-text search index.", no_args_is_help=True)


@search_app.command("reindex")
def reindex() -> None:
    """Rebuild the search index of every finding, evidence item, case and alert."""
    setup()
    from cdnet.search.index import rebuild

    columns = (TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=out, transient=False) as progress:
        tasks: dict[str, TaskID] = {}

        def report(kind: str, done: int, total: int) -> None:
            if kind not in tasks:
                tasks[kind] = progress.add_task(kind, total=total)
            progress.update(tasks[kind], completed=done, total=total)

        written = rebuild(progress=report)
    out.print(f"indexed {written} document{'' if written == 1 else 's'}")


def register(app: typer.Typer) -> None:
    app.add_typer(search_app, name="search")
