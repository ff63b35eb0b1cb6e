"""Scheduled work of universal benefits (celery beat, hourly)."""

from celery import shared_task

from gonghui.benefits.services import campaigns


@shared_task(ignore_result=True)
def benefits_hourly() -> dict[str, int]:
    """Campaigns whose vouchers' validity ended are closed."""
    return {"closed": campaigns.campaigns_expire()}
