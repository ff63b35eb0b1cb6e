"""Claiming an item of a campaign: the hot path of a flash sale (秒杀).

The design, chosen among the three the issue names: **a conditional atomic update over
split stock rows**, with PostgreSQL as the only record.

An item's stock is split over up to ``STOCK_SHARDS_MAX`` ``StockShard`` rows when the
campaign is published. A claim is one transaction:

1. a retry: the voucher an earlier request with the same idempotency key obtained is
   returned, and nothing more is claimed (a refusal is remembered for a day in the cache
   and answered again);
2. the checks: the claim window, the member (an active membership in a union of the
   campaign's subtree, in the campaign's group), the item, and the member's limit: the new
   voucher's ``ordinal`` is the vouchers they hold in the campaign + 1;
3. the voucher is inserted. Two claims of one member racing each other insert the same
   ordinal: the unique constraint (campaign, person, ordinal) lets one through and the
   other is answered with the limit. A racing retry with the same key meets the unique
   (person, idempotency key) and is answered with the first one's voucher;
4. one unit is taken from a shard. On PostgreSQL ``SELECT … FOR UPDATE SKIP LOCKED
   LIMIT 1`` picks, from a random shard on, one that has stock and that no other claim
   holds at this instant, and ``UPDATE … SET remaining = remaining - 1 WHERE id = %s AND
   remaining > 0`` takes the unit; claims of one item so rarely wait for each other. When
   every shard with stock is held, the claim waits for one (``FOR UPDATE``); when none has
   stock the item is sold out and the transaction, the voucher with it, rolls back;
5. the audit entry; commit. The member is told only after the commit, so a success they
   were told of is never lost (``synchronous_commit`` stays on).

Why not the others. One stock row per item serialises every claim of the item on that
row's lock, held from the update to the commit: about 540 claims a second on the 2-core
machine this was written on, whatever the number of workers (``bench/bench_claims.py``
measures it in every run). Pre-made voucher rows taken with ``SKIP LOCKED`` spread the
locks as well, but write every voucher before anyone claims (10,000 rows a campaign,
most of which an under-subscribed campaign never uses) and scan a growing set of taken
rows. A Redis gate in front is the fastest, but the stock would then live in two places
that a crash of either must reconcile; here the database's own constraints keep every
invariant: ``remaining >= 0`` (CHECK), one voucher per member and turn with ``ordinal <=
allowed`` (UNIQUE + CHECK), one voucher per idempotency key (UNIQUE), unique codes.

On SQLite (the embedded development database) the same code runs; SQLite takes one
writer at a time, so ``FOR UPDATE`` is not needed there and Django leaves it out.
"""

import hashlib
import random
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Mod
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance.choices import FileStatus
from gonghui.assistance.models import HardshipFile
from gonghui.benefits.choices import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CampaignStatus,
    Eligibility,
)
from gonghui.benefits.models import Campaign, CampaignItem, StockShard, Voucher
from gonghui.benefits.services.refusals import Refusal, refuse
from gonghui.core import audit
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Visitor, signed_in
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership

REFUSAL_MEMORY_SECONDS = 24 * 3600
KEY_MAX_LENGTH = 64
# how often a claim starts again after losing a race on its member's turn
RACE_RETRIES = 3


@dataclass(frozen=True)
class Claimed:
    voucher: Voucher
    replayed: bool  # an earlier request with the same key obtained it


def new_code() -> str:
    """A voucher code: 12 characters of Crockford's base 32 from the system's secure
    random source (60 bits: guessing one among 10,000 issued takes ~10^14 tries)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def checked_key(value: Any) -> str:
    key = str(value or "").strip()
    if not key:
        raise ValidationError({"idempotency_key": _("缺少请求幂等键")})
    if len(key) > KEY_MAX_LENGTH or not key.isprintable():
        raise ValidationError(
            {"idempotency_key": _("请求幂等键最长 %(n)s 个可打印字符") % {"n": KEY_MAX_LENGTH}}
        )
    return key


def _memory_key(person_id: int, key: str, campaign: Campaign, item_id: Any) -> str:
    digest = hashlib.sha256(f"{campaign.pk}:{item_id}:{key}".encode()).hexdigest()
    return f"benefits:claim:{person_id}:{digest}"


def _membership(actor: Visitor) -> Membership:
    user = signed_in(actor)
    membership = (
        Membership.objects.select_related("union", "person")
        .filter(person__user=user.pk if user else None, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None:
        raise refuse("not_member")
    return membership


def _check_window(campaign: Campaign, now: datetime) -> None:
    if campaign.status != CampaignStatus.PUBLISHED or now < campaign.opens_at:
        if campaign.status in (CampaignStatus.CLOSED, CampaignStatus.CANCELLED):
            raise refuse("closed")
        raise refuse("not_open")
    if now >= campaign.closes_at:
        raise refuse("closed")


def check_eligible(campaign: Campaign, membership: Membership) -> None:
    """Refused unless the member's union lies in the campaign's subtree and the member
    belongs to the campaign's group."""
    if not membership.union.path.startswith(campaign.organization.path):
        raise refuse("not_in_scope")
    if campaign.eligibility == Eligibility.EMPLOYMENT:
        kinds, platforms = campaign.employment_kinds, campaign.platforms
        if (kinds and membership.employment_kind not in kinds) or (
            platforms and membership.platform not in platforms
        ):
            raise refuse("not_eligible")
    elif campaign.eligibility == Eligibility.HARDSHIP:
        filed = HardshipFile.objects.filter(
            person_id=membership.person_id, status=FileStatus.ACTIVE
        ).exists()
        if not filed:
            raise refuse("not_eligible")


def _item(campaign: Campaign, item_id: Any) -> CampaignItem:
    try:
        return CampaignItem.objects.get(pk=int(item_id), campaign=campaign)
    except (TypeError, ValueError, CampaignItem.DoesNotExist):
        raise refuse("unknown_item", "item") from None


def _replay(person_id: int, key: str, campaign: Campaign, item_id: Any) -> Voucher | None:
    """The voucher an earlier request with this key obtained; a key that obtained a
    voucher of another campaign or item is refused (a client reusing keys)."""
    voucher = (
        Voucher.objects.select_related("item", "campaign")
        .filter(person_id=person_id, idempotency_key=key)
        .first()
    )
    if voucher is not None and (
        voucher.campaign_id != campaign.pk or str(voucher.item_id) != str(item_id)
    ):
        raise refuse("key_reused", "idempotency_key")
    return voucher


def _take_unit(item: CampaignItem) -> bool:
    """Take one unit of ``item``'s stock from one of its shards; False when none is left.
    Runs inside the claim's transaction: the shard's row stays locked until it ends."""
    shards = StockShard.objects.filter(item=item, remaining__gt=0)
    count = item.shard_count
    start = random.randrange(count)  # noqa: S311 - spreading load, not a secret
    turn = Mod(F("number") + Value(count - start), Value(count))
    ordered = shards.annotate(turn=turn).order_by("turn").values_list("pk", flat=True)
    for locking in (ordered.select_for_update(skip_locked=True), ordered.select_for_update()):
        for pk in locking[:1]:
            if StockShard.objects.filter(pk=pk, remaining__gt=0).update(
                remaining=F("remaining") - 1
            ):
                return True
    return False


def _ordinal(campaign: Campaign, person_id: int) -> int:
    return Voucher.objects.filter(campaign=campaign, person_id=person_id).count() + 1


def _insert(
    campaign: Campaign,
    item: CampaignItem,
    membership: Membership,
    key: str,
    channel: str,
    now: datetime,
) -> Voucher:
    ordinal = _ordinal(campaign, membership.person_id)
    if ordinal > campaign.per_member_limit:
        raise refuse("limit_reached", "item", limit=campaign.per_member_limit)
    return Voucher.objects.create(
        campaign=campaign,
        item=item,
        person_id=membership.person_id,
        membership=membership,
        union_id=membership.union_id,
        ordinal=ordinal,
        allowed=campaign.per_member_limit,
        code=new_code(),
        face_value=item.unit_value,
        claimed_at=now,
        channel=channel,
        idempotency_key=key,
    )


def _claim_once(
    actor: Visitor,
    campaign: Campaign,
    item: CampaignItem,
    membership: Membership,
    key: str,
    channel: str,
) -> Voucher:
    now = timezone.now()
    with transaction.atomic():
        voucher = _insert(campaign, item, membership, key, channel, now)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=voucher,
            organization=membership.union,
            changes={"campaign": campaign.number, "item": item.name},
            message=_("领取：%(item)s") % {"item": item.name},
        )
        if not _take_unit(item):
            raise refuse("sold_out", "item")
    return voucher


def voucher_claim(
    *,
    actor: Visitor,
    campaign: Campaign,
    item_id: Any,
    idempotency_key: Any,
    channel: str,
) -> Claimed:
    """The signed-in member claims one unit of the item ``item_id`` of ``campaign`` (loaded
    with its organisation). Returns the voucher (``replayed`` when an earlier request with
    the same key got it); raises a ``Refusal`` and writes nothing otherwise."""
    key = checked_key(idempotency_key)
    membership = _membership(actor)
    earlier = _replay(membership.person_id, key, campaign, item_id)
    if earlier is not None:
        return Claimed(earlier, replayed=True)
    memory = _memory_key(membership.person_id, key, campaign, item_id)
    remembered = cache.get(memory)
    if remembered is not None:
        code, field, values = remembered
        raise refuse(code, field, **values)
    try:
        return _claim(actor, campaign, item_id, membership, key, channel)
    except Refusal as refusal:
        cache.set(memory, refusal.refusal, REFUSAL_MEMORY_SECONDS)
        raise


def _claim(
    actor: Visitor,
    campaign: Campaign,
    item_id: Any,
    membership: Membership,
    key: str,
    channel: str,
) -> Claimed:
    _check_window(campaign, timezone.now())
    check_eligible(campaign, membership)
    item = _item(campaign, item_id)
    for _turn in range(RACE_RETRIES):
        try:
            return Claimed(_claim_once(actor, campaign, item, membership, key, channel), False)
        except IntegrityError:
            # another request of this member committed first: the same key (a retry
            # racing its original) or a turn of the limit; look again
            earlier = _replay(membership.person_id, key, campaign, item.pk)
            if earlier is not None:
                return Claimed(earlier, replayed=True)
    raise refuse("limit_reached", "item", limit=campaign.per_member_limit)
