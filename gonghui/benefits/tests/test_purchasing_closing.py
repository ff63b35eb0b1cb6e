"""Offers close by themselves when their window ends (the hourly task's system step), and
the ordering union's staff are told when the federation confirms, delivers or cancels
their order."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.benefits.models import Offer
from gonghui.benefits.models.purchasing import OfferStatus
from gonghui.benefits.tasks import benefits_hourly
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core.models import Notice, StatusChange
from gonghui.core.testing import World
from gonghui.core.workflow import available, take

pytestmark = pytest.mark.django_db


def _window_ended(offer: Offer) -> None:
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now() - timedelta(minutes=1))


def test_the_hourly_task_closes_the_offers_whose_window_ended(world: World) -> None:
    ended, running = fx.offer(world), fx.offer(world)
    order = fx.order(world, ended, quantity=4)
    _window_ended(ended)

    result = benefits_hourly()

    assert result["offers_closed"] == 1
    ended.refresh_from_db()
    running.refresh_from_db()
    assert (ended.status, running.status) == (OfferStatus.CLOSED, OfferStatus.OPEN)
    step = StatusChange.objects.get(object_id=ended.pk, workflow="group_offer", step="expire")
    assert step.actor_id is None  # the system
    assert ended.remaining == 96  # the orders placed stay, with their units
    take(world.system, order, "confirm")  # and are confirmed afterwards
    assert benefits_hourly()["offers_closed"] == 0


def test_the_closing_step_is_never_offered_nor_taken_before_the_window_ends(
    world: World,
) -> None:
    offer = fx.offer(world)

    assert "expire" not in [step.name for step in available(world.system, offer)]
    with pytest.raises(ValidationError):
        take(None, offer, "expire")  # type: ignore[arg-type]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def _notices(world: World, username: str) -> list[str]:
    user = world.user(username)
    return list(Notice.objects.filter(user=user).order_by("pk").values_list("title", flat=True))


def test_the_union_is_told_when_its_order_is_confirmed_and_delivered(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer, world.entity_a, 3, by=world.user("union_a_staff"))

    take(world.user("fed_staff"), order, "confirm")
    take(world.user("fed_staff"), order, "deliver")

    titles = _notices(world, "union_a_staff")
    assert len(titles) == 2
    assert "已确认" in titles[0] and offer.number in titles[0]
    assert "已送货" in titles[1] and "SH" in titles[1]
    assert _notices(world, "union_b_staff") == []
    assert _notices(world, "fed_staff") == []  # the federation's own staff did it
    notice = Notice.objects.filter(user=world.user("union_a_staff")).first()
    assert notice is not None and notice.url.endswith(f"/purchasing/orders/{order.pk}/")


def test_the_union_is_told_when_the_federation_cancels_but_not_when_it_cancels_itself(
    world: World,
) -> None:
    offer = fx.offer(world)
    by_federation = fx.order(world, offer, world.entity_a, 3)
    by_union = fx.order(world, offer, fx.firm(world), 2)

    take(world.user("fed_staff"), by_federation, "cancel", reason="供应商缺货")
    take(world.user("union_a_staff"), by_union, "cancel", reason="不需要了")

    titles = _notices(world, "union_a_staff")
    assert len(titles) == 1 and "已被取消" in titles[0]
    body = Notice.objects.get(user=world.user("union_a_staff")).body
    assert body == "供应商缺货"


def test_the_unions_are_told_when_the_offer_is_cancelled_with_their_orders(
    world: World,
) -> None:
    offer = fx.offer(world)
    fx.order(world, offer, world.entity_a, 3)
    confirmed = fx.order(world, offer, world.entity_b, 2)
    take(world.system, confirmed, "confirm")
    Notice.objects.all().delete()

    take(world.user("fed_staff"), offer, "cancel", reason="货源中断")

    assert len(_notices(world, "union_a_staff")) == 1
    assert len(_notices(world, "union_b_staff")) == 1
    confirmed.refresh_from_db()
    assert confirmed.cancelled_on == timezone.localdate()
