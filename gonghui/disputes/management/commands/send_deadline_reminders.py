"""Send today's mediation deadline reminders (run daily from cron, or use celery beat: see
``gonghui.disputes.tasks``)."""

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.disputes.tasks import deadline_reminders_send


class Command(BaseCommand):
    help = "Remind mediators of cases whose deadline is within three days or has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = deadline_reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent")
