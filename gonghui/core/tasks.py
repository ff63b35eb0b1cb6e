"""Background work of the platform kit, queued with ``transaction.on_commit``."""

from celery import shared_task

from gonghui.core import notices


@shared_task(ignore_result=True)
def notice_sms_send(notice_pk: int) -> None:
    notices.notice_sms(notice_pk)
