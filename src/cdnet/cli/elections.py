"""``cdnet elections``: the election calendar the ``election-silence`` detector uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cdnet.analysis.reference.elections import Election, load_calendar, windows_of
from cdnet.errors import NotFound

elections_app = typer.Typer(
    name="elections",
    help="List the elections of the shipped calendar (or your own) and their silence windows.",
    no_args_is_help=True,
)

CalendarOption = Annotated[
    Path | None,
    typer.Option(
        "--calendar",
        help="Your own calendar (FORMATS.md election calendar CSV) instead of the shipped one.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def register(app: typer.Typer) -> None:
    """Add the ``elections`` command group to the ``cdnet`` app."""
    app.add_typer(elections_app, name="elections")


def as_dict(election: Election) -> dict[str, object]:
    """One election as JSON: the calendar row plus its windows in UTC."""
    return {
        "election_id": election.election_id,
        "country": election.country,
        "polling_day": election.polling_day.isoformat(),
        "timezone": election.timezone,
        "name": election.name,
        "kind": election.kind,
        "round": election.round,
        "status": election.status,
        "silence": election.silence,
        "silence_start": election.local_silence_start or None,
        "polls_close": election.local_polls_close,
        "windows": [
            {"violation": v, "start": s.isoformat(), "end": e.isoformat()}
            for v, s, e in windows_of(election)
        ],
    }


@elections_app.command("list")
def list_command(
    calendar: CalendarOption = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Only this country (ISO alpha-2).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the elections: id, country, polling day, time zone, silence and status."""
    elections = [
        e
        for e in load_calendar(calendar)
        if country is None or e.country == country.strip().upper()
    ]
    if as_json:
        typer.echo(json.dumps([as_dict(e) for e in elections], ensure_ascii=False, indent=2))
        return
    table = Table("election_id", "country", "polling day", "time zone", "silence", "status")
    for e in elections:
        silence = f"{e.local_silence_start} → {e.local_polls_close}" if e.silence else "none"
        table.add_row(
            e.election_id, e.country, e.polling_day.isoformat(), e.timezone, silence, e.status
        )
    Console(highlight=False, width=120).print(table)


@elections_app.command("show")
def show_command(
    election_id: Annotated[str, typer.Argument(help="The election, e.g. fr-2024-06-30.")],
    calendar: CalendarOption = None,
) -> None:
    """Show one election as JSON, with its campaign and poll windows in UTC."""
    for election in load_calendar(calendar):
        if election.election_id == election_id.strip().lower():
            typer.echo(json.dumps(as_dict(election), ensure_ascii=False, indent=2))
            return
    raise NotFound(f"no election {election_id!r} in the calendar; see `cdnet elections list`")
