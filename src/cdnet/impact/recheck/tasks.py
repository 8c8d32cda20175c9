"""The worker's side: a django-tasks task that runs the due re-checks, enqueued periodically.

`cdnet worker` runs registered periodic jobs on every cycle (:mod:`cdnet.dispatch.periodic`).
The job registered here is cheap: when a target is due and no re-check task is waiting yet, it
enqueues :func:`run_due_rechecks_task`, which the worker's task queue runs on its next cycle.
Claiming targets (see :mod:`cdnet.impact.recheck.schedule`) keeps a second task, or a second
worker, from checking a target twice. Without a worker, cron can call
``cdnet recheck run --due``.
"""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from cdnet.impact.models import RecheckTarget

log = logging.getLogger("cdnet.worker")
TASK_PATH = f"{__name__}.run_due_rechecks_task"


@task()
def run_due_rechecks_task() -> int:
    """Check every due target; returns how many were checked."""
    from cdnet.impact.recheck.schedule import run_due_rechecks

    reports = run_due_rechecks()
    made = sum(len(r.proposals) for r in reports)
    log.info("re-checked %s targets, %s new proposals", len(reports), made)
    return len(reports)


def _already_queued() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: enqueue and let claiming sort it out
        return False
    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH, status__in=["READY", "RUNNING"])
    return waiting.exists()


def enqueue_if_due(now: dt.datetime) -> int:
    """The periodic job: 1 when it enqueued the task, else 0."""
    due = RecheckTarget.objects.filter(active=True, next_due_at__lte=now).exists()
    if not due or _already_queued():
        return 0
    run_due_rechecks_task.enqueue()
    return 1
