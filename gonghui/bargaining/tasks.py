"""Scheduled work of collective bargaining (celery beat, daily)."""

from celery import shared_task

from gonghui.bargaining.services import schedule


@shared_task(ignore_result=True)
def bargaining_daily() -> dict[str, int]:
    """Contracts whose review ended take effect; renewals due are reminded."""
    return {"effective": schedule.reviews_lapse(), "reminded": schedule.renewal_reminders_send()}
