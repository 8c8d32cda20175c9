"""`cdnet dispatch`: RRS figures, the notices table and the dispatch log from the command line."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cdnet.web.djangosetup import setup

out = Console()
dispatch_app = typer.Typer(
    help="RRS flags, DSA notices and the dispatch log.", no_args_is_help=True
)
AS_USER = typer.Option(..., "--as", help="Read as this member (TLP applies)")
NOTICES_FILE = typer.Argument(..., help="A .csv or .parquet file")
LOG_FILE = typer.Argument(..., help="A .csv or .pdf file")


@dispatch_app.command("rrs-figures")
def rrs_figures(username: str = AS_USER) -> None:
    """RRS figures per platform: flags, median hours to acknowledgement and action, shares."""
    setup()
    from cdnet.dispatch.rrs import figures, visible_flags
    from cdnet.network.services import find_user

    table = Table("platform", "flags", "acknowledged", "h to ack", "actioned", "h to action",
                  "actioned %", "no reply %")  # fmt: skip
    for f in figures(visible_flags(find_user(username))):
        table.add_row(
            f.platform, str(f.flags), str(f.acknowledged), str(f.median_hours_to_ack or "-"),
            str(f.actioned), str(f.median_hours_to_action or "-"),
            f"{f.actioned_share:.0%}", f"{f.no_reply_share:.0%}",
        )  # fmt: skip
    out.print(table)


@dispatch_app.command("notices-export")
def notices_export(output: Path = NOTICES_FILE, username: str = AS_USER) -> None:
    """Write every DSA notice you may read as the canonical notices table (FORMATS.md)."""
    setup()
    from cdnet.dispatch.notices import export_notices
    from cdnet.network.services import find_user

    fmt = "parquet" if output.suffix == ".parquet" else "csv"
    output.write_bytes(export_notices(find_user(username), fmt))
    out.print(f"wrote {output}", highlight=False)


@dispatch_app.command("log-export")
def log_export(
    output: Path = LOG_FILE,
    username: str = AS_USER,
    alert: int = typer.Option(0, "--alert", help="Only this alert's deliveries"),
) -> None:
    """Write the dispatch log (what was sent to whom) as CSV or PDF."""
    setup()
    from cdnet.cases.visibility import visible_alerts
    from cdnet.dispatch.log import export_log
    from cdnet.errors import NotFound
    from cdnet.network.services import find_user

    user = find_user(username)
    chosen = visible_alerts(user).filter(pk=alert).first() if alert else None
    if alert and chosen is None:
        raise NotFound(f"no alert {alert} you may read")
    content, _, _ = export_log(user, "pdf" if output.suffix == ".pdf" else "csv", chosen)
    output.write_bytes(content)
    out.print(f"wrote {output}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(dispatch_app, name="dispatch")
