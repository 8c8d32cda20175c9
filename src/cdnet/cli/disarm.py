"""``cdnet disarm``: look up DISARM techniques, counters and tactics shipped with cdnet."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from cdnet.analysis.reference import disarm
from cdnet.analysis.reference.disarm import (
    Counter,
    Detection,
    Disarm,
    Item,
    Phase,
    RetiredTechnique,
    Tactic,
    Technique,
)

disarm_app = typer.Typer(
    name="disarm",
    help=f"Look up the DISARM Red and Blue frameworks (v{disarm.VERSION}) shipped with cdnet.",
    no_args_is_help=True,
)

JSON_HELP = "Print JSON for scripts instead of a table."


def register(app: typer.Typer) -> None:
    """Add the ``disarm`` command group to the ``cdnet`` app."""
    app.add_typer(disarm_app, name="disarm")


def _console() -> Console:
    return Console(highlight=False)


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _brief(item: Item) -> dict[str, object]:
    return {
        "id": item.id,
        "qualified_id": item.qualified_id,
        "kind": item.kind,
        "framework": item.framework,
        "name": item.name,
        "retired": item.retired,
    }


def _context(d: Disarm, item: Item) -> list[tuple[str, Item]]:
    """The objects one level up: a technique's tactic and phase, a counter's tactic, ..."""
    pairs: list[tuple[str, str | None]] = []
    if isinstance(item, Technique):
        tactic = d.find(item.tactic_id)
        phase_id = tactic.phase_id if isinstance(tactic, Tactic) else None
        pairs = [("tactic", item.tactic_id), ("phase", phase_id), ("parent", item.parent_id)]
    elif isinstance(item, Tactic):
        pairs = [("phase", item.phase_id)]
    elif isinstance(item, Counter | Detection):
        pairs = [("tactic", item.tactic_id), ("response type", item.responsetype_id)]
    if isinstance(item, Counter):
        pairs += [("metatechnique", m) for m in item.metatechnique_ids]
        pairs += [("actor type", a) for a in item.actortype_ids]
    found = [(label, d.find(i)) for label, i in pairs if i is not None]
    return [(label, other) for label, other in found if other is not None]


def _relations(d: Disarm, item: Item) -> dict[str, tuple[Item, ...]]:
    """The linked objects one level down or across, by a label for each list."""
    if isinstance(item, Technique) and item.parent_id is not None:
        return {
            "counters": d.counters_for(item.id),
            "counters of the parent technique": d.counters_for(item.parent_id),
            "detections": d.detections_for(item.id),
        }
    if isinstance(item, Technique):
        return {
            "sub-techniques": d.subtechniques(item.id),
            "counters": d.counters_for(item.id, include_subtechniques=True),
            "detections": d.detections_for(item.id),
        }
    if isinstance(item, RetiredTechnique):
        return {"counters": d.counters_for(item.id), "detections": d.detections_for(item.id)}
    if isinstance(item, Counter):
        return {
            "techniques": d.techniques_for_counter(item.id),
            "retired techniques": d.retired_techniques_for_counter(item.id),
        }
    if isinstance(item, Detection):
        return {"techniques": d.techniques_for_detection(item.id)}
    if isinstance(item, Tactic):
        tops = (t for t in d.techniques if t.tactic_id == item.id and not t.is_subtechnique)
        return {"techniques": tuple(tops)}
    if isinstance(item, Phase):
        return {"tactics": tuple(t for t in d.tactics if t.phase_id == item.id)}
    return {}


def _key(label: str) -> str:
    return label.replace(" ", "_").replace("-", "_")


def _show_json(d: Disarm, item: Item) -> None:
    data = disarm.as_dict(item)
    for label, other in _context(d, item):
        data.setdefault(_key(label), _brief(other))
    for label, items in _relations(d, item).items():
        data[_key(label)] = [_brief(i) for i in items]
    _echo_json(data)


def _table(title: str, items: tuple[Item, ...]) -> Table:
    table = Table(title=f"{title} ({len(items)})", title_justify="left", show_header=False)
    table.add_column("id", no_wrap=True)
    table.add_column("name")
    for i in items:
        name = Text(i.name)
        if i.retired:
            name.append("  retired", style="red")
        table.add_row(Text(i.id, style="bold"), name)
    return table


def _show_rich(d: Disarm, item: Item) -> None:
    out = _console()
    title = Text.assemble((item.id, "bold"), "  ", (item.name, "bold cyan"))
    if item.retired:
        title.append("  (retired)", style="bold red")
    out.print(title)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    name = FRAMEWORK_NAMES[item.framework]
    grid.add_row("framework", Text(f"{name} v{disarm.VERSION} ({item.framework})"))
    grid.add_row("qualified id", Text(item.qualified_id))
    grid.add_row("kind", Text(item.kind))
    for label, other in _context(d, item):
        grid.add_row(label, Text(f"{other.id}  {other.name}"))
    out.print(grid)
    if item.retired:
        note = (
            f"Not in DISARM Red v{disarm.VERSION}: retired or renumbered; the name is the old one."
        )
        out.print(Text(note, style="yellow"))
    if item.summary:
        out.print()
        out.print(Text(item.summary))
    for label, items in _relations(d, item).items():
        if items:
            out.print()
            out.print(_table(label, items))


FRAMEWORK_NAMES = {"disarm-red": "DISARM Red", "disarm-blue": "DISARM Blue"}


@disarm_app.command("show")
def show(
    object_id: str = typer.Argument(..., metavar="ID", help="e.g. T0097.202 or DISARM:C00006."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Show one technique, counter, detection, tactic or phase and what it links to."""
    d = disarm.load()
    item = d.get(object_id)
    if as_json:
        _show_json(d, item)
    else:
        _show_rich(d, item)


@disarm_app.command("search")
def search(
    text: str = typer.Argument(..., help="Words to find in ids, names and summaries."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Show at most this many."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Find DISARM objects by id, name or summary (id and name matches first)."""
    hits = disarm.load().search(text, limit=limit)
    if as_json:
        _echo_json([_brief(hit) for hit in hits])
        return
    out = _console()
    if not hits:
        out.print(Text(f"No DISARM object matches {text!r}.", style="yellow"))
        return
    table = Table(title=f"DISARM v{disarm.VERSION}: {len(hits)} match(es) for {text!r}")
    for column in ("id", "kind", "name", "framework"):
        table.add_column(column, no_wrap=column != "name")
    for hit in hits:
        table.add_row(Text(hit.id, style="bold"), hit.kind, Text(hit.name), hit.framework)
    out.print(table)


@disarm_app.command("tactics")
def tactics(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """List the phases of DISARM Red and their tactics, in matrix order."""
    matrix = disarm.load().matrix()
    if as_json:
        _echo_json(
            [
                {
                    **_brief(column.phase),
                    "tactics": [
                        {**_brief(t.tactic), "techniques": len(t.techniques)}
                        for t in column.tactics
                    ],
                }
                for column in matrix
            ]
        )
        return
    out = _console()
    tree = Tree(Text(f"DISARM Red v{disarm.VERSION}: phases and tactics", style="bold"))
    for phase in matrix:
        branch = tree.add(Text.assemble((phase.phase.id, "bold"), "  ", phase.phase.name))
        for t in phase.tactics:
            subs = sum(len(cell.subtechniques) for cell in t.techniques)
            counts = f"  ({len(t.techniques)} techniques, {subs} sub-techniques)"
            branch.add(Text.assemble((t.tactic.id, "bold"), "  ", t.tactic.name, (counts, "dim")))
    out.print(tree)
    out.print(Text(disarm.ATTRIBUTION, style="dim"))
