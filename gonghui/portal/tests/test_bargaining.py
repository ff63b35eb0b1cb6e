"""A representative's proposal pages on the portal: the home page offers them to a
representative only; a proposal is submitted within the window, a blank one refused on its
fields with nothing written, a closed session answers 404; the answer is rated once."""

import pytest
from django.urls import reverse

from gonghui.bargaining.models import Proposal
from gonghui.core.testing import World, build_world
from gonghui.portal.tests import access_bargaining
from gonghui.portal.tests.access import OWNER

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    access_bargaining.prepare(world)
    return world


def test_a_representative_submits_and_rates_on_the_portal(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user(OWNER))
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:proposal_list") in home

    listing = client.get(reverse("portal:proposal_list")).content.decode()
    submit = reverse("portal:proposal_submit", args=[world.extra["session"].pk])
    assert submit in listing and access_bargaining.TITLE in listing

    blank = client.post(submit, {"title": " ", "content": ""})
    assert blank.status_code == 400 and "请填写案由" in blank.content.decode()
    assert Proposal.objects.count() == 1

    done = client.post(submit, {"title": "增设母婴室", "content": "二楼空置房间可改造"})
    assert done.status_code == 302 and Proposal.objects.count() == 2

    answered = world.extra["proposal"]
    page = client.get(reverse("portal:proposal_detail", args=[answered.pk])).content.decode()
    assert (
        "自下月起调整为 20 元" in page
        and reverse("portal:proposal_rate", args=[answered.pk]) in page
    )
    rate = reverse("portal:proposal_rate", args=[answered.pk])
    assert client.post(rate, {"satisfaction": ""}).status_code == 400
    assert client.post(rate, {"satisfaction": "basically"}).status_code == 302
    assert client.post(rate, {"satisfaction": "satisfied"}).status_code == 400  # rated once
    assert Proposal.objects.get(pk=answered.pk).satisfaction == "basically"


def test_a_session_whose_window_closed_answers_404(client, world: World) -> None:  # type: ignore[no-untyped-def]
    session = world.extra["session"]
    session.proposals_close_on = session.proposals_open_on
    session.save()
    client.force_login(world.user(OWNER))

    response = client.post(
        reverse("portal:proposal_submit", args=[session.pk]), {"title": "x", "content": "y"}
    )

    assert response.status_code == 404 and Proposal.objects.count() == 1


def test_a_member_without_a_seat_is_not_offered_proposals(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("member"))

    assert (
        reverse("portal:proposal_list") not in client.get(reverse("portal:home")).content.decode()
    )
    assert (
        access_bargaining.TITLE not in client.get(reverse("portal:proposal_list")).content.decode()
    )
