from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core import pii, sms
from gonghui.core.models import AuditEntry, Notice
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world
from gonghui.members.choices import ApplicationStatus, MembershipSource, MembershipStatus
from gonghui.members.models import JoinApplication, Membership, Person, PlatformRoute
from gonghui.members.services import applications as apps
from gonghui.members.services.memberships import membership_end, membership_start
from gonghui.members.tests.factories import application_fields, id_number
from gonghui.organizations import services as org_services

pytestmark = pytest.mark.django_db


def _membership(application: JoinApplication) -> Membership:
    assert application.membership is not None
    return application.membership


def _counts() -> tuple[int, ...]:
    return (
        JoinApplication.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
        Notice.objects.count(),
    )


def test_an_application_goes_to_the_employers_union_and_records_consent() -> None:
    world = build_world()
    application = apps.application_submit(actor=None, **application_fields(world))
    assert application.union == world.union_a
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.consent_version == "2026-01"
    assert application.consented_at is not None
    assert application.number.startswith("RH")
    assert Notice.objects.filter(title="入会申请已提交").exists()


def test_a_platform_worker_goes_to_the_joint_union_of_the_area() -> None:
    world = build_world()
    joint = org_services.union_found(
        actor=world.system,
        parent=world.station_b,
        name="乙区新业态联合会",
        union_kind="joint",
        founded_on=date(2021, 1, 1),
    )
    fields = application_fields(
        world, employment_kind="platform", platform="rider", employer=None, area=world.station_b
    )
    assert apps.application_submit(actor=None, **fields).union == joint
    other = org_services.union_found(
        actor=world.system,
        parent=world.station_b,
        name="骑手联合会",
        union_kind="joint",
        founded_on=date(2021, 1, 1),
    )
    PlatformRoute.objects.create(station=world.station_b, platform="rider", union=other)
    fields = application_fields(
        world, employment_kind="platform", platform="rider", employer=None, area=world.station_b
    )
    assert apps.application_submit(actor=None, **fields).union == other


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": "110105199003070010"}, "id_number"),
        ({"phone": "12345"}, "phone"),
        ({"phone": ""}, "phone"),
        ({"name": " "}, "name"),
        ({"consent": False}, "consent"),
        ({"employer": None}, "employer"),
        ({"employer": None, "employment_kind": "platform", "platform": "rider"}, "area"),
        ({"employment_kind": "platform", "platform": ""}, "platform"),
    ],
)
def test_bad_applications_name_the_field_and_write_nothing(changes: dict, field: str) -> None:
    world = build_world()
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        apps.application_submit(actor=None, **application_fields(world, **changes))
    assert field in caught.value.message_dict
    assert _counts() == before


def test_a_second_open_application_is_refused() -> None:
    world = build_world()
    fields = application_fields(world)
    apps.application_submit(actor=None, **fields)
    with pytest.raises(ValidationError) as caught:
        apps.application_submit(actor=None, **{**fields, "name": "王小明"})
    assert "正在办理" in caught.value.message_dict["id_number"][0]


def test_approval_starts_a_membership_with_a_number_and_tells_the_applicant() -> None:
    world = build_world()
    sms.outbox.clear()
    application = apps.application_submit(actor=None, **application_fields(world))
    with pytest.raises(OutOfScope):
        apps.application_approve(actor=world.user("union_b_staff"), application=application)
    approved = apps.application_approve(actor=world.user("union_a_staff"), application=application)
    membership = _membership(approved)
    assert approved.status == ApplicationStatus.APPROVED
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.number.startswith("HY")
    assert membership.source == MembershipSource.APPLICATION
    assert membership.person.birth_date == date(1990, 3, 7)
    assert Notice.objects.filter(title="入会申请已批准").exists()
    with pytest.raises(ValidationError):
        apps.application_approve(actor=world.user("union_a_staff"), application=approved)


def test_joining_a_new_union_while_active_elsewhere_is_a_transfer() -> None:
    world = build_world()
    number = id_number()
    first = apps.application_submit(
        actor=None, **application_fields(world, id_number=number, employer=world.entity_b)
    )
    start = timezone.localdate() - timedelta(days=30)
    old = _membership(
        apps.application_approve(
            actor=world.user("union_b_staff"), application=first, started_on=start
        )
    )
    second = apps.application_submit(actor=None, **application_fields(world, id_number=number))
    new = _membership(
        apps.application_approve(actor=world.user("union_a_staff"), application=second)
    )
    old.refresh_from_db()
    assert old.status == MembershipStatus.TRANSFERRED_OUT
    assert old.ended_on == new.started_on
    assert new.transferred_from == old
    assert new.source == MembershipSource.TRANSFER
    assert Person.objects.count() == 1
    assert Membership.objects.filter(status=MembershipStatus.ACTIVE).count() == 1
    # both unions see their own row
    assert Membership.objects.for_actor(world.user("union_b_staff"), "members.view").get() == old
    assert Membership.objects.for_actor(world.user("union_a_staff"), "members.view").get() == new


def test_reject_needs_a_reason_that_the_applicant_sees() -> None:
    world = build_world()
    application = apps.application_submit(actor=None, **application_fields(world))
    with pytest.raises(ValidationError):
        apps.application_reject(
            actor=world.user("union_a_staff"), application=application, reason=""
        )
    rejected = apps.application_reject(
        actor=world.user("union_a_staff"), application=application, reason="非本单位职工"
    )
    assert rejected.reason == "非本单位职工"
    assert Notice.objects.filter(body="非本单位职工").exists()


def test_request_info_then_resubmit_by_the_applicant() -> None:
    world = build_world()
    member_user = world.user("member")
    application = apps.application_submit(actor=member_user, **application_fields(world))
    assert application.applicant == member_user
    apps.application_request_info(
        actor=world.user("union_a_staff"), application=application, reason="请填写完整单位名称"
    )
    with pytest.raises(OutOfScope):
        apps.application_resubmit(actor=world.user("union_a_staff"), application=application)
    again = apps.application_resubmit(
        actor=member_user, application=application, phone="13911112222"
    )
    assert again.status == ApplicationStatus.SUBMITTED
    assert again.phone == "+8613911112222"


def test_batch_approval_reports_refusals_and_approves_the_rest() -> None:
    world = build_world()
    staff = world.user("union_a_staff")
    batch = [apps.application_submit(actor=None, **application_fields(world)) for _ in range(3)]
    apps.application_reject(actor=staff, application=batch[1], reason="重复")
    approved, refused = apps.applications_approve(actor=staff, applications=batch)
    assert [a.pk for a in approved] == [batch[0].pk, batch[2].pk]
    assert list(refused) == [batch[1].pk]


def test_ending_a_membership_keeps_the_history() -> None:
    world = build_world()
    application = apps.application_submit(actor=None, **application_fields(world))
    membership = _membership(
        apps.application_approve(actor=world.user("union_a_staff"), application=application)
    )
    with pytest.raises(ValidationError):
        membership_end(
            actor=world.user("union_a_staff"),
            membership=membership,
            status=MembershipStatus.TRANSFERRED_OUT,
            on=timezone.localdate(),
        )
    ended = membership_end(
        actor=world.user("union_a_staff"),
        membership=membership,
        status=MembershipStatus.WITHDRAWN,
        on=timezone.localdate(),
        reason="本人申请退会",
    )
    assert ended.status == MembershipStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        membership_end(
            actor=world.user("union_a_staff"),
            membership=ended,
            status=MembershipStatus.LAPSED,
            on=timezone.localdate(),
        )


def test_a_membership_cannot_start_twice_in_the_same_union_or_in_the_future() -> None:
    world = build_world()
    application = apps.application_submit(actor=None, **application_fields(world))
    membership = _membership(
        apps.application_approve(actor=world.user("union_a_staff"), application=application)
    )
    with pytest.raises(ValidationError):
        membership_start(
            actor=world.system,
            person=membership.person,
            union=world.union_a,
            started_on=timezone.localdate(),
            source="import",
        )
    with pytest.raises(ValidationError):
        membership_start(
            actor=world.system,
            person=membership.person,
            union=world.union_b,
            started_on=timezone.localdate() + timedelta(days=1),
            source="import",
        )


def test_the_notice_goes_out_by_sms_only_after_the_commit(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    world = build_world()
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application = apps.application_submit(actor=None, **application_fields(world))
    assert len(callbacks) == 1
    assert sms.outbox[-1].phone == application.phone
    assert "入会申请已提交" in sms.outbox[-1].text
    assert (
        Notice.objects.get(phone_index=pii.blind_index(application.phone)).sms_sent_at is not None
    )


def test_memberships_of_one_person_never_overlap_nor_precede_the_union() -> None:
    world = build_world()
    application = apps.application_submit(actor=None, **application_fields(world))
    membership = _membership(
        apps.application_approve(
            actor=world.user("union_a_staff"), application=application, started_on=date(2022, 1, 1)
        )
    )
    membership_end(actor=world.system, membership=membership, status="lapsed", on=date(2023, 6, 30))
    with pytest.raises(ValidationError) as overlap:
        membership_start(
            actor=world.system,
            person=membership.person,
            union=world.union_b,
            started_on=date(2023, 1, 1),
            source="import",
        )
    assert "上一段会籍" in overlap.value.message_dict["started_on"][0]
    with pytest.raises(ValidationError) as early:
        membership_start(
            actor=world.system,
            person=membership.person,
            union=world.union_b,
            started_on=date(2020, 1, 1),
            source="import",
        )
    assert "成立日期" in early.value.message_dict["started_on"][0]


def test_a_platform_route_is_set_by_a_service_and_audited() -> None:
    world = build_world()
    joint = org_services.union_found(
        actor=world.system,
        parent=world.station_a,
        name="骑手联合会",
        union_kind="joint",
        founded_on=date(2021, 1, 1),
    )
    with pytest.raises(OutOfScope):
        apps.platform_route_set(
            actor=world.user("station_b_staff"), station=world.station_a, union=joint
        )
    with pytest.raises(ValidationError):
        apps.platform_route_set(
            actor=world.system, station=world.station_a, union=world.union_a, platform="rider"
        )
    route = apps.platform_route_set(
        actor=world.user("station_a_staff"), station=world.station_a, union=joint, platform="rider"
    )
    assert route.union == joint
    assert AuditEntry.objects.filter(object_id=str(route.pk), action="create").exists()


def test_approval_records_the_applicants_new_employer() -> None:
    world = build_world()
    number = id_number()
    first = apps.application_submit(
        actor=None, **application_fields(world, id_number=number, employer=world.entity_b)
    )
    apps.application_approve(
        actor=world.user("union_b_staff"),
        application=first,
        started_on=timezone.localdate() - timedelta(days=10),
    )
    second = apps.application_submit(actor=None, **application_fields(world, id_number=number))
    person = _membership(
        apps.application_approve(actor=world.user("union_a_staff"), application=second)
    ).person
    assert person.employer == world.entity_a


def test_a_notice_is_written_in_the_recipients_language() -> None:
    from django.utils import translation

    world = build_world()
    member = world.user("member")
    member.language = "en"
    member.save()
    application = apps.application_submit(actor=member, **application_fields(world))
    with translation.override("zh-hans"):  # the reviewing staff member's language
        apps.application_reject(
            actor=world.user("union_a_staff"), application=application, reason="非本单位职工"
        )
    titles = list(Notice.objects.filter(user=member).order_by("pk").values_list("title", "body"))
    assert titles[-1] == ("Join application not approved", "非本单位职工")
    assert "Join application submitted" in titles[0][0]
