"""``seed_demo``: the small demo district, its repeatability, and its refusal to write twice."""

import hashlib
import random
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from stdnum.cn import uscc

from gonghui.accounts.models import Assignment, User
from gonghui.accounts.roles import Role
from gonghui.core import demo
from gonghui.core.models import AuditEntry
from gonghui.organizations import selectors
from gonghui.organizations.choices import NodeKind, SizeClass, UnionKind, UnionStatus
from gonghui.organizations.demo import data as org_data
from gonghui.organizations.demo import plan as org_plan
from gonghui.organizations.models import LegalEntity, Organization

pytestmark = pytest.mark.django_db


def _seed(*extra: str, seed: int = 1) -> str:
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--seed", str(seed), *extra, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, ...]:
    models = (Organization, LegalEntity, User, Assignment, AuditEntry)
    return tuple(model.objects.count() for model in models)


def _digest() -> str:
    """Everything the generator chooses (names, codes, numbers, dates, people), not pks."""
    unions = Organization.objects.order_by("code").values_list(
        "code", "kind", "name", "union_kind", "parent__code", "station__code", "founded_on",
        "status", "ended_on", "merged_into__code", "end_reason", "headcount", "size_class",
        "direct_workers", "chair_name", "chair_phone", "contact_name", "contact_phone",
        "address",
    )  # fmt: skip
    entities = LegalEntity.objects.order_by("credit_code").values_list(
        "credit_code", "name", "headcount", "industry", "covered_since", "union__code"
    )
    users = User.objects.order_by("username", "assignments__role").values_list(
        "username", "display_name", "phone", "assignments__role", "assignments__organization__code"
    )
    data = repr((list(unions), list(entities), list(users)))
    return hashlib.sha256(data.encode()).hexdigest()


def _digest_of_a_run(seed: int) -> str:
    """Seed, digest, and roll everything back."""
    with transaction.atomic():
        _seed(seed=seed)
        digest = _digest()
        transaction.set_rollback(True)
    assert Organization.objects.count() == 0
    return digest


def test_small_scale_builds_a_district_of_both_kinds_and_sizes() -> None:
    _seed()

    federation = Organization.objects.get(kind=NodeKind.FEDERATION)
    assert federation.name == "北京经济技术开发区总工会"
    assert Organization.objects.filter(kind=NodeKind.STATION, parent=federation).count() == 3
    unions = Organization.objects.filter(kind=NodeKind.UNION)
    assert 30 <= unions.count() <= 45
    standalone = unions.filter(union_kind=UnionKind.STANDALONE, status=UnionStatus.ACTIVE)
    assert standalone.filter(size_class=SizeClass.LARGE).exists()
    assert standalone.filter(size_class=SizeClass.SMALL).exists()
    joints = unions.filter(union_kind=UnionKind.JOINT)
    assert joints.count() >= 2
    for joint in joints:
        assert joint.children.filter(union_kind=UnionKind.STANDALONE).exists(), joint
        assert joint.direct_workers > 0 and joint.legal_entities.exists()
    assert unions.filter(status=UnionStatus.MERGED).exists()
    assert unions.filter(status=UnionStatus.DISSOLVED).exists()
    assert not unions.filter(founded_on__gt=date(2026, 11, 21)).exists()


def test_the_records_are_as_the_services_leave_them() -> None:
    _seed()

    for entity in LegalEntity.objects.select_related("union"):
        assert uscc.is_valid(entity.credit_code), entity.credit_code
        # covered since its union was founded, or the union it came from by a merger
        unions = [entity.union, *entity.union.merged_from.all()]
        assert entity.covered_since >= min(u.founded_on or date.max for u in unions), entity
    for union in Organization.objects.filter(kind=NodeKind.UNION):
        workers = union.legal_entities.aggregate(total=Sum("headcount"))["total"] or 0
        assert union.headcount == workers + union.direct_workers, union
        assert union.chair_name and union.chair_phone.startswith("+861"), union
        assert union.station is not None and union.path.startswith(union.station.path)
        if union.is_active:
            assert union.legal_entities.exists(), union
    # every union and entity was written by a service, with its audit entry
    created = AuditEntry.objects.filter(action="create", request_id="seed-demo-1")
    assert created.count() >= Organization.objects.count() + LegalEntity.objects.count()


def test_demo_users_hold_every_role_and_share_the_password() -> None:
    out = _seed()

    roles = set(Assignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    admin = User.objects.get(username=demo.SYSTEM_USERNAME)
    assert admin.is_superuser
    for username in demo.demo_usernames():
        user = User.objects.get(username=username)
        assert user.check_password(demo.DEMO_PASSWORD), username
        assert user.is_superuser or user.assignments.exists(), username
        assert username in out
    assert demo.DEMO_PASSWORD in out
    assert Assignment.objects.filter(user__username="fed_admin", can_view_personal_data=True)
    union_staff = Assignment.objects.filter(role=Role.UNION_STAFF)
    assert union_staff.filter(organization__union_kind=UnionKind.JOINT).exists()
    station_staff = Assignment.objects.get(user__username="station_yizhuang")
    assert station_staff.organization.name == "亦庄服务站"


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    first = _digest_of_a_run(7)
    again = _digest_of_a_run(7)
    other = _digest_of_a_run(8)

    assert first == again
    assert other != first


def test_if_empty_on_a_populated_database_only_prints_the_users() -> None:
    _seed()
    before = _counts()

    out = _seed("--if-empty", seed=2)

    assert _counts() == before
    assert "fed_admin" in out and demo.DEMO_PASSWORD in out


def test_if_empty_on_an_empty_database_seeds() -> None:
    _seed("--if-empty")

    assert Organization.objects.filter(kind=NodeKind.FEDERATION).exists()


def test_seeding_a_populated_database_is_refused() -> None:
    _seed()
    before = _counts()

    with pytest.raises(CommandError, match="--if-empty"):
        _seed(seed=2)
    assert _counts() == before


def test_a_failed_run_writes_nothing() -> None:
    User.objects.create_user("fed_admin", password="Someone-Else-2026")

    with pytest.raises(CommandError):
        _seed()

    assert Organization.objects.count() == 0
    assert LegalEntity.objects.count() == 0
    assert not User.objects.filter(username=demo.SYSTEM_USERNAME).exists()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_full_plan_aims_at_the_reports(seed: int) -> None:
    """The full-scale plan (in memory, without writing) lands on the 2020 and 2021 figures;
    the written data are checked against the selectors by hand (see the final report)."""
    planner = org_plan.Planner(random.Random(seed), org_data.FULL, date(2026, 11, 21))
    unions = planner.plan()

    oct_2020 = planner.figures(date(2020, 10, 31))
    nov_2021 = planner.figures(date(2021, 11, 30))
    assert oct_2020["standalone"] == 1169
    assert oct_2020["entities"] == 1797
    assert oct_2020["workers"] == 300_000
    assert nov_2021["unions"] == 1313
    assert nov_2021["workers"] == 257_200
    assert planner.new_workers(date(2021, 1, 1), date(2021, 11, 30)) == 47_307
    # the 2021 standalone unions directly under a station, by size on 30 November 2021
    cohort = [
        u
        for u in unions
        if date(2021, 1, 1) <= u.founded_on <= date(2021, 11, 30)
        and u.kind == UnionKind.STANDALONE
        and u.parent is None
    ]
    sizes = [
        sum(e.headcount for e in u.entities if e.covered_since <= date(2021, 11, 30)) >= 100
        for u in cohort
    ]
    assert (sizes.count(True), sizes.count(False)) == (17, 81)
    assert all(e.headcount > 0 for u in unions for e in u.entities)
    assert all(e.earlier is None or e.earlier > 0 for u in unions for e in u.entities)


def test_the_written_district_gives_the_plans_figures_for_past_days() -> None:
    """The records the services wrote (dated facts included) give, for past days, the
    figures the plan computes in memory: what the full scale relies on."""
    _seed()
    rng = demo.module_rng(1, "gonghui.organizations.demo")
    planner = org_plan.Planner(rng, org_data.SMALL, min(demo.DEMO_TODAY, timezone.localdate()))
    planner.plan()
    admin = User.objects.get(username=demo.SYSTEM_USERNAME)

    for day in (date(2015, 6, 30), date(2020, 10, 31), date(2021, 11, 30), date(2024, 1, 1)):
        planned = planner.figures(day)
        found = selectors.coverage(actor=admin, on=day)
        assert (found.unions, found.standalone, found.legal_entities, found.workers) == (
            planned["unions"],
            planned["standalone"],
            planned["entities"],
            planned["workers"],
        ), day
    new = selectors.new_unions(actor=admin, start=date(2021, 1, 1), end=date(2021, 11, 30))
    assert new.workers == planner.new_workers(date(2021, 1, 1), date(2021, 11, 30))


def test_the_output_tells_how_the_demo_member_signs_in() -> None:
    from gonghui.core import pii

    out = _seed()

    member = User.objects.get(username="member")
    assert member.phone and pii.display_phone(member.phone) in out
    assert "验证码打印在运行服务的终端中" in out
