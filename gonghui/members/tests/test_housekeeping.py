from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

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
