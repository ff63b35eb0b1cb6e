"""Roster import and export. The parts (reading, checking, writing, the workbooks) are
in ``members.roster``; these services put them together.

An import is a ``RosterImport``: created with the uploaded file (``roster_import_start``
queues the Celery task once the transaction commits; the ``import_members`` command runs
it in place), then ``roster_import_run`` reads the file, checks every row, checks the
rows against the database and, when no row is bad and it is not a dry run, writes
everything in one transaction, audited as one entry with the counts. Progress is saved
every ``PROGRESS_EVERY`` rows while checking, outside that transaction, so the status
page sees it.
"""

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import MEMBERS_EXPORT, MEMBERS_IMPORT
from gonghui.core import audit, disclosure, exports
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, require
from gonghui.members.exports import MEMBERS
from gonghui.members.models import Membership, RosterImport
from gonghui.members.roster import documents
from gonghui.members.roster.checking import Entry, RowChecker, RowError, duplicates
from gonghui.members.roster.columns import PROGRESS_EVERY
from gonghui.members.roster.planning import plan
from gonghui.members.roster.reading import RosterFileError, Table, no_data, read_table
from gonghui.members.roster.writing import write
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
SUFFIXES = (".xlsx", ".xls", ".csv", ".txt")
EXPORT_CHUNK = 2_000


def _check_target(actor: Actor | None, union: Organization) -> None:
    if actor is not None:
        require(actor, MEMBERS_IMPORT, union)
    if union.kind != NodeKind.UNION or not union.is_active:
        raise ValidationError({"union": _("只能向正常状态的基层工会导入会员")})


def roster_import_create(
    *,
    actor: Actor | None,
    union: Organization,
    file_name: str,
    content: bytes,
    dry_run: bool = False,
    update: bool = False,
) -> RosterImport:
    """Record an import with its file (not yet run). ``actor`` None: a command-line run."""
    _check_target(actor, union)
    suffix = PurePath(file_name).suffix.lower()
    stored = f"roster-{timezone.now():%Y%m%d%H%M%S}{suffix if suffix in SUFFIXES else ''}"
    record = RosterImport(
        union=union,
        actor_id=actor.pk if actor is not None else None,
        file_name=PurePath(file_name).name[:200],
        dry_run=dry_run,
        update_existing=update,
    )
    record.file.save(stored, ContentFile(content), save=False)
    record.save()
    return record


def roster_import_start(**kwargs: Any) -> RosterImport:
    """Record an import and queue its task once the transaction commits."""
    with transaction.atomic():
        record = roster_import_create(**kwargs)
        transaction.on_commit(partial(_queue, record.pk))
    return record


def _queue(pk: int) -> None:
    from gonghui.members.tasks import run_roster_import

    run_roster_import.delay(pk)


def roster_import_run(*, pk: int, on_progress: Progress | None = None) -> RosterImport:
    """Run a pending import to its end; a failure is recorded on it, never raised."""
    claimed = RosterImport.objects.filter(pk=pk, status=RosterImport.Status.PENDING).update(
        status=RosterImport.Status.RUNNING, updated_at=timezone.now()
    )
    record = RosterImport.objects.select_related("union", "actor").get(pk=pk)
    if not claimed:
        return record  # already run, or running elsewhere
    try:
        with _cyclic_gc_paused():
            _run(record, on_progress)
    except RosterFileError as exc:
        _finish(record, RosterImport.Status.FAILED, exc.message)
    except IntegrityError:
        logger.warning("roster import %s: conflicting concurrent write", pk, exc_info=True)
        _finish(
            record,
            RosterImport.Status.FAILED,
            _("导入期间有其他操作登记了同一批人员，本次未导入任何数据，请重新导入"),
        )
    except Exception:
        logger.exception("roster import %s failed", pk)
        _finish(
            record,
            RosterImport.Status.FAILED,
            _("导入时发生系统错误，未导入任何数据，请联系管理员"),
        )
    return record


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """An import allocates millions of small objects and no reference cycles: Python's
    cyclic collector would walk every live object again and again for nothing (a third
    of the time of a 100,000-row import). Reference counting still frees as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run(record: RosterImport, on_progress: Progress | None) -> None:
    with record.file.open("rb") as handle:
        content = handle.read()
    table = read_table(content)
    record.total_rows = table.size
    record.save(update_fields=["total_rows", "updated_at"])
    entries, errors = _check_rows(record, table, on_progress)
    with transaction.atomic():
        the_plan = plan(
            entries=entries,
            union=record.union,
            update=record.update_existing,
            lock=not record.dry_run,
            own_members_only=record.dry_run,
        )
        errors += the_plan.errors
        record.created_count, record.updated_count = the_plan.created, the_plan.updated
        if not errors and not record.dry_run:
            write(the_plan, record.union, record.actor)
            _audit(record)
            _finish(record, RosterImport.Status.DONE, _done_message(record))
            return
    if errors:
        _report(record, table, errors)
    else:
        _finish(record, RosterImport.Status.CHECKED, _checked_message(record))


def _check_rows(
    record: RosterImport, table: Table, on_progress: Progress | None
) -> tuple[list[Entry], list[RowError]]:
    """One pass over the rows: only the clean entries and the errors are kept. The total
    shown while checking is the file's row count; it becomes the count of rows with
    content once they are all read."""
    checker = RowChecker(table, record.union)
    entries: list[Entry] = []
    errors: list[RowError] = []
    indexes: list[tuple[int, str]] = []
    count = 0
    for count, (row, values) in enumerate(table.rows(), start=1):  # noqa: B007
        checked = checker.check(row, values)
        if checked.entry is not None:
            entries.append(checked.entry)
        errors.extend(checked.errors)
        if checked.index is not None:
            indexes.append((row, checked.index))
        if count % PROGRESS_EVERY == 0:
            _progress(record, count, table.size, on_progress)
    if not count:
        raise no_data()
    if count % PROGRESS_EVERY or count != table.size:
        record.total_rows = count
        record.save(update_fields=["total_rows", "updated_at"])
        _progress(record, count, count, on_progress)
    repeated, repeated_errors = duplicates(indexes)
    if repeated:
        entries = [entry for entry in entries if entry.index not in repeated]
    return entries, errors + repeated_errors


def _progress(record: RosterImport, count: int, total: int, on_progress: Progress | None) -> None:
    record.processed_rows = count
    RosterImport.objects.filter(pk=record.pk).update(processed_rows=count)
    if on_progress is not None:
        on_progress(count, total)


def _audit(record: RosterImport) -> None:
    audit.record(
        actor=record.actor,
        action=AuditAction.BULK,
        obj=record,
        changes={
            "created": record.created_count,
            "updated": record.updated_count,
            "rows": record.total_rows,
        },
        message=_("导入会员名册“%(file)s”：新增会员 %(created)s 人，更新已登记人员 %(updated)s 人")
        % {
            "file": record.file_name,
            "created": record.created_count,
            "updated": record.updated_count,
        },
    )


def _report(record: RosterImport, table: Table, errors: list[RowError]) -> None:
    record.error_count = len({error.row for error in errors})
    content = documents.error_report_bytes(table, errors)
    record.error_report.save(f"roster-errors-{record.pk}.xlsx", ContentFile(content), save=False)
    if record.dry_run:
        message = _("%(count)s 行有错误。本次只检查，未导入数据；请下载错误报告，修改后重新上传")
    else:
        message = _(
            "%(count)s 行有错误，未导入任何数据。请下载错误报告，按“错误说明”修改后重新上传"
        )
    _finish(record, RosterImport.Status.FAILED, message % {"count": f"{record.error_count:,}"})


def _finish(record: RosterImport, status: str, message: str) -> None:
    if status == RosterImport.Status.FAILED:
        record.created_count = record.updated_count = 0  # nothing was written
    record.status = status
    record.message = message
    record.save()


def _done_message(record: RosterImport) -> str:
    return _("已导入：新增会员 %(created)s 人，更新已登记人员 %(updated)s 人") % {
        "created": f"{record.created_count:,}",
        "updated": f"{record.updated_count:,}",
    }


def _checked_message(record: RosterImport) -> str:
    """A dry run only knows the union's own members (see ``planning.plan``): whether a
    person is a member of another union is checked by the import itself."""
    return _(
        "检查通过，没有错误。正式导入将新增会员 %(created)s 人，"
        "更新本工会会员 %(updated)s 人；本次未写入数据。"
        "已是其他工会会员的人员不能通过导入加入，正式导入时才会核对"
    ) % {"created": f"{record.created_count:,}", "updated": f"{record.updated_count:,}"}


# --- export ----------------------------------------------------------------------------


def export_filename(union: Organization) -> str:
    return _("%(union)s会员名册-%(day)s.xlsx") % {
        "union": union.name,
        "day": f"{timezone.localdate():%Y%m%d}",
    }


def member_export(*, actor: Actor, union: Organization) -> bytes:
    """The union's memberships (any status) as a workbook, in one query read in chunks,
    through ``core.exports`` with the columns of ``members.exports.MEMBERS``: ID numbers
    and phones masked and the birth date an age band unless the actor may see the union's
    personal data; the rows shown are audited in one statement, and every export writes
    one audit entry with its row count, masked or not."""
    require(actor, MEMBERS_EXPORT, union)
    memberships = (
        Membership.objects.for_actor(actor, MEMBERS_EXPORT)
        .filter(union=union)
        .select_related("union", "person", "person__employer")
        .order_by("number")
    )
    return exports.workbook(
        actor=actor,
        parts=[(MEMBERS, memberships.iterator(chunk_size=EXPORT_CHUNK))],
        organization=union,
    )


def error_report_for(*, actor: Actor, record: RosterImport) -> bytes:
    """An import's error report for ``actor``: as stored when they may see the union's
    personal data (audited as a view of it), else with ID numbers and phones masked;
    the export is audited either way."""
    require(actor, MEMBERS_IMPORT, record)
    policy = disclosure.policy_for(actor, record.union)
    with record.error_report.open("rb") as handle:
        content = handle.read()
    if policy.visible:
        disclosure.record(
            actor=actor,
            objects=[record],
            fields=["id_number", "phone"],
            purpose=_("下载名册导入错误报告"),
        )
    else:
        content = documents.masked_error_report(content, policy)
    disclosure.record_export(
        actor=actor,
        what=_("名册导入错误报告"),
        rows=record.error_count,
        unmasked=record.error_count if policy.visible else 0,
        organization=record.union,
    )
    return content


STALE_AFTER = timedelta(hours=2)


def roster_imports_fail_stale(*, now: datetime | None = None) -> int:
    """Mark as failed the imports left pending or running for longer than ``STALE_AFTER``
    (a worker that died mid-import: its transaction rolled back, so nothing was written);
    the union's staff see why and upload again. Returns how many."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = RosterImport.objects.filter(
        status__in=[RosterImport.Status.PENDING, RosterImport.Status.RUNNING],
        updated_at__lt=cutoff,
    )
    count = 0
    for record in stale:
        _finish(
            record,
            RosterImport.Status.FAILED,
            _("导入中断（后台任务超过两小时未完成），未导入任何数据，请重新上传"),
        )
        count += 1
    return count


def roster_files_purge(*, now: datetime | None = None) -> int:
    """Delete the uploaded file and the error report of every import older than
    ``UPLOAD_RETENTION_DAYS`` (the record, its counts and message stay); one audit entry
    names the imports. Returns how many imports lost their files."""
    days = settings.UPLOAD_RETENTION_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = (
        RosterImport.objects.filter(created_at__lt=cutoff)
        .exclude(file="", error_report="")
        .exclude(status__in=[RosterImport.Status.PENDING, RosterImport.Status.RUNNING])
        .order_by("pk")
    )
    purged = []
    for record in old:
        for stored in (record.file, record.error_report):
            if stored:
                stored.delete(save=False)
        record.save(update_fields=["file", "error_report", "updated_at"])
        purged.append(record.pk)
    if purged:
        audit.record(
            actor=None,
            action=AuditAction.DELETE,
            changes={"imports": purged, "retention_days": days},
            message=_("删除超过保存期限（%(days)s 天）的名册文件和错误报告：%(count)s 次导入")
            % {"days": days, "count": len(purged)},
        )
    return len(purged)
