"""DSA Article 16 notices: a member notifies a platform of content it considers illegal, the
platform's answer is recorded, and all notices export as the canonical ``notices`` table
(FORMATS.md) that the notice-and-action audit (#8) reads.

A notice carries what Article 16(2) requires: (a) why the content is considered illegal, with the
legal ground; (b) the exact URLs; (c) the notifier's name and e-mail; (d) the statement of good
faith. Categories and decisions use the DSA Transparency Database vocabulary
(``cdnet/data/dsa/vocabulary.json``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from cdnet.analysis.schema import TABLES
from cdnet.audit.log import record
from cdnet.cases.models import Alert, Finding
from cdnet.dispatch.acks import ack_url, queue_message
from cdnet.dispatch.models import Delivery, DsaNotice, NoticeOutcome
from cdnet.dispatch.rendering import RenderedMessage, register_renderer
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.network.models import Recipient, RecipientCategory
from cdnet.network.services import role_of

GOOD_FAITH = (
    "I confirm my bona fide belief that the information and allegations contained in this "
    "notice are accurate and complete (Article 16(2)(d) of Regulation (EU) 2022/2065)."
)
COLUMNS = TABLES["notices"].columns  # the canonical notices table of FORMATS.md


@cache
def vocabulary() -> dict[str, Any]:
    text = resources.files("cdnet.data").joinpath("dsa/vocabulary.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def categories() -> dict[str, str]:
    return dict(vocabulary()["STATEMENT_CATEGORIES"])


def outcome_of(value: str) -> str:
    """A cdnet outcome, or the DSA decision key with an equivalent (``DECISION_VISIBILITY_…``)."""
    value = value.strip()
    if value in NoticeOutcome.values:
        return value
    mapped = vocabulary()["OUTCOME_OF_DECISION"].get(value.upper())
    if mapped is None:
        allowed = [v for v in NoticeOutcome.values if v] + list(vocabulary()["OUTCOME_OF_DECISION"])
        raise BadInput(f"outcome must be one of {', '.join(allowed)}", field="outcome")
    return str(mapped)


@dataclass
class NoticeDraft:
    platform: str
    urls: Sequence[str]
    explanation: str
    legal_ground: str
    notifier_name: str
    notifier_email: str
    good_faith: bool
    notifier_organisation: str = ""
    category: str = ""
    alert: Alert | None = None
    finding: Finding | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def check(self) -> None:
        self.urls = [u.strip() for u in self.urls if u.strip()]
        if not self.urls:
            raise BadInput("name the exact URL of each piece of content", field="urls")
        bad = [u for u in self.urls if not u.startswith(("http://", "https://"))]
        if bad:
            raise BadInput(f"not exact URLs: {', '.join(bad)}", field="urls")
        for name in ("platform", "explanation", "legal_ground", "notifier_name", "notifier_email"):
            if not str(getattr(self, name)).strip():
                raise BadInput(f"a notice needs {name.replace('_', ' ')}", field=name)
        if "@" not in self.notifier_email:
            raise BadInput("the notifier's e-mail address is not valid", field="notifier_email")
        if not self.good_faith:
            raise BadInput("confirm the good-faith statement (Art. 16(2)(d))", field="good_faith")
        if self.category and self.category not in categories():
            raise BadInput("category must be a DSA STATEMENT_CATEGORY_… key", field="category")


def platform_contact(platform: str) -> Recipient | None:
    """The platform's notice contact: its trust-and-safety recipient, else its RRS contact."""
    contacts = Recipient.objects.filter(
        platform__iexact=platform, category=RecipientCategory.PLATFORM, active=True
    )
    return contacts.order_by("is_rrs_contact", "pk").first()


def create_notice(draft: NoticeDraft, actor: User, now: dt.datetime | None = None) -> DsaNotice:
    """Save the notice and queue it to the platform's contact in one transaction."""
    if role_of(actor) is None:
        raise NotAllowed("only members of the network file notices")
    draft.check()
    platform = draft.platform.strip().lower()
    contact = platform_contact(platform)
    if contact is None:
        raise BadInput(f"no contact for platform {platform}", field="platform")
    now = now or timezone.now()
    with transaction.atomic():
        notice = DsaNotice.objects.create(
            platform=platform,
            alert=draft.alert,
            finding=draft.finding,
            urls=list(draft.urls),
            explanation=draft.explanation.strip(),
            legal_ground=draft.legal_ground.strip(),
            category=draft.category,
            notifier_name=draft.notifier_name.strip(),
            notifier_email=draft.notifier_email.strip(),
            notifier_organisation=draft.notifier_organisation.strip(),
            good_faith=True,
            submitted_at=now,
            created_by=actor,
        )
        notice.delivery = queue_message(
            "dsa_notice",
            contact,
            f"DSA Article 16 notice: {len(notice.urls)} item(s) on {platform}",
            {"notice_id": notice.pk},
            alert=draft.alert,
            actor=actor,
            dedupe_key=f"dsa:{notice.pk}",
            tlp=draft.alert.tlp if draft.alert else None,
        )
        notice.save(update_fields=["delivery"])
        record(actor, "create", notice, f"DSA notice to {platform}", {"urls": notice.urls})
    return notice


def _check_times(notice: DsaNotice) -> None:
    start = notice.submitted_at
    for name in ("acknowledged_at", "decided_at"):
        value = getattr(notice, name)
        if value is not None and start is not None and value < start:
            raise BadInput(f"{name} cannot be before the notice was submitted", field=name)
    if notice.decided_at and notice.acknowledged_at and notice.decided_at < notice.acknowledged_at:
        raise BadInput("decided_at cannot be before acknowledged_at", field="decided_at")
    if bool(notice.decided_at) != bool(notice.outcome):
        raise BadInput("a decision needs both decided_at and an outcome", field="outcome")


@dataclass
class NoticeAnswer:
    acknowledged_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    outcome: str = ""
    statement_id: str = ""
    answer: str = ""


def record_answer(notice: DsaNotice, actor: User, reply: NoticeAnswer) -> DsaNotice:
    """Record what the platform answered; a decision implies the notice was acknowledged."""
    if role_of(actor) is None:
        raise NotAllowed("only members of the network record answers")
    if notice.outcome and reply.outcome and outcome_of(reply.outcome) != notice.outcome:
        raise InvalidTransition("the notice already has a decision; file a new notice instead")
    with transaction.atomic():
        notice = DsaNotice.objects.select_for_update().get(pk=notice.pk)
        if reply.outcome:
            notice.outcome = outcome_of(reply.outcome)
        notice.decided_at = reply.decided_at or notice.decided_at
        notice.acknowledged_at = (
            reply.acknowledged_at or notice.acknowledged_at or notice.decided_at
        )
        notice.statement_id = reply.statement_id.strip()[:100] or notice.statement_id
        notice.answer = reply.answer.strip() or notice.answer
        _check_times(notice)
        notice.save()
        record(actor, "change", notice, "recorded the platform's answer", vars(reply))
    return notice


def visible_notices(user: User, queryset: QuerySet[DsaNotice] | None = None) -> QuerySet[DsaNotice]:
    """Notices about alerts the user may read, and notices without an alert (any member)."""
    from cdnet.cases.visibility import visible_alerts

    notices = DsaNotice.objects.all() if queryset is None else queryset
    if role_of(user) is None:
        return notices.none()
    return notices.filter(Q(alert__isnull=True) | Q(alert__in=visible_alerts(user)))


# --- the canonical notices table -----------------------------------------------------------------


def notice_rows(notices: Iterable[DsaNotice]) -> list[dict[str, Any]]:
    """One row per URL: ``notice_id`` is ``<notice>-<n>`` (n counts the notice's URLs from 1)."""
    rows = []
    for notice in notices:
        for number, url in enumerate(notice.urls, start=1):
            rows.append(
                {
                    "notice_id": f"{notice.pk}-{number}",
                    "platform": notice.platform,
                    "content_url": url,
                    "mechanism": notice.mechanism,
                    "submitted_at": notice.submitted_at or notice.created_at,
                    "category": notice.category,
                    "acknowledged_at": notice.acknowledged_at,
                    "decided_at": notice.decided_at,
                    "outcome": notice.outcome,
                    "statement_id": notice.statement_id,
                }
            )
    return rows


def _cell(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return "" if value is None else str(value)


def notices_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(row[k]) for k in COLUMNS} for row in rows)
    return buffer.getvalue()


def notices_parquet(rows: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = TABLES["notices"].schema
    columns = {
        name: [
            row[name] if isinstance(row[name], dt.datetime) else (row[name] or None) for row in rows
        ]
        for name in COLUMNS
    }
    table = pa.table(columns, schema=schema)
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def export_notices(user: User, fmt: str = "csv") -> bytes:
    """All notices the user may read, as CSV or Parquet; the export is audited."""
    if fmt not in ("csv", "parquet"):
        raise BadInput("format must be csv or parquet", field="format")
    notices = visible_notices(user).order_by("pk")
    rows = notice_rows(notices)
    record(user, "export", ("dsanotice", "all"), f"exported {len(rows)} notice rows as {fmt}")
    return notices_csv(rows).encode("utf-8") if fmt == "csv" else notices_parquet(rows)


# --- the message ---------------------------------------------------------------------------------


def notice_data(notice: DsaNotice, delivery: Delivery | None = None) -> dict[str, object]:
    category = categories().get(notice.category, "")
    return {
        "type": "dsa_notice",
        "notice_id": notice.pk,
        "mechanism": "Article 16 of Regulation (EU) 2022/2065 (Digital Services Act)",
        "platform": notice.platform,
        "urls": list(notice.urls),
        "explanation": notice.explanation,
        "legal_ground": notice.legal_ground,
        "category": notice.category,
        "category_label": category,
        "notifier": {
            "name": notice.notifier_name,
            "email": notice.notifier_email,
            "organisation": notice.notifier_organisation,
        },
        "good_faith_statement": GOOD_FAITH if notice.good_faith else "",
        "submitted_at": notice.submitted_at.isoformat() if notice.submitted_at else None,
        "ack_url": ack_url(delivery) if delivery is not None else None,
    }


def render_notice(delivery: Delivery) -> RenderedMessage:
    notice = DsaNotice.objects.get(delivery=delivery)
    data = notice_data(notice, delivery)
    return RenderedMessage(
        subject=delivery.subject,
        text=render_to_string("dispatch/dsa_notice.txt", {"data": data}),
        html=render_to_string("dispatch/dsa_notice.html", {"data": data}),
        data=data,
    )


register_renderer("dsa_notice", render_notice)
