"""Background work of the members app (Celery; eager, in-process, without a broker).
Queued with ``transaction.on_commit`` by the services, never inside an open transaction."""

from celery import shared_task

from gonghui.members.services.roster import roster_import_run


@shared_task(ignore_result=True)
def run_roster_import(pk: int) -> None:
    """Run a roster import; its progress and outcome are saved on the ``RosterImport``."""
    roster_import_run(pk=pk)
