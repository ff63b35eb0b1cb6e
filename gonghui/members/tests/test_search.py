"""No personal data in a URL: the staff member and application searches by ID number or
phone are a POST that redirects to an opaque, short-lived token bound to the user; the
API refuses ID numbers and phones in query strings and offers POST search endpoints."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core import search
from gonghui.core.testing import World, build_world
from gonghui.members.models import Membership
from gonghui.members.tests.access_staff import enrol, submit

pytestmark = pytest.mark.django_db

MEMBERS = reverse("members:member_list")
APPLICATIONS = reverse("members:application_list")


def _client(world: World, user: str = "union_a_staff") -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _members_listed(response: Any) -> set[str]:
    return {row[0].number for row in response.context["rows"]}


def _two_members(world: World) -> tuple[Membership, Membership]:
    return enrol(world, name="甲某"), enrol(world, name="乙某")


@pytest.mark.parametrize("field", ["id_number", "phone"])
def test_a_posted_search_redirects_to_a_token_and_finds_the_member(field: str) -> None:
    # given
    world = build_world()
    wanted, _other = _two_members(world)
    value = getattr(wanted.person, field)
    typed = value if field == "id_number" else value.removeprefix("+86")
    client = _client(world)

    # when
    posted = client.post(MEMBERS, {"q": typed, "status": "active"})
    page = client.get(posted["Location"])

    # then: the URL carries a token and the filters, never the number
    location = posted["Location"]
    assert posted.status_code == 302
    assert f"{search.SEARCH_PARAM}=" in location and "status=active" in location
    assert typed not in location and typed[-8:] not in location
    assert _members_listed(page) == {wanted.number}
    assert f"q={typed}" not in page.content.decode()  # page and sort links keep the token


def test_an_id_number_in_the_query_string_is_ignored_and_explained() -> None:
    world = build_world()
    wanted, other = _two_members(world)

    page = _client(world).get(MEMBERS, {"q": wanted.person.id_number})

    assert _members_listed(page) == {wanted.number, other.number}
    assert "不能放在网址中" in page.content.decode()


def test_a_token_is_bound_to_the_user_who_searched() -> None:
    world = build_world()
    wanted, other = _two_members(world)
    posted = _client(world).post(MEMBERS, {"q": wanted.person.id_number})

    page = _client(world, "fed_staff").get(posted["Location"])

    assert _members_listed(page) == {wanted.number, other.number}
    assert "已过期" in page.content.decode()


def test_a_name_search_by_get_still_works() -> None:
    world = build_world()
    wanted, _other = _two_members(world)

    page = _client(world).get(MEMBERS, {"q": "甲"})

    assert _members_listed(page) == {wanted.number}


def test_the_application_search_is_posted_too() -> None:
    world = build_world()
    wanted = submit(world, name="申请人丙")
    submit(world, name="申请人丁")
    client = _client(world)

    posted = client.post(APPLICATIONS, {"q": wanted.id_number})
    page = client.get(posted["Location"])

    assert wanted.id_number not in posted["Location"]
    assert [a.number for a in page.context["object_list"]] == [wanted.number]


# --- the API -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("list_name", "search_name"),
    [("membership-list", "membership-search"), ("application-list", "application-search")],
)
def test_the_api_refuses_personal_data_in_the_query_string_and_searches_by_post(
    list_name: str, search_name: str
) -> None:
    # given
    world = build_world()
    wanted = enrol(world, name="甲某")
    enrol(world, name="乙某")
    number = wanted.person.id_number
    client = _client(world)

    # when
    refused = client.get(reverse(f"api:members:{list_name}"), {"q": number})
    refused_phone = client.get(
        reverse(f"api:members:{list_name}"), {"q": wanted.person.phone.removeprefix("+86")}
    )
    found = client.post(
        reverse(f"api:members:{search_name}"), {"q": number}, content_type="application/json"
    )

    # then
    assert refused.status_code == 400 and refused_phone.status_code == 400
    assert reverse(f"api:members:{search_name}") in str(refused.json())
    assert number not in str(refused.json())
    assert found.status_code == 200
    assert len(found.json()["results"]) == 1
