"""The staff membership pages: review (one, many, refused), transfers seen by both unions,
masking and its audit, search, constant query counts, ending a membership."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.core import pii
from gonghui.core.models import AuditAction, AuditEntry, Notice
from gonghui.core.testing import World, build_world
from gonghui.members.choices import ApplicationStatus, MembershipStatus
from gonghui.members.models import JoinApplication, Membership
from gonghui.members.services.applications import application_request_info
from gonghui.members.tests.access_staff import enrol, submit

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("members:application_list")
MEMBERS = reverse("members:member_list")
BATCH = reverse("members:applications_approve")


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _url(name: str, pk: Any) -> str:
    return reverse(f"members:{name}", args=[pk])


def _messages(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _listed(response: Any) -> list[str]:
    return [row[0].number for row in response.context["rows"]]


def _pii_views() -> int:
    return AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).count()


# --- review ----------------------------------------------------------------------------


def test_approving_starts_a_membership_with_a_number_and_tells_the_applicant() -> None:
    world = build_world()
    application = submit(world, name="周杰")
    start = timezone.localdate() - timedelta(days=2)
    client = _client(world, "union_a_staff")

    response = client.post(
        _url("application_approve", application.pk), {"started_on": start.isoformat()}
    )

    application.refresh_from_db()
    membership = application.membership
    assert response.status_code == 302
    assert response["Location"] == _url("application_detail", application.pk)
    assert application.status == ApplicationStatus.APPROVED
    assert membership is not None and membership.number.startswith("HY")
    assert membership.union == world.union_a and membership.started_on == start
    assert membership.status == MembershipStatus.ACTIVE
    notice = Notice.objects.filter(phone_index=pii.blind_index(application.phone)).first()
    assert notice is not None and notice.title == "入会申请已批准"
    assert membership.number in notice.body
    assert _messages(response) == [f"已批准入会，会员编号 {membership.number}"]


def test_approving_a_member_of_union_b_transfers_them_and_both_unions_see_their_row() -> None:
    world = build_world()
    today = timezone.localdate()
    old = enrol(world, name="郑凯", employer=world.entity_b, started_on=today - timedelta(days=300))
    application = submit(world, name="郑凯", id_number=old.person.id_number)
    start = today - timedelta(days=1)

    _client(world, "union_a_staff").post(
        _url("application_approve", application.pk), {"started_on": start.isoformat()}
    )

    old.refresh_from_db()
    new = Membership.objects.get(person=old.person, status=MembershipStatus.ACTIVE)
    assert new.union == world.union_a and new.transferred_from == old
    assert old.status == MembershipStatus.TRANSFERRED_OUT and old.ended_on == start
    seen_by_a = _client(world, "union_a_staff").get(MEMBERS)
    seen_by_b = _client(world, "union_b_staff").get(MEMBERS, {"status": ""})
    assert _listed(seen_by_a) == [new.number]
    assert _listed(seen_by_b) == [old.number]
    page_for_a = _client(world, "union_a_staff").get(_url("person_detail", old.person_id))
    assert "转自 乙公司工会" in page_for_a.content.decode()
    # the former union sees its own membership, not where the person went
    page_for_b = _client(world, "union_b_staff").get(_url("person_detail", old.person_id))
    assert page_for_b.status_code == 200
    text = page_for_b.content.decode()
    assert old.number in text and "甲公司工会" not in text and new.number not in text


def test_rejecting_needs_a_reason_which_the_applicant_is_told() -> None:
    world = build_world()
    application = submit(world)
    client = _client(world, "union_a_staff")

    blank = client.post(_url("application_reject", application.pk), {"reason": "  "})
    application.refresh_from_db()
    assert blank.status_code == 200
    assert blank.context["form"].errors["reason"] == ["请填写不予批准的原因，申请人将看到此说明"]
    assert application.status == ApplicationStatus.SUBMITTED

    client.post(_url("application_reject", application.pk), {"reason": "经核实已离开本单位"})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.reason == "经核实已离开本单位"
    notice = Notice.objects.get(
        phone_index=pii.blind_index(application.phone), title="入会申请未获批准"
    )
    assert notice.body == "经核实已离开本单位"


def test_asking_for_more_information_tells_the_applicant_what_is_missing() -> None:
    world = build_world()
    application = submit(world)

    _client(world, "station_a_staff").post(
        _url("application_request_info", application.pk), {"reason": "请补充工作单位全称"}
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEEDS_INFO
    assert Notice.objects.get(
        phone_index=pii.blind_index(application.phone), title="入会申请需要补充信息"
    ).body == ("请补充工作单位全称")


def test_a_second_approval_is_refused_with_a_clear_message() -> None:
    world = build_world()
    application = submit(world)
    client = _client(world, "union_a_staff")
    client.post(_url("application_approve", application.pk), {"started_on": ""})
    client.post(
        _url("application_approve", application.pk),
        {"started_on": timezone.localdate().isoformat()},
    )
    memberships = Membership.objects.count()

    again = client.post(
        _url("application_approve", application.pk),
        {"started_on": timezone.localdate().isoformat()},
    )

    assert again.status_code == 200
    assert again.context["form"].non_field_errors() == ["申请当前状态为“已批准”，不能办理此操作"]
    assert "申请当前状态为“已批准”，不能办理此操作" in again.content.decode()
    assert Membership.objects.count() == memberships == 1


def test_batch_approval_approves_the_others_and_reports_the_one_already_handled() -> None:
    world = build_world()
    first, handled, third = submit(world, name="甲"), submit(world, name="乙"), submit(world)
    application_request_info(actor=world.system, application=handled, reason="请补充")
    client = _client(world, "union_a_staff")
    back = f"{APPLICATIONS}?status=all"

    response = client.post(BATCH, {"applications": [first.pk, handled.pk, third.pk], "next": back})

    assert response.status_code == 302 and response["Location"] == back
    statuses = dict(JoinApplication.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[third.pk] == ApplicationStatus.APPROVED
    assert statuses[handled.pk] == ApplicationStatus.NEEDS_INFO
    assert Membership.objects.count() == 2
    assert _messages(response) == [
        "已批准 2 份入会申请",
        "1 份申请未能批准：",
        f"{handled.number} 乙：申请当前状态为“待补充材料”，不能办理此操作",
    ]


def test_batch_approval_with_an_application_outside_the_scope_is_404_and_approves_none() -> None:
    world = build_world()
    mine, theirs = submit(world), submit(world, employer=world.entity_b)

    response = _client(world, "union_a_staff").post(BATCH, {"applications": [mine.pk, theirs.pk]})

    assert response.status_code == 404
    assert not Membership.objects.exists()


def test_batch_approval_without_a_choice_says_so() -> None:
    world = build_world()

    response = _client(world, "union_a_staff").post(BATCH, {"next": "https://evil.example/"})

    assert response.status_code == 302 and response["Location"] == APPLICATIONS
    assert _messages(response) == ["请至少选择一份申请"]


def test_the_list_offers_a_checkbox_for_applications_that_can_be_approved() -> None:
    world = build_world()
    waiting, asked = submit(world), submit(world)
    application_request_info(actor=world.system, application=asked, reason="请补充")

    response = _client(world, "union_a_staff").get(APPLICATIONS)

    assert {row[0].pk for row in response.context["rows"]} == {waiting.pk, asked.pk}
    assert response.context["approvable"] == [waiting.pk]
    assert f'name="applications" value="{waiting.pk}"' in response.content.decode()


# --- personal data ---------------------------------------------------------------------


def test_application_page_masks_id_and_phone_unless_permitted_and_audits_the_view() -> None:
    world = build_world()
    application = submit(world)
    shown_id = application.id_number
    shown_phone = pii.display_phone(application.phone)

    masked = _client(world, "union_a_staff").get(_url("application_detail", application.pk))
    assert _pii_views() == 0
    shown = _client(world, "pii_a_staff").get(_url("application_detail", application.pk))

    assert masked.context["id_number"] == pii.mask_id_number(shown_id)
    assert shown_id not in masked.content.decode()
    assert shown_phone not in masked.content.decode()
    assert shown.context["id_number"] == shown_id
    assert shown_phone in shown.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.VIEW_PERSONAL_DATA)
    assert entry.actor == world.user("pii_a_staff")
    assert entry.object_id == str(application.pk)
    assert entry.organization_id == world.union_a.pk
    assert "入会申请详情页" in entry.message


def test_member_list_and_person_page_unmask_for_the_permitted_with_an_audit_entry() -> None:
    world = build_world()
    membership = enrol(world)
    person = membership.person

    masked = _client(world, "union_a_staff").get(MEMBERS)
    person_masked = _client(world, "union_a_staff").get(_url("person_detail", person.pk))
    assert _pii_views() == 0
    shown = _client(world, "pii_a_staff").get(MEMBERS)
    person_shown = _client(world, "pii_a_staff").get(_url("person_detail", person.pk))

    assert person.id_number not in masked.content.decode()
    assert pii.mask_id_number(person.id_number) in masked.content.decode()
    assert person.id_number not in person_masked.content.decode()
    assert person.id_number in shown.content.decode()
    assert person.id_number in person_shown.content.decode()
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA)
    assert entries.count() == 2
    assert {e.object_id for e in entries} == {str(membership.pk)}
    assert {e.organization_id for e in entries} == {world.union_a.pk}


# --- the member list -------------------------------------------------------------------


def test_member_list_searches_name_prefix_number_and_id_number() -> None:
    world = build_world()
    wanted = enrol(world, name="欧阳修")
    enrol(world, name="王阳明")
    client = _client(world, "union_a_staff")

    assert _listed(client.get(MEMBERS, {"q": "欧阳"})) == [wanted.number]
    assert _listed(client.get(MEMBERS, {"q": "阳"})) == []
    assert _listed(client.get(MEMBERS, {"q": wanted.number})) == [wanted.number]
    # an ID number is posted and comes back as a token (``core.search``), never in the URL
    posted = client.post(MEMBERS, {"q": wanted.person.id_number})
    assert _listed(client.get(posted["Location"])) == [wanted.number]


def test_member_list_shows_active_members_by_default_and_all_on_request() -> None:
    world = build_world()
    active = enrol(world)
    ended = enrol(world)
    _client(world, "union_a_staff").post(
        _url("membership_end", ended.pk),
        {"status": "lapsed", "ended_on": timezone.localdate().isoformat()},
    )
    client = _client(world, "union_a_staff")

    assert _listed(client.get(MEMBERS)) == [active.number]
    assert _listed(client.get(MEMBERS, {"status": ""})) == [active.number, ended.number]
    assert _listed(client.get(MEMBERS, {"status": "lapsed"})) == [ended.number]


def _queries(client: Client, url: str, data: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, data or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("user", ["union_a_staff", "pii_a_staff", "fed_staff"])
def test_member_list_pages_in_a_constant_number_of_queries(user: str) -> None:
    world = build_world()
    client = _client(world, user)
    for _ in range(5):
        enrol(world)
    enrol(world, employer=world.entity_b)
    with_5 = _queries(client, MEMBERS, {"status": ""})
    for _ in range(55):
        enrol(world)
    with_60 = _queries(client, MEMBERS, {"status": ""})
    second_page = _queries(client, MEMBERS, {"status": "", "page": 2})

    assert Membership.objects.count() == 61
    assert with_5 == with_60 == second_page


def test_application_list_pages_in_a_constant_number_of_queries() -> None:
    world = build_world()
    client = _client(world, "station_a_staff")
    for _ in range(3):
        submit(world)
    with_3 = _queries(client, APPLICATIONS)
    for _ in range(30):
        submit(world)
    with_33 = _queries(client, APPLICATIONS)

    assert with_3 == with_33


# --- a member --------------------------------------------------------------------------


def test_person_page_shows_history_applications_and_the_services_placeholder() -> None:
    world = build_world()
    membership = enrol(world, name="李娜")

    response = _client(world, "union_a_staff").get(_url("person_detail", membership.person_id))

    assert response.status_code == 200
    assert [row.membership for row in response.context["memberships"]] == [membership]
    assert response.context["memberships"][0].can_end
    assert [a.membership_id for a in response.context["detail"].applications] == [membership.pk]
    assert response.context["sections"] == []
    assert "暂无服务记录" in response.content.decode()


def test_ending_a_membership_records_status_date_and_reason_and_tells_the_member() -> None:
    world = build_world()
    day = timezone.localdate() - timedelta(days=1)
    membership = enrol(world, started_on=day - timedelta(days=365))

    response = _client(world, "union_a_staff").post(
        _url("membership_end", membership.pk),
        {"status": "deceased", "ended_on": day.isoformat(), "reason": "家属告知"},
    )

    membership.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == _url("person_detail", membership.person_id)
    assert membership.status == MembershipStatus.DECEASED
    assert membership.ended_on == day and membership.end_reason == "家属告知"
    assert Notice.objects.filter(person=membership.person, title__contains="已去世").exists()


def test_ending_a_membership_in_the_future_or_twice_is_refused_on_the_form() -> None:
    world = build_world()
    membership = enrol(world)
    client = _client(world, "union_a_staff")
    url = _url("membership_end", membership.pk)
    tomorrow = timezone.localdate() + timedelta(days=1)

    future = client.post(url, {"status": "withdrawn", "ended_on": tomorrow.isoformat()})
    client.post(url, {"status": "withdrawn", "ended_on": timezone.localdate().isoformat()})
    twice = client.post(url, {"status": "lapsed", "ended_on": timezone.localdate().isoformat()})
    transfer = client.post(url, {"status": "transferred_out", "ended_on": "2026-01-01"})

    assert future.context["form"].errors["ended_on"] == ["离会日期不能晚于今天"]
    assert twice.context["form"].non_field_errors() == ["该会籍已结束"]
    assert "status" in transfer.context["form"].errors
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.WITHDRAWN
