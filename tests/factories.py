"""Small factories for test data."""

from __future__ import annotations

import itertools
from typing import Any

from cdnet.cases import workflow
from cdnet.cases.alerts import AlertContent, create_alert
from cdnet.cases.findings import save_findings
from cdnet.cases.models import Alert, Finding

_seq = itertools.count(1)


def lookalike_record(domain: str = "spiegel.ltd", imitates: str = "spiegel.de") -> dict[str, Any]:
    return {
        "detector": "lookalike-domains",
        "score": 0.9,
        "explanation": f"{domain} imitates {imitates} with another top-level domain.",
        "disarm": ["T0149.003"],
        "domain": domain,
        "imitates": imitates,
        "technique": "tld-swap",
        "post_ids": [f"p{next(_seq)}"],
    }


def make_finding(domain: str = "spiegel.ltd", imitates: str = "spiegel.de") -> Finding:
    save_findings([lookalike_record(domain, imitates)], source="factory")
    return Finding.objects.filter(subject=domain).latest("id")


def make_alert(author: Any, title: str = "Doppelganger clone of Der Spiegel", **kw: Any) -> Alert:
    finding = kw.pop("finding", None) or make_finding()
    content = AlertContent(
        title=title,
        summary=kw.pop("summary", "Posts link to **spiegel.ltd**, a clone of spiegel.de."),
        tlp=kw.pop("tlp", "AMBER"),
        techniques=kw.pop("techniques", ["T0149.003"]),
        **kw,
    )
    return create_alert(author, content, [finding])


def approved_alert(author: Any, reviewer: Any, **kw: Any) -> Alert:
    alert = make_alert(author, **kw)
    workflow.submit_for_review(alert, author)
    workflow.review(alert, reviewer, "approve", "checked the evidence")
    return alert
