"""Background work of the members app (Celery; eager, in-process, without a broker).
Queued with ``transaction.on_commit`` by the services, never inside an open transaction.

``members_housekeeping`` is meant to run every hour (celery beat, or cron calling
``manage.py members_housekeeping``)."""

from celery import shared_task

from gonghui.members.services.roster import (
    roster_files_purge,
    roster_import_run,
    roster_imports_fail_stale,
)
from gonghui.members.services.signin import codes_purge


@shared_task(ignore_result=True)
def run_roster_import(pk: int) -> None:
    """Run a roster import; its progress and outcome are saved on the ``RosterImport``."""
    roster_import_run(pk=pk)


@shared_task(ignore_result=True)
def members_housekeeping() -> dict[str, int]:
    """Fail imports a dead worker left running; delete sign-in codes older than a day, and
    roster files and error reports older than ``UPLOAD_RETENTION_DAYS``."""
    return {
        "stale_imports": roster_imports_fail_stale(),
        "codes_deleted": codes_purge(),
        "roster_files_deleted": roster_files_purge(),
    }
