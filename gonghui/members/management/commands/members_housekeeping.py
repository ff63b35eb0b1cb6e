from typing import Any

from django.core.management.base import BaseCommand

from gonghui.members.tasks import members_housekeeping


class Command(BaseCommand):
    help = (
        "Fail roster imports left running by a dead worker; purge old sign-in codes; delete "
        "roster files and error reports older than UPLOAD_RETENTION_DAYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = members_housekeeping()
        self.stdout.write(
            f"stale imports failed: {result['stale_imports']}, "
            f"codes deleted: {result['codes_deleted']}, "
            f"roster files deleted: {result['roster_files_deleted']}"
        )
