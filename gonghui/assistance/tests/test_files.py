"""Hardship files: the tier the income lines suggest, filing only members once, the
three levels with their opinions, documents and who may pass, leaving and returning."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.assistance.choices import FileStatus, Tier
from gonghui.assistance.models import HardshipFile
from gonghui.assistance.services.files import file_create, tier_suggest
from gonghui.assistance.tests.fixtures import (
    attach,
    file_checklist,
    file_fields,
    income_lines,
    member,
)
from gonghui.core.models import StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world
from gonghui.core.workflow import available, take
from gonghui.members.models import Person

pytestmark = pytest.mark.django_db


def _errors(call, *args, **kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.message_dict


def test_the_tier_follows_the_lines_in_force_on_the_survey_day() -> None:
    income_lines()
    on = date(2024, 1, 1)
    assert tier_suggest(per_capita=Decimal("1245"), causes=[], on=on) == Tier.DEEP
    assert tier_suggest(per_capita=Decimal("1245.01"), causes=[], on=on) == Tier.RELATIVE
    assert tier_suggest(per_capita=Decimal("2490.01"), causes=["illness"], on=on) == Tier.ACCIDENT
    assert tier_suggest(per_capita=Decimal("2490.01"), causes=["schooling"], on=on) == ""
    # in 2022 the lower lines applied: 1,200 a head was above the subsistence line then
    assert tier_suggest(per_capita=Decimal("1200"), causes=[], on=date(2022, 5, 1)) == Tier.RELATIVE


def test_filing_computes_the_per_capita_income_and_suggests_the_tier() -> None:
    world = build_world()
    income_lines()
    person = member(world)

    file = file_create(actor=world.user("union_a_staff"), person=person, **file_fields())

    assert file.status == FileStatus.FILED
    assert file.organization == world.union_a
    assert file.household_size == 3
    assert file.per_capita_income == Decimal("666.67")
    assert file.suggested_tier == file.tier == Tier.DEEP
    assert file.household.count() == 2
    assert (
        StatusChange.objects.filter(
            workflow="hardship_file", object_id=file.pk, step="file"
        ).count()
        == 1
    )


def test_a_worker_without_membership_cannot_be_filed_and_nothing_is_written() -> None:
    world = build_world()
    income_lines()
    person = member(world)
    outsider = Person.objects.create(
        name="无会籍", id_number="110105199003070011", birth_date=date(1990, 3, 7), sex="M"
    )

    errors = _errors(file_create, actor=world.system, person=outsider, **file_fields())

    assert "person" in errors
    assert not HardshipFile.objects.exists()
    file_create(actor=world.user("union_a_staff"), person=person, **file_fields())
    again = _errors(file_create, actor=world.user("union_a_staff"), person=person, **file_fields())
    assert "已建档" in again["person"][0]
    assert HardshipFile.objects.count() == 1


def test_another_union_cannot_file_my_member() -> None:
    world = build_world()
    income_lines()
    person = member(world)
    with pytest.raises(OutOfScope):
        file_create(actor=world.user("union_b_staff"), person=person, **file_fields())


def test_overriding_the_suggested_tier_needs_a_reason() -> None:
    world = build_world()
    income_lines()
    person = member(world)
    staff = world.user("union_a_staff")

    errors = _errors(file_create, actor=staff, person=person, **file_fields(tier=Tier.RELATIVE))
    assert "tier_reason" in errors
    above = file_fields(worker_income="9000", causes=["schooling"], household=[])
    assert "tier" in _errors(file_create, actor=staff, person=person, **above)

    file = file_create(
        actor=staff, person=person, **file_fields(tier=Tier.RELATIVE, tier_reason="另有存款")
    )
    assert (file.suggested_tier, file.tier, file.tier_reason) == (
        Tier.DEEP,
        Tier.RELATIVE,
        "另有存款",
    )


def test_bad_amounts_and_dates_are_named() -> None:
    world = build_world()
    income_lines()
    person = member(world)
    staff = world.user("union_a_staff")
    errors = _errors(
        file_create,
        actor=staff,
        person=person,
        **file_fields(worker_income="-1", surveyed_on=date(2999, 1, 1), causes=[]),
    )
    assert {"worker_income", "surveyed_on", "causes"} <= set(errors)
    decimals = _errors(
        file_create, actor=staff, person=person, **file_fields(worker_income="1.234")
    )
    assert "两位小数" in decimals["worker_income"][0]
    assert not HardshipFile.objects.exists()


def test_three_levels_each_record_their_opinion() -> None:
    world = build_world()
    income_lines()
    file = file_create(actor=world.user("union_a_staff"), person=member(world), **file_fields())

    take(world.user("station_a_staff"), file, "check", opinion="情况属实")
    approved = take(world.user("fed_staff"), file, "approve", opinion="同意建档")

    assert approved.status == FileStatus.ACTIVE
    assert approved.check_opinion == "情况属实"
    assert approved.approval_opinion == "同意建档"
    assert approved.entered_on is not None
    assert approved.next_review_on == approved.entered_on.replace(year=approved.entered_on.year + 1)
    steps = list(
        StatusChange.objects.filter(workflow="hardship_file", object_id=file.pk).values_list(
            "step", flat=True
        )
    )
    assert steps == ["file", "check", "approve"]


def test_a_level_cannot_be_skipped_or_taken_by_a_lower_level() -> None:
    world = build_world()
    income_lines()
    file = file_create(actor=world.user("union_a_staff"), person=member(world), **file_fields())

    with pytest.raises(ValidationError):
        take(world.user("fed_staff"), file, "approve")
    with pytest.raises(OutOfScope):
        take(world.user("union_a_staff"), file, "check")
    assert [s.name for s in available(world.user("union_a_staff"), file)] == []
    file.refresh_from_db()
    assert file.status == FileStatus.FILED


def test_nobody_passes_what_they_filed_or_at_two_levels() -> None:
    world = build_world()
    income_lines()
    fed = world.user("fed_staff")
    file = file_create(actor=fed, person=member(world), **file_fields())

    errors = _errors(take, fed, file, "check")
    assert "本人" in errors["status"][0]
    assert "check" not in [s.name for s in available(fed, file)]

    take(world.user("station_a_staff"), file, "check")
    errors = _errors(take, world.user("fed_staff"), file, "approve")
    assert "两个层级" in errors["status"][0]

    other = build_other_federation_user(world)
    assert take(other, file, "approve").status == FileStatus.ACTIVE


def build_other_federation_user(world):  # type: ignore[no-untyped-def]
    """A second federation staff member over the whole district."""
    from gonghui.accounts.models import Assignment, User
    from gonghui.accounts.roles import Role
    from gonghui.core.testing import PASSWORD

    user = User.objects.create_user("fed_second", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.FEDERATION_STAFF, organization=world.federation)
    return user


def test_a_level_cannot_pass_a_file_with_documents_missing() -> None:
    world = build_world()
    income_lines()
    file_checklist()
    union = world.user("union_a_staff")
    file = file_create(actor=union, person=member(world), **file_fields())

    errors = _errors(take, world.user("station_a_staff"), file, "check")
    assert "困难职工登记表" in errors["status"][0] and "诊断证明" in errors["status"][0]

    attach(union, file, "registration_form", "household_register", "diagnosis")
    assert take(world.user("station_a_staff"), file, "check").status == FileStatus.CHECKED


def test_sending_back_or_rejecting_needs_a_reason() -> None:
    world = build_world()
    income_lines()
    union, station = world.user("union_a_staff"), world.user("station_a_staff")
    file = file_create(actor=union, person=member(world), **file_fields())

    assert "reason" in _errors(take, station, file, "check_send_back", reason=" ")
    take(station, file, "check_send_back", reason="缺少收入证明")
    take(union, file, "resubmit", opinion="已补充")
    take(station, file, "check_reject", reason="收入超标")

    file.refresh_from_db()
    assert file.status == FileStatus.REJECTED
    notes = list(
        StatusChange.objects.filter(workflow="hardship_file", object_id=file.pk).values_list(
            "note", flat=True
        )
    )
    assert "缺少收入证明" in notes and "收入超标" in notes


def test_leaving_and_returning_keep_the_history() -> None:
    world = build_world()
    income_lines()
    union, station = world.user("union_a_staff"), world.user("station_a_staff")
    person = member(world)
    file = file_create(actor=union, person=person, **file_fields())
    take(station, file, "check")
    take(world.user("fed_staff"), file, "approve")

    today = timezone.localdate()
    assert "reason" in _errors(take, union, file, "leave", left_on=today, reason="")
    early = _errors(take, union, file, "leave", left_on=date(2025, 1, 1), reason="就业")
    assert "在档起始日期" in early["left_on"][0]
    take(union, file, "leave", left_on=today, reason="妻子病愈就业")
    assert "解困" in _errors(file_create, actor=union, person=person, **file_fields())["person"][0]
    take(union, file, "come_back", reason="再次失业")

    file.refresh_from_db()
    assert file.status == FileStatus.FILED
    assert file.checked_by_id is None and file.approved_by_id is None
    steps = list(
        StatusChange.objects.filter(workflow="hardship_file", object_id=file.pk).values_list(
            "step", flat=True
        )
    )
    assert steps == ["file", "check", "approve", "leave", "come_back"]


def test_the_yearly_review_moves_the_next_review() -> None:
    world = build_world()
    income_lines()
    union = world.user("union_a_staff")
    file = file_create(actor=union, person=member(world), **file_fields())
    take(world.user("station_a_staff"), file, "check")
    take(world.user("fed_staff"), file, "approve")

    assert "conclusion" in _errors(take, union, file, "review", reviewed_on=date(2025, 2, 1))
    reviewed = take(union, file, "review", reviewed_on=date(2025, 2, 1), conclusion="情况未变")
    assert reviewed.next_review_on == date(2026, 2, 1)
    assert reviewed.status == FileStatus.ACTIVE


def test_a_covered_units_worker_is_filed_only_when_the_federation_allows() -> None:
    from gonghui.assistance.models import AssistancePolicy
    from gonghui.assistance.selectors.files import person_to_file
    from gonghui.members.tests.factories import id_number

    world = build_world()
    income_lines()
    worker = Person.objects.create(
        name="覆盖单位职工",
        id_number=id_number(),
        birth_date=date(1990, 3, 7),
        sex="M",
        employer=world.entity_a,
    )
    staff = world.user("union_a_staff")
    assert person_to_file(actor=staff, id_number=worker.id_number) is None
    assert "person" in _errors(file_create, actor=staff, person=worker, **file_fields())

    AssistancePolicy.objects.create(effective_from=date(2020, 1, 1), allow_covered_non_members=True)
    assert person_to_file(actor=staff, id_number=worker.id_number) == worker
    assert person_to_file(actor=world.user("union_b_staff"), id_number=worker.id_number) is None
    file = file_create(actor=staff, person=worker, **file_fields())
    assert file.organization == world.union_a


def test_a_file_on_record_changes_tier_only_at_the_federation() -> None:
    from gonghui.assistance.services.files import file_update

    world = build_world()
    income_lines()
    union = world.user("union_a_staff")
    file = file_create(actor=union, person=member(world), **file_fields())
    take(world.user("station_a_staff"), file, "check")
    take(world.user("fed_staff"), file, "approve")
    changed = file_fields(tier="relative", tier_reason="有存款")

    assert "tier" in _errors(file_update, actor=union, file=file, **changed)
    file.refresh_from_db()
    assert file.tier == Tier.DEEP
    assert file_update(actor=world.user("fed_staff"), file=file, **changed).tier == Tier.RELATIVE


def test_who_checked_in_an_earlier_round_cannot_approve_later() -> None:
    world = build_world()
    income_lines()
    union, fed = world.user("union_a_staff"), world.user("fed_staff")
    file = file_create(actor=union, person=member(world), **file_fields())
    take(fed, file, "check")
    take(build_other_federation_user(world), file, "approve_send_back", reason="补充材料")
    take(union, file, "resubmit")
    take(world.user("station_a_staff"), file, "check")

    assert "两个层级" in _errors(take, fed, file, "approve")["status"][0]
