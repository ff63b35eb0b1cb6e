"""Coverage of a subtree on a tree of 2,000 unions: the materialised-path selector against
a walk of the tree node by node (the baseline a naive adjacency list gives)."""

import random
import time
from datetime import date

from django.db import transaction
from django.db.models import Sum

from gonghui.accounts.models import User
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.models import LegalEntity, Organization, path_segment
from gonghui.organizations.selectors import coverage

UNIONS = 2000
STATIONS = 10


def _build() -> User:
    rng = random.Random(7)
    admin = User.objects.create_superuser("bench-admin", password="bench-password-123")  # noqa: S106
    with transaction.atomic():
        fed = Organization.objects.create(kind=NodeKind.FEDERATION, name="F", code="F", path="x")
        fed.path = path_segment(fed.pk)
        fed.save()
        stations = []
        for i in range(STATIONS):
            s = Organization.objects.create(
                kind=NodeKind.STATION, name=f"S{i}", code=f"S{i}", parent=fed, path=f"s{i}", depth=2
            )
            s.path = fed.path + path_segment(s.pk)
            s.save()
            stations.append(s)
        unions = [
            Organization(
                kind=NodeKind.UNION,
                name=f"U{i}",
                code=f"U{i}",
                parent=stations[i % STATIONS],
                station=stations[i % STATIONS],
                union_kind=UnionKind.STANDALONE,
                founded_on=date(2010 + i % 12, 1, 1),
                headcount=rng.randint(5, 800),
                path=f"u{i}",
                depth=3,
            )
            for i in range(UNIONS)
        ]
        Organization.objects.bulk_create(unions)
        fixed = []
        for u in Organization.objects.filter(kind=NodeKind.UNION).select_related("parent"):
            u.path = u.parent.path + path_segment(u.pk)  # type: ignore[union-attr]
            fixed.append(u)
        Organization.objects.bulk_update(fixed, ["path"])
        LegalEntity.objects.bulk_create(
            LegalEntity(
                name=f"E{u.pk}",
                credit_code=f"C{u.pk:017d}",
                headcount=u.headcount,
                industry="C",
                union=u,
                covered_since=u.founded_on or date(2010, 1, 1),
            )
            for u in fixed
        )
    return admin


def _walk(node: Organization, day: date) -> tuple[int, int, int]:
    """Baseline: visit each node and its entities one query at a time."""
    unions = entities = workers = 0
    for child in Organization.objects.filter(parent=node):
        if child.kind == NodeKind.UNION and child.founded_on and child.founded_on <= day:
            unions += 1
            workers += child.headcount
            entities += LegalEntity.objects.filter(union=child).count()
        u, e, w = _walk(child, day)
        unions, entities, workers = unions + u, entities + e, workers + w
    return unions, entities, workers


def _time(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run() -> None:
    admin = _build()
    root = Organization.objects.get(kind=NodeKind.FEDERATION)
    day = date(2026, 1, 1)
    fast = coverage(actor=admin, root=root, on=day)
    slow = _walk(root, day)
    assert (fast.unions, fast.legal_entities, fast.workers) == slow, (fast, slow)
    assert fast.workers == Organization.objects.aggregate(total=Sum("headcount"))["total"]
    t_path = _time(lambda: coverage(actor=admin, root=root, on=day))
    t_walk = _time(lambda: _walk(root, day), repeat=2)
    print(f"unions={fast.unions} entities={fast.legal_entities} workers={fast.workers}")
    print(f"materialised path: {t_path * 1000:.1f} ms")
    print(f"node-by-node walk (baseline): {t_walk * 1000:.1f} ms")
    print(f"ratio: {t_walk / t_path:.0f}x faster than the baseline")
