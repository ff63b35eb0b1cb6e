"""The organisation tree at scale: the coverage and list selectors cost the same small number
of queries for 20 unions as for 2,000, and their figures equal a plain recount of the rows.

The big tree is written with ``bulk_create`` (here only: real writes go through the
services), shaped as the services leave it: paths from ``path_segment``, headcounts equal to
the entities' workers plus the directly attached ones, merged unions emptied into their
target, dissolved unions keeping their entities, and the dated facts the figures read (a
placement per union from its founding to its end; an entity's coverage by its union from
``covered_since``, by the merger's target from the merger on).
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from stdnum.cn import uscc

from gonghui.accounts.models import Assignment, User
from gonghui.accounts.roles import Role
from gonghui.organizations import selectors, services
from gonghui.organizations.choices import SizeClass, UnionKind, UnionStatus
from gonghui.organizations.models import (
    EntityCoverage,
    LegalEntity,
    Organization,
    UnionPlacement,
    path_segment,
    size_class_for,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Gonghui-Test-2026"
DAYS = (date(2014, 6, 30), date(2019, 12, 31), date(2021, 11, 30), date(2026, 11, 21))
PERIODS = ((date(2021, 1, 1), date(2021, 11, 30)), (date(2019, 1, 1), date(2019, 12, 31)))


@dataclass
class Tree:
    admin: User
    federation: Organization
    stations: list[Organization]
    station_staff: User
    rng: random.Random = field(default_factory=lambda: random.Random(2000))


def _tree() -> Tree:
    admin = User.objects.create_superuser("scale_admin", password=PASSWORD)
    federation = services.federation_create(actor=admin, name="测试区总工会")
    stations = [
        services.station_create(actor=admin, federation=federation, name=f"第{i}服务站")
        for i in range(1, 5)
    ]
    staff = User.objects.create_user("scale_station", password=PASSWORD)
    Assignment.objects.create(user=staff, organization=stations[1], role=Role.STATION_STAFF)
    return Tree(admin, federation, stations, staff)


class _Batch:
    """Unions and entities built in memory with their final primary keys."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.next_pk = (Organization.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.next_code = LegalEntity.objects.count() + 1
        self.unions: list[Organization] = []
        self.entities: list[LegalEntity] = []
        self.joints: dict[int, list[tuple[Organization, date]]] = {s.pk: [] for s in tree.stations}
        self.alive: list[Organization] = []
        self.merged: dict[int, tuple[int, date]] = {}  # entity -> (union before, merger day)

    def _credit_code(self) -> str:
        first17 = f"91110302{self.next_code:09d}"
        self.next_code += 1
        return first17 + uscc.calc_check_digit(first17)

    def _node(self, parent: Organization, station: Organization, kind: str) -> Organization:
        pk, self.next_pk = self.next_pk, self.next_pk + 1
        node = Organization(
            pk=pk,
            kind="union",
            name=f"工会{pk}",
            code=f"T{pk:07d}",
            parent=parent,
            station=station,
            path=parent.path + path_segment(pk),
            depth=parent.depth + 1,
            union_kind=kind,
        )
        self.unions.append(node)
        return node

    def _cover(self, node: Organization, founded: date, count: int) -> None:
        rng = self.tree.rng
        workers = 0
        for _ in range(count):
            headcount = rng.randint(1, 400) if rng.random() < 0.5 else rng.randint(1, 60)
            covered = founded + timedelta(days=rng.randint(0, 900))
            self.entities.append(
                LegalEntity(
                    name=f"单位{len(self.entities)}-{node.pk}",
                    credit_code=self._credit_code(),
                    headcount=headcount,
                    industry="C",
                    union_id=node.pk,
                    covered_since=covered,
                )
            )
            workers += headcount
        node.headcount = workers + node.direct_workers
        node.size_class = size_class_for(node.headcount)

    def _end(self, node: Organization, founded: date) -> None:
        rng = self.tree.rng
        roll = rng.random()
        if node.is_joint or roll > 0.1 or not self.alive:
            self.alive.append(node)
            return
        node.ended_on = founded + timedelta(days=rng.randint(1, 2500))
        if roll < 0.05:
            node.status = UnionStatus.DISSOLVED
            return
        # merged: its entities now belong to the target, its own headcount is 0
        target = rng.choice(self.alive)
        node.status, node.merged_into = UnionStatus.MERGED, target
        moved = [e for e in self.entities if e.union_id == node.pk]
        for entity in moved:
            entity.union_id = target.pk
            self.merged[id(entity)] = (node.pk, node.ended_on)
        target.headcount += sum(e.headcount for e in moved)
        target.size_class = size_class_for(target.headcount)
        node.headcount, node.size_class = 0, SizeClass.SMALL

    def add(self, count: int) -> None:
        rng = self.tree.rng
        for i in range(count):
            station = self.tree.stations[i % len(self.tree.stations)]
            founded = date(2012, 1, 1) + timedelta(days=rng.randint(0, 12 * 365))
            joints = self.joints[station.pk]
            if i % 40 == 0:
                node = self._node(station, station, UnionKind.JOINT)
                node.direct_workers = rng.randint(0, 500)
                joints.append((node, founded))
            elif joints and rng.random() < 0.2:
                joint, joint_founded = rng.choice(joints)
                node = self._node(joint, station, UnionKind.STANDALONE)
                founded = max(founded, joint_founded + timedelta(days=1))
            else:
                node = self._node(station, station, UnionKind.STANDALONE)
            node.founded_on = founded
            self._cover(node, founded, rng.choice((1, 1, 1, 2, 3)))
            self._end(node, founded)

    def _placement(self, node: Organization) -> UnionPlacement:
        return UnionPlacement(  # type: ignore[misc]
            union_id=node.pk,
            parent_id=node.parent_id,
            station_id=node.station_id,
            path=node.path,
            direct_workers=node.direct_workers,
            valid_from=node.founded_on,
            valid_to=node.ended_on,
        )

    def _coverages(self, entity: LegalEntity) -> list[EntityCoverage]:
        def row(union_id: int, start: date, end: date | None) -> EntityCoverage:
            return EntityCoverage(
                entity_id=entity.pk,
                union_id=union_id,
                headcount=entity.headcount,
                valid_from=start,
                valid_to=end,
            )

        if id(entity) not in self.merged:
            return [row(entity.union_id, entity.covered_since, None)]
        before, merger = self.merged[id(entity)]
        if entity.covered_since >= merger:
            return [row(entity.union_id, entity.covered_since, None)]
        return [
            row(before, entity.covered_since, merger),
            row(entity.union_id, merger, None),
        ]

    def save(self) -> None:
        Organization.objects.bulk_create(self.unions, batch_size=500)
        created = LegalEntity.objects.bulk_create(self.entities, batch_size=500)
        for entity, saved in zip(self.entities, created, strict=True):
            entity.pk = saved.pk
        placements = [self._placement(node) for node in self.unions]
        UnionPlacement.objects.bulk_create(placements, batch_size=500)
        coverages = [row for entity in self.entities for row in self._coverages(entity)]
        EntityCoverage.objects.bulk_create(coverages, batch_size=500)


def _add_unions(tree: Tree, count: int) -> None:
    batch = _Batch(tree)
    batch.add(count)
    batch.save()


# --- a plain recount -----------------------------------------------------------------


def _prefix(root: Organization | None, day: date) -> str:
    """The path under which the subtree of ``root`` stood on ``day``."""
    if root is None:
        return ""
    placed = UnionPlacement.objects.filter(union=root).values("path", "valid_from", "valid_to")
    for row in placed:
        if _holds(dict(row), day):
            return str(row["path"])
    return root.path if root.kind != "union" else "-"


def _holds(row: dict[str, Any], day: date) -> bool:
    return row["valid_from"] <= day and (row["valid_to"] is None or row["valid_to"] > day)


def _dated_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    placements = UnionPlacement.objects.values(
        "union_id", "path", "valid_from", "valid_to", "direct_workers",
        "union__union_kind", "union__founded_on", "union__ended_on", "parent__union_kind",
    )  # fmt: skip
    coverages = EntityCoverage.objects.values("union_id", "headcount", "valid_from", "valid_to")
    return [dict(p) for p in placements], [dict(c) for c in coverages]


def _recount_coverage(root: Organization | None, day: date) -> dict[str, int]:
    placements, coverages = _dated_rows()
    prefix = _prefix(root, day)
    existing = [p for p in placements if _holds(p, day) and p["path"].startswith(prefix)]
    ids = {p["union_id"] for p in existing}
    held = [c for c in coverages if c["union_id"] in ids and _holds(c, day)]
    kinds = [p["union__union_kind"] for p in existing]
    return {
        "unions": len(existing),
        "standalone": kinds.count(UnionKind.STANDALONE),
        "joint": kinds.count(UnionKind.JOINT),
        "legal_entities": len(held),
        # the headcounts of the entities covered that day and the directly attached workers
        "workers": sum(c["headcount"] for c in held) + sum(p["direct_workers"] for p in existing),
    }


def _recount_new(root: Organization | None, start: date, end: date) -> dict[str, int]:
    """Each union founded in the period as it stood on its last day in the period."""
    placements, coverages = _dated_rows()
    prefix = _prefix(root, end)
    new = []
    for p in placements:
        if not start <= p["union__founded_on"] <= end:
            continue
        ended = p["union__ended_on"]
        last = min(end, ended - timedelta(days=1)) if ended else end
        if _holds(p, last) and p["path"].startswith(prefix):
            held = [c for c in coverages if c["union_id"] == p["union_id"] and _holds(c, last)]
            new.append({**p, "workers": sum(c["headcount"] for c in held) + p["direct_workers"]})
    standalone = [u for u in new if u["union__union_kind"] == UnionKind.STANDALONE]
    own = [u for u in standalone if u["parent__union_kind"] != UnionKind.JOINT]
    return {
        "total": len(new),
        "standalone": len(standalone),
        "standalone_large": sum(u["workers"] >= 100 for u in own),
        "standalone_small": sum(u["workers"] < 100 for u in own),
        "joined_joint": len(standalone) - len(own),
        "joint": sum(u["union__union_kind"] == UnionKind.JOINT for u in new),
        "workers": sum(u["workers"] for u in new),
    }


def _coverage(actor: User, root: Organization | None, day: date) -> dict[str, int]:
    figures = selectors.coverage(actor=actor, root=root, on=day)
    keys = ("unions", "standalone", "joint", "legal_entities", "workers")
    return {key: getattr(figures, key) for key in keys}


def _new(actor: User, root: Organization | None, start: date, end: date) -> dict[str, int]:
    figures = selectors.new_unions(actor=actor, root=root, start=start, end=end)
    keys = ("total", "standalone", "standalone_large", "standalone_small", "joined_joint")
    return {key: getattr(figures, key) for key in (*keys, "joint", "workers")}


# --- query counts --------------------------------------------------------------------


def _query_counts(tree: Tree) -> dict[str, int]:
    """Queries each selector costs, for a superuser and a station's staff (loaded afresh,
    so the count includes reading the user's assignments)."""
    station = tree.stations[1]

    def first_page(actor: User) -> None:
        for union in selectors.union_list(actor=actor, sort="-headcount")[:50]:
            assert union.station is not None and union.parent is not None
            assert union.station.name and union.parent.name

    calls: dict[str, Callable[[User], Any]] = {
        "coverage": lambda a: selectors.coverage(actor=a, on=DAYS[2]),
        "coverage_station": lambda a: selectors.coverage(actor=a, root=station, on=DAYS[2]),
        "new_unions": lambda a: selectors.new_unions(actor=a, start=PERIODS[0][0], end=DAYS[2]),
        "station_list": lambda a: selectors.station_list(actor=a),
        "union_list": first_page,
        "union_search": lambda a: list(selectors.union_list(actor=a, q="工会1")[:50]),
        "union_tree": lambda a: selectors.union_tree(actor=a),
    }
    counts = {}
    for who in (tree.admin, tree.station_staff):
        for name, call in calls.items():
            actor = User.objects.get(pk=who.pk)
            with CaptureQueriesContext(connection) as queries:
                call(actor)
            counts[f"{who.username}:{name}"] = len(queries)
    return counts


def test_selectors_cost_the_same_queries_for_20_and_2000_unions() -> None:
    tree = _tree()
    _add_unions(tree, 20)
    small = _query_counts(tree)

    _add_unions(tree, 1980)
    assert Organization.objects.filter(kind="union").count() == 2000
    large = _query_counts(tree)

    assert large == small
    assert max(large.values()) <= 3, large


# --- figures -------------------------------------------------------------------------


@pytest.fixture
def big_tree() -> Tree:
    tree = _tree()
    _add_unions(tree, 2000)
    return tree


def test_coverage_equals_a_recount_for_the_district_and_a_station(big_tree: Tree) -> None:
    station = big_tree.stations[1]
    for day in DAYS:
        assert _coverage(big_tree.admin, None, day) == _recount_coverage(None, day), day
        assert _coverage(big_tree.admin, station, day) == _recount_coverage(station, day), day
        # a station's staff see their station only
        assert _coverage(big_tree.station_staff, None, day) == _recount_coverage(station, day)
    assert _recount_coverage(None, DAYS[-1])["unions"] > 1000


def test_new_unions_equal_a_recount_with_members_of_joint_unions_apart(big_tree: Tree) -> None:
    station = big_tree.stations[1]
    for start, end in PERIODS:
        for root in (None, station):
            assert _new(big_tree.admin, root, start, end) == _recount_new(root, start, end)
        figures = selectors.new_unions(actor=big_tree.admin, start=start, end=end)
        a_year_before = (start.replace(year=start.year - 1), end.replace(year=end.year - 1))
        previous = _recount_new(None, *a_year_before)
        assert figures.previous_total == previous["total"]
        assert figures.joined_joint > 0
        assert figures.standalone == (
            figures.standalone_large + figures.standalone_small + figures.joined_joint
        )


@pytest.mark.parametrize("status", [UnionStatus.MERGED, UnionStatus.DISSOLVED])
def test_an_ended_union_counts_until_the_day_before_its_end(big_tree: Tree, status: str) -> None:
    union = Organization.objects.filter(status=status).order_by("pk").first()
    assert union is not None and union.ended_on is not None
    day_before = union.ended_on - timedelta(days=1)

    assert selectors.coverage(actor=big_tree.admin, root=union, on=day_before).unions == 1
    assert selectors.coverage(actor=big_tree.admin, root=union, on=union.ended_on).unions == 0
    station = union.station
    before = _coverage(big_tree.admin, station, day_before)
    on_end = _coverage(big_tree.admin, station, union.ended_on)
    assert before == _recount_coverage(station, day_before)
    assert on_end == _recount_coverage(station, union.ended_on)


def test_the_trees_counts_equal_the_coverage_as_the_tree_stands(big_tree: Tree) -> None:
    (root,) = selectors.union_tree(actor=big_tree.admin)
    station = big_tree.stations[1]
    (station_root,) = selectors.union_tree(actor=big_tree.station_staff)
    # the tree shows the current rows: the coverage of a day after every recorded change
    # (this tree has endings dated after today, which the services would refuse)
    day = Organization.objects.aggregate(last=Max("ended_on"))["last"]

    now = selectors.coverage(actor=big_tree.admin, on=day)
    assert (root.unions, root.workers) == (now.unions, now.workers)
    in_station = selectors.coverage(actor=big_tree.admin, root=station, on=day)
    assert station_root.org == station
    assert (station_root.unions, station_root.workers) == (in_station.unions, in_station.workers)


def test_a_joint_union_counts_with_its_member_unions(big_tree: Tree) -> None:
    joint = (
        Organization.objects.filter(union_kind=UnionKind.JOINT, children__isnull=False)
        .order_by("pk")
        .first()
    )
    assert joint is not None
    day = DAYS[-1]
    figures = _coverage(big_tree.admin, joint, day)
    assert figures == _recount_coverage(joint, day)
    assert figures["joint"] == 1 and figures["standalone"] >= 1
