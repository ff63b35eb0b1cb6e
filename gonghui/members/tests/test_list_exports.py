"""The member and application lists export their filtered rows (core.exports, masked and
audited), and batch approval can take every application the filters match."""

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.members.choices import ApplicationStatus
from gonghui.members.models import JoinApplication
from gonghui.members.services.applications import application_reject, application_request_info
from gonghui.members.tests.access_staff import enrol, submit
from gonghui.members.views_staff import ApplicationListView

pytestmark = pytest.mark.django_db

MEMBERS = reverse("members:member_list")
APPLICATIONS = reverse("members:application_list")
BATCH = reverse("members:applications_approve")


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _rows(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_member_list_exports_its_filtered_rows_masked_and_audited() -> None:
    world = build_world()
    kept = enrol(world, name="张导出")
    enrol(world, name="李不导出")
    client = _client(world, "union_a_staff")
    page = client.get(MEMBERS, {"q": "张导出"}).content.decode()
    assert "format=xlsx" in page

    rows = _rows(client.get(MEMBERS, {"q": "张导出", "format": "xlsx"}))

    assert rows[0][:3] == ("会员编号", "姓名", "工会")
    assert [row[1] for row in rows[1:]] == ["张导出"]
    assert rows[1][3] != kept.person.id_number and "*" in rows[1][3]
    (entry,) = AuditEntry.objects.filter(action=AuditAction.BULK)
    assert entry.changes["rows"] == 1 and entry.changes["masked"] is True
    assert entry.changes["filters"]["q"] == "张导出"


def test_the_export_shows_personal_data_to_the_permitted_and_records_it() -> None:
    world = build_world()
    member = enrol(world, name="王可见")

    rows = _rows(_client(world, "pii_a_staff").get(MEMBERS, {"format": "xlsx"}))

    assert rows[1][3] == member.person.id_number
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW_PERSONAL_DATA, object_id=str(member.pk)
    ).exists()


def test_the_application_list_exports_only_the_scope_and_the_filters() -> None:
    world = build_world()
    submit(world, name="甲申请")
    submit(world, name="乙外单位", employer=world.entity_b)

    rows = _rows(_client(world, "union_a_staff").get(APPLICATIONS, {"format": "xlsx"}))

    assert [row[1] for row in rows[1:]] == ["甲申请"]


def test_a_user_without_the_export_action_gets_403() -> None:
    world = build_world()
    assert _client(world, "member").get(MEMBERS, {"format": "xlsx"}).status_code == 403


def test_batch_approval_can_take_every_matching_application_on_every_page() -> None:
    world = build_world()
    waiting = [submit(world, name=f"批量{n}") for n in range(3)]
    asked = submit(world, name="批量待补充")
    application_request_info(actor=world.system, application=asked, reason="请补充")
    other = submit(world, name="别的申请")
    client = _client(world, "union_a_staff")

    response = client.post(
        BATCH, {"all_matching": "on", "query": "q=批量&status=all", "next": APPLICATIONS}
    )

    assert response.status_code == 302
    statuses = dict(JoinApplication.objects.values_list("pk", "status"))
    assert all(statuses[a.pk] == ApplicationStatus.APPROVED for a in waiting)
    assert statuses[asked.pk] == ApplicationStatus.NEEDS_INFO  # not approvable now
    assert statuses[other.pk] == ApplicationStatus.SUBMITTED  # not matching the filters


def test_batch_approval_of_all_matching_never_reaches_outside_the_scope() -> None:
    world = build_world()
    theirs = submit(world, name="批量外", employer=world.entity_b)

    _client(world, "union_a_staff").post(BATCH, {"all_matching": "on", "query": "status=all"})

    assert JoinApplication.objects.get(pk=theirs.pk).status == ApplicationStatus.SUBMITTED


def test_the_offer_to_approve_every_matching_application_counts_only_the_approvable(
    monkeypatch: Any,
) -> None:
    world = build_world()
    monkeypatch.setattr(ApplicationListView, "paginate_by", 2)
    waiting = [submit(world, name=f"批量{n}") for n in range(3)]
    asked = submit(world, name="批量待补充")
    application_request_info(actor=world.system, application=asked, reason="请补充")
    refused = submit(world, name="批量不批")
    application_reject(actor=world.system, application=refused, reason="不符合条件")
    enrol(world, name="批量已批")
    submit(world, name="批量外", employer=world.entity_b)  # another union: outside the scope
    client = _client(world, "union_a_staff")

    page = client.get(APPLICATIONS, {"q": "批量", "status": "", "sort": "created_at"})

    assert page.context["paginator"].count == 6
    assert "选择全部 3 份符合条件的申请（含其他页）" in page.content.decode()
    query = page.context["batch_form"]["query"].value()
    client.post(BATCH, {"all_matching": "on", "query": query, "next": APPLICATIONS})
    approved = JoinApplication.objects.filter(
        status=ApplicationStatus.APPROVED, name__in=[a.name for a in waiting]
    )
    assert approved.count() == len(waiting)


def test_the_offer_names_the_limit_when_more_are_approvable_than_one_request_takes(
    monkeypatch: Any,
) -> None:
    world = build_world()
    monkeypatch.setattr(ApplicationListView, "paginate_by", 1)
    monkeypatch.setattr("gonghui.members.views_staff.BATCH_LIMIT", 2)
    for n in range(3):
        submit(world, name=f"批量{n}")

    page = _client(world, "union_a_staff").get(APPLICATIONS, {"q": "批量"}).content.decode()

    assert "选择全部" not in page
    assert "选择符合条件的前 2 份可批准的申请（含其他页，每次最多批准 2 份）" in page
