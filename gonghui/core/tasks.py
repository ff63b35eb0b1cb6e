"""Background work of the platform kit, queued with ``transaction.on_commit``."""

from celery import shared_task

from gonghui.core import deadlines, notices
from gonghui.core.attachments import services as attachments


@shared_task(ignore_result=True)
def notice_sms_send(notice_pk: int) -> None:
    notices.notice_sms(notice_pk)


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    """Daily (celery beat, or cron: ``manage.py send_deadline_reminders``): the deadline
    reminders of every workflow that declares deadlines (``core.deadlines``)."""
    return deadlines.reminders_send()


@shared_task(ignore_result=True)
def delete_attachment_orphans() -> int:
    """Daily: the files of uploads whose transaction was rolled back."""
    return attachments.orphans_delete()
