"""`cdnet org`, `cdnet user`, `cdnet recipient`, `cdnet token`: the people of the network."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from cdnet.web.djangosetup import setup

out = Console()
org_app = typer.Typer(help="Member organisations.", no_args_is_help=True)
user_app = typer.Typer(help="Members (users) and their roles.", no_args_is_help=True)
recipient_app = typer.Typer(help="Recipients of alerts.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
channel_app = typer.Typer(help="A recipient's e-mail and webhook channels.", no_args_is_help=True)
recipient_app.add_typer(channel_app, name="channel")


@org_app.command("add")
def org_add(
    name: str = typer.Argument(..., help="Full name of the organisation"),
    country: str = typer.Option(..., "--country", "-c", help="ISO 3166-1 alpha-2 code, e.g. FR"),
    short_name: str = typer.Option("", "--short", help="Short name or acronym"),
    joined: str = typer.Option("", "--joined", help="When it joined, YYYY-MM-DD (default: today)"),
) -> None:
    """Add a member organisation."""
    setup()
    from cdnet.network.services import add_organisation

    org = add_organisation(name, country, short_name, _date(joined, "joined"))
    eu = "EU" if org.is_eu else "non-EU"
    out.print(f"added organisation {org.pk}: {org.name} ({org.country}, {eu})")


@org_app.command("list")
def org_list() -> None:
    """List organisations."""
    setup()
    from cdnet.network.models import Organisation

    table = Table("id", "name", "country", "EU", "members", "joined", "left")
    for org in Organisation.objects.all():
        table.add_row(
            str(org.pk), org.name, org.country, "yes" if org.is_eu else "no",
            str(org.members.count()), str(org.joined_on or ""), str(org.left_on or ""),
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
    joined: str = typer.Option("", "--joined", help="When they joined, YYYY-MM-DD"),
) -> None:
    """Add a member with a role in an organisation."""
    setup()
    from cdnet.network.services import add_member, find_organisation

    organisation = find_organisation(org)
    if password is None:
        password = getpass.getpass(f"password for {username}: ")
    no_password = password == "-"  # noqa: S105 - the documented "no password" marker
    secret = None if no_password else password
    member = add_member(username, organisation, role, secret, email, _date(joined, "joined"))
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


def _date(raw: str, name: str) -> dt.date | None:
    """A YYYY-MM-DD option; empty or "none" is no date."""
    from cdnet.errors import BadInput

    if raw.strip().lower() in ("", "none"):
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise BadInput(f"expected a date YYYY-MM-DD, got {raw!r}", field=name) from exc


_KEEP = "keep"


def _dates_of(obj: Any, joined: str, left: str) -> tuple[dt.date | None, dt.date | None]:
    return (
        obj.joined_on if joined == _KEEP else _date(joined, "joined"),
        obj.left_on if left == _KEEP else _date(left, "left"),
    )


@org_app.command("dates")
def org_dates(
    name: str = typer.Argument(..., help="Name or short name"),
    joined: str = typer.Option(_KEEP, "--joined", help="YYYY-MM-DD, or none"),
    left: str = typer.Option(_KEEP, "--left", help="YYYY-MM-DD, or none (still a member)"),
) -> None:
    """Set when an organisation joined or left the network (counted by network growth)."""
    setup()
    from cdnet.network.services import find_organisation, set_membership_dates

    org = find_organisation(name)
    set_membership_dates(org, *_dates_of(org, joined, left))
    out.print(f"{org.name}: joined {org.joined_on or '—'}, left {org.left_on or '—'}")


@user_app.command("dates")
def user_dates(
    username: str = typer.Argument(...),
    joined: str = typer.Option(_KEEP, "--joined", help="YYYY-MM-DD, or none"),
    left: str = typer.Option(_KEEP, "--left", help="YYYY-MM-DD, or none (still a member)"),
) -> None:
    """Set when a member joined or left the network (counted by network growth)."""
    setup()
    from cdnet.errors import NotFound
    from cdnet.network.models import Member
    from cdnet.network.services import set_membership_dates

    member = Member.objects.filter(user__username=username).first()
    if member is None:
        raise NotFound(f"no member named {username!r} (see `cdnet user list`)")
    set_membership_dates(member, *_dates_of(member, joined, left))
    out.print(f"{username}: joined {member.joined_on or '—'}, left {member.left_on or '—'}")


def _codes(raw: str) -> list[str]:
    return [part for part in raw.replace(",", " ").split() if part]


@recipient_app.command("add")
def recipient_add(
    name: str = typer.Argument(...),
    email: str = typer.Option(..., "--email", help="The default channel"),
    category: str = typer.Option(
        ..., "--category", help="government|eu_institution|platform|advocacy|press"
    ),
    country: str = typer.Option("", "--country", help="Its own country (ISO code)"),
    role: str = typer.Option("", "--role", help="e.g. 'Digital Services Coordinator'"),
    platform: str = typer.Option("", "--platform", help="Platform contacts: x, meta, tiktok, …"),
    rrs: bool = typer.Option(False, "--rrs", help="The platform's Rapid Response System contact"),
    languages: str = typer.Option("", "--languages", help="In order of preference, e.g. 'fr en'"),
    countries: str = typer.Option("", "--countries", help="Countries it covers, e.g. 'FR BE'"),
    topics: str = typer.Option("", "--topics", help="e.g. 'elections fimi'"),
    max_tlp: str = typer.Option("AMBER", "--max-tlp", help="Highest TLP it may receive"),
    pgp_key: str = typer.Option(
        "", "--pgp-key", help="File with its ASCII-armoured OpenPGP public key"
    ),
    webhook: str = typer.Option("", "--webhook", help="Also deliver to this https:// webhook"),
    secret: str = typer.Option("", "--secret", help="The webhook's HMAC key (default: generated)"),
) -> None:
    """Add a recipient of alerts to the directory."""
    setup()
    from cdnet.network.services import RecipientFields, add_channel, create_recipient

    key = _read_key(Path(pgp_key)) if pgp_key else ""
    fields = RecipientFields(
        name, category, email, country, role=role, platform=platform, is_rrs_contact=rrs,
        languages=_codes(languages), countries=_codes(countries), topics=_codes(topics),
        max_tlp=max_tlp, pgp_key=key,
    )  # fmt: skip
    from django.db import transaction

    with transaction.atomic():
        recipient = create_recipient(fields)
        used = add_channel(recipient, "webhook", webhook, secret)[1] if webhook else ""
    out.print(f"recipient {recipient.pk}: {recipient} (up to TLP:{recipient.max_tlp})")
    if webhook and not secret:
        out.print(f"webhook secret (shown once, give it to the recipient): {used}")


def _read_key(path: Path) -> str:
    from cdnet.errors import BadInput

    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the key: {exc}", file=str(path), field="pgp_key") from exc


@recipient_app.command("list")
def recipient_list(
    category: str = typer.Option("", "--category"),
    country: str = typer.Option("", "--country", help="Covering this country"),
    platform: str = typer.Option("", "--platform"),
    topic: str = typer.Option("", "--topic"),
    tlp: str = typer.Option("", "--tlp", help="Cleared for at least this TLP"),
    inactive: bool = typer.Option(False, "--inactive", help="Include inactive recipients"),
) -> None:
    """List recipients, optionally filtered."""
    setup()
    from cdnet.network.services import RecipientFilter, list_recipients

    flt = RecipientFilter(category, country, platform, topic, "", tlp, "", inactive)
    table = Table("id", "name", "category", "e-mail", "countries", "platform", "max TLP", "PGP")
    for r in list_recipients(flt):
        covered = " ".join(sorted({*r.countries, *([r.country] if r.country else [])}))
        where = f"{r.platform}{' (RRS)' if r.is_rrs_contact else ''}"
        table.add_row(
            str(r.pk), r.name, r.get_category_display(), r.email, covered, where, r.max_tlp,
            "yes" if r.pgp_key else "",
        )  # fmt: skip
    out.print(table)


@recipient_app.command("show")
def recipient_show(recipient: str = typer.Argument(..., help="Id or exact name")) -> None:
    """Show a recipient with its channels and key fingerprint."""
    setup()
    from cdnet.dispatch.pgp import fingerprint
    from cdnet.network.services import find_recipient

    r = find_recipient(recipient)
    rows = (
        ("name", r.name), ("category", r.get_category_display()), ("role", r.role),
        ("e-mail", r.email), ("country", r.country), ("countries", " ".join(r.countries)),
        ("platform", r.platform), ("RRS contact", "yes" if r.is_rrs_contact else "no"),
        ("languages", " ".join(r.languages)), ("topics", " ".join(r.topics)),
        ("max TLP", r.max_tlp), ("OpenPGP", fingerprint(r.pgp_key) or "none"),
        ("active", "yes" if r.active else "no"),
    )  # fmt: skip
    for label, value in rows:
        out.print(f"{label:>12}: {value}")
    for channel in r.channels.all():
        state = "" if channel.active else " (inactive)"
        out.print(f"{'channel':>12}: {channel.kind} {channel.address}{state}")


@channel_app.command("add")
def channel_add(
    recipient: str = typer.Argument(..., help="Id or exact name"),
    email: str = typer.Option("", "--email", help="Another e-mail address"),
    webhook: str = typer.Option("", "--webhook", help="An https:// webhook URL"),
    secret: str = typer.Option("", "--secret", help="The webhook's HMAC key (default: generated)"),
) -> None:
    """Add an e-mail or webhook channel to a recipient."""
    setup()
    from cdnet.errors import BadInput
    from cdnet.network.services import add_channel, find_recipient

    if bool(email) == bool(webhook):
        raise BadInput("give either --email or --webhook")
    target = find_recipient(recipient)
    kind, address = ("email", email) if email else ("webhook", webhook)
    channel, used = add_channel(target, kind, address, secret)
    out.print(f"channel {channel.pk}: {channel.kind} {channel.address} for {target.name}")
    if webhook and not secret:
        out.print(f"webhook secret (shown once, give it to the recipient): {used}")


@recipient_app.command("suggest")
def recipient_suggest(alert_id: int = typer.Argument(..., help="The alert's id")) -> None:
    """Whom an alert should go to, and why; recipients excluded by TLP are listed too."""
    setup()
    from cdnet.cases.models import Alert
    from cdnet.dispatch.routing import route
    from cdnet.errors import NotFound

    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(f"no alert {alert_id}")
    routing = route(alert)
    table = Table("id", "recipient", "suggested", "why")
    for s in routing.suggested:
        table.add_row(str(s.recipient.pk), s.recipient.name, "yes", "; ".join(s.reasons))
    for s in routing.excluded:
        why = "; ".join((*s.reasons, f"EXCLUDED: {s.excluded_because}"))
        table.add_row(str(s.recipient.pk), s.recipient.name, "no", why)
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
