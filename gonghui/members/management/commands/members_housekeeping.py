from typing import Any

from django.core.management.base import BaseCommand

from gonghui.members.tasks import members_housekeeping


class Command(BaseCommand):
    help = "Fail roster imports left running by a dead worker; purge old sign-in codes."

    def handle(self, *args: Any, **options: Any) -> None:
        result = members_housekeeping()
        self.stdout.write(
            f"stale imports failed: {result['stale_imports']}, "
            f"codes deleted: {result['codes_deleted']}"
        )
