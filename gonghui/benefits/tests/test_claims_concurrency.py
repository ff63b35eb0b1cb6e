"""The flash sale on PostgreSQL, with real connections: many members claim at once, each
sending a request twice with the same idempotency key (a retry) and once more with
another key. SQLite serialises writers, so these skip there.

What must hold, and fails here if broken: never more vouchers than stock (and stock =
remaining + vouchers, per item); never a member over the limit; every success answered
has its voucher, the same one for the same key; a refusal for stock only when none is
left."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count

from gonghui.benefits.choices import Channel
from gonghui.benefits.models import Campaign, CampaignItem, StockShard, Voucher
from gonghui.benefits.services.claims import voucher_claim
from gonghui.benefits.services.refusals import Refusal
from gonghui.benefits.tests import fixtures as fx
from gonghui.core.testing import build_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 48


def _storm(campaign: Campaign, requests: list[tuple[Any, int, str]]) -> list[tuple[str, Any]]:
    ready = Barrier(WORKERS)
    loaded = Campaign.objects.select_related("organization").get(pk=campaign.pk)

    def send(request: tuple[Any, int, str]) -> tuple[str, Any]:
        user, item_id, key = request
        try:
            if requests.index(request) < WORKERS:
                ready.wait(timeout=30)
            claimed = voucher_claim(
                actor=user,
                campaign=loaded,
                item_id=item_id,
                idempotency_key=key,
                channel=Channel.API,
            )
            return "ok", claimed.voucher.pk
        except Refusal as refusal:
            return refusal.refusal[0], None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(send, requests))


def _check_invariants(campaign: Campaign) -> None:
    for item in CampaignItem.objects.filter(campaign=campaign):
        left = sum(StockShard.objects.filter(item=item).values_list("remaining", flat=True))
        issued = Voucher.objects.filter(item=item).count()
        assert issued <= item.stock
        assert left + issued == item.stock
    over = (
        Voucher.objects.filter(campaign=campaign)
        .values("person")
        .annotate(n=Count("pk"))
        .filter(n__gt=campaign.per_member_limit)
    )
    assert not over.exists()


def test_a_storm_of_claims_never_oversells_nor_passes_a_limit_nor_loses_a_success() -> None:
    world = build_world()
    campaign = fx.published(
        world, items=[fx.movie(world, stock=25), fx.movie(world, name="洗衣券", stock=15)]
    )
    items = [item.pk for item in campaign.items.order_by("position")]
    members = [fx.member(world)[0] for _ in range(60)]
    requests = []
    for n, user in enumerate(members):
        item = items[n % 2]
        requests += [(user, item, f"first-{n}"), (user, item, f"first-{n}")]
        requests.append((user, items[(n + 1) % 2], f"second-{n}"))
    answers = _storm(campaign, requests)

    _check_invariants(campaign)
    outcomes = Counter(outcome for outcome, _pk in answers)
    assert set(outcomes) <= {"ok", "sold_out", "limit_reached"}
    assert Voucher.objects.filter(campaign=campaign).count() == 40  # all 40 units went
    told = {
        (req[0].pk, req[2]): pk
        for req, (outcome, pk) in zip(requests, answers, strict=True)
        if outcome == "ok"
    }
    stored = dict(Voucher.objects.filter(campaign=campaign).values_list("idempotency_key", "pk"))
    for (_user_pk, key), pk in told.items():
        assert stored[key] == pk  # every success told has its voucher, one per key
    assert len(set(told.values())) == 40


def test_a_limit_of_two_holds_under_a_storm_of_one_member() -> None:
    world = build_world()
    campaign = fx.published(world, per_member_limit=2, items=[fx.movie(world, stock=100)])
    item = fx.first_item(campaign).pk
    user = fx.member(world)[0]
    answers = _storm(campaign, [(user, item, f"k{n}") for n in range(WORKERS)])
    assert Counter(outcome for outcome, _pk in answers) == {"ok": 2, "limit_reached": 46}
    _check_invariants(campaign)
