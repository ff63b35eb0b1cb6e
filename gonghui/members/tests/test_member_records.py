"""Staff's upkeep of member records through the services: registering a member by hand
(the membership workflow's start, one record per ID number, no second membership, not
before the union's founding), correcting a phone (at once, masked in the audit) and an
employer or kind of employment from an effective date, which leaves the figures of the
days before it as they were."""

import importlib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.models import AuditAction, AuditEntry, Notice, StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World, build_world
from gonghui.members import statistics
from gonghui.members.choices import EmploymentKind, MembershipSource, MembershipStatus, Platform
from gonghui.members.models import EmploymentPeriod, Membership, Person
from gonghui.members.roster import samples
from gonghui.members.services import people
from gonghui.members.services.applications import application_approve, application_submit
from gonghui.members.services.memberships import membership_end, membership_start
from gonghui.members.services.records import member_details_update, member_register
from gonghui.members.services.roster import roster_import_create, roster_import_run
from gonghui.members.tests.factories import application_fields, id_number, phone

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTED = date(2022, 3, 1)


def _register(world: World, actor: str = "union_a_staff", **changes: Any) -> Membership:
    fields: dict[str, Any] = {
        "union": world.union_a,
        "name": "赵登记",
        "id_number": id_number(born=date(1988, 5, 17), sex="F"),
        "phone": phone(),
        "started_on": STARTED,
        "employment_kind": EmploymentKind.EMPLOYEE,
        "employer": world.entity_a,
    }
    fields.update(changes)
    return member_register(actor=world.user(actor), **fields)


def _correct(world: World, membership: Membership, **changes: Any) -> Person:
    fields: dict[str, Any] = {
        "employment_kind": EmploymentKind.EMPLOYEE,
        "employer": world.entity_a,
    }
    fields.update(changes)
    return member_details_update(actor=world.user("union_a_staff"), membership=membership, **fields)


def _footprint() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Membership.objects.count(),
        EmploymentPeriod.objects.count(),
        AuditEntry.objects.count(),
        StatusChange.objects.count(),
        Notice.objects.count(),
    )


def _refusal(call: Any, *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        call(*args, **kwargs)
    return refused.value.message_dict


# --- registering a member by hand --------------------------------------------------------


def test_a_registered_member_starts_through_the_workflow_with_what_the_id_number_gives() -> None:
    world = build_world()

    membership = _register(world)

    person = membership.person
    assert (membership.union, membership.status) == (world.union_a, MembershipStatus.ACTIVE)
    assert membership.source == MembershipSource.STAFF and membership.number.startswith("HY")
    assert (membership.started_on, membership.employment_kind) == (STARTED, "employee")
    assert (person.birth_date, person.sex) == (date(1988, 5, 17), "F")
    assert person.employer == world.entity_a and person.employer_name == "甲科技有限公司"
    step = StatusChange.objects.get(object_id=membership.pk, workflow="membership")
    assert (step.step, step.to_state, step.note) == ("start", "active", "工作人员登记")
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_repr=str(membership))
    assert entry.organization_id == world.union_a.pk
    assert entry.actor_name == "union_a_staff"
    assert Notice.objects.filter(person=person, title="您已成为甲公司工会会员").exists()


def test_a_former_member_is_registered_on_their_record_with_their_new_employment() -> None:
    # given: someone whose membership of union B ended, working for B's company then
    world = build_world()
    number = id_number()
    old = _register(
        world,
        actor="union_b_staff",
        union=world.union_b,
        id_number=number,
        employer=world.entity_b,
    )
    membership_end(
        actor=world.user("union_b_staff"),
        membership=old,
        status=MembershipStatus.WITHDRAWN,
        on=date(2023, 6, 30),
    )

    # when: union A registers them, now a courier, from 2024
    again = _register(
        world,
        id_number=number,
        name="赵另名",
        started_on=date(2024, 1, 1),
        employment_kind=EmploymentKind.PLATFORM,
        platform=Platform.COURIER,
        employer=None,
    )

    # then: one record (its name kept), the new employment from the day they joined
    assert Person.objects.count() == 1
    person = Person.objects.get()
    assert again.person_id == old.person_id == person.pk and person.name == "赵登记"
    assert (person.employment_kind, person.platform, person.employer) == (
        "platform",
        "courier",
        None,
    )
    assert (again.employment_kind, again.platform) == ("platform", "courier")
    (period,) = EmploymentPeriod.objects.all()
    assert (period.valid_from, period.valid_to) == (None, date(2024, 1, 1))
    assert (period.employment_kind, period.employer) == ("employee", world.entity_b)


@pytest.mark.parametrize("where", ["union_a", "union_b"])
def test_a_member_of_any_union_is_not_registered_again(where: str) -> None:
    world = build_world()
    number = id_number()
    union = getattr(world, where)
    _register(world, actor=f"{where}_staff", union=union, id_number=number)
    before = _footprint()

    errors = _refusal(_register, world, id_number=number)

    assert list(errors) == ["id_number"]
    expected = "此人已是本工会会员" if where == "union_a" else "此人已是其他工会的会员"
    assert errors["id_number"][0].startswith(expected)
    assert "乙" not in errors["id_number"][0]  # nothing named of the other union
    assert _footprint() == before


def test_a_record_created_meanwhile_by_another_request_is_the_one(monkeypatch: Any) -> None:
    """Two staff register the same new worker at once: the second request's lookup found
    nobody, then its insert meets the first one's committed record (the unique blind
    index). It takes that record and answers as if it had found it: a clear refusal."""
    world = build_world()
    number = id_number()
    _register(world, id_number=number)
    finds = iter([None])
    original = people.person_find
    monkeypatch.setattr(people, "person_find", lambda n: next(finds, None) or original(n))
    before = _footprint()

    errors = _refusal(_register, world, id_number=number)

    assert errors["id_number"][0].startswith("此人已是本工会会员")
    assert _footprint() == before


@pytest.mark.parametrize(
    ("started_on", "message"),
    [
        (date(2021, 2, 28), "入会日期不能早于工会成立日期"),
        (TODAY + timedelta(days=1), "入会日期不能晚于今天"),
        (None, "请填写入会日期"),
    ],
)
def test_a_start_before_the_unions_founding_or_in_the_future_is_refused(
    started_on: date | None, message: str
) -> None:
    world = build_world()
    before = _footprint()

    errors = _refusal(_register, world, started_on=started_on)

    assert errors == {"started_on": [message]}
    assert _footprint() == before


def test_every_bad_field_of_a_registration_is_named_in_chinese_at_once() -> None:
    world = build_world()

    errors = _refusal(
        _register,
        world,
        name="  ",
        id_number="110105199003071234",
        phone="12345",
        employer=None,
    )

    assert set(errors) == {"name", "id_number", "phone", "employer"}
    assert errors["name"] == ["请填写姓名"]
    assert errors["employer"] == ["单位职工请选择或填写工作单位"]
    assert all("身份证" in m for m in errors["id_number"])
    assert all("电话号码" in m for m in errors["phone"])
    no_phone = _refusal(_register, world, phone="")
    assert no_phone == {"phone": ["请填写手机号"]}
    no_platform = _refusal(_register, world, employment_kind=EmploymentKind.PLATFORM, employer=None)
    assert no_platform == {"platform": ["新就业形态劳动者请选择平台类别"]}


def test_a_member_is_registered_only_in_a_union_the_actor_reviews() -> None:
    world = build_world()
    before = _footprint()

    with pytest.raises(OutOfScope):
        _register(world, actor="union_b_staff")
    with pytest.raises(OutOfScope):
        _register(world, actor="member")

    assert _footprint() == before


# --- correcting a phone ----------------------------------------------------------------


def test_a_phone_is_corrected_at_once_and_audited_masked() -> None:
    world = build_world()
    membership = _register(world)
    new_phone = "13912345678"

    person = _correct(world, membership, phone=new_phone)

    person.refresh_from_db()
    assert person.phone == "+8613912345678"
    assert not EmploymentPeriod.objects.exists()  # the employment did not change
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_repr=person.name).get()
    assert entry.organization_id == world.union_a.pk
    assert entry.message == "更正手机号"
    assert set(entry.changes) - {"updated_at"} == {"phone", "phone_index"}
    old, new = entry.changes["phone"]
    assert old.startswith("***") and new.startswith("***") and old != new
    assert new_phone not in str(entry.changes) and new_phone[-4:] not in str(entry.changes)


def test_a_malformed_phone_is_refused_and_nothing_is_written() -> None:
    world = build_world()
    membership = _register(world)
    before = _footprint()

    errors = _refusal(_correct, world, membership, phone="1391234567")

    assert list(errors) == ["phone"]
    assert _footprint() == before


def test_a_blank_phone_keeps_the_one_recorded_and_no_change_writes_nothing() -> None:
    world = build_world()
    membership = _register(world)
    recorded = membership.person.phone
    before = _footprint()

    person = _correct(world, membership, phone="")

    person.refresh_from_db()
    assert person.phone == recorded
    assert _footprint() == before


# --- changing the employment from a day ----------------------------------------------


def _by_employer(world: World, day: date) -> Counter[Any]:
    active = statistics.active_members(actor=world.system, on=day)
    return Counter({row.key: row.count for row in active.by_employer if row.count})


def _by_kind(world: World, day: date) -> Counter[Any]:
    active = statistics.active_members(actor=world.system, on=day)
    return Counter({row.key: row.count for row in active.by_kind if row.count})


def test_an_employer_changed_from_a_day_leaves_the_figures_of_the_days_before_it() -> None:
    # given: a member of union A working for A's company since 2022
    world = build_world()
    membership = _register(world)
    change = TODAY - timedelta(days=30)
    eve = change - timedelta(days=1)
    figures_before = (_by_employer(world, eve), _by_kind(world, eve))

    # when: from a month ago they work for B's company as a flexible worker
    _correct(
        world,
        membership,
        employer=world.entity_b,
        employment_kind=EmploymentKind.FLEXIBLE,
        on=change,
    )

    # then: the days before it are counted as they were; from it, the new employment
    assert (_by_employer(world, eve), _by_kind(world, eve)) == figures_before
    assert figures_before == (Counter({world.entity_a.pk: 1}), Counter({"employee": 1}))
    for day in (change, TODAY):
        assert _by_employer(world, day) == Counter({world.entity_b.pk: 1})
        assert _by_kind(world, day) == Counter({"flexible": 1})
    membership.refresh_from_db()
    assert membership.employment_kind == "employee"  # the kind it began with
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).get()
    assert entry.changes["employer"] == [world.entity_a.pk, world.entity_b.pk]
    assert entry.changes["employment_kind"] == ["employee", "flexible"]
    assert entry.message == f"就业情况自 {change.isoformat()} 起变更"


def test_later_changes_chain_their_periods_and_one_on_the_same_day_restates_it() -> None:
    world = build_world()
    membership = _register(world)
    first, second = date(2023, 1, 1), date(2024, 1, 1)

    _correct(world, membership, employer=world.entity_b, on=first)
    _correct(world, membership, employer=None, employer_name="丙商店", on=second)
    _correct(world, membership, employer=None, employer_name="丙商店（更正）", on=second)

    periods = list(EmploymentPeriod.objects.order_by("valid_to"))
    assert [(p.valid_from, p.valid_to, p.employer_id) for p in periods] == [
        (None, first, world.entity_a.pk),
        (first, second, world.entity_b.pk),
    ]
    assert _by_employer(world, date(2022, 12, 31)) == Counter({world.entity_a.pk: 1})
    assert _by_employer(world, date(2023, 12, 31)) == Counter({world.entity_b.pk: 1})
    assert _by_employer(world, second) == Counter({None: 1})
    assert Person.objects.get().employer_name == "丙商店（更正）"


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (STARTED - timedelta(days=1), "生效日期不能早于入会日期（2022-03-01）"),
        (date(2022, 12, 31), "生效日期不能早于上一次变更就业情况的日期（2023-01-01）"),
        (TODAY + timedelta(days=1), "生效日期不能晚于今天"),
        (None, "请填写生效日期"),
    ],
)
def test_an_employment_change_may_not_rewrite_a_closed_period(
    on: date | None, message: str
) -> None:
    world = build_world()
    membership = _register(world)
    _correct(world, membership, employer=world.entity_b, on=date(2023, 1, 1))
    before = _footprint()

    errors = _refusal(_correct, world, membership, employer=None, employer_name="丁", on=on)

    assert errors == {"on": [message]}
    assert _footprint() == before


def test_a_kind_changed_from_the_day_the_membership_began_is_the_kind_it_began_with() -> None:
    world = build_world()
    membership = _register(world)
    year = (date(2022, 1, 1), date(2022, 12, 31))
    assert statistics.platform_joins(actor=world.system, start=year[0], end=year[1]).total == 0

    _correct(
        world,
        membership,
        employment_kind=EmploymentKind.PLATFORM,
        platform=Platform.RIDER,
        employer=None,
        on=STARTED,
    )

    membership.refresh_from_db()
    assert (membership.employment_kind, membership.platform) == ("platform", "rider")
    joins = statistics.platform_joins(actor=world.system, start=year[0], end=year[1])
    assert joins.total == 1 and joins.by_platform[0].key == "rider"
    assert _by_kind(world, STARTED) == Counter({"platform": 1})


def test_the_platform_of_a_worker_who_is_not_a_platform_worker_is_cleared() -> None:
    world = build_world()
    membership = _register(world)

    person = _correct(world, membership, platform=Platform.RIDER, on=TODAY)

    assert person.platform == ""
    assert not EmploymentPeriod.objects.exists()


def test_only_the_union_serving_an_active_membership_corrects_it() -> None:
    world = build_world()
    membership = _register(world)

    with pytest.raises(OutOfScope):
        member_details_update(
            actor=world.user("union_b_staff"),
            membership=membership,
            employment_kind="employee",
            phone="13912345678",
        )
    membership_end(
        actor=world.user("union_a_staff"),
        membership=membership,
        status=MembershipStatus.LAPSED,
        on=TODAY,
    )
    before = _footprint()
    errors = _refusal(_correct, world, membership, phone="13912345678")
    assert errors == {"status": ["该会籍已结束，不能修改会员信息"]}
    assert _footprint() == before


# --- the other writers of employment keep it dated -------------------------------------


def test_an_approved_transfer_changes_the_employment_from_the_day_of_the_transfer() -> None:
    world = build_world()
    number = id_number()
    _register(world, id_number=number)
    moved = date(2024, 7, 1)
    application = application_submit(
        actor=None, **application_fields(world, id_number=number, employer=world.entity_b)
    )

    application_approve(actor=world.system, application=application, started_on=moved)

    (period,) = EmploymentPeriod.objects.all()
    assert (period.valid_to, period.employer) == (moved, world.entity_a)
    assert _by_employer(world, moved - timedelta(days=1)) == Counter({world.entity_a.pk: 1})
    assert _by_employer(world, moved) == Counter({world.entity_b.pk: 1})


def test_a_roster_update_changes_the_employment_from_the_day_of_the_import(
    tmp_path: Path, settings: Any
) -> None:
    # given: a member of union A listed with another employment
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    number = id_number()
    membership = _register(world, id_number=number)
    row = ["赵登记", number, "13812345678", "2022-03-01", "", "灵活就业", ""]
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, [row])
    yesterday = _by_kind(world, TODAY - timedelta(days=1))

    # when
    record = roster_import_create(
        actor=world.user("union_a_staff"),
        union=world.union_a,
        file_name=path.name,
        content=path.read_bytes(),
        update=True,
    )
    roster_import_run(pk=record.pk)

    # then
    assert Person.objects.get(pk=membership.person_id).employment_kind == "flexible"
    (period,) = EmploymentPeriod.objects.all()
    assert (period.valid_from, period.valid_to, period.employment_kind) == (
        None,
        TODAY,
        "employee",
    )
    assert _by_kind(world, TODAY - timedelta(days=1)) == yesterday == Counter({"employee": 1})
    assert _by_kind(world, TODAY) == Counter({"flexible": 1})


def test_the_backfill_keeps_the_kinds_memberships_began_with_for_the_days_before_it() -> None:
    # given: an employee of union A from 2022 who moved to union B as a rider in 2023, and
    # has been recorded since as a flexible worker, all before employment was dated
    world = build_world()
    first = _register(world)
    person = first.person
    Person.objects.filter(pk=person.pk).update(employment_kind="platform", platform="rider")
    person.refresh_from_db()
    membership_start(
        actor=world.system,
        person=person,
        union=world.union_b,
        started_on=date(2023, 1, 1),
        source=MembershipSource.TRANSFER,
        notify=False,
    )
    Person.objects.filter(pk=person.pk).update(employment_kind="flexible", platform="")
    untouched = _register(world, name="钱不变")  # began with the kind on record

    # when
    backfill = importlib.import_module(
        "gonghui.members.migrations.0008_backfill_employment_periods"
    )
    backfill.backfill(django_apps, None)

    # then: every day before today is counted as the memberships began; today as recorded
    periods = EmploymentPeriod.objects.order_by("valid_to")
    assert [(p.valid_from, p.valid_to, p.employment_kind, p.platform) for p in periods] == [
        (None, date(2023, 1, 1), "employee", ""),
        (date(2023, 1, 1), TODAY, "platform", "rider"),
    ]
    assert all(p.person_id == person.pk for p in periods)
    assert untouched.person_id not in {p.person_id for p in periods}
    assert _by_kind(world, date(2022, 6, 1)) == Counter({"employee": 2})
    assert _by_kind(world, TODAY - timedelta(days=1)) == Counter({"platform": 1, "employee": 1})
    assert _by_kind(world, TODAY) == Counter({"flexible": 1, "employee": 1})
