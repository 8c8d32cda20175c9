"""`cdnet report`: the yearly report (Markdown, HTML, PDF, JSON, DISARM Navigator layer)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cdnet.errors import BadInput
from cdnet.web.djangosetup import setup

err = Console(stderr=True)
report_app = typer.Typer(help="The yearly report written from the records.", no_args_is_help=True)

AUDIENCE_HELP = (
    "public: only TLP:CLEAR records and those approved for publication (the default, safe to "
    "share); network: every record, marked with the highest TLP it holds."
)


@report_app.command("annual")
def annual(
    year: int = typer.Option(..., "--year", help="The calendar year, e.g. 2025"),
    fmt: str = typer.Option(
        "md", "--format", "-f", help="md, html, pdf, json or navigator (a DISARM Navigator layer)"
    ),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output"),
    ] = None,
    audience: str = typer.Option("public", "--audience", help=AUDIENCE_HELP),
) -> None:
    """Write the yearly report of YEAR: network summary, figures, charts, the Code of Practice
    TTPs (Commitment 14, Measure 14.3) and the outcomes."""
    setup()
    from cdnet.reports.annual import build_report, parse_audience, render
    from cdnet.reports.annual.export import check_format

    fmt = check_format(fmt)
    if fmt == "pdf" and output is None and sys.stdout.isatty():
        raise BadInput("a PDF is not for the terminal: add -o FILE or redirect the output")
    chosen = parse_audience(audience)
    err.print(f"building the {chosen.value} report of {year}…", highlight=False)
    report = build_report(year, chosen)
    rendered = render(report, fmt)
    if output is None:
        sys.stdout.buffer.write(rendered.content)
        sys.stdout.flush()
    else:
        output.write_bytes(rendered.content)
        err.print(f"wrote {output} ({len(rendered.content):,} bytes, TLP:{report.tlp})")


@report_app.command("years")
def years(
    audience: str = typer.Option("network", "--audience", help="Count only public records"),
) -> None:
    """The years with data (any finding, alert or impact record dated in them), one per line."""
    setup()
    from cdnet.reports.annual import parse_audience, years_with_data

    for year in years_with_data(parse_audience(audience)):
        typer.echo(str(year))


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
