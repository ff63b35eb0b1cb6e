"""Background work of the disputes app (Celery; eager, in-process, without a broker).

``send_deadline_reminders`` runs once a day. Schedule it with celery beat::

    CELERY_BEAT_SCHEDULE = {
        "disputes-deadline-reminders": {
            "task": "gonghui.disputes.tasks.send_deadline_reminders",
            "schedule": crontab(hour=8, minute=0),
        },
    }

or, without beat, from cron: ``0 8 * * * manage.py send_deadline_reminders``. Running it
twice on one day sends nothing the second time.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.models import Notice
from gonghui.core.notices import Text, notice_send
from gonghui.disputes.models import MediationCase
from gonghui.disputes.selectors import cases_to_remind


def _recipients(case: MediationCase) -> list[Any]:
    """The assigned mediators, else the committee's seated mediators."""
    assigned = [user for user in case.mediators.all() if user.is_active]
    if assigned:
        return assigned
    return [seat.user for seat in case.committee.seated if seat.user.is_active]  # type: ignore[attr-defined]


def _message(case: Any, today: date) -> tuple[Text, Text]:
    days = (case.due_on - today).days
    if days < 0:
        title = Text(
            gettext_lazy("调解案件 %(number)s 已超期 %(days)d 天"), number=case.number, days=-days
        )
    elif days == 0:
        title = Text(gettext_lazy("调解案件 %(number)s 今日到期"), number=case.number)
    else:
        title = Text(
            gettext_lazy("调解案件 %(number)s 将于 %(days)d 天后到期"),
            number=case.number,
            days=days,
        )
    body = Text(
        gettext_lazy("调解期限 %(day)s。请按期结案，或经双方同意延长期限。"), day=case.due_on
    )
    return title, body


def deadline_reminders_send(today: date | None = None) -> int:
    """Remind the mediators of each mediating case whose effective deadline is within three
    days or has passed: one notice per mediator, case and day. Returns notices sent."""
    today = today or timezone.localdate()
    day_start = timezone.make_aware(datetime.combine(today, time.min))
    sent = 0
    for case in cases_to_remind(today):
        url = reverse("disputes:case_detail", args=[case.pk])
        already = set(
            Notice.objects.filter(
                url=url, created_at__gte=day_start, created_at__lt=day_start + timedelta(days=1)
            ).values_list("user_id", flat=True)
        )
        title, body = _message(case, today)
        with transaction.atomic():
            for user in _recipients(case):
                if user.pk in already:
                    continue
                notice_send(user=user, title=title, body=body, url=url)
                sent += 1
    return sent


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    """Daily: deadline reminders to mediators (see the module docstring for scheduling)."""
    return deadline_reminders_send()
