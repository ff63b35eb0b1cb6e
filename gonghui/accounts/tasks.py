"""Background work of the accounts app (Celery; eager, in-process, without a broker).

``accounts_housekeeping`` is meant to run every hour (celery beat)."""

from celery import shared_task

from gonghui.accounts.services import tokens_purge_expired


@shared_task(ignore_result=True)
def accounts_housekeeping() -> dict[str, int]:
    """Delete expired API tokens (knox deletes one only when it is presented again)."""
    return {"tokens_deleted": tokens_purge_expired()}
