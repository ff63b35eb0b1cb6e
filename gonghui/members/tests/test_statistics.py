"""Membership statistics against a plain Python recount of a generated data set, written
through the membership services; and their query counts, which do not grow with the
number of members."""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from stdnum.cn import ric

from gonghui.accounts.models import User
from gonghui.core.testing import World, build_world
from gonghui.documents import xlsx
from gonghui.members import statistics
from gonghui.members.choices import (
    EmploymentKind,
    MembershipSource,
    MembershipStatus,
    Platform,
)
from gonghui.members.models import Membership, Person
from gonghui.members.services.memberships import membership_end, membership_start
from gonghui.members.services.people import (
    clean_person_fields,
    employment_set,
    person_get_or_create,
)
from gonghui.organizations import services as org_services
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db

DAYS = (date(2019, 6, 30), date(2021, 12, 31), date(2024, 2, 29), date(2025, 3, 1))
PERIODS = (
    (date(2021, 1, 1), date(2021, 12, 31)),
    (date(2019, 1, 1), date(2025, 12, 31)),
    (date(2024, 1, 1), date(2024, 6, 30)),
)
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2025, 12, 31)
ENDINGS = (MembershipStatus.LAPSED, MembershipStatus.WITHDRAWN, MembershipStatus.DECEASED)


@dataclass
class District:
    world: World
    unions: list[Organization]
    rng: random.Random
    people: int = 0


def _district() -> District:
    world = build_world()
    for union in (world.union_a, world.union_b):  # members from 2019 on
        org_services.union_update(actor=world.system, union=union, founded_on=date(2018, 1, 1))
        union.refresh_from_db()
    second_a = org_services.union_found(
        actor=world.system,
        parent=world.station_a,
        name="丙公司工会",
        union_kind=UnionKind.STANDALONE,
        founded_on=date(2018, 1, 1),
    )
    joint_b = org_services.union_found(
        actor=world.system,
        parent=world.station_b,
        name="乙区新业态联合会",
        union_kind=UnionKind.JOINT,
        founded_on=date(2018, 1, 1),
    )
    unions = [world.union_a, second_a, world.union_b, joint_b]
    return District(world, unions, random.Random(20260101))  # noqa: S311


def _id_number(born: date, serial: int, male: bool) -> str:
    body = f"110105{born:%Y%m%d}{(2 * serial + (1 if male else 0)) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _person(district: District) -> Person:
    rng, world = district.rng, district.world
    born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 45 * 365))
    if rng.random() < 0.05:
        born = date(rng.choice((1980, 1996, 2000)), 2, 29)
    district.people += 1
    kind = rng.choices(list(EmploymentKind), weights=(7, 2, 1))[0]
    fields = clean_person_fields(
        {
            "name": f"职工{district.people}",
            "id_number": _id_number(born, district.people, rng.random() < 0.55),
            "phone": f"1390000{district.people:04d}",
            "employment_kind": kind,
            "platform": rng.choice(list(Platform)) if kind == EmploymentKind.PLATFORM else "",
        }
    )
    fields["employer"] = rng.choice([world.entity_a, world.entity_b, None])
    return person_get_or_create(fields=fields)[0]


def _day_after(rng: random.Random, day: date) -> date:
    return min(LAST_DAY, day + timedelta(days=rng.randint(1, 900)))


def add_members(district: District, count: int) -> None:
    """``count`` people who join, some of whom move to another union and some of whom
    leave, all through the membership services."""
    rng, actor = district.rng, district.world.system
    for _ in range(count):
        person = _person(district)
        union = rng.choice(district.unions)
        started = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days - 1))
        membership = membership_start(
            actor=actor,
            person=person,
            union=union,
            started_on=started,
            source=MembershipSource.IMPORT,
            notify=False,
        )
        if rng.random() < 0.3 and started < LAST_DAY:
            other = rng.choice([u for u in district.unions if u != union])
            started = _day_after(rng, started)
            membership = membership_start(
                actor=actor,
                person=person,
                union=other,
                started_on=started,
                source=MembershipSource.IMPORT,
                notify=False,
            )
        if rng.random() < 0.25 and started < LAST_DAY:
            membership_end(
                actor=actor,
                membership=membership,
                status=rng.choice(ENDINGS),
                on=_day_after(rng, started),
            )


# --- the recount -----------------------------------------------------------------------


def _age(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _band(age: int) -> int:
    return next(
        i for i, (_low, high) in enumerate(statistics.AGE_BANDS) if high is None or age < high
    )


class Recount:
    """The figures, counted one membership at a time in Python."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.all = list(
            Membership.objects.select_related("person", "union", "transferred_from__union")
        )
        self.successor = {m.transferred_from_id: m for m in self.all if m.transferred_from_id}
        self.rows = [m for m in self.all if self.inside(m.union)]

    def inside(self, union: Organization) -> bool:
        return union.path.startswith(self.prefix)

    def active(self, day: date) -> dict[str, Counter[Any]]:
        members = [
            m for m in self.rows if m.started_on <= day and (m.ended_on is None or m.ended_on > day)
        ]
        return {
            "total": Counter({"": len(members)}),
            "union": Counter(m.union_id for m in members),
            "station": Counter(m.union.station_id for m in members),
            "employer": Counter(m.person.employer_id for m in members),
            "kind": Counter(m.employment_kind for m in members),
            "age": Counter(_band(_age(m.person.birth_date, day)) for m in members),
            "sex": Counter(m.person.sex for m in members),
        }

    def joins(self, start: date, end: date, platform: bool = False) -> dict[str, Counter[Any]]:
        started = [m for m in self.rows if start <= m.started_on <= end]
        if platform:
            started = [m for m in started if m.employment_kind == EmploymentKind.PLATFORM]
        transfers = [m for m in started if m.transferred_from_id]
        new = [
            m
            for m in started
            if m.transferred_from is None or not self.inside(m.transferred_from.union)
        ]
        key: Callable[[Membership], Any] = (
            (lambda m: m.platform) if platform else (lambda m: m.union_id)
        )
        return {
            "total": Counter({"": len(started)}),
            "transfers": Counter({"": len(transfers)}),
            "new": Counter({"": len(new)}),
            "by_total": Counter(map(key, started)),
            "by_transfers": Counter(map(key, transfers)),
            "by_new": Counter(map(key, new)),
        }

    def leaves(self, start: date, end: date) -> dict[str, Counter[Any]]:
        ended = [m for m in self.rows if m.ended_on and start <= m.ended_on <= end]
        transfers = [m for m in ended if m.status == MembershipStatus.TRANSFERRED_OUT]
        left = [
            m
            for m in ended
            if m.status != MembershipStatus.TRANSFERRED_OUT
            or not self.inside(self.successor[m.pk].union)
        ]
        return {
            "total": Counter({"": len(ended)}),
            "left": Counter({"": len(left)}),
            "status": Counter(m.status for m in ended),
            "by_total": Counter(m.union_id for m in ended),
            "by_transfers": Counter(m.union_id for m in transfers),
            "by_left": Counter(m.union_id for m in left),
        }


def _counts(rows: list[statistics.Row]) -> Counter[Any]:
    return Counter({row.key: row.count for row in rows if row.count})


def _flows(rows: list[statistics.FlowRow], field: str) -> Counter[Any]:
    return Counter({row.key: getattr(row, field) for row in rows if getattr(row, field)})


def _selected(actor: User, node: Organization | None, day: date) -> dict[str, Counter[Any]]:
    active = statistics.active_members(actor=actor, on=day, node=node)
    return {
        "total": Counter({"": active.total}),
        "union": _counts(active.by_union),
        "station": _counts(active.by_station),
        "employer": _counts(active.by_employer),
        "kind": _counts(active.by_kind),
        "age": _counts(active.by_age),
        "sex": _counts(active.by_sex),
    }


def _selected_joins(
    actor: User, node: Organization | None, start: date, end: date
) -> dict[str, Counter[Any]]:
    found = statistics.joins(actor=actor, start=start, end=end, node=node)
    return {
        "total": Counter({"": found.total}),
        "transfers": Counter({"": found.transfers}),
        "new": Counter({"": found.new_members}),
        "by_total": _flows(found.by_union, "total"),
        "by_transfers": _flows(found.by_union, "transfers"),
        "by_new": _flows(found.by_union, "crossing"),
    }


def _selected_platform(
    actor: User, node: Organization | None, start: date, end: date
) -> dict[str, Counter[Any]]:
    found = statistics.platform_joins(actor=actor, start=start, end=end, node=node)
    return {
        "total": Counter({"": found.total}),
        "transfers": Counter({"": found.transfers}),
        "new": Counter({"": found.new_members}),
        "by_total": _flows(found.by_platform, "total"),
        "by_transfers": _flows(found.by_platform, "transfers"),
        "by_new": _flows(found.by_platform, "crossing"),
    }


def _selected_leaves(
    actor: User, node: Organization | None, start: date, end: date
) -> dict[str, Counter[Any]]:
    found = statistics.leaves(actor=actor, start=start, end=end, node=node)
    return {
        "total": Counter({"": found.total}),
        "left": Counter({"": found.left_scope}),
        "status": _counts(found.by_status),
        "by_total": _flows(found.by_union, "total"),
        "by_transfers": _flows(found.by_union, "transfers"),
        "by_left": _flows(found.by_union, "crossing"),
    }


def _scopes(district: District) -> list[tuple[str, User, Organization | None, str]]:
    """(name, actor, node, path prefix of the scope) for the district and a station."""
    world = district.world
    station_a = world.station_a
    return [
        ("district", world.system, None, world.federation.path),
        ("district-staff", world.user("fed_staff"), None, world.federation.path),
        ("station-node", world.system, station_a, station_a.path),
        ("station-staff", world.user("station_a_staff"), None, station_a.path),
        ("station-staff-node", world.user("fed_staff"), station_a, station_a.path),
    ]


@pytest.fixture
def district() -> District:
    district = _district()
    add_members(district, 150)
    return district


def test_the_data_set_has_what_the_definitions_are_about(district: District) -> None:
    memberships = Membership.objects.all()
    transfers = memberships.filter(transferred_from__isnull=False)
    assert (
        transfers.filter(union__station=district.world.station_a)
        .exclude(transferred_from__union__station=district.world.station_a)
        .exists()
    ), "a transfer into station A from station B"
    assert transfers.filter(
        union__station=district.world.station_a,
        transferred_from__union__station=district.world.station_a,
    ).exists(), "a transfer inside station A"
    for status in ENDINGS:
        assert memberships.filter(status=status).exists(), status
    assert Person.objects.filter(birth_date__month=2, birth_date__day=29).exists()


def test_members_on_a_day_equal_a_recount(district: District) -> None:
    # the days a transfer or a leave happened are where an off-by-one would show
    changes = Membership.objects.filter(ended_on__isnull=False).order_by("pk")
    days = [*DAYS, *(day for day in changes.values_list("ended_on", flat=True)[:5] if day)]
    for name, actor, node, prefix in _scopes(district):
        recount = Recount(prefix)
        for day in days:
            assert _selected(actor, node, day) == recount.active(day), (name, day)


def test_joins_leaves_and_platform_joins_equal_a_recount(district: District) -> None:
    for name, actor, node, prefix in _scopes(district):
        recount = Recount(prefix)
        for start, end in PERIODS:
            assert _selected_joins(actor, node, start, end) == recount.joins(start, end), name
            assert _selected_leaves(actor, node, start, end) == recount.leaves(start, end), name
            platform = recount.joins(start, end, platform=True)
            assert _selected_platform(actor, node, start, end) == platform, name


def test_a_transfer_is_a_join_for_the_union_but_not_a_new_member_for_the_district() -> None:
    district = _district()
    world, actor = district.world, district.world.system
    person = _person(district)
    day = date(2023, 5, 1)
    membership_start(
        actor=actor,
        person=person,
        union=world.union_b,
        started_on=date(2022, 1, 10),
        source=MembershipSource.IMPORT,
    )
    membership_start(
        actor=actor, person=person, union=world.union_a, started_on=day, source="import"
    )

    district_joins = statistics.joins(actor=actor, start=day, end=day)
    station_joins = statistics.joins(actor=actor, start=day, end=day, node=world.station_a)
    district_leaves = statistics.leaves(actor=actor, start=day, end=day)
    station_b_leaves = statistics.leaves(actor=actor, start=day, end=day, node=world.station_b)

    assert (district_joins.total, district_joins.transfers, district_joins.new_members) == (1, 1, 0)
    assert (station_joins.total, station_joins.new_members) == (1, 1)
    assert district_leaves.total == 1 and district_leaves.left_scope == 0
    assert station_b_leaves.total == 1 and station_b_leaves.left_scope == 1
    # on the day of the transfer the person is a member of the new union only
    on_the_day = statistics.active_members(actor=actor, on=day)
    assert on_the_day.total == 1
    assert _counts(on_the_day.by_union) == Counter({world.union_a.pk: 1})


def test_the_outsider_sees_nothing_of_another_union() -> None:
    district = _district()
    add_members(district, 30)
    outsider = district.world.user("union_b_staff")

    active = statistics.active_members(actor=outsider, on=LAST_DAY)

    assert {row.key for row in active.by_union} <= {district.world.union_b.pk}


def test_age_bands_count_birthdays_on_the_day() -> None:
    day = date(2024, 2, 29)
    assert statistics.years_before(day, 25) == date(1999, 2, 28)
    assert statistics.years_before(date(2025, 6, 1), 25) == date(2000, 6, 1)
    labels = [statistics.age_band_label(*band) for band in statistics.AGE_BANDS]
    assert labels == ["25岁以下", "25-34岁", "35-44岁", "45-54岁", "55岁及以上"]


# --- queries ---------------------------------------------------------------------------


def _query_counts(district: District) -> dict[str, int]:
    world = district.world
    start, end = PERIODS[1]
    calls: dict[str, Callable[[User], Any]] = {
        "active": lambda a: statistics.active_members(actor=a, on=DAYS[2]),
        "active_station": lambda a: statistics.active_members(
            actor=a, on=DAYS[2], node=world.station_a
        ),
        "joins": lambda a: statistics.joins(actor=a, start=start, end=end),
        "leaves": lambda a: statistics.leaves(actor=a, start=start, end=end),
        "platform": lambda a: statistics.platform_joins(actor=a, start=start, end=end),
    }
    counts = {}
    for who in (world.system, world.user("station_a_staff")):
        for name, call in calls.items():
            actor = User.objects.get(pk=who.pk)
            with CaptureQueriesContext(connection) as queries:
                call(actor)
            counts[f"{who.username}:{name}"] = len(queries)
    return counts


def test_queries_do_not_grow_with_the_members() -> None:
    district = _district()
    add_members(district, 10)
    small = _query_counts(district)

    add_members(district, 190)
    assert Person.objects.count() == 200
    large = _query_counts(district)

    assert large == small
    # four for the members on a day, plus the staff member's assignments
    assert max(large.values()) <= 5, large


# --- the page and the workbook ---------------------------------------------------------

# the report counts the members on the period's last day
PERIOD_QUERY = {"start": "2019-01-01", "end": "2025-06-30"}
PERIOD_END = date(2025, 6, 30)


def _workbook_cells(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Each sheet's rows under its caption line (the header row first)."""
    workbook = openpyxl.load_workbook(BytesIO(content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True))[1:] for sheet in workbook}


def test_the_page_and_the_workbook_show_the_selectors_figures(client: Client) -> None:
    district = _district()
    add_members(district, 40)
    world = district.world
    client.force_login(world.user("fed_staff"))

    page = client.get(reverse("reports:membership"), PERIOD_QUERY)
    export = client.get(reverse("reports:membership_export"), PERIOD_QUERY)

    assert page.status_code == 200
    active = statistics.active_members(actor=world.system, on=PERIOD_END)
    assert page.context["figures"].active == active
    assert world.union_a.name in page.content.decode()
    assert export["Content-Type"] == xlsx.CONTENT_TYPE
    sheets = _workbook_cells(export.content)
    assert ("在会会员", active.total) in sheets["概况"]
    by_union = {row[0]: row[1] for row in sheets["按工会"][1:]}
    assert by_union == {row.label: row.count for row in active.by_union}
    joins = statistics.joins(actor=world.system, start=date(2019, 1, 1), end=PERIOD_END)
    assert [row[1:] for row in sheets["入会（按工会）"][1:]] == [
        (r.total, r.transfers, r.crossing) for r in joins.by_union
    ]


def test_a_subtree_page_counts_only_the_subtree(client: Client) -> None:
    district = _district()
    add_members(district, 40)
    world = district.world
    client.force_login(world.user("fed_staff"))

    query = {**PERIOD_QUERY, "node": str(world.station_a.pk)}
    page = client.get(reverse("reports:membership"), query)

    figures = page.context["figures"]
    assert page.context["node"] == world.station_a
    assert {row.key for row in figures.active.by_station} == {world.station_a.pk}
    assert world.union_b.name not in page.content.decode()


def test_the_outsiders_workbook_leaves_out_other_unions(client: Client) -> None:
    district = _district()
    add_members(district, 40)
    world = district.world
    client.force_login(world.user("union_b_staff"))

    export = client.get(reverse("reports:membership_export"), PERIOD_QUERY)

    cells = {str(v) for rows in _workbook_cells(export.content).values() for r in rows for v in r}
    assert world.union_b.name in cells
    assert world.union_a.name not in cells
    assert world.station_a.name not in cells


def test_the_worked_example_of_the_documentation() -> None:
    """docs/members.md: a courier moves between two joint unions of one station."""
    district = _district()
    world, actor = district.world, district.world.system
    logistics, courier = world.union_b, district.unions[3]
    person = _person(district)
    membership_start(
        actor=actor, person=person, union=logistics, started_on=date(2021, 4, 1), source="import"
    )
    moved = date(2022, 5, 10)
    membership_start(actor=actor, person=person, union=courier, started_on=moved, source="import")

    def row(node: Organization | None, year: int) -> tuple[int, ...]:
        start, end = date(year, 1, 1), date(year, 12, 31)
        found = statistics.joins(actor=actor, start=start, end=end, node=node)
        left = statistics.leaves(actor=actor, start=start, end=end, node=node)
        return (found.total, found.transfers, found.new_members, left.total, left.left_scope)

    assert row(None, 2021) == (1, 0, 1, 0, 0)
    assert row(None, 2022) == (1, 1, 0, 1, 0)
    assert row(world.station_b, 2022) == (1, 1, 0, 1, 0)
    assert row(courier, 2022) == (1, 1, 1, 0, 0)
    assert row(logistics, 2022) == (0, 0, 0, 1, 1)
    on_the_day = statistics.active_members(actor=actor, on=moved)
    assert _counts(on_the_day.by_union) == Counter({courier.pk: 1})


def test_a_kind_of_employment_changed_today_leaves_past_figures_as_they_were() -> None:
    """The members of a past day are counted with the kind they had then; the joins with
    the kind they had when they joined."""
    district = _district()
    world, actor = district.world, district.world.system
    person = _person(district)
    person.employment_kind, person.platform = EmploymentKind.PLATFORM, Platform.COURIER
    person.save()
    membership_start(
        actor=actor,
        person=person,
        union=world.union_b,
        started_on=date(2021, 4, 1),
        source="import",
    )

    def figures(start: date, end: date) -> tuple[Any, ...]:
        active = statistics.active_members(actor=actor, on=end)
        platform = statistics.platform_joins(actor=actor, start=start, end=end)
        return _counts(active.by_kind), platform.total, _flows(platform.by_platform, "total")

    year_2021 = figures(date(2021, 1, 1), date(2021, 12, 31))
    assert year_2021[1] == 1

    # when: from today the worker is recorded as an employee, and moves to another union
    today = timezone.localdate()
    employment_set(person, {"employment_kind": EmploymentKind.EMPLOYEE, "platform": ""}, on=today)
    membership_start(
        actor=actor, person=person, union=world.union_a, started_on=today, source="import"
    )

    assert figures(date(2021, 1, 1), date(2021, 12, 31)) == year_2021
    now = statistics.active_members(actor=actor, on=today)
    assert _counts(now.by_kind) == Counter({EmploymentKind.EMPLOYEE.value: 1})
