"""Check the audit log's hash chain: every entry intact, linked to the one before, head in line.

The walk streams the log in id order (``.iterator()``), holding only the previous entry. Each
problem is one sentence that names the entry where it shows.

What a problem means:

- *edited*: the entry's content no longer hashes to its stored hash;
- *missing*: the hash an entry says came before it is in no entry (rows were deleted, or an
  earlier entry's hash was rewritten);
- *out of order*: an entry follows a different entry than the one stored before it (rows were
  swapped or renumbered);
- *head*: the head row (last hash, count) disagrees with the log (rows deleted from the end,
  or rows written around ``cdnet.audit.log.record``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cdnet.audit.log import GENESIS, hash_of
from cdnet.audit.models import AuditEntry, AuditHead

MAX_PROBLEMS = 1000


@dataclass
class VerifyReport:
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.truncated = True

    def summary(self) -> str:
        noun = "entry" if self.entries == 1 else "entries"
        if self.ok:
            return f"{self.entries} {noun}, chain intact"
        more = " (only the first are listed)" if self.truncated else ""
        count = len(self.problems)
        return f"{self.entries} {noun}, {count} problem{'s' if count != 1 else ''}{more}"


def _short(value: str) -> str:
    return value[:12] + "…"


def _link_problem(entry: AuditEntry, previous: AuditEntry | None) -> str:
    """Why ``entry.prev_hash`` is not the hash of ``previous`` (``None``: the first entry)."""
    if entry.prev_hash == GENESIS:
        after = f"entry #{previous.pk}" if previous else "nothing"
        return f"entry #{entry.pk} starts a new chain (it follows the genesis hash) after {after}"
    linked = AuditEntry.objects.filter(hash=entry.prev_hash).values_list("pk", flat=True).first()
    if linked is None:
        where = (
            f"between entry #{previous.pk} and entry #{entry.pk}"
            if previous
            else (f"before entry #{entry.pk}, the first one left")
        )
        return (
            f"entries are missing {where}: the hash entry #{entry.pk} follows "
            f"({_short(entry.prev_hash)}) belongs to no entry"
        )
    stored_before = f"entry #{previous.pk}" if previous else "nothing"
    return (
        f"entry #{entry.pk} is out of order: its chain says it follows entry #{linked}, "
        f"but it is stored after {stored_before}"
    )


def _check_head(report: VerifyReport, last: AuditEntry | None) -> None:
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if last is not None:
            report.add(f"the head row is missing although the log ends at entry #{last.pk}")
        return
    if last is None:
        if head.count or head.last_hash != GENESIS:
            report.add(f"the log is empty but the head records {head.count} entries")
        return
    if head.last_hash != last.hash:
        report.add(
            f"the head records the last hash {_short(head.last_hash)} but the log ends at "
            f"entry #{last.pk} with {_short(last.hash)}: entries after #{last.pk} are missing "
            "or it was appended around the log"
        )
    if head.count != report.entries:
        report.add(
            f"the head counts {head.count} entries but the log holds {report.entries} "
            f"(last entry #{last.pk})"
        )


def verify() -> VerifyReport:
    """Walk the whole chain in id order and report every break."""
    report = VerifyReport()
    previous: AuditEntry | None = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        report.entries += 1
        if hash_of(entry) != entry.hash:
            report.add(f"entry #{entry.pk} was edited: its content does not match its hash")
        expected = previous.hash if previous else GENESIS
        if entry.prev_hash != expected:
            report.add(_link_problem(entry, previous))
        previous = entry
    _check_head(report, previous)
    return report
