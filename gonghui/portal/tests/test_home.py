"""The member's home: where it leads (mediation, the membership or the application under
way) and to whom it offers joining: only to someone who is not an active member and has
no application under way (submitted or waiting for information)."""

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.testing import World, build_world, make_user
from gonghui.disputes.services.cases import case_decline
from gonghui.disputes.tests.access_api import apply, committee_at
from gonghui.members.choices import ApplicationStatus, MembershipStatus
from gonghui.members.models import JoinApplication
from gonghui.members.services.applications import (
    application_reject,
    application_request_info,
    application_withdraw,
)
from gonghui.members.services.memberships import membership_end
from gonghui.portal import selectors
from gonghui.portal.tests import factories

pytestmark = pytest.mark.django_db

JOIN = reverse("portal:join")


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def owner(world: World) -> Any:
    return factories.member(1)


def _home(client: Client, user: Any) -> str:
    client.force_login(user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    return str(response.content.decode())


def _offers_joining(page: str) -> bool:
    return f'href="{JOIN}"' in page


def test_the_home_leads_to_applying_for_mediation_and_to_my_cases(
    world: World, client: Client, owner: Any
) -> None:
    page = _home(client, owner)

    assert f'href="{reverse("portal:mediation_apply")}"' in page
    assert f'href="{reverse("portal:mediation_list")}"' in page
    assert "申请调解" in page and "我的调解" in page


def test_my_mediation_counts_the_cases_still_under_way(
    world: World, client: Client, owner: Any
) -> None:
    committee = committee_at(world)
    apply(world, committee, applicant_user=owner)
    declined = apply(world, committee, applicant_user=owner)
    case_decline(actor=world.system, case=declined, reason="不属于受理范围")
    apply(world, committee)  # someone else's

    page = _home(client, owner)

    assert selectors.mediation_open_count(owner) == 1
    mediation = page.split('class="card mediation"')[1].split("</section>")[0]
    assert "1 件办理中" in mediation


def test_someone_with_nothing_under_way_is_offered_joining(
    world: World, client: Client, owner: Any
) -> None:
    page = _home(client, owner)

    assert _offers_joining(page)
    assert "您还不是工会会员" in page
    state = selectors.join_state(owner)
    assert state.may_join and state.membership is None and state.pending is None


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO])
def test_an_application_under_way_is_shown_with_its_status_instead_of_joining(
    world: World, client: Client, owner: Any, status: str
) -> None:
    application = factories.application(world, serial=1, actor=owner)
    if status == ApplicationStatus.NEEDS_INFO:
        application_request_info(actor=world.system, application=application, reason="请补充")

    page = _home(client, owner)

    assert not _offers_joining(page)
    assert "您还不是工会会员" not in page
    pending = page.split('class="card pending"')[1].split("</section>")[0]
    assert str(ApplicationStatus(status).label) in pending
    assert reverse("portal:application_detail", args=[application.pk]) in pending
    assert application.number in pending
    state = selectors.join_state(owner)
    assert not state.may_join and state.pending is not None
    assert state.pending.pk == application.pk


def test_an_application_left_for_the_phone_counts_as_under_way(
    world: World, client: Client, owner: Any
) -> None:
    """Submitted without an account (or by staff) with the phone the member signed in with."""
    factories.application(world, serial=1)

    page = _home(client, owner)

    assert not _offers_joining(page)
    assert 'class="card pending"' in page


def test_an_active_member_sees_the_membership_and_is_not_offered_joining(
    world: World, client: Client, owner: Any
) -> None:
    approved = factories.approved(world, serial=1, actor=owner)

    page = _home(client, owner)

    assert approved.membership is not None
    assert not _offers_joining(page)
    assert 'class="member-card"' in page and approved.membership.number in page
    assert f'href="{reverse("portal:mediation_apply")}"' in page
    state = selectors.join_state(owner)
    assert not state.may_join and state.membership == approved.membership


def test_a_member_moving_to_another_union_sees_the_membership_and_the_move(
    world: World, client: Client, owner: Any
) -> None:
    approved = factories.approved(world, serial=1, actor=owner)
    moving = factories.application(world, serial=1, actor=owner, employer=world.entity_b)

    page = _home(client, owner)

    assert approved.membership is not None
    assert not _offers_joining(page)
    assert approved.membership.number in page
    assert reverse("portal:application_detail", args=[moving.pk]) in page


@pytest.mark.parametrize("ending", ["rejected", "withdrawn"])
def test_a_decided_application_does_not_hold_back_a_new_one(
    world: World, client: Client, owner: Any, ending: str
) -> None:
    application = factories.application(world, serial=1, actor=owner)
    if ending == "rejected":
        application_reject(actor=world.system, application=application, reason="资料不全")
    else:
        application_withdraw(actor=owner, application=application)

    page = _home(client, owner)

    assert _offers_joining(page)
    assert 'class="card pending"' not in page
    assert application.number in page  # still listed under my applications


def test_a_former_member_is_offered_joining_again(world: World, client: Client, owner: Any) -> None:
    approved = factories.approved(world, serial=1, actor=owner)
    assert approved.membership is not None
    membership_end(
        actor=world.system,
        membership=approved.membership,
        status=MembershipStatus.WITHDRAWN,
        on=date(2026, 3, 1),
    )

    page = _home(client, owner)

    assert _offers_joining(page)
    assert 'class="member-card"' not in page
    assert f'href="{reverse("portal:membership")}"' in page  # the history stays reachable


def test_the_join_state_of_someone_else_is_not_read(world: World, owner: Any) -> None:
    factories.application(world, serial=2, actor=factories.member(2))

    assert selectors.join_state(owner).may_join
    assert JoinApplication.objects.count() == 1


def test_the_join_page_sends_an_active_member_to_the_membership(
    world: World, client: Client, owner: Any
) -> None:
    factories.approved(world, serial=1, actor=owner)
    client.force_login(owner)

    shown = client.get(JOIN)
    posted = client.post(JOIN, {"name": "某人"})

    assert shown.status_code == posted.status_code == 302
    assert shown["Location"] == reverse("portal:membership")
    assert JoinApplication.objects.count() == 1  # the approved one, nothing more


def test_the_join_page_sends_someone_with_an_application_under_way_to_it(
    world: World, client: Client, owner: Any
) -> None:
    application = factories.application(world, serial=1, actor=owner)
    client.force_login(owner)

    shown = client.get(JOIN)

    assert shown.status_code == 302
    assert shown["Location"] == reverse("portal:application_detail", args=[application.pk])


@pytest.mark.parametrize("key", ["union_a_staff", "lawyer"])
def test_staff_and_lawyer_accounts_cannot_use_the_member_pages(world: World, key: str) -> None:
    user = make_user("lawyer", Role.LAWYER, world.federation) if key == "lawyer" else None
    client = Client()
    client.force_login(user or world.user(key))

    for url in (JOIN, reverse("portal:mediation_list"), reverse("portal:mediation_apply")):
        assert client.get(url).status_code == 403, url
