"""`cdnet audit`: check the hash chain of the audit log and read it."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cdnet.errors import BadInput
from cdnet.web.djangosetup import setup

out = Console()
err = Console(stderr=True)
audit_app = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)

BROKEN = 2  # exit code of `cdnet audit verify` when the chain is broken


@audit_app.command("verify")
def verify() -> None:
    """Check every entry's hash and link; exit 2 and list the problems if the chain is broken."""
    setup()
    from cdnet.audit.verify import verify as run

    report = run()
    if report.ok:
        out.print(report.summary(), highlight=False)
        return
    for problem in report.problems:
        err.print(f"[red]•[/] {escape(problem)}", highlight=False, soft_wrap=True)
    err.print(f"[bold red]{escape(report.summary())}[/]", highlight=False)
    raise typer.Exit(BROKEN)


def _object(value: str) -> tuple[str, str]:
    kind, sep, pk = value.partition(":")
    if not sep or not kind.strip() or not pk.strip():
        raise BadInput(f"--object must look like TYPE:ID (e.g. alert:12), got {value!r}")
    return kind.strip().lower(), pk.strip()


@audit_app.command("log")
def log(
    obj: str = typer.Option("", "--object", help="Only entries about TYPE:ID, e.g. alert:12"),
    limit: int = typer.Option(50, "--limit", min=1, help="How many of the latest entries"),
) -> None:
    """The latest entries of the audit log, oldest first."""
    setup()
    from cdnet.audit.models import AuditEntry

    entries = AuditEntry.objects.order_by("-id")
    if obj:
        object_type, object_id = _object(obj)
        entries = entries.filter(object_type=object_type, object_id=object_id)
    table = Table("#", "at (UTC)", "actor", "action", "object", "summary")
    for e in reversed(list(entries[:limit])):
        table.add_row(
            str(e.pk), e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor_name, e.action,
            f"{e.object_type}:{e.object_id}", e.summary,
        )  # fmt: skip
    out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
