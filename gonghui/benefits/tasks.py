"""Scheduled work of universal benefits (celery beat, hourly)."""

from celery import shared_task

from gonghui.benefits.services import campaigns, purchasing


@shared_task(ignore_result=True)
def benefits_hourly() -> dict[str, int]:
    """Campaigns whose vouchers' validity ended are closed; group-purchase offers whose
    window ended stop taking orders."""
    return {
        "closed": campaigns.campaigns_expire(),
        "offers_closed": purchasing.offers_close_due(),
    }
