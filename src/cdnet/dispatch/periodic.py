"""Work the worker runs on every cycle besides due deliveries (reminders, deadlines, …).

Modules add their function with :func:`register`; `cdnet worker` calls :func:`run_periodic`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

log = logging.getLogger("cdnet.worker")

Job = Callable[[dt.datetime], int]
_JOBS: dict[str, Job] = {}


def register(name: str, job: Job) -> None:
    _JOBS[name] = job


def run_periodic(now: dt.datetime) -> dict[str, int]:
    """Run every registered job; a failing job is logged and does not stop the others."""
    done: dict[str, int] = {}
    for name, job in _JOBS.items():
        try:
            done[name] = job(now)
        except Exception:  # a bad job must not stop deliveries
            log.exception("periodic job %s failed", name)
            done[name] = -1
    return done


# --- registrations (imports are lazy: this module is loaded before Django's apps are ready) ---


def _rrs_no_reply(now: dt.datetime) -> int:
    from cdnet.dispatch.rrs import mark_no_reply

    return mark_no_reply(now)


def _rrs_reminders(now: dt.datetime) -> int:
    from cdnet.dispatch.reminders import remind_flags

    return remind_flags(now)


def _ack_reminders(now: dt.datetime) -> int:
    from cdnet.dispatch.reminders import remind_unacknowledged

    return remind_unacknowledged(now)


register("rrs-reminders", _rrs_reminders)
register("rrs-no-reply", _rrs_no_reply)
register("ack-reminders", _ack_reminders)
