"""The owner rule (``core.scoping.for_owner``) on each model a member reads: their join
applications, memberships, notices and mediation cases, and nobody else's."""

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gonghui.accounts.services import token_issue
from gonghui.core.models import Notice
from gonghui.core.notices import notice_send
from gonghui.core.scoping import ScopedQuerySet
from gonghui.core.testing import World, build_world
from gonghui.disputes.models import MediationCase
from gonghui.disputes.tests.access_api import apply, committee_at
from gonghui.members.models import JoinApplication, Membership
from gonghui.portal import selectors
from gonghui.portal.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user).key}")
    return client


@pytest.mark.parametrize("model", [JoinApplication, Membership, Notice, MediationCase])
def test_each_model_a_member_reads_declares_the_owner_rule(model: Any) -> None:
    queryset = model._default_manager.all()
    assert isinstance(queryset, ScopedQuerySet)
    assert type(queryset).owner_condition is not ScopedQuerySet.owner_condition


def test_the_portal_has_no_owner_chain_of_its_own() -> None:
    assert not hasattr(selectors, "owner_q")


def test_a_member_owns_their_applications_and_those_left_for_their_phone(world: World) -> None:
    member, neighbour = factories.member(1), factories.member(2)
    theirs = factories.application(world, serial=1, actor=member)
    left_for_phone = factories.application(world, serial=11, phone=factories.phone(1))
    factories.application(world, serial=2, actor=neighbour)
    anonymous_other = factories.application(world, serial=3)

    assert set(JoinApplication.objects.for_owner(member)) == {theirs, left_for_phone}
    assert not JoinApplication.objects.for_owner(world.user("union_a_staff")).exists()
    assert not JoinApplication.objects.for_owner(None).exists()
    # an anonymous worker's browser session proves its own applications
    proven = JoinApplication.objects.for_owner(None, proven=[anonymous_other.pk])
    assert list(proven) == [anonymous_other]


def test_a_member_owns_the_memberships_of_their_record_only(world: World) -> None:
    member, neighbour = factories.member(1), factories.member(2)
    factories.approved(world, serial=1, actor=member)
    factories.approved(world, serial=2, actor=neighbour)

    owned = list(Membership.objects.for_owner(member))

    assert [m.person.user for m in owned] == [member]
    assert not Membership.objects.for_owner(world.user("union_a_staff")).exists()


def test_a_member_owns_notices_to_the_account_the_record_or_the_phone(world: World) -> None:
    member, neighbour = factories.member(1), factories.member(2)
    application = factories.approved(world, serial=1, actor=member)
    person = Membership.objects.get(application=application).person
    of_the_approval = set(Notice.objects.filter(user=member))
    to_account = notice_send(title="a", user=member)
    to_record = Notice.objects.create(person=person, title="b")
    to_phone = Notice.objects.create(phone=member.phone, title="c")
    notice_send(title="d", user=neighbour)
    Notice.objects.create(phone=neighbour.phone, title="e")

    owned = set(Notice.objects.for_owner(member))
    assert owned == {to_account, to_record, to_phone, *of_the_approval}
    assert not Notice.objects.for_owner(world.user("union_a_staff")).exists()
    assert not Notice.objects.for_owner(None).exists()


def test_the_portal_pages_and_api_show_only_the_members_own_rows(world: World) -> None:
    member, neighbour = factories.member(1), factories.member(2)
    factories.approved(world, serial=1, actor=member)
    theirs = factories.application(world, serial=2, actor=neighbour)
    case = apply(world, committee_at(world, world.union_a), applicant_user=neighbour)
    notice = notice_send(title="给邻居的通知", user=neighbour)
    api = _api(member)

    def url(name: str, pk: int) -> str:
        return reverse(f"api:portal:{name}", kwargs={"pk": pk})

    assert api.get(url("application-detail", theirs.pk)).status_code == 404
    assert api.get(url("mediation-detail", case.pk)).status_code == 404
    assert api.post(url("notice-read", notice.pk)).status_code == 404
    listed = api.get(reverse("api:portal:notice-list")).json()["results"]
    assert listed and notice.pk not in {row["id"] for row in listed}
    me = api.get(reverse("api:portal:me")).json()
    assert me["membership"]["union"]["name"] == world.union_a.name
