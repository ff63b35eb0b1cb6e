from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import build_world
from gonghui.members.models import OneTimeCode, RosterImport

pytestmark = pytest.mark.django_db


def test_housekeeping_fails_stale_imports_and_purges_old_codes() -> None:
    world = build_world()
    stale = RosterImport.objects.create(
        union=world.union_a, file_name="a.xlsx", status=RosterImport.Status.RUNNING
    )
    fresh = RosterImport.objects.create(
        union=world.union_a, file_name="b.xlsx", status=RosterImport.Status.RUNNING
    )
    RosterImport.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(hours=3))
    now = timezone.now()
    old = OneTimeCode.objects.create(phone="+8613800000001", code_hash="x", expires_at=now)
    OneTimeCode.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=2))
    OneTimeCode.objects.create(phone="+8613800000002", code_hash="y", expires_at=now)

    out = StringIO()
    call_command("members_housekeeping", stdout=out)

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == RosterImport.Status.FAILED
    assert "重新上传" in stale.message
    assert fresh.status == RosterImport.Status.RUNNING
    assert list(OneTimeCode.objects.values_list("phone", flat=True)) == ["+8613800000002"]
    assert "stale imports failed: 1, codes deleted: 1" in out.getvalue()


def test_housekeeping_deletes_roster_files_after_the_retention(
    settings: Any, tmp_path: Path
) -> None:
    # given: two imports with their file and error report, one older than the retention
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.UPLOAD_RETENTION_DAYS = 30
    world = build_world()
    old, recent = (
        RosterImport.objects.create(
            union=world.union_a, file_name=name, status=RosterImport.Status.FAILED
        )
        for name in ("old.xlsx", "recent.xlsx")
    )
    for record in (old, recent):
        record.file.save("roster.xlsx", ContentFile(b"roster"), save=False)
        record.error_report.save("errors.xlsx", ContentFile(b"report"), save=True)
    RosterImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    old_paths = [Path(old.file.path), Path(old.error_report.path)]
    audits = AuditEntry.objects.count()

    # when
    out = StringIO()
    call_command("members_housekeeping", stdout=out)

    # then: the old import keeps its record and counts, without its files; one audit entry
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.file.name, old.error_report.name) == ("", "")
    assert not any(path.exists() for path in old_paths)
    assert recent.file and recent.error_report
    assert Path(recent.file.path).exists()
    assert "roster files deleted: 1" in out.getvalue()
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == audits + 1
    assert entry is not None and entry.action == AuditAction.DELETE
    assert entry.changes == {"imports": [old.pk], "retention_days": 30}
