"""The resolver of ``targeted-organisations``: the registry's, with ties broken by name.

A registry may list one handle for two organisations: a news agency and its own fact-checking
desk (``efe`` and ``efe-verifica`` both list ``x:EFEVerifica``), and the agency often carries
the desk's name as an alias too. The registry's resolver gives such a handle to the first row;
here it goes to the organisation whose *name* the handle spells (the desk, the more specific
one, as the longest e-mail domain wins for addresses); otherwise to the first row, as before.
Likewise a handle spelling one organisation's name and another's alias goes to the first.
"""

from __future__ import annotations

from collections.abc import Sequence

from cdnet.analysis.reference.organisations import Organisation, Resolver, fold_name

_MIN_NAME = 3


def resolver_for(organisations: Sequence[Organisation]) -> Resolver:
    """Resolver.of(organisations), shared handles going to the organisation they name."""
    base = Resolver.of(organisations)
    named: dict[str, str] = {}
    for org in organisations:
        if len(fold_name(org.name)) >= _MIN_NAME:
            named.setdefault(fold_name(org.name), org.org_id)
    claims: dict[tuple[str, str], set[str]] = {}
    for org in organisations:
        for key in org.handles:
            claims.setdefault(key, set()).add(org.org_id)
    handles = dict(base.handles)
    any_platform = dict(base.any_platform)
    for (platform, handle), owners in claims.items():
        spelled = named.get(fold_name(handle))
        if len(owners) > 1 and spelled in owners:
            handles[(platform, handle)] = spelled
            if any_platform.get(handle) in owners:
                any_platform[handle] = spelled
    return Resolver(
        handles=handles,
        any_platform=any_platform,
        names=base.names | named,
        domains=dict(base.domains),
    )
