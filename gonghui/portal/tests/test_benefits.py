"""A member claims on the portal: the claim page, the voucher with its QR code, the page
once the limit is reached, and a refusal shown as a message."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.benefits.models import Voucher
from gonghui.benefits.tests import fixtures as fx
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_member_claims_and_sees_the_voucher_and_its_qr_code(world: World) -> None:
    campaign = fx.published(world)
    user, _membership = fx.member(world)
    client = _client(user)
    page = client.get(reverse("portal:benefit_detail", args=[campaign.pk]))
    assert page.status_code == 200 and "领取" in page.content.decode()
    item = fx.first_item(campaign)
    claimed = client.post(
        reverse("portal:benefit_detail", args=[campaign.pk]), {"item": item.pk, "key": "p1"}
    )
    voucher = Voucher.objects.get(person__user=user)
    assert claimed["Location"] == reverse("portal:voucher_detail", args=[voucher.pk])
    shown = client.get(claimed["Location"]).content.decode()
    assert voucher.code_display() in shown and "<svg" in shown
    # the same form sent again (a double tap) claims nothing more
    again = client.post(
        reverse("portal:benefit_detail", args=[campaign.pk]), {"item": item.pk, "key": "p1"}
    )
    assert again["Location"] == claimed["Location"] and Voucher.objects.count() == 1
    # the limit reached: no claim button any more
    after = client.get(reverse("portal:benefit_detail", args=[campaign.pk])).content.decode()
    assert "您已领取" in after and 'name="item"' not in after


def test_a_refusal_is_shown_and_nothing_is_written(world: World) -> None:
    campaign = fx.published(world, items=[fx.movie(world, stock=1)])
    first, _m = fx.member(world)
    second, _m = fx.member(world)
    item = fx.first_item(campaign)
    url = reverse("portal:benefit_detail", args=[campaign.pk])
    _client(first).post(url, {"item": item.pk, "key": "a"})
    client = _client(second)
    refused = client.post(url, {"item": item.pk, "key": "b"}, follow=True)
    assert "已领完" in refused.content.decode()
    assert Voucher.objects.count() == 1


def test_the_polled_stock_is_shared_for_a_moment_and_the_page_is_exact(world: World) -> None:
    campaign = fx.published(world, items=[fx.movie(world, stock=3)])
    item = fx.first_item(campaign)
    user, _m = fx.member(world)
    client = _client(user)
    stock = reverse("portal:benefit_stock", args=[campaign.pk])
    assert client.get(stock).json() == {"items": {str(item.pk): 3}}
    client.post(reverse("portal:benefit_detail", args=[campaign.pk]), {"item": item.pk, "key": "s"})
    assert client.get(stock).json() == {"items": {str(item.pk): 3}}  # the shared answer
    page = client.get(reverse("portal:benefit_detail", args=[campaign.pk])).content.decode()
    assert f'data-left="{item.pk}">2<' in page  # the page itself asks the database
