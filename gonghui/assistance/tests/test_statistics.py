"""The hardship report's figures: files on record by tier and cause, new, left and
returned; aid applied, approved and paid by kind; a past period that does not move when
today's records change."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gonghui.assistance.services.aid import aid_apply, publication_create
from gonghui.assistance.services.files import file_create, file_update
from gonghui.assistance.statistics.aid import aid
from gonghui.assistance.statistics.files import files
from gonghui.assistance.tests.fixtures import aid_kinds, file_fields, income_lines, member
from gonghui.core.testing import build_world
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db


def _on_file(world: Any, name: str, on: date, **changes: Any) -> Any:
    file = file_create(
        actor=world.user("union_a_staff"),
        person=member(world, name=name),
        **file_fields(surveyed_on=on, **changes),
    )
    take(world.user("station_a_staff"), file, "check")
    return take(world.user("fed_staff"), file, "approve", on=on)


def _tier(figures: Any, key: str) -> int:
    return next(r.count for r in figures.by_tier if r.key == key)


def _cause(figures: Any, key: str) -> int:
    return next(r.count for r in figures.by_cause if r.key == key)


def test_files_on_record_new_left_and_returned_by_their_days() -> None:
    world = build_world()
    income_lines()
    fed = world.user("fed_staff")
    _on_file(world, "甲", date(2024, 3, 5))
    second = _on_file(world, "乙", date(2024, 6, 1), causes=["illness", "schooling"])
    take(world.user("union_a_staff"), second, "leave", left_on=date(2024, 9, 1), reason="就业")
    take(world.user("union_a_staff"), second, "come_back", reason="再次失业")
    take(world.user("station_a_staff"), second, "check")
    other = build_second_federation_user(world)
    take(other, second, "approve", on=date(2024, 11, 1))

    year = files(actor=fed, start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert (year.new, year.left, year.returned, year.on_file) == (2, 1, 1, 2)
    summer = files(actor=fed, start=date(2024, 7, 1), end=date(2024, 9, 30))
    assert (summer.new, summer.left, summer.on_file) == (0, 1, 1)
    assert _cause(year, "illness") == 2 and _cause(year, "schooling") == 1
    assert _tier(year, "deep") == 2


def build_second_federation_user(world: Any) -> Any:
    from gonghui.accounts.models import Assignment, User
    from gonghui.accounts.roles import Role
    from gonghui.core.testing import PASSWORD

    user = User.objects.create_user("fed_second", password=PASSWORD)
    Assignment.objects.create(user=user, role=Role.FEDERATION_STAFF, organization=world.federation)
    return user


def test_a_past_year_does_not_move_when_a_file_changes_today() -> None:
    world = build_world()
    income_lines()
    fed = world.user("fed_staff")
    file = _on_file(world, "丙", date(2024, 3, 5))
    before = files(actor=fed, start=date(2024, 1, 1), end=date(2024, 12, 31))

    file_update(
        actor=fed,  # a tier changed on record: the federation's decision
        file=file,
        **file_fields(tier="relative", tier_reason="复核后调整", causes=["disability"]),
    )
    take(world.user("union_a_staff"), file, "leave", left_on=timezone.localdate(), reason="就业")

    after = files(actor=fed, start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert after == before
    assert _tier(after, "deep") == 1 and _cause(after, "illness") == 1
    today = files(actor=fed, start=timezone.localdate(), end=timezone.localdate())
    assert (today.on_file, today.left) == (0, 1)


def test_a_station_sees_its_own_files_only() -> None:
    world = build_world()
    income_lines()
    _on_file(world, "丁", date(2024, 3, 5))
    figures = files(
        actor=world.user("station_b_staff"), start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    assert figures.on_file == 0


def test_aid_applied_approved_and_paid_by_kind() -> None:
    world = build_world()
    income_lines()
    kinds = aid_kinds()
    fed = world.user("fed_staff")
    today = timezone.localdate()

    def apply(name: str, amount: str) -> Any:
        return aid_apply(
            actor=world.user("union_a_staff"),
            person=member(world, name=name),
            kind=kinds["temporary"],
            round=kinds["round"],
            cause="illness",
            reason="住院",
            amount_requested=amount,
            applied_on=today - timedelta(days=12),
        )

    paid = apply("戊", "2000")
    take(world.user("station_a_staff"), paid, "check")
    take(fed, paid, "approve", on=today - timedelta(days=10))
    publication_create(
        actor=fed,
        organization=world.federation,
        title="公示",
        applications=[paid],
        starts_on=today - timedelta(days=10),
    )
    take(fed, paid, "pay", paid_on=today, method="cash")
    apply("己", "1000")

    figures = aid(actor=fed, start=today.replace(month=1, day=1), end=today)
    assert (figures.applied, figures.approved, figures.paid) == (2, 1, 1)
    assert figures.paid_amount == Decimal("2000.00")
    assert figures.people_paid == 1
    row = figures.by_kind[0]
    assert (row.label, row.applied, row.approved_amount) == ("临时致困帮扶", 2, Decimal("2000.00"))
