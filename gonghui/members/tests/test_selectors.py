"""The staff reads of membership: scoped, searchable by name prefix, number and ID number
(through the blind index), filtered; a person's history across unions."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from stdnum.cn import ric

from gonghui.core import sections as core_sections
from gonghui.core.testing import build_world
from gonghui.members import selectors
from gonghui.members.choices import ApplicationStatus, MembershipStatus
from gonghui.members.models import JoinApplication, Person
from gonghui.members.services.applications import application_reject
from gonghui.members.services.memberships import membership_end
from gonghui.members.tests.access_staff import enrol, submit
from gonghui.members.tests.factories import id_number

pytestmark = pytest.mark.django_db


def _numbers(rows: object) -> list[str]:
    return [row.number for row in rows]  # type: ignore[attr-defined]


# --- applications ----------------------------------------------------------------------


def test_application_list_is_scoped_to_the_unions_of_the_actor() -> None:
    world = build_world()
    mine = submit(world, name="甲申请人")
    theirs = submit(world, name="乙申请人", employer=world.entity_b)

    seen_by_a = selectors.application_list(actor=world.user("union_a_staff"))
    seen_by_b = selectors.application_list(actor=world.user("union_b_staff"))
    seen_by_member = selectors.application_list(actor=world.user("member"))

    assert _numbers(seen_by_a) == [mine.number]
    assert _numbers(seen_by_b) == [theirs.number]
    assert list(seen_by_member) == []


def test_application_search_by_name_prefix_number_or_id_number() -> None:
    world = build_world()
    wanted_id = id_number(born=date(1988, 8, 8))
    wanted = submit(world, name="欧阳娜娜", id_number=wanted_id)
    submit(world, name="王欧阳")
    actor = world.user("union_a_staff")

    def search(q: str) -> list[str]:
        return _numbers(selectors.application_list(actor=actor, q=q))

    assert search("欧阳") == [wanted.number]  # a prefix, not anywhere in the name
    assert search(wanted.number.lower()) == [wanted.number]
    assert search(wanted_id) == [wanted.number]
    assert search("１１" + wanted_id[2:]) == [wanted.number]  # full-width digits, as typed
    assert search("阳娜") == []


def test_application_list_filters_open_status_union_and_submitted_days() -> None:
    world = build_world()
    waiting = submit(world, name="待审")
    refused = submit(world, name="已拒")
    application_reject(actor=world.system, application=refused, reason="不在本单位工作")
    other = submit(world, name="乙单位", employer=world.entity_b)
    JoinApplication.objects.filter(pk=other.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    actor = world.user("fed_staff")
    today = timezone.localdate()

    open_ones = selectors.application_list(actor=actor, status=selectors.OPEN)
    rejected = selectors.application_list(actor=actor, status=ApplicationStatus.REJECTED)
    of_b = selectors.application_list(actor=actor, union=world.union_b)
    today_only = selectors.application_list(actor=actor, submitted_from=today, submitted_to=today)
    earlier = selectors.application_list(actor=actor, submitted_to=today - timedelta(days=5))

    assert set(_numbers(open_ones)) == {waiting.number, other.number}
    assert _numbers(rejected) == [refused.number]
    assert _numbers(of_b) == [other.number]
    assert set(_numbers(today_only)) == {waiting.number, refused.number}
    assert _numbers(earlier) == [other.number]


# --- members ---------------------------------------------------------------------------


def test_member_search_by_name_prefix_member_number_or_id_number() -> None:
    world = build_world()
    wanted_id = id_number(born=date(1979, 11, 30))
    wanted = enrol(world, name="司马光", id_number=wanted_id)
    enrol(world, name="马司令")
    actor = world.user("union_a_staff")

    def search(q: str) -> list[str]:
        return _numbers(selectors.member_list(actor=actor, q=q))

    assert search("司马") == [wanted.number]
    assert search(" 司马 ") == [wanted.number]
    assert search(wanted.number) == [wanted.number]
    assert search(wanted.number.lower()) == [wanted.number]
    assert search(wanted_id) == [wanted.number]
    assert search("马光") == []
    assert search("HY99999999") == []


def test_member_search_finds_a_lower_case_x_check_digit() -> None:
    world = build_world()
    bodies = (f"11010519920102{serial:03d}" for serial in range(1000))
    with_x = next(body + "X" for body in bodies if ric.calc_check_digit(body + "0") == "X")
    member = enrol(world, name="钱多多", id_number=with_x)

    found = selectors.member_list(actor=world.user("union_a_staff"), q=with_x.lower())

    assert _numbers(found) == [member.number]


def test_member_list_filters_union_status_and_kind_and_stays_in_scope() -> None:
    world = build_world()
    active = enrol(world, name="在会甲")
    gone = enrol(world, name="退会甲")
    membership_end(
        actor=world.system,
        membership=gone,
        status=MembershipStatus.WITHDRAWN,
        on=timezone.localdate(),
    )
    in_b = enrol(world, name="乙会员", employer=world.entity_b)
    fed = world.user("fed_staff")

    of_a = selectors.member_list(actor=fed, union=world.union_a)
    withdrawn = selectors.member_list(actor=fed, status=MembershipStatus.WITHDRAWN)
    employees = selectors.member_list(actor=fed, employment_kind="employee")
    platform = selectors.member_list(actor=fed, employment_kind="platform")
    seen_by_b = selectors.member_list(actor=world.user("union_b_staff"))
    b_asking_for_a = selectors.member_list(actor=world.user("union_b_staff"), union=world.union_a)

    assert set(_numbers(of_a)) == {active.number, gone.number}
    assert _numbers(withdrawn) == [gone.number]
    assert len(employees) == 3
    assert list(platform) == []
    assert _numbers(seen_by_b) == [in_b.number]
    assert list(b_asking_for_a) == []


def test_member_list_sorts_by_an_allowed_field_only() -> None:
    world = build_world()
    first = enrol(world, name="乙某")
    second = enrol(world, name="甲某")
    actor = world.user("union_a_staff")

    by_number = selectors.member_list(actor=actor)
    by_number_desc = selectors.member_list(actor=actor, sort="-number")
    unknown = selectors.member_list(actor=actor, sort="person__id_number")

    assert _numbers(by_number) == [first.number, second.number]
    assert _numbers(by_number_desc) == [second.number, first.number]
    assert _numbers(unknown) == [first.number, second.number]


# --- a person --------------------------------------------------------------------------


def test_person_detail_has_every_membership_newest_first_and_applications_in_scope() -> None:
    world = build_world()
    today = timezone.localdate()
    old = enrol(world, employer=world.entity_b, started_on=today - timedelta(days=90))
    person = old.person
    new = enrol(world, id_number=person.id_number, started_on=today - timedelta(days=3))

    for_a = selectors.person_detail(actor=world.user("union_a_staff"), pk=person.pk)
    for_b = selectors.person_detail(actor=world.user("union_b_staff"), pk=person.pk)

    assert [m.pk for m in for_a.memberships] == [new.pk, old.pk]
    assert [m.pk for m in for_b.memberships] == [old.pk]  # a former union: its own only
    assert for_a.memberships[1].status == MembershipStatus.TRANSFERRED_OUT
    assert [a.union_id for a in for_a.applications] == [world.union_a.pk]
    assert [a.union_id for a in for_b.applications] == [world.union_b.pk]


def test_person_detail_outside_the_scope_does_not_exist() -> None:
    world = build_world()
    person = enrol(world).person

    with pytest.raises(Person.DoesNotExist):
        selectors.person_detail(actor=world.user("union_b_staff"), pk=person.pk)


def test_other_modules_add_sections_to_a_persons_page() -> None:
    world = build_world()
    person = enrol(world).person
    section = selectors.PersonSection(
        key="test-aid",
        title="困难帮扶",
        template="members/staff_badge.html",
        load=lambda actor, who: [f"{who.name} 2026 年春节慰问"],
    )
    try:
        selectors.register_person_section(section)
        found = selectors.person_sections(actor=world.user("union_a_staff"), person=person)
    finally:
        core_sections.unregister("members.person", "test-aid")

    assert found == [(section, [f"{person.name} 2026 年春节慰问"])]
    assert selectors.person_sections(actor=world.user("union_a_staff"), person=person) == []
