"""Targets to re-check, and running their checks: one run = every vantage point of a target.

:func:`run_due_rechecks` claims each due target with one conditional UPDATE of its
``next_due_at`` (so two workers never check the same target twice in one period), fetches it
directly and through each country's proxy (outside any transaction: the network is slow), then
appends the results and the proposals they make in one transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from cdnet.analysis.resolve.guard import split_url
from cdnet.audit.log import record
from cdnet.cases.models import Alert
from cdnet.cases.visibility import visible_alerts
from cdnet.errors import BadInput, NotAllowed, NotFound
from cdnet.evidence.ssrf import Guard
from cdnet.impact.models import RecheckProposal, RecheckResult, RecheckTarget
from cdnet.impact.models.recheck import CONCLUSIVE_STATES
from cdnet.impact.recheck import classify, proposals
from cdnet.impact.recheck.fetch import Probe, probe, proxies_from_settings
from cdnet.network.services import role_of

MAX_EVERY_HOURS = 24 * 365


@dataclass
class RunReport:
    """What one run of one target stored."""

    target: RecheckTarget
    results: list[RecheckResult] = field(default_factory=list)
    proposals: list[RecheckProposal] = field(default_factory=list)


def _countries(countries: Iterable[str]) -> list[str]:
    codes = sorted({c.strip().upper() for c in countries if c.strip()})
    bad = [c for c in codes if len(c) != 2 or not c.isalpha()]
    if bad:
        raise BadInput(f"countries are two-letter codes, not {', '.join(bad)}", field="countries")
    missing = [c for c in codes if c not in proxies_from_settings()]
    if missing:
        raise BadInput(
            f"no proxy is configured for {', '.join(missing)} (CDNET_RECHECK_PROXIES)",
            field="countries",
        )
    return codes


def add_target(
    user: User,
    alert: Alert,
    url: str,
    every_hours: int = 24,
    countries: Iterable[str] = (),
    platform: str = "",
) -> RecheckTarget:
    """Check ``url`` of ``alert`` every ``every_hours`` hours, from now on."""
    if role_of(user) is None:
        raise NotAllowed("only members of the network may add re-checks")
    if not visible_alerts(user).filter(pk=alert.pk).exists():
        raise NotFound(f"no alert {alert.pk}")
    split_url(url)
    if not 1 <= every_hours <= MAX_EVERY_HOURS:
        raise BadInput(f"every must be 1 to {MAX_EVERY_HOURS} hours", field="every_hours")
    codes = _countries(countries)
    try:
        with transaction.atomic():
            target = RecheckTarget.objects.create(
                url=url.strip(), alert=alert, every_hours=every_hours, countries=codes,
                platform=(platform.strip().lower() or classify.platform_of(url)),
                next_due_at=timezone.now(), created_by=user,
            )  # fmt: skip
            record(user, "create", target, f"re-check of {target.url}", {"alert": alert.pk})
    except IntegrityError as exc:
        raise BadInput(f"alert {alert.pk} already re-checks {url}", field="url") from exc
    return target


def set_active(target: RecheckTarget, user: User, active: bool) -> RecheckTarget:
    """Pause or resume a target; resuming makes it due at once. Audited."""
    if role_of(user) is None:
        raise NotAllowed("only members of the network may pause or resume re-checks")
    if not visible_alerts(user).filter(pk=target.alert_id).exists():
        raise NotFound(f"no re-check {target.pk}")
    with transaction.atomic():
        target.active = active
        fields = ["active"]
        if active:
            target.next_due_at = timezone.now()
            fields.append("next_due_at")
        target.save(update_fields=fields)
        what = "resumed" if active else "paused"
        record(user, "change", target, f"re-check {what}", {"active": active})
    return target


def _vantages(target: RecheckTarget) -> list[tuple[str, str]]:
    proxies = proxies_from_settings()
    return [("", "")] + [(c, proxies.get(c, "")) for c in target.countries]


def _probe(target: RecheckTarget, vantage: str, proxy: str, guard: Guard | None) -> Probe:
    if vantage and not proxy:
        return Probe(target.url, target.url, error=f"no proxy configured for {vantage}")
    return probe(target.url, guard, proxy)


def _result(target: RecheckTarget, run: str, vantage: str, proxy: str, seen: Probe,
            now: dt.datetime) -> RecheckResult:  # fmt: skip
    verdict = classify.classify(seen.status, seen.body, seen.content_type, target.platform)
    phrase = verdict.phrase
    last = target.results.filter(vantage=vantage).order_by("-checked_at", "-id").first()
    result = RecheckResult(
        target=target, run=run, vantage=vantage, proxy_url=proxy, checked_at=now,
        reachable=seen.reachable, status_code=seen.status, final_url=seen.final_url[:2000],
        content_sha256=verdict.content_sha256, unavailable=phrase is not None,
        matched_phrase=phrase.text[:300] if phrase else "", state=verdict.state,
        meaning=phrase.meaning if phrase else "", error=seen.error,
    )  # fmt: skip
    result.changed = last is not None and (
        (last.state, last.status_code, last.final_url, last.content_sha256)
        != (result.state, result.status_code, result.final_url, result.content_sha256)
    )
    return result


def _states_before(target: RecheckTarget) -> dict[str, str]:
    """Each vantage point's last conclusive state (available or gone)."""
    before: dict[str, str] = {}
    rows = target.results.filter(state__in=CONCLUSIVE_STATES).order_by("checked_at", "id")
    for vantage, state in rows.values_list("vantage", "state"):
        before[vantage] = state
    return before


def run_target(target: RecheckTarget, guard: Guard | None = None,
               now: dt.datetime | None = None) -> RunReport:  # fmt: skip
    """Check ``target`` from every vantage point; store the results and the proposals."""
    seen = [(v, p, _probe(target, v, p, guard)) for v, p in _vantages(target)]
    now = now or timezone.now()
    run = uuid.uuid4().hex
    with transaction.atomic():
        # One writer per target at a time: two runs must not both propose the same change.
        RecheckTarget.objects.select_for_update().filter(pk=target.pk).first()
        before = _states_before(target)
        results = [_result(target, run, v, p, probe_, now) for v, p, probe_ in seen]
        for result in results:
            result.save(force_insert=True)
        stored = proposals.store(target, proposals.drafts_for(results, before))
    return RunReport(target, results, stored)


def _claim(target: RecheckTarget, now: dt.datetime) -> bool:
    """Move ``next_due_at`` on by one period unless another worker did it first."""
    following = max(target.next_due_at, now - dt.timedelta(hours=target.every_hours))
    while following <= now:
        following += dt.timedelta(hours=target.every_hours)
    claimed = RecheckTarget.objects.filter(pk=target.pk, next_due_at=target.next_due_at).update(
        next_due_at=following
    )
    target.next_due_at = following
    return claimed == 1


Progress = Callable[[int, int], None]  # (done, total)


def due_targets(now: dt.datetime | None = None) -> list[RecheckTarget]:
    now = now or timezone.now()
    due = RecheckTarget.objects.filter(active=True, next_due_at__lte=now)
    return list(due.select_related("alert").order_by("next_due_at", "id"))


def run_due_rechecks(now: dt.datetime | None = None, guard: Guard | None = None,
                     progress: Progress | None = None) -> list[RunReport]:  # fmt: skip
    """Check every active target whose ``next_due_at`` has passed; set its next time."""
    now = now or timezone.now()
    targets = due_targets(now)
    reports = []
    for done, target in enumerate(targets, start=1):
        if _claim(target, now):
            reports.append(run_target(target, guard, now))
        if progress is not None:
            progress(done, len(targets))
    return reports


def run_all(guard: Guard | None = None, progress: Progress | None = None) -> list[RunReport]:
    """Check every active target now, due or not (its schedule is kept)."""
    targets = list(RecheckTarget.objects.filter(active=True).select_related("alert"))
    reports = []
    for done, target in enumerate(targets, start=1):
        reports.append(run_target(target, guard))
        if progress is not None:
            progress(done, len(targets))
    return reports


def latest_results(targets: Iterable[RecheckTarget]) -> dict[int, list[RecheckResult]]:
    """Each target's latest result of each vantage point (direct first), in one query.

    A window numbers each (target, vantage point)'s results from the newest; the first of each
    is kept. Targets never checked map to an empty list."""
    ids = [t.pk for t in targets]
    newest_first = [F("checked_at").desc(), F("id").desc()]
    rank = Window(RowNumber(), partition_by=[F("target_id"), F("vantage")], order_by=newest_first)
    ranked = RecheckResult.objects.filter(target_id__in=ids).annotate(newest=rank)
    latest: dict[int, list[RecheckResult]] = {pk: [] for pk in ids}
    for result in ranked.filter(newest=1).order_by("target_id", "vantage"):
        latest[result.target_id].append(result)
    return latest


def last_results(target: RecheckTarget) -> list[RecheckResult]:
    """The latest result of each vantage point (direct first)."""
    return latest_results([target])[target.pk]
