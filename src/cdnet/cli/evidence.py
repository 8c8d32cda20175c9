"""``cdnet evidence``: verify an evidence package, capture a web page from a script."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from cdnet.errors import BadInput
from cdnet.web.djangosetup import setup

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
evidence_app = typer.Typer(help="Evidence: captures, uploads, packages.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``evidence`` command group to the ``cdnet`` app."""
    app.add_typer(evidence_app, name="evidence")


@evidence_app.command("verify")
def verify(
    path: str = typer.Argument(..., metavar="PACKAGE", help="An evidence package (.zip)"),
) -> None:
    """Re-check every file of a package against its manifest; exit 2 listing each problem."""
    from cdnet.evidence.package import verify_package

    package = Path(path)
    if not package.is_file():
        raise BadInput("no such file", file=str(package))
    report = verify_package(package)
    if report.ok:
        out.print(f"{escape(str(package))}: intact ({report.items} items, {report.files} files)")
        return
    for problem in report.problems:
        err.print(f"[bold red]problem:[/] {escape(problem)}")
    err.print(f"{escape(str(package))}: {len(report.problems)} problem(s)")
    raise typer.Exit(2)


@evidence_app.command("capture")
def capture(
    url: str = typer.Argument(..., help="The page to capture (http or https)"),
    user: str = typer.Option(..., "--user", "-u", help="The member capturing it"),
    case: int | None = typer.Option(None, "--case", help="Attach to this case"),
    alert: int | None = typer.Option(None, "--alert", help="Attach to this alert"),
    finding: int | None = typer.Option(None, "--finding", help="Attach to this finding"),
    title: str = typer.Option("", "--title", help="Default: the page title"),
    tlp: str | None = typer.Option(None, "--tlp", help="Default: the TLP of the record"),
) -> None:
    """Capture a web page (body, WARC, text, screenshot) as evidence; prints its id and SHA-256."""
    setup()
    from django.contrib.auth.models import User

    from cdnet.errors import NotFound
    from cdnet.evidence import services

    member = User.objects.filter(username=user).first()
    if member is None:
        raise NotFound(f"no user {user!r}")
    given = [(k, v) for k, v in (("case", case), ("alert", alert), ("finding", finding)) if v]
    if len(given) != 1:
        raise BadInput("give exactly one of --case, --alert, --finding")
    target = services.find_parent(member, *given[0])
    item = services.capture_url(member, url, title=title, tlp=tlp, **target)  # type: ignore[arg-type]
    out.print(f"evidence {item.pk} v{item.version}: {item.sha256} {escape(item.title)}")
