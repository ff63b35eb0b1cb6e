"""Who signs in at the staff sign-in goes where they are served: staff and mediators to the
page asked for (or the workbench), a lawyer (who works on the legal-aid cases assigned to
them) likewise, a member to the member pages. Never a page with nothing to do."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import PASSWORD, World, build_world, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PORTAL = reverse("portal:home")
STAFF_HOME = reverse("core:home")
NO_POST = "尚未分配工作岗位"


@pytest.fixture
def world() -> World:
    world = build_world()
    world.users["lawyer"] = make_user("lawyer", Role.LAWYER, world.federation)
    world.users["mediator"] = make_user("mediator", Role.MEDIATOR, world.federation)
    return world


def _sign_in(client: Client, username: str, next_url: str = "") -> Any:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def test_a_member_signing_in_at_the_staff_sign_in_gets_the_member_pages(
    world: World, client: Client
) -> None:
    response = _sign_in(client, "member")

    assert response.status_code == 302 and response["Location"] == PORTAL
    home = client.get(PORTAL)
    assert home.status_code == 200
    page = home.content.decode()
    assert "会员账户" in page  # told where to sign in next time, with a link
    assert f'<a href="{reverse("portal:login")}">' in page
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, actor_name="member").exists()


@pytest.mark.parametrize("asked", ["/disputes/cases/", "/members/", "/"])
def test_a_member_is_not_sent_to_a_staff_page_asked_for(
    world: World, client: Client, asked: str
) -> None:
    response = _sign_in(client, "member", asked)

    assert response["Location"] == PORTAL


def test_a_member_is_sent_to_the_member_page_asked_for(world: World, client: Client) -> None:
    asked = reverse("portal:mediation_apply")

    response = _sign_in(client, "member", asked)

    assert response["Location"] == asked
    assert client.get(asked).status_code == 200


def test_a_signed_in_member_opening_the_staff_sign_in_gets_the_member_pages(
    world: World, client: Client
) -> None:
    client.force_login(world.user("member"))

    response = client.get(LOGIN)

    assert response.status_code == 302 and response["Location"] == PORTAL


def test_a_lawyer_gets_the_workbench_with_the_legal_aid_pages(world: World, client: Client) -> None:
    response = _sign_in(client, "lawyer")

    assert response.status_code == 302 and response["Location"] == STAFF_HOME
    home = client.get(STAFF_HOME)
    assert home.status_code == 200
    assert NO_POST not in home.content.decode()
    assert "/legalaid/cases/" in home.content.decode()


def test_staff_and_mediators_go_where_they_asked_as_before(world: World, client: Client) -> None:
    assert _sign_in(client, "union_a_staff", "/members/")["Location"] == "/members/"
    assert _sign_in(Client(), "union_a_staff")["Location"] == STAFF_HOME
    assert _sign_in(Client(), "mediator", "/disputes/cases/")["Location"] == "/disputes/cases/"
    staff_home = Client()
    _sign_in(staff_home, "mediator")
    assert NO_POST not in staff_home.get(STAFF_HOME).content.decode()


def test_a_lawyer_who_is_also_staff_is_served_as_staff(world: World, client: Client) -> None:
    both = make_user("both", Role.LAWYER, world.federation)
    both.assignments.create(organization=world.union_a, role=Role.UNION_STAFF)

    response = _sign_in(client, "both", "/members/")

    assert response["Location"] == "/members/"
    assert NO_POST not in client.get(STAFF_HOME).content.decode()
