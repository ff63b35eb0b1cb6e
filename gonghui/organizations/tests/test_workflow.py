"""A union's status through the workflow engine: merge and dissolve are its steps; the
page, the API detail and the history come from the engine."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import timeline
from gonghui.organizations import services

pytestmark = pytest.mark.django_db


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _detail(world: World, user: str, pk: int) -> dict:  # type: ignore[type-arg]
    url = reverse("api:organizations:union-detail", kwargs={"pk": pk})
    return _client(world, user).get(url).json()  # type: ignore[no-any-return]


def test_the_api_detail_offers_merge_and_dissolve_to_restructurers_only() -> None:
    world = build_world()

    assert [a["step"] for a in _detail(world, "fed_staff", world.union_a.pk)["actions"]] == [
        "merge",
        "dissolve",
    ]
    assert _detail(world, "union_a_staff", world.union_a.pk)["actions"] == []


def test_a_dissolved_union_offers_nothing_and_shows_the_step_in_its_timeline() -> None:
    world = build_world()
    today = timezone.localdate()
    services.union_dissolve(
        actor=world.user("fed_staff"), union=world.union_a, on=today, reason="企业注销"
    )

    body = _detail(world, "fed_staff", world.union_a.pk)

    assert body["actions"] == []
    assert [(e["step"], e["from_state"], e["to_state"], e["note"]) for e in body["timeline"]] == [
        ("dissolve", "active", "dissolved", "企业注销")
    ]


def test_merging_a_merged_union_again_is_refused_with_the_unions_message() -> None:
    world = build_world()
    today = timezone.localdate()
    fed = world.user("fed_staff")
    services.union_merge(actor=fed, union=world.union_a, into=world.union_b, on=today)

    with pytest.raises(ValidationError) as refused:
        services.union_dissolve(actor=fed, union=world.union_a, on=today, reason="重复")

    assert refused.value.message_dict == {"status": ["该工会已合并或撤销"]}
    assert [e.step for e in timeline(world.union_a)] == ["merge"]


def test_merging_outside_the_scope_is_out_of_scope() -> None:
    world = build_world()

    with pytest.raises(OutOfScope):
        services.union_merge(
            actor=world.user("station_b_staff"),
            union=world.union_a,
            into=world.union_b,
            on=timezone.localdate(),
        )


def test_the_union_page_links_the_steps_the_user_may_take() -> None:
    world = build_world()
    url = reverse("organizations:union_detail", args=[world.union_a.pk])

    page = _client(world, "fed_staff").get(url).content.decode()
    own = _client(world, "union_a_staff").get(url).content.decode()

    merge = reverse("organizations:union_merge", args=[world.union_a.pk])
    assert merge in page
    assert merge not in own
