"""The shared cross-union access test.

Every app lists its views and endpoints in ``<app>/tests/access.py`` as ``ACCESS_CASES``;
``core/tests/test_access.py`` runs each case four ways (anonymous, a user without the
role, a user with the role in another union, the right user) and fails when a URL
pattern of the project has no case.

The ``World`` holds two stations, a union under each, a legal entity in each, and users:
``fed_staff`` (whole district), ``fed_b_staff`` (the federation role, over station B only:
the outsider for federation-only actions), ``station_a_staff``, ``station_b_staff``,
``union_a_staff``, ``union_b_staff``, ``pii_a_staff`` (union A with the personal-data flag),
``member`` (no staff role) and ``fed_a_staff`` (the federation role over station A only: the
prober of federation-wide writes, see below).

Beyond who may open what, each case is also checked for side channels across scope:

- every write is sent by a user of union A's side (the *prober*) with the ids of union B's
  records in the request body (``foreign_ids`` and the field names of ``FOREIGN_ID_FIELDS``)
  and in the query string: the answer is a 404 or a refusal naming nothing of union B,
  and nothing is written;
- every listing declares ``hidden``, a text of union A's records the outsider must not see;
- OPTIONS and HEAD never answer 500, an outsider's HEAD on a record answers 404, and an
  API's OPTIONS answers the error shape or the allowed methods, never records;
- every answer to the other side (errors above all) is scanned for the names, numbers and
  phones of the records it may not see (``World.secrets``).
"""

import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.db import transaction
from django.db.models import Model
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
    # texts of each side's records ("a", "b") that the other side must never be shown
    secrets: dict[str, set[str]] = field(default_factory=lambda: {"a": set(), "b": set()})

    def user(self, key: str) -> User:
        return self.users[key]

    def hide(self, side: str, *texts: Any) -> None:
        """Texts of ``side``'s records (a name, a number, a phone) the other side must not
        see in any answer; a case's ``prepare`` or ``foreign_ids`` adds what it creates."""
        self.secrets[side].update(str(text) for text in texts if text)


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
        "fed_a_staff": make_user("fed_a_staff", Role.FEDERATION_STAFF, station_a),
    }
    for side, union, entity in (("a", union_a, entity_a), ("b", union_b, entity_b)):
        world.hide(side, union.name, union.chair_name, union.chair_phone)
        world.hide(side, entity.name, entity.credit_code)
    world.hide("a", "union_a_staff", "station_a_staff", "pii_a_staff", "fed_a_staff")
    world.hide("b", "union_b_staff", "station_b_staff", "fed_b_staff")
    return world


# Body fields that carry the id of a record, and union B's record each names by default;
# a case adds or overrides fields with ``foreign_ids``. Every write is also sent with all
# of these in its query string.
FOREIGN_ID_FIELDS: dict[str, Callable[[World], Any]] = {
    "union": lambda w: w.union_b.pk,
    "organization": lambda w: w.union_b.pk,
    "node": lambda w: w.union_b.pk,
    "into": lambda w: w.union_b.pk,
    "parent": lambda w: w.station_b.pk,
    "new_parent": lambda w: w.station_b.pk,
    "station": lambda w: w.station_b.pk,
    "employer": lambda w: w.entity_b.pk,
    "entity": lambda w: w.entity_b.pk,
    "user": lambda w: w.user("union_b_staff").pk,
    "mediators": lambda w: [w.user("union_b_staff").pk],
}


@dataclass(frozen=True)
class AccessCase:
    """How one view or endpoint must answer each kind of user.

    ``url`` builds the address from the world, pointing at union A's records; ``prepare``
    (optional) first adds the records the case needs to ``world.extra``.
    ``allowed`` succeeds with a status in ``success``; ``unprivileged`` holds no role that
    grants the action and gets 403; ``outsider`` holds the role elsewhere: for a page about
    one record it gets 404, for a list (``listing=True``) it gets 200 without ``hidden``
    (which every listing must declare). A page that shows no record at all (a blank
    template, the member's password form) says ``static=True``: the outsider gets 200.

    A write is also sent by ``prober`` (default: ``allowed``, or ``fed_a_staff`` when the
    allowed user reaches union B) with union B's ids in the body: ``foreign_ids`` maps a
    body field to a function returning the id (or list of ids) of union B's record, and
    is merged over ``FOREIGN_ID_FIELDS`` for the fields the body carries.
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
    foreign_ids: dict[str, Callable[[World], Any]] = field(default_factory=dict)
    prober: str = ""
    static: bool = False

    def __str__(self) -> str:
        return self.id or f"{self.name}-{self.method}"

    def __repr__(self) -> str:
        return f"AccessCase({self})"

    @property
    def writes(self) -> bool:
        return self.method in ("post", "put", "patch", "delete")


# requests sent by ``check_access``; ``test_access.py`` prints the total with ``-s``
REQUESTS = {"count": 0}


def _send(
    client: Client,
    case: AccessCase,
    world: World,
    *,
    method: str = "",
    query: str = "",
    data: Any = None,
) -> Any:
    REQUESTS["count"] += 1
    method = method or case.method
    if data is None:
        data = case.data(world) if case.data else {}
    url = case.url(world)
    if query:
        url += ("&" if "?" in url else "?") + query
    call = getattr(client, method)
    if method in ("options", "head"):
        return call(url)
    if case.api and method != "get":
        return call(url, data=data, content_type="application/json")
    return call(url, data=data)


def _request(client: Client, case: AccessCase, world: World) -> Any:
    return _send(client, case, world)


def response_text(response: Any) -> str:
    """What a person reading the answer would see: the page, the JSON with its characters
    unescaped, or the cells of a workbook."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    text = content.decode("utf-8", errors="replace")
    if "json" in kind and text:
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


def assert_names_nothing(response: Any, world: World, side: str, what: Any) -> None:
    """The answer shows none of ``side``'s secrets."""
    text = response_text(response)
    shown = sorted(secret for secret in world.secrets[side] if secret in text)
    assert not shown, (what, response.status_code, f"shows {side}'s", shown)


def check_access(case: AccessCase, world: World) -> None:
    assert not case.listing or case.hidden, (case, "a listing declares what it hides")
    assert not (case.listing and case.static), (case, "a listing shows records")
    if case.prepare:
        case.prepare(world)
    client = Client()

    anonymous = _request(client, case, world)
    if case.api:
        assert anonymous.status_code in (401, 403), (case, "anonymous", anonymous.status_code)
    else:
        assert anonymous.status_code == 302, (case, "anonymous", anonymous.status_code)
        assert case.anonymous_redirect in anonymous["Location"], case
    for side in ("a", "b"):
        assert_names_nothing(anonymous, world, side, (case, "anonymous"))

    client.force_login(world.user(case.unprivileged))
    refused = _request(client, case, world)
    assert refused.status_code == 403, (case, "unprivileged", refused.status_code)
    assert_names_nothing(refused, world, "b", (case, "unprivileged"))

    client.force_login(world.user(case.outsider))
    outside = _request(client, case, world)
    if case.listing:
        assert outside.status_code == 200, (case, "outsider", outside.status_code)
        assert case.hidden
        assert case.hidden(world) not in response_text(outside), (case, "outsider sees")
    elif case.static:
        assert outside.status_code == 200, (case, "outsider", outside.status_code)
    else:
        assert outside.status_code == 404, (case, "outsider", outside.status_code)
        assert_names_nothing(outside, world, "a", (case, "outsider"))
    check_other_methods(client, case, world, outsider=True)

    if case.writes:
        check_foreign_ids(case, world)

    client.force_login(world.user(case.allowed))
    allowed = _request(client, case, world)
    assert allowed.status_code in case.success, (case, "allowed", allowed.status_code)
    if case.listing and case.hidden and allowed.status_code == 200:
        assert case.hidden(world) in response_text(allowed), (case, "allowed does not see")
    check_other_methods(client, case, world, outsider=False)


# --- OPTIONS and HEAD --------------------------------------------------------------------

# what an API's OPTIONS may answer besides the error shape: its description, never rows
OPTIONS_KEYS = {"name", "description", "renders", "parses", "actions"}
ERROR_KEYS = {"code", "message", "fields"}


def check_other_methods(client: Client, case: AccessCase, world: World, *, outsider: bool) -> None:
    who = (case, "outsider" if outsider else "allowed")
    head = _send(client, case, world, method="head")
    assert head.status_code < 500, (who, "HEAD", head.status_code)
    if outsider and case.method == "get" and not (case.listing or case.static):
        assert head.status_code == 404, (who, "HEAD", head.status_code)
    options = _send(client, case, world, method="options")
    assert options.status_code < 500, (who, "OPTIONS", options.status_code)
    assert_names_nothing(options, world, "a" if outsider else "b", (who, "OPTIONS"))
    if case.api and options.content:
        body = json.loads(options.content)
        keys = set(body) if isinstance(body, dict) else set()
        if options.status_code >= 400:
            assert keys == ERROR_KEYS, (who, "OPTIONS error shape", body)
        else:
            assert keys <= OPTIONS_KEYS, (who, "OPTIONS answers data", sorted(keys))
    else:
        assert not options.content.strip() or options.status_code >= 300, (who, "OPTIONS body")


# --- ids of the other union in a write --------------------------------------------------


class _Undo(Exception):
    """Raised to roll a probe's savepoint back."""


def _footprint(world: World) -> tuple[int, ...]:
    """Rows of every model of the project (audit entries included)."""
    models: list[type[Model]] = [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("gonghui.")
        for model in config.get_models()
    ]
    return tuple(model._default_manager.count() for model in models)


def _b_writes(world: World) -> int:
    from gonghui.core.models import AuditEntry

    return AuditEntry.objects.filter(organization__path__startswith=world.station_b.path).count()


def prober_of(case: AccessCase, world: World) -> str:
    """Who sends union B's ids: the allowed user when union B lies outside all their
    assignments, else the federation role over station A only."""
    if case.prober:
        return case.prober
    user = world.user(case.allowed)
    reaches_b = user.is_superuser or any(
        world.station_b.path.startswith(a.organization.path)
        for a in Assignment.objects.filter(user=user).select_related("organization")
    )
    return "fed_a_staff" if reaches_b else case.allowed


def foreign_ids(case: AccessCase, world: World, data: dict[str, Any]) -> dict[str, Any]:
    """Union B's id for each id field of the body (declared, or a known field name)."""
    known = {key: FOREIGN_ID_FIELDS[key] for key in data if key in FOREIGN_ID_FIELDS}
    return {key: make(world) for key, make in {**known, **case.foreign_ids}.items()}


def _as_sent(case: AccessCase, value: Any) -> Any:
    if case.api:
        return value
    return [str(v) for v in value] if isinstance(value, list) else str(value)


def check_foreign_ids(case: AccessCase, world: World) -> None:
    """Union B's ids in the body: 404 or a refusal naming nothing of B, nothing written.
    In the query string: whatever the answer, nothing of B is written or named."""
    data = case.data(world) if case.data else {}
    ids = foreign_ids(case, world, data)
    client = Client()
    client.force_login(world.user(prober_of(case, world)))
    for key, value in ids.items():
        probe = {**data, key: _as_sent(case, value)}
        with _rolled_back():
            before = _footprint(world)
            answer = _send(client, case, world, data=probe)
            what = (case, "prober", key, answer.status_code)
            allowed = (400, 404) if case.api else (200, 400, 404)
            assert answer.status_code in allowed, what
            assert _footprint(world) == before, (what, "wrote")
            assert_names_nothing(answer, world, "b", what)
    query = {key: make(world) for key, make in FOREIGN_ID_FIELDS.items()}
    query.update({key: ids[key] for key in ids})
    with _rolled_back():
        before_b = _b_writes(world)
        answer = _send(client, case, world, query=urlencode(query, doseq=True))
        what = (case, "prober", "query string", answer.status_code)
        assert answer.status_code < 500, what
        assert _b_writes(world) == before_b, (what, "wrote to union B")
        assert_names_nothing(answer, world, "b", what)


@contextmanager
def _rolled_back() -> Iterator[None]:
    """Runs a probe in a savepoint rolled back afterwards, so the case's own request still
    finds the records as prepared."""
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass


def report_access_cases(name: str) -> list[AccessCase]:
    """The access cases of a report declared in the kit (``reports:<name>``, its workbook
    and ``api:reports:<name>``): a report reads the user's whole scope, so the outsider
    gets the page of its own scope (without station A's name), and 404 for a node outside
    it (the ``?node=`` cases)."""
    from django.urls import reverse

    return [
        AccessCase(
            name=f"reports:{name}",
            url=lambda w: reverse(f"reports:{name}"),
            allowed="station_a_staff",
            outsider="station_b_staff",
            listing=True,
            hidden=lambda w: w.station_a.name,
            id=f"reports:{name}-scope",
        ),
        AccessCase(
            name=f"reports:{name}",
            url=lambda w: reverse(f"reports:{name}") + f"?node={w.station_a.pk}",
            allowed="station_a_staff",
            outsider="station_b_staff",
        ),
        AccessCase(
            name=f"reports:{name}_export",
            url=lambda w: reverse(f"reports:{name}_export") + f"?node={w.union_a.pk}",
            allowed="union_a_staff",
            outsider="union_b_staff",
        ),
        AccessCase(
            name=f"api:reports:{name}",
            url=lambda w: reverse(f"api:reports:{name}") + f"?node={w.station_a.pk}",
            allowed="station_a_staff",
            outsider="station_b_staff",
            api=True,
        ),
    ]
