"""Claiming: the voucher, the retry with the same key, and every refusal, each with its
own code and nothing written."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from gonghui.assistance.choices import FileStatus, Tier
from gonghui.assistance.tests import fixtures_campaigns as assistance
from gonghui.benefits.choices import Channel, Eligibility, VoucherStatus
from gonghui.benefits.models import Campaign, StockShard, Voucher
from gonghui.benefits.services import claim_batches, claims
from gonghui.benefits.services.claims import voucher_claim
from gonghui.benefits.services.refusals import Refusal
from gonghui.benefits.tests import fixtures as fx
from gonghui.core.models import AuditEntry
from gonghui.core.testing import World, make_user
from gonghui.members.choices import EmploymentKind, MembershipStatus, Platform

pytestmark = pytest.mark.django_db


def claim(user: Any, campaign: Campaign, key: str = "k1", item: Any = None) -> Any:
    return voucher_claim(
        actor=user,
        campaign=Campaign.objects.select_related("organization").get(pk=campaign.pk),
        item_id=item if item is not None else fx.first_item(campaign).pk,
        idempotency_key=key,
        channel=Channel.PORTAL,
    )


def refused(user: Any, campaign: Campaign, key: str = "k1", item: Any = None) -> str:
    before = Voucher.objects.count(), AuditEntry.objects.count()
    with pytest.raises(Refusal) as caught:
        claim(user, campaign, key, item)
    assert (Voucher.objects.count(), AuditEntry.objects.count()) == before  # nothing written
    return caught.value.refusal[0]


def remaining(campaign: Campaign) -> int:
    return sum(
        StockShard.objects.filter(item__campaign=campaign).values_list("remaining", flat=True)
    )


def test_a_member_claims_a_voucher_with_a_code_and_the_stock_goes_down(world: World) -> None:
    campaign = fx.published(world)
    user, membership = fx.member(world)
    claimed = claim(user, campaign)
    voucher = claimed.voucher
    assert not claimed.replayed
    assert voucher.status == VoucherStatus.ISSUED and len(voucher.code) == 12
    assert voucher.union == world.union_a and voucher.membership == membership
    assert voucher.face_value == 30 and voucher.ordinal == 1
    assert remaining(campaign) == 9
    assert AuditEntry.objects.filter(object_id=str(voucher.pk), message__contains="领取").exists()
    # what was written is what the claim made (on PostgreSQL it travels as JSON)
    stored = Voucher.objects.get(pk=voucher.pk)
    assert (stored.claimed_at, stored.claimed_on, stored.face_value, stored.code) == (
        voucher.claimed_at,
        voucher.claimed_on,
        voucher.face_value,
        voucher.code,
    )
    entry = AuditEntry.objects.get(
        object_id=str(voucher.pk), content_type__model="voucher", message__contains="领取"
    )
    assert entry.changes == {"campaign": campaign.number, "item": voucher.item.name}
    assert entry.actor == user and entry.organization == world.union_a


def test_a_retry_with_the_same_key_returns_the_first_voucher_and_claims_nothing_more(
    world: World,
) -> None:
    campaign = fx.published(world)
    user, _membership = fx.member(world)
    first = claim(user, campaign, "same").voucher
    again = claim(user, campaign, "same")
    assert again.replayed and again.voucher.pk == first.pk
    assert Voucher.objects.count() == 1 and remaining(campaign) == 9


def test_a_second_claim_over_the_limit_is_refused(world: World) -> None:
    campaign = fx.published(world)
    user, _membership = fx.member(world)
    claim(user, campaign, "one")
    assert refused(user, campaign, "two") == "limit_reached"
    assert remaining(campaign) == 9


def test_a_limit_of_two_gives_two_turns(world: World) -> None:
    campaign = fx.published(world, per_member_limit=2)
    user, _membership = fx.member(world)
    assert [claim(user, campaign, key).voucher.ordinal for key in ("a", "b")] == [1, 2]
    assert refused(user, campaign, "c") == "limit_reached"


def test_claims_outside_the_window_are_refused(world: World) -> None:
    now = timezone.now()
    later = fx.published(
        world, opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=1)
    )
    user, _membership = fx.member(world)
    assert refused(user, later) == "not_open"
    draft = fx.campaign(world)
    assert refused(user, draft) == "not_open"
    ended = fx.published(world)
    Campaign.objects.filter(pk=ended.pk).update(
        opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1)
    )
    assert refused(user, ended) == "closed"


def test_a_non_member_and_a_member_elsewhere_are_refused(world: World) -> None:
    campaign = fx.published(world, organization=world.station_a)
    assert refused(world.user("union_a_staff"), campaign) == "not_member"
    user, membership = fx.member(world, world.union_b)
    assert refused(user, campaign) == "not_in_scope"
    membership.status = MembershipStatus.WITHDRAWN
    membership.save()
    assert refused(user, campaign, "k2") == "not_member"


def test_a_campaign_for_riders_refuses_an_office_worker(world: World) -> None:
    campaign = fx.published(
        world,
        eligibility=Eligibility.EMPLOYMENT,
        employment_kinds=[EmploymentKind.PLATFORM],
        platforms=[Platform.RIDER],
    )
    office, _membership = fx.member(world)
    assert refused(office, campaign) == "not_eligible"
    rider, membership = fx.member(world)
    membership.employment_kind, membership.platform = EmploymentKind.PLATFORM, Platform.RIDER
    membership.save()
    assert claim(rider, campaign).voucher.ordinal == 1


def test_a_campaign_for_hardship_files_needs_a_file_in_force(world: World) -> None:
    campaign = fx.published(world, eligibility=Eligibility.HARDSHIP)
    user, _membership = fx.member(world)
    assert refused(user, campaign) == "not_eligible"
    filed = assistance.hardship_file(world, world.union_a, Tier.DEEP, status=FileStatus.ACTIVE)
    owner = make_user("filed_member", None, None)
    filed.person.user = owner
    filed.person.save(update_fields=["user"])
    assert claim(owner, campaign, "filed").voucher.person == filed.person


def test_a_key_that_obtained_another_voucher_is_refused(world: World) -> None:
    campaign = fx.published(world)
    other = fx.published(world, per_member_limit=2)
    user, _membership = fx.member(world)
    claim(user, campaign, "reused")
    assert refused(user, other, "reused") == "key_reused"


def test_an_unknown_item_is_refused(world: World) -> None:
    campaign = fx.published(world)
    other = fx.published(world)
    user, _membership = fx.member(world)
    assert refused(user, campaign, item=fx.first_item(other).pk) == "unknown_item"
    assert refused(user, campaign, "k2", item="x") == "unknown_item"


def test_the_last_unit_goes_once_and_then_it_is_sold_out(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = fx.published(world, items=[fx.movie(world, stock=1)])
    first, _m1 = fx.member(world)
    second, _m2 = fx.member(world)
    claim(first, campaign)
    assert refused(second, campaign) == "sold_out"
    assert remaining(campaign) == 0
    # from now on the process knows the item is sold out (a published item's stock never
    # comes back): later claims are refused without trying to take a unit...
    tries: list[Any] = []
    monkeypatch.setattr(claims, "_take_unit_serialised", lambda item: tries.append(item))
    monkeypatch.setattr(claim_batches.COALESCER, "submit", lambda ticket: tries.append(ticket))
    third, _m3 = fx.member(world)
    assert refused(third, campaign, "another key") == "sold_out"
    assert tries == []
    # ...while a retry of the first claim still gets its voucher
    assert claim(first, campaign).replayed


def test_a_claim_before_the_opening_is_answered_afresh_once_open(world: World) -> None:
    now = timezone.now()
    campaign = fx.published(world, opens_at=now + timedelta(hours=1))
    user, _membership = fx.member(world)
    assert refused(user, campaign, "early") == "not_open"
    Campaign.objects.filter(pk=campaign.pk).update(opens_at=now - timedelta(minutes=1))
    assert claim(user, campaign, "early").voucher.ordinal == 1


def test_claims_go_on_when_the_cache_is_down(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from gonghui.benefits.services import claims as service

    class Down:
        def get(self, *args: Any) -> Any:
            raise ConnectionError("redis is down")

        set = get

    monkeypatch.setattr(service, "cache", Down())
    campaign = fx.published(world, items=[fx.movie(world, stock=1)])
    user, _membership = fx.member(world)
    assert claim(user, campaign).voucher.ordinal == 1
    other, _m = fx.member(world)
    assert refused(other, campaign) == "sold_out"
