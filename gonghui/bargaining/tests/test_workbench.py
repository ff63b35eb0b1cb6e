"""The bargaining tiles: each count equals the list its link opens, for the union and
for another union that sees none of it."""

import re
from datetime import date

import pytest
from django.test import Client

from gonghui.bargaining.choices import Side
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.services import proposals
from gonghui.bargaining.tests import fixtures as f
from gonghui.core import workbench
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    offered = f.contract(world)  # offered long ago: past its 20 days
    take(
        world.system,
        offered,
        "name_representatives",
        negotiators=f.NEGOTIATORS,
        named_on=date(2022, 1, 5),
    )
    take(
        world.system,
        offered,
        "offer",
        offered_by=Side.WORKERS,
        offer="要约",
        offered_on=date(2022, 1, 6),
    )
    term = f.term(world)
    reps = f.elect(world, term, ["front_line"] * 5)
    session = congresses.session_create(
        world.system,
        term=term,
        number=1,
        held_on=date(2022, 3, 1),
        proposals_open_on=date(2022, 2, 1),
        proposals_close_on=date(2022, 2, 28),
    )
    for n, title in enumerate(("食堂", "停车", "体检")):
        p = proposals.proposal_submit(
            world.system,
            session=session,
            title=title,
            content="建议",
            representative=reps[n],
            submitted_on=date(2022, 2, 10),
        )
        if n:
            take(world.system, p, "assign", department="行政部", assigned_on=date(2022, 2, 11))
    return world


def _rows(client: Client, url: str) -> int:
    page = client.get(url).content.decode()
    return len(re.findall(r'href="/bargaining/(?:contracts|proposals)/\d+/"', page))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (
            "union_a_staff",
            {
                "bargaining_overdue": 1,
                "bargaining_renewal": 0,
                "bargaining_proposals": 1,
                "bargaining_answers": 2,
            },
        ),
        (
            "union_b_staff",
            {
                "bargaining_overdue": 0,
                "bargaining_renewal": 0,
                "bargaining_proposals": 0,
                "bargaining_answers": 0,
            },
        ),
    ],
)
def test_each_tile_counts_what_its_list_shows(
    world: World, who: str, expected: dict[str, int]
) -> None:
    user = world.user(who)
    client = Client()
    client.force_login(user)
    counts = {
        c.tile.key: c for c in workbench.counts_for(user) if c.tile.key.startswith("bargaining")
    }

    assert {key: c.value for key, c in counts.items()} == expected
    for count in counts.values():
        assert _rows(client, count.url) == count.value, count.tile.key
