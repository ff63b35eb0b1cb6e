"""The staff member list's search at 300,000 members on PostgreSQL: a full name, a common
surname (a prefix matching thousands), a member number and an ID number (through the blind
index), in a union of 50,000 members and in one of 1,000.

The data go in with COPY (ID numbers valid, encrypted and indexed in Python, as
``EncryptedTextField`` and ``BlindIndexField`` would store them; member numbers follow
joining order, so a union's members are spread over the number range; one person in ten
also has an older, lapsed membership). Each search is timed as the list page runs it
(``selectors.member_list`` with the page's default status, active): the paginator's count
and the first page of 50, median of 20 runs. The baseline, measured in the same run on the
same data, is the same search without its index: ``istartswith`` for the name and
``iexact`` for the number (``UPPER(col)``, which no index serves), and for the ID number
decrypting every member's number in the union and comparing in Python (what encrypted data
without a blind index leaves). Target: under 100 ms each. The indexes each search used
(page and count queries, from EXPLAIN) are printed with it.

Run: ``TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_search
.venv/bin/python bench/run.py bench_member_search``
"""

import random
import re
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from stdnum.cn import ric

from gonghui.accounts.models import Assignment, User
from gonghui.accounts.roles import MEMBERS_VIEW, Role
from gonghui.core import pii
from gonghui.core.demo import mobile, person_name
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.members.services.memberships import member_numbers
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.models import Organization, path_segment

PEOPLE = 300_000
BIG_UNION = 50_000
UNIONS = 250  # the other members are spread over these
STATIONS = 10
RUNS = 20
BASELINE_RUNS = 5
PAGE = 50
TARGET_MS = 100
# regions in force for every birth year (stdnum's table), so every number is valid
REGIONS = ("110101", "110102", "110105", "110106", "110107", "110108", "110109", "120101")
BATCH = 20_000


# --- the data --------------------------------------------------------------------------


def _node(kind: str, name: str, parent: Organization | None, **extra: Any) -> Organization:
    code = f"BMS-{name}"  # apart from what other benchmarks write into the same database
    node = Organization.objects.create(
        kind=kind, name=name, code=code, parent=parent, path=code, **extra
    )
    node.path = (parent.path if parent else "") + path_segment(node.pk)
    node.depth = parent.depth + 1 if parent else 1
    node.save(update_fields=["path", "depth"])
    return node


def _tree() -> tuple[Organization, list[Organization]]:
    """The federation, stations and unions; the first union is the big one."""
    federation = _node(NodeKind.FEDERATION, "F", None)
    stations = [_node(NodeKind.STATION, f"S{i}", federation) for i in range(STATIONS)]
    unions = [
        _node(
            NodeKind.UNION,
            f"U{i}",
            stations[i % STATIONS],
            station=stations[i % STATIONS],
            union_kind=UnionKind.STANDALONE,
            founded_on=date(2010, 1, 1),
        )
        for i in range(UNIONS + 1)
    ]
    return federation, unions


def _id_numbers(rng: random.Random, count: int) -> Iterator[tuple[str, str, date]]:
    """``count`` valid resident ID numbers not in the database yet: (number, blind index,
    birth date)."""
    taken = set(Person.objects.values_list("id_number_index", flat=True))
    first = date(1960, 1, 1)
    made = 0
    while made < count:
        born = first + timedelta(days=rng.randrange(45 * 365))
        body = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        index = pii.blind_index(number)
        if index not in taken:
            taken.add(index)
            made += 1
            yield number, index, born


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(max(id), 0) + 1 FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _copy(table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> None:
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


PERSON_COLUMNS = (
    "id", "created_at", "updated_at", "name", "id_number", "id_number_index", "birth_date",
    "sex", "phone", "phone_index", "employment_kind", "platform", "employer_name",
)  # fmt: skip
MEMBERSHIP_COLUMNS = (
    "id", "created_at", "updated_at", "person_id", "union_id", "number", "status", "source",
    "started_on", "ended_on", "end_reason",
)  # fmt: skip


def _union_of_each(rng: random.Random, unions: list[Organization]) -> list[Organization]:
    """The union of each person's membership: the big union's members are spread over the
    whole range of member numbers (numbers follow joining dates, not unions)."""
    big, others = unions[0], unions[1:]
    chosen = [big] * BIG_UNION + [others[i % len(others)] for i in range(PEOPLE - BIG_UNION)]
    rng.shuffle(chosen)
    return chosen


def _load(rng: random.Random, unions: list[Organization]) -> dict[str, str]:
    """COPY the people, their memberships and, for one in ten, an earlier membership that
    lapsed (member numbers from the numbering service, in joining order); returns what to
    search for: a member of the big union and one of a small one."""
    now = timezone.now()
    union_of = _union_of_each(rng, unions)
    person_id, membership_id = _next_id("members_person"), _next_id("members_membership")
    people: list[tuple[Any, ...]] = []
    memberships: list[list[Any]] = []
    sampled: dict[str, int] = {}
    for i, (id_number, index, born) in enumerate(_id_numbers(rng, PEOPLE)):
        name, pk = person_name(rng), person_id + i
        sex = "M" if int(id_number[16]) % 2 else "F"
        phone = "+86" + mobile(rng)
        people.append(
            (pk, now, now, name, pii.encrypt(id_number), index, born, sex,
             pii.encrypt(phone), pii.blind_index(phone), "employee", "", "")
        )  # fmt: skip
        if rng.random() < 0.1:
            memberships.append(
                [membership_id + len(memberships), now, now, pk, rng.choice(unions).pk, "",
                 "lapsed", "import", date(2012, 1, 1), date(2014, 12, 31), ""]
            )  # fmt: skip
        started = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        union = union_of[i]
        memberships.append(
            [membership_id + len(memberships), now, now, pk, union.pk, "", "active", "import",
             started, None, ""]
        )  # fmt: skip
        which = "big" if union == unions[0] else "small" if union == unions[1] else ""
        if which and which not in sampled and i > PEOPLE // 2:
            sampled[which] = len(memberships) - 1
            sampled[f"{which}_person"] = len(people) - 1
    for row, number in zip(memberships, member_numbers(len(memberships)), strict=True):
        row[5] = number
    for start in range(0, len(people), BATCH):
        _copy("members_person", PERSON_COLUMNS, iter(people[start : start + BATCH]))
    for start in range(0, len(memberships), BATCH):
        rows = (tuple(row) for row in memberships[start : start + BATCH])
        _copy("members_membership", MEMBERSHIP_COLUMNS, rows)
    with connection.cursor() as cursor:
        for table in ("members_person", "members_membership"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            cursor.execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")  # noqa: S608
    samples = {}
    for which in ("big", "small"):
        membership, person = memberships[sampled[which]], people[sampled[f"{which}_person"]]
        samples[f"{which}_name"] = person[3]
        samples[f"{which}_number"] = membership[5]
        samples[f"{which}_id_number"] = pii.decrypt(person[4])
        samples[f"{which}_phone"] = pii.decrypt(person[8]).removeprefix("+86")
    return samples


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum would gather after a bulk load."""
    with connection.cursor() as cursor:
        for table in ("members_person", "members_membership"):
            cursor.execute(f"ANALYZE {table}")


def _staff(federation: Organization) -> User:
    user = User.objects.create_user("bench-search-staff", password="bench-password-123")  # noqa: S106
    Assignment.objects.create(user=user, organization=federation, role=Role.FEDERATION_STAFF)
    return User.objects.get(pk=user.pk)


# --- the searches ----------------------------------------------------------------------


def _member_list(actor: User, union: Organization, q: str) -> QuerySet[Membership]:
    """The staff page's selector (another engineer's ``selectors.member_list``); when it
    is not there yet, the same query written out."""
    try:
        from gonghui.members.selectors import member_list
    except ImportError:
        return _member_list_written_out(actor, union, q)
    return member_list(actor=actor, union=union, q=q, status=MembershipStatus.ACTIVE)


def _member_list_written_out(actor: User, union: Organization, q: str) -> QuerySet[Membership]:
    memberships = Membership.objects.for_actor(actor, MEMBERS_VIEW).filter(
        union=union, status=MembershipStatus.ACTIVE
    )
    try:
        index = pii.blind_index(pii.normalize_id_number(q))
        memberships = memberships.filter(person__id_number_index=index)
    except Exception:  # noqa: BLE001 - not an ID number
        if any(ch.isdigit() for ch in q):
            memberships = memberships.filter(number=q.upper())
        else:
            memberships = memberships.filter(person__name__startswith=q)
    return memberships.select_related("person", "union").order_by("number", "pk")


def _first_page(queryset: QuerySet[Any]) -> int:
    """What the list page runs: the count and the first page's rows."""
    page = Paginator(queryset, PAGE).page(1)
    rows = list(page.object_list)
    for row in rows:
        assert row.person.name  # the person came with the row
    return int(page.paginator.count)


def _baseline_unindexed(actor: User, union: Organization, lookup: str, q: str) -> Callable[[], int]:
    """The same search through a lookup no index serves (``UPPER(col) LIKE UPPER(q)``)."""

    def search() -> int:
        memberships = (
            Membership.objects.for_actor(actor, MEMBERS_VIEW)
            .filter(union=union, status=MembershipStatus.ACTIVE, **{lookup: q})
            .select_related("person", "union")
            .order_by("number", "pk")
        )
        return _first_page(memberships)

    return search


def _baseline_decrypt(
    actor: User, union: Organization, id_number: str, field: str = "person__id_number"
) -> Callable[[], int]:
    """Without a blind index: decrypt every member's ID number (or phone) and compare."""

    def search() -> int:
        memberships = Membership.objects.for_actor(actor, MEMBERS_VIEW).filter(
            union=union, status=MembershipStatus.ACTIVE
        )
        rows = memberships.values_list("pk", field)
        found = [pk for pk, token in rows.iterator(chunk_size=5000) if token == id_number]
        return len(found)

    return search


def _median_ms(search: Callable[[], int], runs: int) -> tuple[float, int]:
    found = search()  # warm the cache, as a staff page in use is
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        search()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), found


_SCAN = re.compile(
    r"(Index Only Scan using|Index Scan using|Bitmap Index Scan on|Seq Scan on) (\S+)"
)
_SCAN_NAMES = {"Seq Scan on": "seq scan of "}


def _scans(queryset: QuerySet[Any]) -> set[str]:
    found = set()
    for kind, name in _SCAN.findall(queryset.explain()):
        if not name.startswith("organizations_"):  # the scope's one-row lookup of the union
            found.add(_SCAN_NAMES.get(kind, "") + name)
    return found


def _indexes_used(queryset: QuerySet[Any]) -> str:
    """The indexes (and sequential scans) of the page's two queries: rows and count."""
    used = _scans(queryset[:PAGE]) | _scans(queryset.order_by().values("pk"))
    return ", ".join(sorted(used))


def _page_queries(actor: User, union: Organization, q: str) -> str:
    """Queries of the staff list page's first page (the other engineer's view)."""
    client = Client(HTTP_HOST="localhost")
    client.force_login(actor)
    try:
        url = reverse("members:member_list")
    except Exception as exc:  # noqa: BLE001 - the page may not be there yet
        return f"n/a ({exc.__class__.__name__})"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"union": str(union.pk), "q": q})
    if response.status_code != 200:
        return f"n/a (status {response.status_code})"
    return str(len(queries))


COMMON_SURNAME = "王"


def _searches(
    actor: User, union: Organization, samples: dict[str, str], which: str
) -> list[tuple[str, str, Callable[[], int]]]:
    """(label, q, baseline) of each search in ``union``."""
    name, number = samples[f"{which}_name"], samples[f"{which}_number"]
    id_number, phone = samples[f"{which}_id_number"], samples[f"{which}_phone"]
    prefix = "person__name__istartswith"
    return [
        ("name", name, _baseline_unindexed(actor, union, prefix, name)),
        ("common surname", COMMON_SURNAME, _baseline_unindexed(actor, union, prefix, "王")),
        ("member number", number, _baseline_unindexed(actor, union, "number__iexact", number)),
        ("ID number", id_number, _baseline_decrypt(actor, union, id_number)),
        ("phone", phone, _baseline_decrypt(actor, union, "+86" + phone, "person__phone")),
    ]


def _report(label: str, fast: float, found: int, queryset: QuerySet[Any], slow: float) -> None:
    baseline = f"baseline {slow:7.1f} ms, {slow / fast:4.0f}x" if slow else "no baseline"
    print(
        f"  {label:15} {fast:6.1f} ms  found {found:6,}  ({baseline})  "
        f"plan: {_indexes_used(queryset)}"
    )


def _time_union(actor: User, union: Organization, samples: dict[str, str], which: str) -> float:
    """Times the searches in ``union``; returns the slowest median."""
    members = Membership.objects.filter(union=union, status=MembershipStatus.ACTIVE).count()
    print(f"{which} union ({members:,} active members):")
    everyone = _member_list(actor, union, "")
    fast, found = _median_ms(partial(_first_page, everyone), RUNS)
    _report("no search", fast, found, everyone, 0)
    worst = fast
    for label, q, baseline in _searches(actor, union, samples, which):
        queryset = _member_list(actor, union, q)
        fast, found = _median_ms(partial(_first_page, queryset), RUNS)
        slow, found_slow = _median_ms(baseline, BASELINE_RUNS)
        assert found == found_slow, (label, found, found_slow)
        worst = max(worst, fast)
        _report(label, fast, found, queryset, slow)
    return worst


def run() -> None:
    """Everything happens in one transaction, rolled back at the end, so the other
    benchmarks find the database as they left it."""
    with transaction.atomic():
        _run()
        transaction.set_rollback(True)


def _run() -> None:
    rng = random.Random(20260101)  # noqa: S311
    started = time.perf_counter()
    federation, unions = _tree()
    samples = _load(rng, unions)
    _analyze()
    actor = _staff(federation)
    print(
        f"loaded {PEOPLE:,} people and their memberships with COPY in "
        f"{time.perf_counter() - started:.1f} s ({Person.objects.count():,} people and "
        f"{Membership.objects.count():,} memberships in the database)"
    )
    worst = max(
        _time_union(actor, unions[0], samples, "big"),
        _time_union(actor, unions[1], samples, "small"),
    )
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(
        f"first page of {PAGE} and the count, median of {RUNS} runs (baselines: "
        f"{BASELINE_RUNS}); target < {TARGET_MS} ms: {verdict} (slowest {worst:.1f} ms)"
    )
    print(
        "queries of the staff list's first page (big union): "
        f"{_page_queries(actor, unions[0], '')} without a search, "
        f"{_page_queries(actor, unions[0], COMMON_SURNAME)} with one"
    )
