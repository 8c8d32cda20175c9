"""The TTPs of a yearly report as a DISARM Navigator layer.

The DISARM Navigator is a fork of MITRE's ATT&CK Navigator and reads its layer format (4.4) with
``"domain": "DISARM"``, as the layers the DISARM Foundation publishes in its frameworks
repository ("Navigator Pages"). Each observed technique gets its tactic (the tactic's name in
lower case with hyphens, e.g. ``maximise-exposure``) and its count as the ``score``; the
gradient runs from 0 to the highest count.
"""

from __future__ import annotations

from typing import Any

from cdnet.analysis.reference import disarm
from cdnet.reports.annual.cop import TtpRow

LAYER_VERSIONS = {"attack": "1", "navigator": "4.8.2", "layer": "4.4"}
DOMAIN = "DISARM"


def tactic_shortname(tactic_name: str) -> str:
    """``Select Channels and Affordances`` -> ``select-channels-and-affordances``."""
    return "-".join(tactic_name.lower().split())


def _entry(row: TtpRow, show_subtechniques: bool) -> dict[str, Any]:
    platforms = ", ".join(f"{name} {count}" for name, count in row.per_platform.items())
    return {
        "techniqueID": row.technique_id,
        "tactic": tactic_shortname(row.tactic_name),
        "score": row.total,
        "color": "",
        "comment": f"{row.findings} finding(s), {row.alerts} alert(s); {platforms}",
        "enabled": True,
        "metadata": [
            {"name": "findings", "value": str(row.findings)},
            {"name": "alerts", "value": str(row.alerts)},
            *({"name": name, "value": str(count)} for name, count in row.per_platform.items()),
        ],
        "links": [],
        "showSubtechniques": show_subtechniques,
    }


def _parent_entry(parent_id: str) -> dict[str, Any]:
    """An unscored parent technique, expanded so that its scored sub-techniques show."""
    technique = disarm.load().technique(parent_id)
    tactic = disarm.load().tactic(technique.tactic_id)
    return {
        "techniqueID": parent_id,
        "tactic": tactic_shortname(tactic.name),
        "enabled": True,
        "metadata": [],
        "links": [],
        "showSubtechniques": True,
    }


def navigator_layer(rows: list[TtpRow], name: str, description: str) -> dict[str, Any]:
    """A layer dict (``json.dumps`` it) scoring each technique of ``rows`` with its count."""
    known = [row for row in rows if row.tactic_name]
    scored = {row.technique_id for row in known}
    parents = {row.technique_id.split(".")[0] for row in known if "." in row.technique_id}
    techniques = [_entry(row, row.technique_id in parents) for row in known]
    techniques += [_parent_entry(p) for p in sorted(parents - scored)]
    top = max((row.total for row in known), default=1)
    return {
        "name": name,
        "versions": dict(LAYER_VERSIONS),
        "domain": DOMAIN,
        "description": description,
        "sorting": 3,
        "layout": {
            "layout": "side",
            "aggregateFunction": "average",
            "showID": True,
            "showName": True,
            "showAggregateScores": False,
            "countUnscored": False,
        },
        "hideDisabled": False,
        "techniques": techniques,
        "gradient": {"colors": ["#ffffffff", "#ff6666ff"], "minValue": 0, "maxValue": top},
        "legendItems": [],
        "metadata": [{"name": "framework", "value": f"DISARM Red v{disarm.VERSION}"}],
        "links": [],
        "showTacticRowBackground": False,
        "tacticRowBackground": "#dddddd",
        "selectTechniquesAcrossTactics": True,
        "selectSubtechniquesWithParent": False,
    }
