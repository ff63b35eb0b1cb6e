from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import CREDIT_CODES, World, build_world
from gonghui.organizations import services, views
from gonghui.organizations.choices import UnionKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

pytestmark = pytest.mark.django_db

DAY = date(2022, 5, 1)
TREE = reverse("organizations:tree")


def _found(
    world: World, name: str, parent: Organization | None = None, **fields: Any
) -> Organization:
    fields.setdefault("union_kind", UnionKind.STANDALONE)
    fields.setdefault("founded_on", DAY)
    return services.union_found(
        actor=world.system, parent=parent or world.station_a, name=name, **fields
    )


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _listed(response: Any) -> list[str]:
    return [union.name for union in response.context["object_list"]]


def _counts() -> tuple[int, int, int]:
    return Organization.objects.count(), LegalEntity.objects.count(), AuditEntry.objects.count()


# --- the union list --------------------------------------------------------------------


def test_list_searches_name_chair_and_entity_credit_code() -> None:
    world = build_world()
    _found(world, "丙公司工会", chair_name="王五")
    client = _client(world, "fed_staff")

    by_name = client.get(TREE, {"q": "丙公司"})
    by_chair = client.get(TREE, {"q": "王五"})
    by_credit_code = client.get(TREE, {"q": CREDIT_CODES[1]})

    assert _listed(by_name) == ["丙公司工会"]
    assert _listed(by_chair) == ["丙公司工会"]
    assert _listed(by_credit_code) == ["乙公司工会"]


def test_list_filters_by_station_kind_and_status() -> None:
    world = build_world()
    joint = _found(world, "甲园区联合会", union_kind=UnionKind.JOINT)
    gone = _found(world, "丁公司工会")
    services.union_dissolve(actor=world.system, union=gone, on=DAY, reason="企业注销")
    client = _client(world, "fed_staff")

    station_b = client.get(TREE, {"station": world.station_b.pk})
    joints = client.get(TREE, {"union_kind": UnionKind.JOINT})
    dissolved = client.get(TREE, {"status": UnionStatus.DISSOLVED})

    assert _listed(station_b) == ["乙公司工会"]
    assert _listed(joints) == [joint.name]
    assert _listed(dissolved) == ["丁公司工会"]


def test_list_ignores_a_station_outside_the_scope() -> None:
    world = build_world()
    client = _client(world, "station_a_staff")

    response = client.get(TREE, {"station": world.station_b.pk})

    assert response.status_code == 200
    assert _listed(response) == ["甲公司工会"]


def test_list_sorts_by_a_header_both_ways() -> None:
    world = build_world()  # A covers 120 workers, B 40
    client = _client(world, "fed_staff")

    ascending = client.get(TREE, {"sort": "headcount"})
    descending = client.get(TREE, {"sort": "-headcount"})
    unknown = client.get(TREE, {"sort": "chair_phone"})

    assert _listed(ascending) == ["乙公司工会", "甲公司工会"]
    assert _listed(descending) == ["甲公司工会", "乙公司工会"]
    assert unknown.context["current_sort"] == "name"


def test_list_paginates_keeping_the_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    world = build_world()
    for number in range(3):
        _found(world, f"测试{number}号工会")
    monkeypatch.setattr(views.UnionTreeView, "paginate_by", 2)
    client = _client(world, "fed_staff")

    first = client.get(TREE, {"q": "测试", "sort": "name"})
    second = client.get(TREE, {"q": "测试", "sort": "name", "page": "2"})

    assert _listed(first) == ["测试0号工会", "测试1号工会"]
    assert _listed(second) == ["测试2号工会"]
    assert "q=%E6%B5%8B%E8%AF%95&amp;sort=name&amp;page=2" in first.content.decode()


def test_list_shows_the_member_unions_of_a_joint_union() -> None:
    world = build_world()
    joint = _found(world, "甲园区联合会", union_kind=UnionKind.JOINT)
    _found(world, "小微企业工会", parent=joint)
    client = _client(world, "station_a_staff")

    response = client.get(TREE, {"union_kind": UnionKind.JOINT})

    (row,) = response.context["object_list"]
    assert [member.name for member in row.member_unions] == ["小微企业工会"]
    assert "小微企业工会" in response.content.decode()


def test_list_runs_the_same_queries_for_5_and_30_unions() -> None:
    world = build_world()
    client = _client(world, "fed_staff")
    joint = _found(world, "园区联合会", union_kind=UnionKind.JOINT)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(TREE).status_code == 200
        return len(captured)

    for number in range(2):
        _found(world, f"成员{number}号工会", parent=joint)
    with_5 = queries()
    for number in range(25):
        _found(world, f"企业{number}号工会", parent=world.station_b if number % 2 else joint)
    with_30 = queries()

    assert Organization.objects.filter(kind="union").count() == 30
    assert with_5 == with_30


# --- the union page --------------------------------------------------------------------


def _detail(world: World) -> str:
    return reverse("organizations:union_detail", args=[world.union_a.pk])


def _pii_views(world: World) -> Any:
    return AuditEntry.objects.filter(
        action=AuditAction.VIEW_PERSONAL_DATA, object_id=str(world.union_a.pk)
    )


def test_detail_masks_the_chair_phone_without_the_personal_data_flag() -> None:
    world = build_world()

    page = _client(world, "union_a_staff").get(_detail(world)).content.decode()

    assert "138****5678" in page
    assert "13812345678" not in page
    assert not _pii_views(world).exists()


def test_detail_shows_the_chair_phone_with_the_flag_and_audits_it() -> None:
    world = build_world()

    page = _client(world, "pii_a_staff").get(_detail(world)).content.decode()

    assert "13812345678" in page
    (entry,) = _pii_views(world)
    assert entry.actor == world.user("pii_a_staff")
    assert "主席电话" in entry.message  # the field as the user reads it


def test_detail_shows_entities_and_history_to_a_station_and_no_history_to_a_union() -> None:
    world = build_world()
    services.union_update(actor=world.system, union=world.union_a, chair_name="张三丰")

    station = _client(world, "station_a_staff").get(_detail(world))
    union = _client(world, "union_a_staff").get(_detail(world))

    assert world.entity_a.credit_code in station.content.decode()
    history = station.context["history"]
    assert history[0].changes == [("工会主席", "张三", "张三丰")]
    assert {row.entry.object_repr for row in history} == {"甲公司工会", "甲科技有限公司"}
    assert union.context["history"] is None
    assert "变更记录" not in union.content.decode()


def test_history_masks_phones_and_names_the_nodes() -> None:
    world = build_world()
    services.union_update(actor=world.system, union=world.union_a, chair_phone="13900001111")
    services.union_move(actor=world.system, union=world.union_a, new_parent=world.station_b)

    response = _client(world, "fed_staff").get(_detail(world))

    moved, phoned = response.context["history"][:2]
    assert ("上级组织", "第一服务站", "第二服务站") in moved.changes
    assert phoned.changes == [("主席电话", "（已隐藏）", "（已隐藏）")]
    assert "13900001111" not in response.content.decode()


def test_detail_offers_restructuring_only_to_those_who_may() -> None:
    world = build_world()
    move = reverse("organizations:union_move", args=[world.union_a.pk])

    federation = _client(world, "fed_staff").get(_detail(world)).content.decode()
    station = _client(world, "station_a_staff").get(_detail(world)).content.decode()

    assert move in federation
    assert move not in station
    assert reverse("organizations:union_edit", args=[world.union_a.pk]) in station


# --- forms -----------------------------------------------------------------------------

CREATE = reverse("organizations:union_create")


def _found_data(world: World, **changes: Any) -> dict[str, Any]:
    data = {
        "parent": world.station_a.pk,
        "name": "丙公司工会",
        "union_kind": UnionKind.STANDALONE,
        "founded_on": "2024-05-01",
        "chair_name": "王五",
        "chair_phone": "13700001111",
        "address": "科创街1号",
    }
    return {**data, **changes}


def test_create_founds_the_union_and_goes_to_its_page() -> None:
    world = build_world()

    response = _client(world, "station_a_staff").post(CREATE, _found_data(world))

    union = Organization.objects.get(name="丙公司工会")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:union_detail", args=[union.pk])
    assert (union.station, union.chair_phone) == (world.station_a, "+8613700001111")


def test_create_with_a_bad_phone_names_the_field_keeps_the_input_and_writes_nothing() -> None:
    world = build_world()
    before = _counts()

    response = _client(world, "station_a_staff").post(
        CREATE, _found_data(world, chair_phone="12345")
    )

    assert response.status_code == 200
    assert "电话号码" in response.context["form"].errors["chair_phone"][0]
    page = response.content.decode()
    assert "主席电话</a>：电话号码" in page
    assert 'value="丙公司工会"' in page and 'value="科创街1号"' in page
    assert _counts() == before


def test_create_with_a_name_taken_in_the_station_is_refused_on_the_name_field() -> None:
    world = build_world()
    before = _counts()

    response = _client(world, "station_a_staff").post(
        CREATE, _found_data(world, name=world.union_a.name)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["同一服务站内已有同名工会"]
    assert _counts() == before


def test_create_refuses_a_parent_outside_the_scope_as_an_invalid_choice() -> None:
    world = build_world()
    before = _counts()

    response = _client(world, "station_a_staff").post(
        CREATE, _found_data(world, parent=world.station_b.pk)
    )

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert _counts() == before


def test_create_under_a_joint_union_preselects_it() -> None:
    world = build_world()
    joint = _found(world, "甲园区联合会", union_kind=UnionKind.JOINT)

    response = _client(world, "station_a_staff").get(CREATE, {"parent": joint.pk})

    form = response.context["form"]
    assert form.initial["parent"] == joint.pk
    assert set(form.fields["parent"].queryset) == {world.station_a, joint}


def test_edit_leaves_a_hidden_phone_unchanged_when_left_empty() -> None:
    world = build_world()
    url = reverse("organizations:union_edit", args=[world.union_a.pk])
    client = _client(world, "union_a_staff")

    page = client.get(url).content.decode()
    response = client.post(
        url, {"name": "甲公司工会", "founded_on": "2021-03-01", "chair_name": "张三丰"}
    )

    assert "13812345678" not in page and "138****5678" in page
    assert response.status_code == 302
    world.union_a.refresh_from_db()
    assert (world.union_a.chair_name, world.union_a.chair_phone) == ("张三丰", "+8613812345678")


def test_edit_shows_the_phone_to_the_flag_holder_and_audits_it() -> None:
    world = build_world()
    url = reverse("organizations:union_edit", args=[world.union_a.pk])

    response = _client(world, "pii_a_staff").get(url)

    assert response.context["form"].initial["chair_phone"] == "13812345678"
    assert _pii_views(world).get().actor == world.user("pii_a_staff")


def test_dissolving_a_joint_union_with_members_shows_the_reason_on_the_form() -> None:
    world = build_world()
    joint = _found(world, "甲园区联合会", union_kind=UnionKind.JOINT)
    _found(world, "小微企业工会", parent=joint)
    url = reverse("organizations:union_dissolve", args=[joint.pk])

    response = _client(world, "fed_staff").post(url, {"on": "2024-01-01", "reason": "撤并"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["该联合会仍有成员工会，请先迁移或合并"]
    joint.refresh_from_db()
    assert joint.status == UnionStatus.ACTIVE


def test_attach_with_a_bad_credit_code_names_the_field() -> None:
    world = build_world()
    url = reverse("organizations:entity_attach", args=[world.union_a.pk])
    before = _counts()

    response = _client(world, "union_a_staff").post(
        url,
        {
            "name": "丙贸易有限公司",
            "credit_code": "91110302MA01E4F05X",
            "headcount": "30",
            "industry": "F",
            "covered_since": "2024-01-01",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == ["统一社会信用代码校验位不正确"]
    assert _counts() == before


def test_merge_moves_the_entities_and_goes_back_to_the_union() -> None:
    world = build_world()
    url = reverse("organizations:union_merge", args=[world.union_a.pk])

    response = _client(world, "fed_staff").post(
        url, {"into": world.union_b.pk, "on": "2024-06-30", "reason": "企业重组"}
    )

    assert response.status_code == 302
    world.entity_a.refresh_from_db()
    world.union_a.refresh_from_db()
    assert world.entity_a.union == world.union_b
    assert (world.union_a.status, world.union_a.merged_into) == (UnionStatus.MERGED, world.union_b)


# --- coverage --------------------------------------------------------------------------

COVERAGE = reverse("reports:coverage")


def test_coverage_counts_the_scope_and_a_chosen_subtree() -> None:
    world = build_world()
    _found(world, "丙公司工会", founded_on=date(2024, 3, 1))
    _found(world, "丁公司工会", founded_on=date(2023, 3, 1))
    client = _client(world, "fed_staff")
    period: dict[str, Any] = {"start": "2024-01-01", "end": "2024-12-31"}

    whole = client.get(COVERAGE, period).context["figures"]
    station_b = client.get(COVERAGE, {**period, "node": world.station_b.pk}).context["figures"]

    assert (whole.coverage.unions, whole.coverage.workers) == (4, 160)
    assert whole.new.total == 1
    assert whole.new.previous_total == 1
    assert whole.new.growth_percent == 0
    assert (station_b.coverage.unions, station_b.coverage.workers) == (1, 40)


def test_coverage_of_a_node_outside_the_scope_is_not_found() -> None:
    world = build_world()

    response = _client(world, "station_a_staff").get(COVERAGE, {"node": world.station_b.pk})

    assert response.status_code == 404


def test_coverage_shows_the_error_of_a_reversed_period_and_uses_the_default() -> None:
    world = build_world()

    response = _client(world, "fed_staff").get(
        COVERAGE, {"start": "2024-12-31", "end": "2024-01-01"}
    )

    assert response.status_code == 200
    assert response.context["filter_form"].errors["end"] == ["截止日不能早于起始日"]
    assert response.context["figures"].new.start == date(timezone.localdate().year, 1, 1)
