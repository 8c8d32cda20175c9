"""C2PA manifests read offline with c2pa-python.

The reader never fetches anything: remote manifests and OCSP responses are switched off in the
SDK settings. A file that only points at a remote manifest yields its URL as evidence
(``remote_manifest=URL``), nothing else. The trust status (is the signer on a trust list?) is
reported as a signal but not required: the SDK ships no trust list, so almost every real
manifest reads ``untrusted``, and a valid signature from an unknown signer still says what the
signer claimed. An ``Invalid`` manifest (tampered claim or content) may still show AI, but
never decides ``camera``: a forger gains from faking a camera, not from faking AI.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from cdnet.analysis.images.signals import (
    RANK_C2PA,
    RANK_C2PA_INVALID,
    SOURCE_TYPES,
    Signal,
    Verdict,
    source_type,
)

#: c2pa-rs settings: no network at run time.
OFFLINE_SETTINGS = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
_URL = re.compile(r"https?://[^\s'\"<>]+")


@functools.cache
def _context() -> Any:
    import c2pa

    return c2pa.Context(c2pa.Settings.from_dict(OFFLINE_SETTINGS))


def read_manifest_store(path: Path) -> dict[str, Any] | None:
    """The manifest store as JSON, ``{"remote_manifest": url}``, or None when there is none."""
    import c2pa

    try:
        reader = c2pa.Reader(str(path), context=_context())
    except c2pa.C2paError as exc:
        message = str(exc)
        url = _URL.search(message)
        if url and "remote" in message.lower():
            return {"remote_manifest": url.group(0)}
        return None  # no manifest, or a format the SDK does not read
    try:
        store: dict[str, Any] = json.loads(reader.json())
        remote = None if reader.is_embedded() else reader.get_remote_url()
    finally:
        reader.close()
    if remote:
        store["remote_manifest"] = remote
    return store


def _trust(codes: list[str]) -> str:
    lowered = [c.lower() for c in codes]
    if any(c.endswith("credential.untrusted") for c in lowered):
        return "untrusted"
    if any(c.endswith("credential.trusted") for c in lowered):
        return "trusted"
    return "not checked"


def _actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for assertion in manifest.get("assertions", []):
        if str(assertion.get("label", "")).startswith("c2pa.actions"):
            found += assertion.get("data", {}).get("actions", [])
    return found


def _action_signals(manifest: dict[str, Any], active: bool, rank: int) -> list[Signal]:
    """One signal per action with a digital source type, one per software agent."""
    signals: list[Signal] = []
    where = "" if active else "ingredient "
    for action in _actions(manifest):
        name = str(action.get("action", "?"))
        uri = action.get("digitalSourceType")
        if isinstance(uri, str) and uri.strip():
            kind = source_type(uri)
            claim: Verdict | None = SOURCE_TYPES.get(kind)
            if claim == "camera" and (not active or rank != RANK_C2PA):
                claim = None  # a camera claim counts only from a valid active manifest
            if claim == "ai-generated" and not (active and name == "c2pa.created"):
                claim = "ai-edited"  # AI material inside an image made or finished otherwise
            signals.append(Signal("c2pa", f"{where}{name}: {kind}", claim, rank))
        agent = action.get("softwareAgent")
        agent_name = agent.get("name") if isinstance(agent, dict) else agent
        if agent_name:
            signals.append(Signal("c2pa", f"{where}softwareAgent={agent_name}"))
    return signals


def c2pa_signals(store: dict[str, Any] | None) -> list[Signal]:
    """Signals of a manifest store: validation, trust, signer, generator, actions."""
    if store is None:
        return []
    signals: list[Signal] = []
    if store.get("remote_manifest"):
        signals.append(Signal("c2pa", f"remote_manifest={store['remote_manifest']}"))
    manifests: dict[str, Any] = store.get("manifests") or {}
    active_label = store.get("active_manifest")
    if not manifests or active_label not in manifests:
        return signals
    state = str(store.get("validation_state") or "unknown")
    codes = list(dict.fromkeys(str(s.get("code")) for s in store.get("validation_status") or []))
    rank = RANK_C2PA_INVALID if state == "Invalid" else RANK_C2PA
    signals.append(
        Signal("c2pa", f"validation_state={state}" + (f" ({', '.join(codes)})" if codes else ""))
    )
    signals.append(Signal("c2pa", f"trust={_trust(codes)}"))
    active = manifests[active_label]
    issuer = (active.get("signature_info") or {}).get("issuer")
    if issuer:
        signals.append(Signal("c2pa", f"issuer={issuer}"))
    generator = active.get("claim_generator") or [
        g.get("name") for g in active.get("claim_generator_info") or [] if g.get("name")
    ]
    if generator:
        shown = generator if isinstance(generator, str) else ", ".join(map(str, generator))
        signals.append(Signal("c2pa", f"claim_generator={shown}"))
    signals += _action_signals(active, active=True, rank=rank)
    for label, manifest in sorted(manifests.items()):
        if label != active_label:
            signals += _action_signals(manifest, active=False, rank=rank)
    return signals
