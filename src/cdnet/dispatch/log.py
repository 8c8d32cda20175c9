"""The dispatch log: what was sent to whom, when, which alert version, over which channel, its
delivery status, attempts and acknowledgement. Per alert and network-wide, as rows, CSV or PDF.

TLP: a delivery about an alert is listed only to users who may read that alert
(:func:`cdnet.cases.visibility.visible_alerts`); a delivery without an alert (a DSA notice filed
without one) is listed to every member. A PDF carries the highest TLP of its rows on every page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, fields
from importlib import resources

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from cdnet.audit.log import record
from cdnet.cases.models import Alert
from cdnet.dispatch.models import Delivery
from cdnet.dispatch.tlp import ORDER, rank
from cdnet.errors import BadInput
from cdnet.network.services import role_of


@dataclass(frozen=True)
class LogRow:
    delivery_id: int
    created_at: str
    sent_at: str
    kind: str
    alert_id: int | None
    alert_title: str
    alert_version: int | None
    tlp: str
    recipient: str
    recipient_category: str
    channel: str
    address: str
    status: str
    attempts: int
    last_error: str
    acknowledgement: str
    acknowledged_at: str


COLUMNS = tuple(f.name for f in fields(LogRow))


def _iso(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else ""


def visible_deliveries(user: User, alert: Alert | None = None) -> QuerySet[Delivery]:
    from cdnet.cases.visibility import visible_alerts

    deliveries = Delivery.objects.select_related("alert", "recipient").prefetch_related("acks")
    if role_of(user) is None:
        return deliveries.none()
    if alert is not None:
        deliveries = deliveries.filter(alert=alert)
    return deliveries.filter(Q(alert__isnull=True) | Q(alert__in=visible_alerts(user)))


def row_of(delivery: Delivery) -> LogRow:
    acks = list(delivery.acks.all())
    last = acks[-1] if acks else None
    alert = delivery.alert
    level = str(delivery.payload.get("tlp", "")) if isinstance(delivery.payload, dict) else ""
    return LogRow(
        delivery_id=delivery.pk,
        created_at=_iso(delivery.created_at),
        sent_at=_iso(delivery.sent_at),
        kind=delivery.kind,
        alert_id=delivery.alert_id,
        alert_title=alert.title if alert else "",
        alert_version=delivery.alert_version,
        tlp=alert.tlp if alert else level,
        recipient=delivery.recipient.name,
        recipient_category=delivery.recipient.category,
        channel=delivery.channel,
        address=delivery.address,
        status=delivery.status,
        attempts=delivery.attempts,
        last_error=delivery.last_error,
        acknowledgement=last.status if last else "",
        acknowledged_at=_iso(last.at) if last else "",
    )


def log_rows(user: User, alert: Alert | None = None) -> list[LogRow]:
    return [row_of(d) for d in visible_deliveries(user, alert).order_by("created_at", "pk")]


def highest_tlp(rows: list[LogRow]) -> str:
    levels = [r.tlp for r in rows if r.tlp in ORDER]
    return max(levels, key=rank) if levels else "CLEAR"


def log_csv(rows: list[LogRow]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(r) for r in rows)
    return buffer.getvalue()


PDF_COLUMNS = (
    ("sent_at", "Sent (UTC)", 30),
    ("alert_id", "Alert", 12),
    ("alert_version", "v", 7),
    ("kind", "Kind", 18),
    ("recipient", "Recipient", 48),
    ("channel", "Channel", 16),
    ("status", "Status", 16),
    ("attempts", "Tries", 10),
    ("acknowledgement", "Ack", 18),
    ("tlp", "TLP", 22),
    ("address", "Address", 60),
)


def log_pdf(rows: list[LogRow], title: str) -> bytes:
    """A landscape A4 table with the TLP marking at the top of every page."""
    from fpdf import FPDF

    marking = f"TLP:{highest_tlp(rows)}"
    fonts = resources.files("cdnet.data").joinpath("fonts")

    class LogPdf(FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", "B", 9)
            self.cell(0, 6, marking, align="R", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 7)
            self.cell(0, 6, f"{marking} · page {self.page_no()}", align="C")

    pdf = LogPdf(orientation="L", format="A4")
    with resources.as_file(fonts) as folder:
        pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7)
    widths = tuple(w for _, _, w in PDF_COLUMNS)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4) as table:
        table.row([label for _, label, _ in PDF_COLUMNS])
        for row in rows:
            values = asdict(row)
            table.row(["" if values[k] is None else str(values[k]) for k, _, _ in PDF_COLUMNS])
    if not rows:
        pdf.cell(0, 6, "Nothing was sent.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def export_log(user: User, fmt: str, alert: Alert | None = None) -> tuple[bytes, str, str]:
    """(content, MIME type, file name) of the dispatch log; the export is audited."""
    rows = log_rows(user, alert)
    stem = f"dispatch-log-alert-{alert.pk}" if alert else "dispatch-log"
    target: Alert | tuple[str, str] = alert if alert else ("delivery", "all")
    if fmt == "csv":
        result = (log_csv(rows).encode("utf-8"), "text/csv; charset=utf-8", f"{stem}.csv")
    elif fmt == "pdf":
        title = f"Dispatch log: {alert.title}" if alert else "Dispatch log of the network"
        result = (log_pdf(rows, title), "application/pdf", f"{stem}.pdf")
    else:
        raise BadInput("format must be csv or pdf", field="format")
    record(user, "export", target, f"exported the dispatch log ({len(rows)} rows, {fmt})")
    return result
