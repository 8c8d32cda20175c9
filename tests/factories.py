"""Small factories for test data."""

from __future__ import annotations

import itertools
from typing import Any

from cdnet.cases import workflow
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
    finding = make_finding()
    return workflow.create_alert(
        author,
        title,
        kw.pop("summary", "Posts link to **spiegel.ltd**, a clone of spiegel.de."),
        kw.pop("tlp", "AMBER"),
        [finding],
        kw.pop("techniques", ["T0149.003"]),
    )


def approved_alert(author: Any, reviewer: Any, **kw: Any) -> Alert:
    alert = make_alert(author, **kw)
    workflow.submit_for_review(alert, author)
    workflow.review(alert, reviewer, "approve", "checked the evidence")
    return alert
