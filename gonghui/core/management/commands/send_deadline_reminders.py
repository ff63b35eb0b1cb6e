"""Send today's deadline reminders of every workflow that declares deadlines (run daily
from cron, or use celery beat: ``gonghui.core.tasks.send_deadline_reminders``)."""

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core.deadlines import reminders_send


class Command(BaseCommand):
    help = "Remind the people in charge of everything due within three days or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent")
