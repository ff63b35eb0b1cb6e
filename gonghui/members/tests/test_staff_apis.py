"""The staff membership API: review through the services (400 naming the field, nothing
written, on bad input or a refused transition), reads scoped, searched and paginated in a
constant number of queries, ID numbers and phones masked unless permitted."""

from datetime import timedelta
from typing import Any

import pytest
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

APPLICATIONS = reverse("api:members:application-list")
BATCH = reverse("api:members:application-batch-approve")
MEMBERSHIPS = reverse("api:members:membership-list")


def _url(name: str, pk: Any) -> str:
    return reverse(f"api:members:{name}", kwargs={"pk": pk})


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def _numbers(response: Any) -> list[str]:
    return [row["number"] for row in response.json()["results"]]


def _pii_views() -> int:
    return AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).count()


# --- applications ----------------------------------------------------------------------


def test_application_list_is_scoped_searchable_and_filtered() -> None:
    world = build_world()
    wanted = submit(world, name="欧阳娜娜")
    other = submit(world, name="王五")
    application_request_info(actor=world.system, application=other, reason="请补充")
    submit(world, name="欧阳乙", employer=world.entity_b)
    client = _client(world, "union_a_staff")

    everything = client.get(APPLICATIONS)
    by_name = client.get(APPLICATIONS, {"q": "欧阳"})
    by_id = _post(client, reverse("api:members:application-search"), {"q": wanted.id_number})
    waiting = client.get(APPLICATIONS, {"status": ApplicationStatus.NEEDS_INFO})
    open_ones = client.get(APPLICATIONS, {"status": "open", "ordering": "number"})
    bad = client.get(APPLICATIONS, {"status": "nonsense"})

    assert set(_numbers(everything)) == {wanted.number, other.number}
    assert _numbers(by_name) == [wanted.number]
    assert _numbers(by_id) == [wanted.number]
    assert _numbers(waiting) == [other.number]
    assert _numbers(open_ones) == [wanted.number, other.number]
    assert bad.status_code == 400 and "status" in bad.json()["fields"]


def test_approve_starts_the_membership_and_a_second_approve_is_refused() -> None:
    world = build_world()
    application = submit(world)
    client = _client(world, "union_a_staff")
    start = timezone.localdate() - timedelta(days=1)

    first = _post(client, _url("application-approve", application.pk), {"started_on": str(start)})
    second = _post(client, _url("application-approve", application.pk), {})

    assert first.status_code == 200
    body = first.json()
    assert body["status"] == ApplicationStatus.APPROVED
    membership = Membership.objects.get(pk=body["membership"]["id"])
    assert body["membership"]["number"] == membership.number
    assert membership.started_on == start
    assert second.status_code == 400
    assert second.json()["code"] == "invalid"
    assert second.json()["fields"] == {"status": ["申请当前状态为“已批准”，不能办理此操作"]}
    assert Membership.objects.count() == 1


def test_approve_of_a_member_of_union_b_transfers_them() -> None:
    world = build_world()
    today = timezone.localdate()
    old = enrol(world, employer=world.entity_b, started_on=today - timedelta(days=30))
    application = submit(world, id_number=old.person.id_number)

    response = _post(
        _client(world, "union_a_staff"), _url("application-approve", application.pk), {}
    )

    assert response.status_code == 200
    old.refresh_from_db()
    assert old.status == MembershipStatus.TRANSFERRED_OUT and old.ended_on == today
    person = _client(world, "union_a_staff").get(_url("person-detail", old.person_id)).json()
    assert [(m["union"]["id"], m["status"]) for m in person["memberships"]] == [
        (world.union_a.pk, MembershipStatus.ACTIVE),
        (world.union_b.pk, MembershipStatus.TRANSFERRED_OUT),
    ]
    assert person["memberships"][0]["transferred_from"] == old.pk
    # the former union sees its own membership only, not where the person went
    former = _client(world, "union_b_staff").get(_url("person-detail", old.person_id)).json()
    assert [(m["union"]["id"], m["status"]) for m in former["memberships"]] == [
        (world.union_b.pk, MembershipStatus.TRANSFERRED_OUT),
    ]


def test_reject_requires_a_reason_and_the_applicant_is_told_it() -> None:
    world = build_world()
    application = submit(world)
    client = _client(world, "union_a_staff")

    missing = _post(client, _url("application-reject", application.pk), {})
    blank = _post(client, _url("application-reject", application.pk), {"reason": "   "})
    done = _post(client, _url("application-reject", application.pk), {"reason": "非本单位职工"})

    assert missing.status_code == blank.status_code == 400
    assert "reason" in missing.json()["fields"] and "reason" in blank.json()["fields"]
    assert done.status_code == 200 and done.json()["reason"] == "非本单位职工"
    notice = Notice.objects.get(
        phone_index=pii.blind_index(application.phone), title="入会申请未获批准"
    )
    assert notice.body == "非本单位职工"


def test_request_info_and_unknown_fields_are_refused() -> None:
    world = build_world()
    application = submit(world)
    client = _client(world, "union_a_staff")

    unknown = _post(
        client, _url("application-request-info", application.pk), {"reason": "补充", "x": 1}
    )
    asked = _post(client, _url("application-request-info", application.pk), {"reason": "补充"})

    assert unknown.status_code == 400 and unknown.json()["fields"] == {"x": ["没有这个字段"]}
    assert asked.status_code == 200 and asked.json()["status"] == ApplicationStatus.NEEDS_INFO


def test_batch_approve_approves_the_others_and_lists_the_refusal() -> None:
    world = build_world()
    first, handled, third = submit(world), submit(world), submit(world)
    application_request_info(actor=world.system, application=handled, reason="请补充")

    response = _post(
        _client(world, "union_a_staff"),
        BATCH,
        {"applications": [first.pk, handled.pk, third.pk]},
    )

    assert response.status_code == 200
    body = response.json()
    assert sorted(a["id"] for a in body["approved"]) == [first.pk, third.pk]
    assert body["refused"] == [
        {
            "id": handled.pk,
            "number": handled.number,
            "errors": ["申请当前状态为“待补充材料”，不能办理此操作"],
        }
    ]
    assert Membership.objects.count() == 2


def test_batch_approve_refuses_ids_outside_the_scope_and_approves_nothing() -> None:
    world = build_world()
    mine, theirs = submit(world), submit(world, employer=world.entity_b)
    client = _client(world, "union_a_staff")

    outside = _post(client, BATCH, {"applications": [mine.pk, theirs.pk]})
    empty = _post(client, BATCH, {"applications": []})
    huge = _post(client, BATCH, {"applications": [2**70]})

    assert outside.status_code == 404 and "applications" in outside.json()["fields"]
    assert empty.status_code == huge.status_code == 400
    assert not Membership.objects.exists()
    assert JoinApplication.objects.get(pk=mine.pk).status == ApplicationStatus.SUBMITTED


def test_application_detail_masks_unless_permitted_and_audits_the_unmasked_view() -> None:
    world = build_world()
    application = submit(world)

    masked = _client(world, "union_a_staff").get(_url("application-detail", application.pk))
    assert _pii_views() == 0
    shown = _client(world, "pii_a_staff").get(_url("application-detail", application.pk))

    assert masked.json()["id_number"] == pii.mask_id_number(application.id_number)
    assert masked.json()["phone"] == pii.mask_phone(application.phone)
    # what the reviewer may do now, and what was done, from the workflow engine
    assert [a["step"] for a in masked.json()["actions"]] == ["approve", "request_info", "reject"]
    assert [(e["step"], e["to_state"]) for e in masked.json()["timeline"]] == [
        ("submit", "submitted")
    ]
    assert shown.json()["id_number"] == application.id_number
    assert shown.json()["phone"] == pii.display_phone(application.phone)
    entry = AuditEntry.objects.get(action=AuditAction.VIEW_PERSONAL_DATA)
    assert entry.object_id == str(application.pk) and entry.organization_id == world.union_a.pk


# --- memberships -----------------------------------------------------------------------


def test_membership_list_searches_and_masks_unless_permitted() -> None:
    world = build_world()
    wanted = enrol(world, name="司马光")
    enrol(world, name="马司令")
    masked_client = _client(world, "union_a_staff")

    by_name = masked_client.get(MEMBERSHIPS, {"q": "司马"})
    by_number = masked_client.get(MEMBERSHIPS, {"q": wanted.number})
    by_id = _post(
        masked_client,
        reverse("api:members:membership-search"),
        {"q": wanted.person.id_number.lower()},
    )
    shown = _client(world, "pii_a_staff").get(MEMBERSHIPS, {"q": "司马"})

    assert _numbers(by_name) == _numbers(by_number) == _numbers(by_id) == [wanted.number]
    person = by_name.json()["results"][0]["person"]
    assert person["id_number"] == pii.mask_id_number(wanted.person.id_number)
    assert shown.json()["results"][0]["person"]["id_number"] == wanted.person.id_number
    assert _pii_views() == 1


def test_membership_list_pages_in_a_constant_number_of_queries() -> None:
    world = build_world()
    client = _client(world, "pii_a_staff")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MEMBERSHIPS, {"status": "active"}).status_code == 200
        return len(captured)

    for _ in range(5):
        enrol(world)
    with_5 = queries()
    for _ in range(55):
        enrol(world)
    with_60 = queries()

    assert with_5 == with_60


def test_membership_end_through_the_api() -> None:
    world = build_world()
    today = timezone.localdate()
    membership = enrol(world, started_on=today - timedelta(days=100))
    client = _client(world, "union_a_staff")

    future = _post(
        client,
        _url("membership-end", membership.pk),
        {"status": "lapsed", "ended_on": str(today + timedelta(days=1))},
    )
    transfer = _post(
        client,
        _url("membership-end", membership.pk),
        {"status": "transferred_out", "ended_on": str(today)},
    )
    ended = _post(
        client,
        _url("membership-end", membership.pk),
        {"status": "withdrawn", "ended_on": str(today), "reason": "本人申请"},
    )

    assert future.status_code == 400 and "ended_on" in future.json()["fields"]
    assert transfer.status_code == 400 and "status" in transfer.json()["fields"]
    assert ended.status_code == 200
    assert ended.json()["status"] == MembershipStatus.WITHDRAWN
    assert ended.json()["ended_on"] == str(today) and ended.json()["end_reason"] == "本人申请"


def test_person_detail_masks_identity_unless_permitted() -> None:
    world = build_world()
    membership = enrol(world)

    masked = _client(world, "union_a_staff").get(_url("person-detail", membership.person_id))
    shown = _client(world, "pii_a_staff").get(_url("person-detail", membership.person_id))
    outside = _client(world, "union_b_staff").get(_url("person-detail", membership.person_id))

    assert masked.json()["id_number"] == pii.mask_id_number(membership.person.id_number)
    assert masked.json()["birth_date"] is None
    assert shown.json()["id_number"] == membership.person.id_number
    assert shown.json()["birth_date"] == str(membership.person.birth_date)
    assert [a["id"] for a in shown.json()["applications"]] == [membership.application.pk]
    (row,) = masked.json()["memberships"]
    assert [a["step"] for a in row["actions"]] == ["lapse", "withdraw", "decease"]
    assert [e["step"] for e in row["timeline"]] == ["start"]
    assert outside.status_code == 404 and outside.json()["code"] == "not_found"
    assert _pii_views() == 1
