"""The worker's side: a django-tasks task that runs the due re-checks, enqueued periodically.

`cdnet worker` runs registered periodic jobs on every cycle (:mod:`cdnet.dispatch.periodic`).
``ImpactConfig.ready()`` registers :func:`enqueue_if_due` as the ``rechecks`` job. It is
cheap: when a target is due and no re-check task is waiting yet, it enqueues
:func:`run_due_rechecks_task`, which the worker's task queue runs on its next cycle.
Claiming targets (see :mod:`cdnet.impact.recheck.schedule`) keeps a second task, or a second
worker, from checking a target twice. Without a worker, cron can call
``cdnet recheck run --due``.

The API's "run now" endpoints enqueue :func:`run_due_rechecks_task`, :func:`run_all_rechecks_task`
or :func:`run_target_task` (:func:`enqueue_run`) and answer at once with the task's id;
:func:`queued_result` reads a re-check task's state back.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django_tasks import TaskResult, default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

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


@task()
def run_all_rechecks_task() -> int:
    """Check every active target now, due or not; returns how many were checked."""
    from cdnet.impact.recheck.schedule import run_all

    return len(run_all())


@task()
def run_target_task(target_id: int) -> int:
    """Check one target now (its schedule is kept); 1 when checked, 0 when there is no such one."""
    from cdnet.impact.recheck.schedule import run_target

    target = RecheckTarget.objects.select_related("alert").filter(pk=target_id).first()
    if target is None:
        return 0
    run_target(target)
    return 1


TASK_PATHS = frozenset(
    t.module_path for t in (run_due_rechecks_task, run_all_rechecks_task, run_target_task)
)


def enqueue_run(scope: str, target_id: int | None = None) -> TaskResult[Any]:
    """Enqueue the checks of ``scope`` (due, all, or one target) for the worker."""
    if target_id is not None:
        return run_target_task.enqueue(target_id)
    return (run_all_rechecks_task if scope == "all" else run_due_rechecks_task).enqueue()


def queued_result(task_id: str) -> TaskResult[Any] | None:
    """The state of a re-check task by its id; None for an unknown id or another kind of task."""
    try:
        result = default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return None
    return result if result.task.module_path in TASK_PATHS else None
