"""A union's page links to its members and its mediation cases (``organizations.figures``,
declared by the members and disputes modules), each count equal to the rows of the list
it opens."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.testing import World, build_world
from gonghui.disputes.services.committees import committee_create
from gonghui.disputes.tests.access import apply
from gonghui.members.tests.access_staff import enrol
from gonghui.organizations import figures
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _links(client: Client, union: Organization) -> dict[str, figures.Link]:
    response = client.get(reverse("organizations:union_detail", args=[union.pk]))
    assert response.status_code == 200
    return {shown.figure.key: shown.link for shown in response.context["figure_links"]}


def _rows_listed(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    count: Any = response.context["paginator"].count
    return int(count)


def _world_with_members_and_cases() -> World:
    world = build_world()
    for name in ("会员甲", "会员乙", "会员丙"):
        enrol(world, name=name)
    enrol(world, employer=world.entity_b, name="会员丁")
    committee = committee_create(actor=world.system, organization=world.union_a, name="甲调委会")
    apply(world, committee)
    apply(world, committee)
    other = committee_create(actor=world.system, organization=world.union_b, name="乙调委会")
    apply(world, other)
    return world


def test_the_members_and_cases_modules_declare_their_figures() -> None:
    keys = {figure.key for figure in figures.declared()}

    assert {"members", "cases"} <= keys


@pytest.mark.parametrize("user", ["union_a_staff", "station_a_staff", "fed_staff"])
def test_each_count_equals_the_rows_of_the_list_it_links_to(user: str) -> None:
    world = _world_with_members_and_cases()
    client = _client(world, user)

    links = _links(client, world.union_a)

    assert links["members"].count == 3
    assert links["cases"].count == 2
    for link in links.values():
        assert _rows_listed(client, link.url) == link.count


def test_the_links_filter_the_lists_to_the_union() -> None:
    world = _world_with_members_and_cases()
    client = _client(world, "fed_staff")

    links = _links(client, world.union_a)

    assert links["members"].url == f"{reverse('members:member_list')}?union={world.union_a.pk}"
    assert links["cases"].url.startswith(f"{reverse('disputes:case_list')}?committee=")
    page = client.get(reverse("organizations:union_detail", args=[world.union_a.pk]))
    assert f'href="{links["members"].url}"' in page.content.decode()


def test_a_union_without_a_committee_shows_no_cases_link() -> None:
    world = build_world()
    enrol(world, name="会员甲")

    links = _links(_client(world, "union_a_staff"), world.union_a)

    # the consultations it took (none yet) are linked; no committee, so no cases link
    assert set(links) == {"members", "consultations"}
    assert links["members"].count == 1 and links["consultations"].count == 0
