"""`cdnet org`, `cdnet user`, `cdnet recipient`, `cdnet token`: the people of the network."""

from __future__ import annotations

import getpass

import typer
from rich.console import Console
from rich.table import Table

from cdnet.web.djangosetup import setup

out = Console()
org_app = typer.Typer(help="Member organisations.", no_args_is_help=True)
user_app = typer.Typer(help="Members (users) and their roles.", no_args_is_help=True)
recipient_app = typer.Typer(help="Recipients of alerts.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)


@org_app.command("add")
def org_add(
    name: str = typer.Argument(..., help="Full name of the organisation"),
    country: str = typer.Option(..., "--country", "-c", help="ISO 3166-1 alpha-2 code, e.g. FR"),
    short_name: str = typer.Option("", "--short", help="Short name or acronym"),
) -> None:
    """Add a member organisation."""
    setup()
    from cdnet.network.services import add_organisation

    org = add_organisation(name, country, short_name)
    eu = "EU" if org.is_eu else "non-EU"
    out.print(f"added organisation {org.pk}: {org.name} ({org.country}, {eu})")


@org_app.command("list")
def org_list() -> None:
    """List organisations."""
    setup()
    from cdnet.network.models import Organisation

    table = Table("id", "name", "country", "EU", "members")
    for org in Organisation.objects.all():
        table.add_row(
            str(org.pk), org.name, org.country, "yes" if org.is_eu else "no",
            str(org.members.count()),
        )  # fmt: skip
    out.print(table)


@user_app.command("add")
def user_add(
    username: str = typer.Argument(...),
    org: str = typer.Option(..., "--org", "-o", help="Organisation name or short name"),
    role: str = typer.Option("analyst", "--role", "-r", help="analyst|reviewer|coordinator|admin"),
    email: str = typer.Option("", "--email"),
    password: str | None = typer.Option(
        None, "--password", help="Omit to be asked; '-' for no password login (API only)"
    ),
) -> None:
    """Add a member with a role in an organisation."""
    setup()
    from cdnet.network.services import add_member, find_organisation

    organisation = find_organisation(org)
    if password is None:
        password = getpass.getpass(f"password for {username}: ")
    no_password = password == "-"  # noqa: S105 - the documented "no password" marker
    member = add_member(username, organisation, role, None if no_password else password, email)
    out.print(f"added {member.user.get_username()} as {member.role} at {organisation.name}")


@user_app.command("list")
def user_list() -> None:
    """List members."""
    setup()
    from cdnet.network.models import Member

    table = Table("username", "organisation", "role")
    for m in Member.objects.select_related("user", "organisation").order_by("user__username"):
        table.add_row(m.user.get_username(), m.organisation.name, m.role)
    out.print(table)


@recipient_app.command("add")
def recipient_add(
    name: str = typer.Argument(...),
    email: str = typer.Option(..., "--email"),
    category: str = typer.Option(
        ..., "--category", help="government|eu_institution|platform|advocacy"
    ),
    country: str = typer.Option("", "--country"),
) -> None:
    """Add a recipient of alerts."""
    setup()
    from cdnet.network.services import add_recipient

    recipient = add_recipient(name, category, email, country)
    out.print(f"recipient {recipient.pk}: {recipient}")


@recipient_app.command("list")
def recipient_list() -> None:
    """List recipients."""
    setup()
    from cdnet.network.models import Recipient

    table = Table("id", "name", "category", "e-mail", "country")
    for r in Recipient.objects.all():
        table.add_row(str(r.pk), r.name, r.get_category_display(), r.email, r.country)
    out.print(table)


@token_app.command("create")
def token_create(
    username: str = typer.Argument(...),
    name: str = typer.Option("cli", "--name", help="What the token is for"),
) -> None:
    """Create an API token for USER and print it once; only its hash is stored."""
    setup()
    from cdnet.network.services import create_token, find_user

    typer.echo(create_token(find_user(username), name))


def register(app: typer.Typer) -> None:
    app.add_typer(org_app, name="org")
    app.add_typer(user_app, name="user")
    app.add_typer(recipient_app, name="recipient")
    app.add_typer(token_app, name="token")
