"""The shared cross-union access test.

Every app lists its views and endpoints in ``<app>/tests/access.py`` as ``ACCESS_CASES``;
``core/tests/test_access.py`` runs each case four ways (anonymous, a user without the
role, a user with the role in another union, the right user) and fails when a URL
pattern of the project has no case.

The ``World`` holds two stations, a union under each, a legal entity in each, and users:
``fed_staff`` (whole district), ``fed_b_staff`` (the federation role, over station B only:
the outsider for federation-only actions), ``station_a_staff``, ``station_b_staff``,
``union_a_staff``, ``union_b_staff``, ``pii_a_staff`` (union A with the personal-data flag),
and ``member`` (no staff role).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.test import Client

from gonghui.accounts.models import Assignment, User
from gonghui.accounts.roles import Role
from gonghui.organizations import services as org_services
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.models import LegalEntity, Organization

PASSWORD = "Gonghui-Test-2026"  # noqa: S105

# Valid unified social credit codes for test entities.
CREDIT_CODES = [
    "91110302MA01A0B01F",
    "91110302MA01C2D03Y",
    "91110302MA01E4F05E",
    "91110302MA01G6H07X",
]


@dataclass
class World:
    system: User
    federation: Organization
    station_a: Organization
    station_b: Organization
    union_a: Organization
    union_b: Organization
    entity_a: LegalEntity
    entity_b: LegalEntity
    users: dict[str, User] = field(default_factory=dict)
    # records an app's cases add with ``AccessCase.prepare`` (an application, a member...)
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, key: str) -> User:
        return self.users[key]


def make_user(username: str, role: str | None, node: Organization | None, **extra: Any) -> User:
    pii = extra.pop("can_view_personal_data", False)
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if role and node:
        Assignment.objects.create(
            user=user, organization=node, role=role, can_view_personal_data=pii
        )
    return user


def build_world() -> World:
    system = User.objects.create_superuser("system", password=PASSWORD)
    federation = org_services.federation_create(actor=system, name="测试区总工会")
    station_a = org_services.station_create(actor=system, federation=federation, name="第一服务站")
    station_b = org_services.station_create(actor=system, federation=federation, name="第二服务站")
    founded = date(2021, 3, 1)
    union_a = org_services.union_found(
        actor=system,
        parent=station_a,
        name="甲公司工会",
        union_kind=UnionKind.STANDALONE,
        founded_on=founded,
        chair_name="张三",
        chair_phone="13812345678",
    )
    union_b = org_services.union_found(
        actor=system,
        parent=station_b,
        name="乙公司工会",
        union_kind=UnionKind.STANDALONE,
        founded_on=founded,
        chair_name="李四",
        chair_phone="13987654321",
    )
    entity_a = org_services.legal_entity_attach(
        actor=system,
        union=union_a,
        name="甲科技有限公司",
        credit_code=CREDIT_CODES[0],
        headcount=120,
        industry="C",
        covered_since=founded,
    )
    entity_b = org_services.legal_entity_attach(
        actor=system,
        union=union_b,
        name="乙物流有限公司",
        credit_code=CREDIT_CODES[1],
        headcount=40,
        industry="G",
        covered_since=founded,
    )
    world = World(system, federation, station_a, station_b, union_a, union_b, entity_a, entity_b)
    world.users = {
        "fed_staff": make_user("fed_staff", Role.FEDERATION_STAFF, federation),
        "station_a_staff": make_user("station_a_staff", Role.STATION_STAFF, station_a),
        "union_a_staff": make_user("union_a_staff", Role.UNION_STAFF, union_a),
        "union_b_staff": make_user("union_b_staff", Role.UNION_STAFF, union_b),
        "station_b_staff": make_user("station_b_staff", Role.STATION_STAFF, station_b),
        # holds the federation-only actions (restructuring), but over station B only
        "fed_b_staff": make_user("fed_b_staff", Role.FEDERATION_STAFF, station_b),
        "pii_a_staff": make_user(
            "pii_a_staff", Role.UNION_STAFF, union_a, can_view_personal_data=True
        ),
        "member": make_user("member", Role.MEMBER, union_a),
    }
    return world


@dataclass(frozen=True)
class AccessCase:
    """How one view or endpoint must answer each kind of user.

    ``url`` builds the address from the world, pointing at union A's records; ``prepare``
    (optional) first adds the records the case needs to ``world.extra``.
    ``allowed`` succeeds with a status in ``success``; ``unprivileged`` holds no role that
    grants the action and gets 403; ``outsider`` holds the role elsewhere: for a page about
    one record it gets 404, for a list (``listing=True``) it gets 200 without ``hidden``.
    """

    name: str
    url: Callable[[World], str]
    allowed: str = "fed_staff"
    outsider: str = "union_b_staff"
    unprivileged: str = "member"
    method: str = "get"
    data: Callable[[World], dict[str, Any]] | None = None
    success: tuple[int, ...] = (200,)
    api: bool = False
    listing: bool = False
    hidden: Callable[[World], str] | None = None
    prepare: Callable[[World], None] | None = None
    anonymous_redirect: str = "/accounts/login/"
    id: str = ""

    def __str__(self) -> str:
        return self.id or f"{self.name}-{self.method}"


def _request(client: Client, case: AccessCase, world: World) -> Any:
    data = case.data(world) if case.data else {}
    call = getattr(client, case.method)
    if case.api and case.method != "get":
        return call(case.url(world), data=data, content_type="application/json")
    return call(case.url(world), data=data)


def check_access(case: AccessCase, world: World) -> None:
    if case.prepare:
        case.prepare(world)
    client = Client()

    anonymous = _request(client, case, world)
    if case.api:
        assert anonymous.status_code in (401, 403), (case, "anonymous", anonymous.status_code)
    else:
        assert anonymous.status_code == 302, (case, "anonymous", anonymous.status_code)
        assert case.anonymous_redirect in anonymous["Location"], case

    client.force_login(world.user(case.unprivileged))
    refused = _request(client, case, world)
    assert refused.status_code == 403, (case, "unprivileged", refused.status_code)

    client.force_login(world.user(case.outsider))
    outside = _request(client, case, world)
    if case.listing:
        assert outside.status_code == 200, (case, "outsider", outside.status_code)
        if case.hidden:
            assert case.hidden(world) not in outside.content.decode(), (case, "outsider sees")
    else:
        assert outside.status_code == 404, (case, "outsider", outside.status_code)

    client.force_login(world.user(case.allowed))
    allowed = _request(client, case, world)
    assert allowed.status_code in case.success, (case, "allowed", allowed.status_code)
    if case.listing and case.hidden:
        assert case.hidden(world) in allowed.content.decode(), (case, "allowed does not see")
