"""The coalesced writes of claims on PostgreSQL: claims arriving together are written by
shared statements, each thread learns its own outcome, and a failure of the database
reaches every waiting thread (none is left hanging, none is told it succeeded)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import pytest
from django.db import DatabaseError, OperationalError, connection

from gonghui.benefits.choices import Channel
from gonghui.benefits.models import Campaign, Voucher
from gonghui.benefits.services import claim_batches
from gonghui.benefits.services.claims import voucher_claim
from gonghui.benefits.services.refusals import Refusal
from gonghui.benefits.tests import fixtures as fx
from gonghui.core.testing import build_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 24


def _together(campaign: Campaign, users: list[Any]) -> list[str]:
    ready = Barrier(len(users))
    loaded = Campaign.objects.select_related("organization").get(pk=campaign.pk)
    item = fx.first_item(campaign).pk

    def claim(user: Any) -> str:
        try:
            ready.wait(timeout=30)
            voucher_claim(
                actor=user, campaign=loaded, item_id=item, idempotency_key="k", channel=Channel.API
            )
            return "ok"
        except Refusal as refusal:
            return str(refusal.refusal[0])
        except DatabaseError:
            return "database error"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        return list(pool.map(claim, users))


def test_claims_arriving_together_share_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    world = build_world()
    campaign = fx.published(world, items=[fx.movie(world, stock=10)])
    users = [fx.member(world)[0] for _ in range(THREADS)]
    sizes: list[int] = []
    write = claim_batches.write

    def counting(tickets: list[Any]) -> None:
        sizes.append(len(tickets))
        write(tickets)

    monkeypatch.setattr(claim_batches, "write", counting)
    answers = _together(campaign, users)
    assert answers.count("ok") == 10 and answers.count("sold_out") == THREADS - 10
    assert Voucher.objects.filter(campaign=campaign).count() == 10
    assert sum(sizes) == THREADS and max(sizes) > 1  # some were written together


def test_a_database_failure_reaches_every_waiting_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    world = build_world()
    campaign = fx.published(world, items=[fx.movie(world, stock=50)])
    users = [fx.member(world)[0] for _ in range(THREADS)]

    def failing(statement: str, params: list[Any]) -> list[Any]:
        raise OperationalError("the server closed the connection unexpectedly")

    monkeypatch.setattr(claim_batches, "_execute", failing)
    answers = _together(campaign, users)
    assert answers == ["database error"] * THREADS
    assert not Voucher.objects.filter(campaign=campaign).exists()


def test_a_claims_read_is_planned_once_per_connection() -> None:
    """The read every claim makes is a prepared statement with one generic plan: planned
    per request it cost more than the rest of the claim (the settings' POSTGRES_OPTIONS)."""
    world = build_world()
    campaign = fx.published(world, items=[fx.movie(world, stock=10)])
    loaded = Campaign.objects.select_related("organization").get(pk=campaign.pk)
    item = fx.first_item(campaign).pk
    for n in range(3):
        user = fx.member(world)[0]
        voucher_claim(
            actor=user, campaign=loaded, item_id=item, idempotency_key=f"k{n}", channel=Channel.API
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            ["%idempotency_key%FROM members_membership m%"],
        )
        plans = cursor.fetchall()
    assert plans == [(3, 0)]
