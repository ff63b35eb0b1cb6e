"""Who may open each roster page (run by ``core/tests/test_access.py``).

``prepare`` records an import of union A with an error report; the outsider is union B's
staff, who hold the import and export actions over union B only, and the unprivileged
user is a member, who holds neither."""

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.documents import xlsx
from gonghui.members.models import RosterImport

FILE_NAME = "甲公司会员名册.xlsx"
REPORT_NAME = "imports/errors/access/roster-errors-access.xlsx"


def prepare(world: World) -> None:
    record = RosterImport.objects.create(
        union=world.union_a,
        actor=world.user("union_a_staff"),
        file_name=FILE_NAME,
        status=RosterImport.Status.FAILED,
        total_rows=3,
        processed_rows=3,
        error_count=1,
    )
    # one file, replaced at each run, rather than a new one per case under MEDIA_ROOT
    default_storage.delete(REPORT_NAME)
    report = xlsx.sheet_bytes(
        "错误行", ["行号", "身份证号", "手机号"], []
    )  # served masked: a workbook
    record.error_report.name = default_storage.save(REPORT_NAME, ContentFile(report))
    record.save(update_fields=["error_report"])
    world.extra["roster_import"] = record


def _record_url(name: str) -> Any:
    return lambda w: reverse(f"members:{name}", args=[w.extra["roster_import"].pk])


def _upload(world: World) -> dict[str, Any]:
    content = "姓名,身份证号,手机号,入会日期\n".encode()
    return {
        "union": world.union_a.pk,
        "file": SimpleUploadedFile("roster.csv", content, content_type="text/csv"),
    }


ACCESS_CASES = [
    AccessCase(
        name="members:roster_import_list",
        url=lambda w: reverse("members:roster_import_list"),
        listing=True,
        hidden=lambda w: FILE_NAME,
        prepare=prepare,
    ),
    AccessCase(
        # the union is chosen by a type-ahead: the page lists no unions, the lookup
        # (organizations/tests/access_lookups.py) is where union B's staff must not find A
        name="members:roster_import_new",
        url=lambda w: reverse("members:roster_import_new"),
        static=True,
    ),
    AccessCase(
        # union B's staff cannot choose union A: the form answers with an error, 200
        name="members:roster_import_new",
        url=lambda w: reverse("members:roster_import_new"),
        method="post",
        data=_upload,
        listing=True,
        hidden=lambda w: w.union_a.name,
        success=(302,),
        id="members:roster_import_new-post",
    ),
    AccessCase(
        name="members:roster_import_detail",
        url=_record_url("roster_import_detail"),
        prepare=prepare,
    ),
    AccessCase(
        name="members:roster_import_status",
        url=_record_url("roster_import_status"),
        prepare=prepare,
    ),
    AccessCase(
        name="members:roster_error_report",
        url=_record_url("roster_error_report"),
        prepare=prepare,
    ),
    AccessCase(
        name="members:roster_template",
        url=lambda w: reverse("members:roster_template"),
        static=True,
    ),
    AccessCase(
        name="members:member_export",
        url=lambda w: reverse("members:member_export", args=[w.union_a.pk]),
    ),
]
