"""The legal-aid tiles: each count equals the list its link opens, for the station that
receives, the federation that decides and the lawyer who acts."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.core import workbench
from gonghui.core.testing import World, build_world
from gonghui.legalaid.tests.fixtures import accepted, acting, application, eligibility_rules, lawyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    eligibility_rules(world)
    today = timezone.localdate()
    application(world, received_on=today)
    application(world, name="逾期者", received_on=today - timedelta(days=30))
    accepted(world, application(world, name="待指派", received_on=today - timedelta(days=2)))
    acting(
        world,
        lawyer(world),
        application(world, name="承办中", received_on=today - timedelta(days=3)),
    )
    return world


def _rows(client: Client, url: str) -> int:
    page = client.get(url).content.decode()
    return len(re.findall(r'href="/legalaid/cases/\d+/"', page))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("station_a_staff", {"legalaid_received": 2, "legalaid_overdue": 1}),
        ("fed_staff", {"legalaid_received": 2, "legalaid_overdue": 1, "legalaid_accepted": 1}),
        ("lawyer", {"legalaid_mine": 1}),
    ],
)
def test_each_tile_counts_what_its_list_shows(
    world: World, who: str, expected: dict[str, int]
) -> None:
    user = world.user(who)
    client = Client()
    client.force_login(user)
    counts = {
        c.tile.key: c for c in workbench.counts_for(user) if c.tile.key.startswith("legalaid")
    }

    assert {key: c.value for key, c in counts.items()} == expected
    for count in counts.values():
        assert _rows(client, count.url) == count.value, count.tile.key
