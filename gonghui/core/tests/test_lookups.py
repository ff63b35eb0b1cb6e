"""Type-ahead choices: the scoped lookups (core.lookups) and the widget that works with and
without JavaScript (core.forms.TypeaheadSelect on NodeChoiceField)."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import ORG_CHANGE
from gonghui.core.lookups import LIMIT, lookup
from gonghui.core.testing import World, build_world
from gonghui.organizations import services as org_services
from gonghui.organizations.forms import LegalEntityMoveForm
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _labels(world: World, who: str, kind: str, text: str = "", action: str = "") -> list[str]:
    rows = lookup(actor=world.user(who), kind=kind, text=text, action=action)
    return [row["label"] for row in rows]


def test_a_lookup_offers_only_the_actors_scope(world: World) -> None:
    assert any(world.union_a.name in label for label in _labels(world, "fed_staff", "union"))
    mine = _labels(world, "union_a_staff", "union")
    assert any(world.union_a.name in label for label in mine)
    assert not any(world.union_b.name in label for label in mine)
    assert _labels(world, "union_b_staff", "union", world.union_a.name) == []


def test_a_lookup_searches_by_name_or_code_and_is_capped(world: World) -> None:
    station, founded = world.union_a.station, world.union_a.founded_on
    assert station is not None and founded is not None
    for n in range(LIMIT + 5):
        org_services.union_found(
            actor=world.system,
            parent=station,
            name=f"查找测试工会{n:02d}",
            union_kind="standalone",
            founded_on=founded,
        )
    found = _labels(world, "fed_staff", "union", "查找测试")
    assert len(found) == LIMIT and all("查找测试工会" in label for label in found)
    code = world.union_a.code
    assert any(world.union_a.name in label for label in _labels(world, "fed_staff", "union", code))
    entity = world.entity_a
    assert _labels(world, "union_a_staff", "entity", entity.credit_code[:8]) == [
        f"{entity.name}（{entity.credit_code}）"
    ]


def test_the_endpoint_answers_json_and_refuses_an_action_held_nowhere(world: World) -> None:
    client = Client()
    client.force_login(world.user("union_a_staff"))
    url = reverse("core:lookup", args=["union"])

    response = client.get(url, {"q": world.union_a.name})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.union_a.pk]
    assert client.get(url, {"action": "disputes.manage"}).status_code == 403
    assert client.get(reverse("core:lookup", args=["nothing"])).status_code == 404


def test_the_widget_is_an_id_input_with_the_chosen_name_and_no_option_list(
    world: World,
) -> None:
    actor = world.user("fed_staff")
    form = LegalEntityMoveForm(
        data={"union": str(world.union_b.pk)}, actor=actor, entity=world.entity_a
    )

    html = str(form["union"])

    assert "<option" not in html and "<select" not in html
    assert f'value="{world.union_b.pk}"' in html and world.union_b.name in html
    assert (
        f'data-typeahead-url="{reverse("core:lookup", args=["union"])}?action={ORG_CHANGE}"' in html
    )
    assert form.is_valid() and form.cleaned_data["union"] == world.union_b


@pytest.mark.parametrize("sent", ["not-a-number", "999999", "OUTSIDE"])
def test_an_id_outside_the_choices_gets_the_one_answer(world: World, sent: Any) -> None:
    if sent == "OUTSIDE":
        sent = str(world.union_b.pk)
    form = LegalEntityMoveForm(
        data={"union": sent}, actor=world.user("union_a_staff"), entity=world.entity_a
    )
    assert not form.is_valid()
    assert form.errors["union"] == ["未找到该记录，或不在您的管理范围内"]
    assert Organization.objects.filter(pk=world.union_a.pk).exists()


def test_the_person_lookup_finds_workers_in_scope_by_name_without_personal_data(
    world: World,
) -> None:
    from gonghui.members.tests.access_staff import enrol

    mine = enrol(world, name="赵查找")
    enrol(world, name="赵外会", employer=world.entity_b)

    found = lookup(actor=world.user("union_a_staff"), kind="person", text="赵")

    assert [row["id"] for row in found] == [mine.person.pk]
    assert mine.person.id_number not in found[0]["label"]
    assert mine.person.phone not in found[0]["label"]
