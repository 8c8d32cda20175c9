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
