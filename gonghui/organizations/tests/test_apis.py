"""The organisation API: writes through services (400 with the field named and nothing
written on bad input), reads scoped, filtered and paginated, phones masked unless allowed."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import CREDIT_CODES, World, build_world, make_user
from gonghui.organizations import services
from gonghui.organizations.choices import UnionKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

pytestmark = pytest.mark.django_db

DAY = date(2022, 5, 1)
UNIONS = reverse("api:organizations:union-list")
ENTITIES = reverse("api:organizations:legal-entity-list")
COVERAGE = reverse("api:reports:coverage")
STATIONS = reverse("api:organizations:station-list")


def _url(name: str, pk: Any) -> str:
    return reverse(f"api:organizations:{name}", kwargs={"pk": pk})


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _send(client: Client, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def _counts() -> tuple[int, int, int]:
    return Organization.objects.count(), LegalEntity.objects.count(), AuditEntry.objects.count()


def _found(
    world: World, name: str, parent: Organization | None = None, **fields: Any
) -> Organization:
    fields.setdefault("union_kind", UnionKind.STANDALONE)
    fields.setdefault("founded_on", DAY)
    return services.union_found(
        actor=world.system, parent=parent or world.station_a, name=name, **fields
    )


def _new_union(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "parent": world.station_a.pk,
        "name": "丙公司工会",
        "union_kind": "standalone",
        "founded_on": "2024-05-01",
        "chair_name": "王五",
        "chair_phone": "138 0013 8000",
        **overrides,
    }


def _new_entity(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "union": world.union_a.pk,
        "name": "丙贸易有限公司",
        "credit_code": CREDIT_CODES[2],
        "headcount": 30,
        "industry": "F",
        "covered_since": "2024-05-01",
        **overrides,
    }


def _names(response: Any) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def _pii_views(user: Any) -> Any:
    return AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, actor=user)


# --- founding a union ----------------------------------------------------------------------


def test_station_staff_found_a_union_under_their_station() -> None:
    world = build_world()
    before = _counts()

    response = _send(_client(world, "station_a_staff"), "post", UNIONS, _new_union(world))

    assert response.status_code == 201
    body = response.json()
    union = Organization.objects.get(pk=body["id"])
    assert (union.name, union.station, union.parent) == (
        "丙公司工会",
        world.station_a,
        world.station_a,
    )
    assert union.chair_phone == "+8613800138000"
    assert body["station"]["id"] == world.station_a.pk
    assert body["chair_phone"] == "138****8000"  # no personal-data flag
    assert _counts() == (before[0] + 1, before[1], before[2] + 1)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(union.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"chair_phone": "12345"}, "chair_phone"),
        ({"contact_phone": "电话"}, "contact_phone"),
        ({"name": "甲公司工会"}, "name"),  # the name of union A, in the same station
        ({"direct_workers": -3}, "direct_workers"),
        ({"founded_on": "2999-01-01"}, "founded_on"),
        ({"founded_on": "yesterday"}, "founded_on"),
        ({"union_kind": "club"}, "union_kind"),
        ({"parent": "abc"}, "parent"),
        ({"name": ""}, "name"),
        ({"name": "工" * 121}, "name"),
        ({"direct_workers": 10**12}, "direct_workers"),
    ],
)
def test_bad_union_input_names_the_field_and_writes_nothing(
    overrides: dict[str, Any], field: str
) -> None:
    world = build_world()
    before = _counts()

    response = _send(
        _client(world, "station_a_staff"), "post", UNIONS, _new_union(world, **overrides)
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"], response.json()
    assert _counts() == before


def test_a_parent_out_of_scope_or_unknown_answers_404_naming_the_field() -> None:
    world = build_world()
    client = _client(world, "station_a_staff")
    before = _counts()

    elsewhere = _send(client, "post", UNIONS, _new_union(world, parent=world.station_b.pk))
    unknown = _send(client, "post", UNIONS, _new_union(world, parent=999_999))

    for response in (elsewhere, unknown):
        assert response.status_code == 404
        assert list(response.json()["fields"]) == ["parent"]
    assert elsewhere.json() == unknown.json()  # nothing tells the two apart
    assert _counts() == before


def test_union_staff_may_not_found_unions() -> None:
    world = build_world()

    response = _send(_client(world, "union_a_staff"), "post", UNIONS, _new_union(world))

    assert response.status_code == 403


# --- changing, moving, merging, dissolving -------------------------------------------------


def test_union_staff_change_their_union_and_phones_are_normalised() -> None:
    world = build_world()
    detail = _url("union-detail", world.union_a.pk)

    response = _send(
        _client(world, "union_a_staff"),
        "patch",
        detail,
        {"address": "新街 1 号", "contact_phone": "010-6512 3456"},
    )

    assert response.status_code == 200
    world.union_a.refresh_from_db()
    assert world.union_a.address == "新街 1 号"
    assert world.union_a.contact_phone == "+861065123456"
    assert world.union_a.name == "甲公司工会"  # fields not sent are kept
    assert "****" in response.json()["contact_phone"]


def test_a_bad_phone_on_change_writes_nothing() -> None:
    world = build_world()
    before = _counts()

    response = _send(
        _client(world, "union_a_staff"),
        "patch",
        _url("union-detail", world.union_a.pk),
        {"address": "新街 1 号", "chair_phone": "0000"},
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["chair_phone"]
    world.union_a.refresh_from_db()
    assert world.union_a.address == ""
    assert _counts() == before


def test_moving_a_joint_union_under_its_own_member_is_refused() -> None:
    world = build_world()
    joint = _found(world, "园区联合工会", union_kind=UnionKind.JOINT)
    member = _found(world, "园区丁公司工会", parent=joint)
    before = _counts()

    response = _send(
        _client(world, "fed_staff"),
        "post",
        _url("union-move", joint.pk),
        {"new_parent": member.pk},
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["new_parent"]
    joint.refresh_from_db()
    assert joint.parent == world.station_a
    assert _counts() == before


def test_federation_staff_move_a_union_to_another_station() -> None:
    world = build_world()

    response = _send(
        _client(world, "fed_staff"),
        "post",
        _url("union-move", world.union_a.pk),
        {"new_parent": world.station_b.pk},
    )

    assert response.status_code == 200
    assert response.json()["station"]["id"] == world.station_b.pk
    world.union_a.refresh_from_db()
    assert world.union_a.path.startswith(world.station_b.path)


def test_station_staff_do_not_hold_restructuring_at_all() -> None:
    world = build_world()
    client = _client(world, "station_a_staff")
    today = timezone.localdate().isoformat()

    answers = [
        _send(client, "post", _url("union-move", world.union_a.pk), {"new_parent": 1}),
        _send(client, "post", _url("union-merge", world.union_a.pk), {"into": 1, "on": today}),
        _send(client, "post", _url("union-dissolve", world.union_a.pk), {"on": today}),
    ]

    assert [a.status_code for a in answers] == [403, 403, 403]


def test_merging_moves_the_legal_entities_to_the_target() -> None:
    world = build_world()
    today = timezone.localdate()

    response = _send(
        _client(world, "fed_staff"),
        "post",
        _url("union-merge", world.union_a.pk),
        {"into": world.union_b.pk, "on": today.isoformat(), "reason": "企业重组"},
    )

    assert response.status_code == 200
    assert response.json()["status"] == UnionStatus.MERGED
    assert response.json()["merged_into"] == world.union_b.pk
    world.entity_a.refresh_from_db()
    assert world.entity_a.union == world.union_b


def test_dissolving_needs_a_reason() -> None:
    world = build_world()
    client = _client(world, "fed_staff")
    url = _url("union-dissolve", world.union_a.pk)
    today = timezone.localdate().isoformat()

    refused = _send(client, "post", url, {"on": today})
    done = _send(client, "post", url, {"on": today, "reason": "企业注销"})

    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["reason"]
    assert done.status_code == 200
    assert done.json()["status"] == UnionStatus.DISSOLVED


# --- legal entities ------------------------------------------------------------------------


def test_union_staff_attach_a_legal_entity_and_the_headcount_follows() -> None:
    world = build_world()
    before = _counts()

    response = _send(_client(world, "union_a_staff"), "post", ENTITIES, _new_entity(world))

    assert response.status_code == 201
    assert response.json()["union"]["id"] == world.union_a.pk
    world.union_a.refresh_from_db()
    assert world.union_a.headcount == 150
    assert _counts() == (before[0], before[1] + 1, before[2] + 1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"credit_code": "91110302MA01A0B01X"}, "credit_code"),  # wrong check character
        ({"credit_code": "123"}, "credit_code"),
        ({"credit_code": CREDIT_CODES[0]}, "credit_code"),  # entity A's
        ({"headcount": -1}, "headcount"),
        ({"headcount": "many"}, "headcount"),
        ({"industry": "Z"}, "industry"),
        ({"covered_since": "2024-13-01"}, "covered_since"),
        ({"union": 999_999}, "union"),  # unknown: 404 naming the field
    ],
)
def test_bad_entity_input_names_the_field_and_writes_nothing(
    overrides: dict[str, Any], field: str
) -> None:
    world = build_world()
    before = _counts()

    response = _send(
        _client(world, "union_a_staff"), "post", ENTITIES, _new_entity(world, **overrides)
    )

    assert response.status_code in (400, 404)
    assert field in response.json()["fields"], response.json()
    assert _counts() == before


def test_changing_an_entity_headcount_updates_its_union() -> None:
    world = build_world()

    response = _send(
        _client(world, "union_a_staff"),
        "patch",
        _url("legal-entity-detail", world.entity_a.pk),
        {"headcount": 80},
    )

    assert response.status_code == 200
    assert response.json()["headcount"] == 80
    world.union_a.refresh_from_db()
    assert (world.union_a.headcount, world.union_a.size_class) == (80, "small")


def test_entity_list_filters_by_union_and_credit_code() -> None:
    world = build_world()
    client = _client(world, "fed_staff")

    by_union = client.get(ENTITIES, {"union": world.union_b.pk})
    by_code = client.get(ENTITIES, {"q": CREDIT_CODES[0]})
    detail = client.get(_url("legal-entity-detail", world.entity_a.pk))

    assert _names(by_union) == [world.entity_b.name]
    assert _names(by_code) == [world.entity_a.name]
    assert detail.json()["credit_code"] == CREDIT_CODES[0]


# --- malformed requests never answer 500 ---------------------------------------------------

MALFORMED = [
    "{",
    "[]",
    "null",
    '"text"',
    "12",
    '{"parent": [], "name": {}, "union_kind": 1, "founded_on": 20240101}',
    '{"new_parent": "x", "into": -1, "on": "01/05/2024", "reason": ["a"]}',
    '{"union": 99999999999999999999999, "headcount": 1e40, "credit_code": null}',
    '{"new_parent": 9223372036854775807, "into": 9223372036854775807, "on": "2024-01-01"}',
    '{"address": "x", "name": null, "direct_workers": "1.5", "covered_since": true}',
]


def _write_endpoints(world: World) -> list[tuple[str, str]]:
    union, entity = world.union_a.pk, world.entity_a.pk
    return [
        ("post", UNIONS),
        ("patch", _url("union-detail", union)),
        ("post", _url("union-move", union)),
        ("post", _url("union-merge", union)),
        ("post", _url("union-dissolve", union)),
        ("post", ENTITIES),
        ("patch", _url("legal-entity-detail", entity)),
        ("patch", _url("union-detail", 9223372036854775807)),
        ("post", _url("union-move", 999_999)),
    ]


def test_malformed_bodies_answer_400_or_404_and_write_nothing() -> None:
    world = build_world()
    client = _client(world, "fed_staff")
    before = _counts()

    for method, url in _write_endpoints(world):
        for body in MALFORMED:
            response = getattr(client, method)(url, body, content_type="application/json")
            assert response.status_code in (400, 404), (method, url, body, response.status_code)
            assert set(response.json()) == {"code", "message", "fields"}
        unsupported = getattr(client, method)(url, "<x/>", content_type="application/xml")
        assert unsupported.status_code in (404, 415), (method, url)
    assert _counts() == before


def test_unknown_ids_in_the_path_answer_404() -> None:
    world = build_world()
    client = _client(world, "fed_staff")

    for url in (
        _url("union-detail", 999_999),
        _url("union-detail", 10**30),
        _url("legal-entity-detail", 2**63 - 1),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert client.get(_url("union-detail", world.station_a.pk)).status_code == 404  # not a union


# --- phones: masked unless allowed, audited when shown -------------------------------------


def test_phones_are_masked_for_staff_without_the_personal_data_flag() -> None:
    world = build_world()
    user = world.user("union_a_staff")

    response = _client(world, "union_a_staff").get(_url("union-detail", world.union_a.pk))

    assert response.json()["chair_phone"] == "138****5678"
    assert "13812345678" not in response.content.decode()
    assert not _pii_views(user).exists()


def test_phones_are_shown_to_staff_with_the_flag_and_the_view_is_audited() -> None:
    world = build_world()
    user = world.user("pii_a_staff")

    response = _client(world, "pii_a_staff").get(_url("union-detail", world.union_a.pk))

    assert response.json()["chair_phone"] == "13812345678"
    entry = _pii_views(user).get()
    assert (entry.object_id, entry.organization_id) == (str(world.union_a.pk), world.union_a.pk)
    assert "主席电话" in entry.message  # the field as the user reads it


def test_a_list_shown_unmasked_is_audited_in_one_statement() -> None:
    world = build_world()
    reader = make_user(
        "pii_station_a", Role.STATION_STAFF, world.station_a, can_view_personal_data=True
    )
    for n in range(3):
        _found(world, f"测试{n}工会", chair_phone=f"1390000000{n}")
    _found(world, "无电话工会")
    client = Client()
    client.force_login(reader)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(UNIONS)

    phones = {row["name"]: row["chair_phone"] for row in response.json()["results"]}
    assert phones["测试0工会"] == "13900000000"
    assert phones["甲公司工会"] == "13812345678"
    inserts = [q for q in queries if q["sql"].startswith("INSERT") and "audit" in q["sql"]]
    assert len(inserts) == 1
    shown = set(_pii_views(reader).values_list("object_repr", flat=True))
    assert shown == {"甲公司工会", "测试0工会", "测试1工会", "测试2工会"}  # not the one without


# --- listing: pages, filters, ordering, query count ---------------------------------------


def test_union_list_pages() -> None:
    world = build_world()
    for n in range(5):
        _found(world, f"第{n}工会")
    client = _client(world, "fed_staff")

    first = client.get(UNIONS, {"page_size": 3})
    last = client.get(UNIONS, {"page_size": 3, "page": 3})
    beyond = client.get(UNIONS, {"page_size": 3, "page": 9})

    assert first.json()["count"] == 7
    assert len(first.json()["results"]) == 3
    assert first.json()["next"] and first.json()["previous"] is None
    assert len(last.json()["results"]) == 1
    assert beyond.status_code == 404
    assert beyond.json()["code"] == "not_found"
    seen = _names(first) + _names(client.get(UNIONS, {"page_size": 3, "page": 2})) + _names(last)
    assert len(set(seen)) == 7


def test_union_list_filters_and_orders() -> None:
    world = build_world()
    joint = _found(world, "园区联合工会", union_kind=UnionKind.JOINT, founded_on=date(2023, 6, 1))
    client = _client(world, "fed_staff")

    def names(**query: Any) -> list[str]:
        response = client.get(UNIONS, query)
        assert response.status_code == 200, response.json()
        return _names(response)

    assert names(q="甲") == ["甲公司工会"]
    assert names(q=CREDIT_CODES[1]) == ["乙公司工会"]  # by a covered entity's credit code
    assert names(q="李四") == ["乙公司工会"]  # by chair
    assert names(union_kind="joint") == [joint.name]
    assert names(size_class="large") == ["甲公司工会"]
    assert names(station=world.station_b.pk) == ["乙公司工会"]
    assert names(founded_after="2023-01-01") == [joint.name]
    assert names(founded_before="2022-12-31", ordering="-headcount") == ["甲公司工会", "乙公司工会"]
    assert names(ordering="headcount") == [joint.name, "乙公司工会", "甲公司工会"]
    assert names(status="dissolved") == []


@pytest.mark.parametrize(
    "query",
    [
        {"status": "gone"},
        {"founded_after": "not-a-date"},
        {"station": "x"},
        {"station": "99999999999999999999999"},
        {"ordering": "path"},
        {"page_size": "abc", "union_kind": "club"},
    ],
)
def test_bad_filters_answer_400(query: dict[str, str]) -> None:
    world = build_world()

    response = _client(world, "fed_staff").get(UNIONS, query)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) & set(query)


def test_union_list_costs_the_same_queries_for_3_and_20_unions() -> None:
    world = build_world()
    reader = make_user(
        "pii_fed", Role.FEDERATION_STAFF, world.federation, can_view_personal_data=True
    )
    client = Client()
    client.force_login(reader)

    def queries_for(count: int) -> int:
        for n in range(Organization.objects.unions().count(), count):
            station = world.station_a if n % 2 else world.station_b
            _found(world, f"批量{n}工会", parent=station, chair_phone=f"1370000{n:04d}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(UNIONS)
        assert response.json()["count"] == count
        assert len(_pii_views(reader).filter(time__gte=queries_start)) >= count
        return len(queries)

    queries_start = timezone.now()
    few, many = queries_for(3), queries_for(20)

    assert few == many
    assert few <= 8


# --- stations and coverage -----------------------------------------------------------------


def test_station_list_counts_active_unions_and_workers() -> None:
    world = build_world()

    response = _client(world, "station_a_staff").get(STATIONS)

    assert response.json()["results"] == [
        {
            "id": world.station_a.pk,
            "code": world.station_a.code,
            "name": world.station_a.name,
            "unions": 1,
            "workers": 120,
        }
    ]


def test_coverage_of_the_scope_and_of_a_node() -> None:
    world = build_world()
    client = _client(world, "fed_staff")

    whole = client.get(COVERAGE).json()
    node = client.get(
        COVERAGE, {"node": str(world.union_a.pk), "start": "2021-01-01", "end": "2021-12-31"}
    )
    figures = _figures(whole)
    node_figures = _figures(node.json())
    node_kinds = {row[0]: row[1] for row in node.json()["tables"][0]["rows"]}

    assert whole["node"] is None
    assert figures["unions"] == 2
    assert figures["legal_entities"] == 2
    assert figures["workers"] == 160
    assert node.json()["node"]["id"] == world.union_a.pk
    assert node_figures["unions"] == 1
    assert node_figures["new_total"] == 1
    assert node_kinds["单独建会：百人以上"] == 1


def _figures(answer: dict[str, Any]) -> dict[str, Any]:
    return {figure["key"]: figure["value"] for figure in answer["figures"]}


def test_coverage_refuses_a_reversed_period_and_a_node_out_of_scope() -> None:
    world = build_world()
    client = _client(world, "union_b_staff")
    today = timezone.localdate()

    reversed_period = client.get(
        COVERAGE, {"start": today.isoformat(), "end": (today - timedelta(days=1)).isoformat()}
    )
    elsewhere = client.get(COVERAGE, {"node": world.union_a.pk})
    bad_date = client.get(COVERAGE, {"end": "2024-02-30"})

    assert reversed_period.status_code == 400
    assert list(reversed_period.json()["fields"]) == ["end"]
    assert elsewhere.status_code == 404
    assert list(elsewhere.json()["fields"]) == ["node"]
    assert bad_date.status_code == 400
    assert list(bad_date.json()["fields"]) == ["end"]
