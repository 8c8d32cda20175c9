"""``cdnet recheck``: the re-check monitor of flagged URLs (add, run, list, decide proposals)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from cdnet.errors import BadInput
from cdnet.web.djangosetup import setup

if TYPE_CHECKING:
    from cdnet.impact.models import RecheckProposal

out = Console(highlight=False, soft_wrap=True)
recheck_app = typer.Typer(
    help="Re-check flagged URLs on a schedule and decide the outcomes they propose.",
    no_args_is_help=True,
)
STATES = ("pending", "confirmed", "rejected", "all")


def register(app: typer.Typer) -> None:
    """Add the ``recheck`` command group to the ``cdnet`` app."""
    app.add_typer(recheck_app, name="recheck")


def _codes(raw: str) -> list[str]:
    return [c for c in raw.replace(",", " ").split() if c]


@recheck_app.command("add")
def add(
    url: str = typer.Argument(..., help="The flagged URL (http or https)"),
    alert: int = typer.Option(..., "--alert", help="The alert the URL belongs to"),
    user: str = typer.Option(..., "--user", "-u", help="The member adding it"),
    every: int = typer.Option(24, "--every", help="Hours between checks"),
    countries: str = typer.Option(
        "", "--countries", help="Also check through these countries' proxies, e.g. DE,FR"
    ),
    platform: str = typer.Option("", "--platform", help="x, facebook, … (default: from the URL)"),
) -> None:
    """Re-check URL every --every hours, from now on; prints the target's id."""
    setup()
    from cdnet.cases.models import Alert
    from cdnet.errors import NotFound
    from cdnet.impact.recheck.schedule import add_target
    from cdnet.network.services import find_user

    member = find_user(user)
    found = Alert.objects.filter(pk=alert).first()
    if found is None:
        raise NotFound(f"no alert {alert}")
    target = add_target(member, found, url, every, _codes(countries), platform)
    where = ", ".join(["direct", *target.countries])
    out.print(f"re-check {target.pk}: {escape(target.url)} every {every} h ({where})")


@recheck_app.command("pause")
def pause(
    target: int = typer.Argument(..., help="The target's id"),
    user: str = typer.Option(..., "--user", "-u", help="The member pausing it"),
) -> None:
    """Stop checking a target (its results and proposals stay)."""
    _set_active(target, user, False)


@recheck_app.command("resume")
def resume(
    target: int = typer.Argument(..., help="The target's id"),
    user: str = typer.Option(..., "--user", "-u", help="The member resuming it"),
) -> None:
    """Check a paused target again, starting now."""
    _set_active(target, user, True)


def _set_active(pk: int, user: str, active: bool) -> None:
    setup()
    from cdnet.errors import NotFound
    from cdnet.impact.models import RecheckTarget
    from cdnet.impact.recheck.schedule import set_active
    from cdnet.network.services import find_user

    found = RecheckTarget.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(f"no re-check {pk}")
    set_active(found, find_user(user), active)
    out.print(f"re-check {pk} {'resumed' if active else 'paused'}")


@recheck_app.command("run")
def run(
    due: bool = typer.Option(False, "--due", help="Only targets whose time has come (cron)"),
    all_: bool = typer.Option(False, "--all", help="Every active target, due or not"),
) -> None:
    """Check targets now: --due (what cron or the worker calls) or --all."""
    if due == all_:
        raise BadInput("give exactly one of --due and --all")
    setup()
    from cdnet.impact.recheck.schedule import run_all, run_due_rechecks

    columns = (TextColumn("re-checks"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=out, transient=False) as progress:
        bar = progress.add_task("re-checks", total=None)

        def report(done: int, total: int) -> None:
            progress.update(bar, completed=done, total=total)

        reports = run_due_rechecks(progress=report) if due else run_all(progress=report)
    made = sum(len(r.proposals) for r in reports)
    out.print(f"checked {len(reports)} target(s); {made} new proposal(s)")
    for r in reports:
        for p in r.proposals:
            out.print(f"  proposal {p.pk}: {p.kind} {' '.join(p.countries)} {escape(r.target.url)}")


@recheck_app.command("list")
def list_targets() -> None:
    """Every target, then the last result of each vantage point on indented lines."""
    setup()
    from cdnet.impact.models import RecheckTarget
    from cdnet.impact.recheck.schedule import last_results

    for t in RecheckTarget.objects.select_related("alert"):
        when = f"next {t.next_due_at:%Y-%m-%d %H:%M}" if t.active else "paused"
        typer.echo(f"{t.pk}\t{t.url}\talert {t.alert_id}\tevery {t.every_hours} h\t{when}")
        for r in last_results(t):
            code = f" {r.status_code}" if r.status_code else ""
            extra = " (changed)" if r.changed else ""
            error = f" {r.error}" if r.error else ""
            typer.echo(f"  {r.vantage or 'direct'}: {r.state}{code}{extra}{error}"
                       f" at {r.checked_at:%Y-%m-%d %H:%M}")  # fmt: skip


@recheck_app.command("proposals")
def list_proposals(
    state: str = typer.Option("pending", "--state", help="pending, confirmed, rejected or all"),
) -> None:
    """Proposed outcomes (pending ones by default), one a line: id, state, outcome, URL, why."""
    if state not in STATES:
        raise BadInput(f"state must be one of {', '.join(STATES)}", field="state")
    setup()
    from cdnet.impact.models import RecheckProposal

    rows = RecheckProposal.objects.select_related("target")
    if state != "all":
        rows = rows.filter(state=state)
    for p in rows:
        kind = f"{p.kind} in {','.join(p.countries)}" if p.countries else p.kind
        typer.echo(f"{p.pk}\t{p.state}\t{kind}\t{p.target.url}\t{p.reason}")


@recheck_app.command("confirm")
def confirm(
    proposal: int = typer.Argument(..., help="The proposal's id"),
    user: str = typer.Option(..., "--user", "-u", help="The member confirming it"),
    note: str = typer.Option("", "--note", help="Added to the outcome's note"),
    countries: str = typer.Option("", "--countries", help="Replace the proposed countries"),
    on: str = typer.Option("", "--on", help="When it happened, YYYY-MM-DD (default: first seen)"),
) -> None:
    """Confirm a proposal: the outcome is recorded with source "recheck"."""
    setup()
    from cdnet.impact.recheck import proposals
    from cdnet.network.services import find_user

    day = None
    if on:
        try:
            day = dt.date.fromisoformat(on)
        except ValueError as exc:
            raise BadInput(f"expected YYYY-MM-DD, got {on!r}", field="on") from exc
    done = proposals.confirm(_proposal(proposal), find_user(user), note, day,
                             _codes(countries) or None)  # fmt: skip
    assert done.outcome is not None  # noqa: S101 - confirm always records one
    out.print(f"proposal {done.pk} confirmed: outcome {done.outcome.pk} ({done.outcome.kind})")


@recheck_app.command("reject")
def reject(
    proposal: int = typer.Argument(..., help="The proposal's id"),
    user: str = typer.Option(..., "--user", "-u", help="The member rejecting it"),
    note: str = typer.Option("", "--note", help="Why"),
) -> None:
    """Reject a proposal; no outcome is recorded."""
    setup()
    from cdnet.impact.recheck import proposals
    from cdnet.network.services import find_user

    done = proposals.reject(_proposal(proposal), find_user(user), note)
    out.print(f"proposal {done.pk} rejected")


def _proposal(pk: int) -> RecheckProposal:
    from cdnet.errors import NotFound
    from cdnet.impact.models import RecheckProposal

    found = RecheckProposal.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(f"no re-check proposal {pk}")
    return found
