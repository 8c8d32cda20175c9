"""``cdnet sanctions``: show the sanctions register in force and replace it with a newer one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cdnet.analysis.reference.sanctions import (
    Changes,
    Entity,
    Register,
    compare,
    load_register,
    shipped_register,
    user_register_path,
    write_register,
)
from cdnet.errors import NotFound

sanctions_app = typer.Typer(
    name="sanctions",
    help="Show the sanctions register the `sanctions` detector uses, or load a newer one.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``sanctions`` command group to the ``cdnet`` app."""
    app.add_typer(sanctions_app, name="sanctions")


def _in_force() -> Register:
    return load_register(None)


def _print_changes(changes: Changes) -> None:
    if changes.empty:
        typer.echo("no changes")
        return
    typer.echo(
        f"{len(changes.added)} added, {len(changes.removed)} removed, "
        f"{len(changes.changed)} changed"
    )
    for entity_id in changes.added:
        typer.echo(f"+ {entity_id}")
    for entity_id in changes.removed:
        typer.echo(f"- {entity_id}")
    for entity_id, names in changes.changed:
        typer.echo(f"~ {entity_id} ({', '.join(names)})")


@sanctions_app.command("update")
def update_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="The new register: FORMATS.md CSV or followthemoney JSON lines."),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Go back to the register shipped with cdnet.")
    ] = False,
) -> None:
    """Check a newer register in full, then make it the one in force; print what changed."""
    target = user_register_path()
    old = _in_force()
    if reset:
        if file is not None:
            typer.echo("--reset takes no FILE", err=True)
            raise typer.Exit(2)
        new = shipped_register()
        target.unlink(missing_ok=True)
        typer.echo("back to the shipped register")
    elif file is None:
        typer.echo("give FILE, or --reset", err=True)
        raise typer.Exit(2)
    else:
        new = load_register(file)  # raises BadInput before anything is replaced
        write_register(new, target)
        typer.echo(f"{len(new.entities)} entities from {file} now in force ({target})")
    _print_changes(compare(old, new))


def _brief(entity: Entity) -> dict[str, object]:
    row: dict[str, object] = dict(entity.to_row())
    for name in ("aliases", "handles", "domains", "mirrors"):
        row[name] = list(getattr(entity, name))
    return row


@sanctions_app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List the entities of the register in force (id, kind, name, legal basis)."""
    current = _in_force()
    if as_json:
        typer.echo(json.dumps([_brief(e) for e in current.entities], ensure_ascii=False, indent=2))
        return
    typer.echo(f"# {len(current.entities)} entities from {current.source}")
    for e in current.entities:
        typer.echo(f"{e.entity_id}\t{e.kind}\t{e.name}\t{e.legal_basis}")


@sanctions_app.command("show")
def show_command(
    entity_id: Annotated[
        str | None, typer.Argument(metavar="[ENTITY]", help="An entity_id; none: a summary.")
    ] = None,
) -> None:
    """Show one entity of the register in force as JSON, or where the register comes from."""
    current = _in_force()
    if entity_id is None:
        typer.echo(f"source: {current.source}\nentities: {len(current.entities)}")
        return
    entity = current.get(entity_id)
    if entity is None:
        raise NotFound(f"no entity {entity_id!r} in {current.source}")
    typer.echo(json.dumps(_brief(entity), ensure_ascii=False, indent=2))
