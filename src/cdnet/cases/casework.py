"""Cases: open one, add findings, claim it, tasks, comments with @mentions, close it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import Case, CaseComment, CaseState, CaseTask, Finding, Tlp
from cdnet.cases.visibility import can_see
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.network.services import organisation_of, role_of

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")


def _member(user: User) -> None:
    if role_of(user) is None:
        raise NotAllowed("only members of the network may work on cases")


def _open(case: Case) -> None:
    if case.state != CaseState.OPEN:
        raise InvalidTransition(f"case {case.pk} is closed")


def open_case(
    user: User,
    title: str,
    description: str = "",
    tlp: str = Tlp.AMBER,
    findings: Sequence[Finding] = (),
) -> Case:
    _member(user)
    organisation = organisation_of(user)
    if organisation is None:
        raise NotAllowed("a case needs a lead organisation: add the user to one first")
    if not title.strip():
        raise BadInput("a case needs a title", field="title")
    if tlp not in Tlp.values:
        raise BadInput(f"TLP must be one of {', '.join(Tlp.values)}", field="tlp")
    hidden = [f.pk for f in findings if not can_see(user, f)]
    if hidden:
        raise NotAllowed("some of these findings are not visible to you")
    with transaction.atomic():
        case = Case.objects.create(
            title=title.strip(),
            description=description,
            tlp=tlp,
            lead_organisation=organisation,
            created_by=user,
        )
        case.participants.add(user)
        case.findings.set(findings)
        record(user, "create", case, case.title, {"findings": [f.pk for f in findings]})
    return case


def add_findings(case: Case, user: User, findings: Sequence[Finding]) -> Case:
    _member(user)
    _open(case)
    if any(not can_see(user, f) for f in findings):
        raise NotAllowed("some of these findings are not visible to you")
    with transaction.atomic():
        case.findings.add(*findings)
        record(user, "change", case, "findings added", {"findings": [f.pk for f in findings]})
    return case


def join(case: Case, user: User) -> Case:
    _member(user)
    with transaction.atomic():
        case.participants.add(user)
        record(user, "change", case, f"{user.get_username()} joined")
    return case


def claim(case: Case, user: User) -> Case:
    """Mark the case as being worked on by ``user``; refuse when someone else holds it."""
    _member(user)
    _open(case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.claimed_by_id not in (None, user.pk):
            holder = locked.claimed_by.get_username() if locked.claimed_by else "someone"
            raise InvalidTransition(f"case {case.pk} is already claimed by {holder}")
        locked.claimed_by, locked.claimed_at = user, timezone.now()
        locked.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
        locked.participants.add(user)
        record(user, "change", locked, f"claimed by {user.get_username()}")
    return locked


def release(case: Case, user: User) -> Case:
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.claimed_by_id != user.pk and role_of(user) not in ("coordinator", "admin"):
            raise NotAllowed("only the member who claimed a case, or a coordinator, releases it")
        locked.claimed_by, locked.claimed_at = None, None
        locked.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
        record(user, "change", locked, "claim released")
    return locked


def add_task(case: Case, user: User, title: str, assignee: User | None = None) -> CaseTask:
    _member(user)
    _open(case)
    if not title.strip():
        raise BadInput("a task needs a title", field="title")
    with transaction.atomic():
        task = CaseTask.objects.create(
            case=case, title=title.strip(), assignee=assignee, created_by=user
        )
        record(user, "change", case, f"task added: {task.title}", {"task": task.pk})
    return task


def complete_task(task: CaseTask, user: User) -> CaseTask:
    _member(user)
    with transaction.atomic():
        task.done, task.done_at = True, timezone.now()
        task.save(update_fields=["done", "done_at"])
        record(user, "change", task.case, f"task done: {task.title}", {"task": task.pk})
    return task


def mentioned_users(body: str) -> list[User]:
    names = {m.group(1).rstrip(".") for m in MENTION.finditer(body)}
    return list(User.objects.filter(username__in=names, member__isnull=False))


def comment(case: Case, user: User, body: str) -> CaseComment:
    _member(user)
    if not body.strip():
        raise BadInput("a comment cannot be empty", field="body")
    with transaction.atomic():
        note = CaseComment.objects.create(case=case, author=user, body=body)
        mentioned = mentioned_users(body)
        note.mentions.set(mentioned)
        case.participants.add(*mentioned)
        record(
            user,
            "change",
            case,
            "comment",
            {"comment": note.pk, "mentions": [u.get_username() for u in mentioned]},
        )
    return note


def close_case(case: Case, user: User, reason: str = "") -> Case:
    _member(user)
    _open(case)
    with transaction.atomic():
        case.state = CaseState.CLOSED
        case.save(update_fields=["state", "updated_at"])
        record(user, "transition", case, f"closed: {reason}".strip(": "), {"to": "closed"})
    return case
