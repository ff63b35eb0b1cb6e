"""Claiming an item of a campaign: the hot path of a flash sale (秒杀).

The design, chosen among the three the issue names: **a conditional atomic update over
split stock rows**, with PostgreSQL as the only record.

An item's stock is split over up to ``STOCK_SHARDS_MAX`` ``StockShard`` rows when the
campaign is published. A claim:

1. reads, in one query, the member (an active membership), how many vouchers of the
   campaign they hold, and the voucher an earlier request with the same idempotency key
   obtained: a retry gets that voucher back and claims nothing more (a refusal is
   remembered for a day in the cache and answered again);
2. checks the claim window, the member's union and group, the item, and the limit: the
   new voucher's ``ordinal`` is the vouchers held + 1;
3. takes one unit and writes the voucher and its audit entry, all or nothing. On
   PostgreSQL the claims reaching one process together are written together
   (``claim_batches``): one statement per stock row takes the row that ``SELECT … ORDER
   BY random() LIMIT 1 FOR UPDATE SKIP LOCKED`` picks among the item's rows with stock
   that no other statement holds, inserts as many vouchers as it has units and their
   audit entries, and takes from the row exactly the vouchers inserted. Two claims of
   one member racing each other insert the same ordinal: the unique constraint
   (campaign, person, ordinal) lets one through and the other is answered with the
   limit; a racing retry with the same key meets the unique (person, idempotency key)
   and gets the first one's voucher;
4. the member is told only after the commit, so a success they were told of is never
   lost (``synchronous_commit`` stays on).
Once a claim found an item sold out, the process refuses its later claims without step 3
(a published item's stock only goes down): the 40,000 members of a flash sale who come
after the 10,000 units cost a read each, not a write.

Why not the others. One stock row per item serialises every claim of the item on that
row's lock, held from the update to the commit: 330-440 claims a second on the 2-core
machine this was written on, whatever the number of workers, against about 1,250 for
this design (``bench/bench_claims.py`` measures both in every run). Pre-made voucher
rows taken with ``SKIP LOCKED`` spread the locks as well, but write every voucher before
anyone claims (10,000 rows a campaign, most of which an under-subscribed campaign never
uses) and scan a growing set of taken rows. A Redis gate in front is the fastest, but
the stock would then live in two places that a crash of either must reconcile; here the
database's own constraints keep every invariant: ``remaining >= 0`` (CHECK), one voucher
per member and turn with ``ordinal <= allowed`` (UNIQUE + CHECK), one voucher per
idempotency key (UNIQUE), unique codes.

On SQLite (the embedded development database), which takes one writer at a time and has
no data-modifying ``WITH``, step 3 is the same three writes through the ORM in one
transaction (``_take_unit_serialised``); the tests run both.
"""

import contextlib
import hashlib
import random
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
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
from gonghui.benefits.services import claim_batches
from gonghui.benefits.services.refusals import Refusal, refuse
from gonghui.core import audit
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.scoping import Visitor, signed_in
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.organizations.models import Organization

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


# the items of published campaigns, which no longer change (``campaigns._draft``): read
# once per process instead of once per claim
_PUBLISHED_ITEMS: dict[tuple[int, Any, int], CampaignItem] = {}
ITEMS_KEPT = 1000


def _item(campaign: Campaign, item_id: Any) -> CampaignItem:
    try:
        pk = int(item_id)
    except (TypeError, ValueError):
        raise refuse("unknown_item", "item") from None
    cache_key = (campaign.pk, campaign.published_at, pk)
    cached = _PUBLISHED_ITEMS.get(cache_key)
    if cached is not None:
        return cached
    item = CampaignItem.objects.filter(pk=pk, campaign=campaign).first()
    if item is None:
        raise refuse("unknown_item", "item")
    if campaign.status == CampaignStatus.PUBLISHED:
        if len(_PUBLISHED_ITEMS) >= ITEMS_KEPT:
            _PUBLISHED_ITEMS.clear()
        _PUBLISHED_ITEMS[cache_key] = item
    return item


# the items of published campaigns known to be sold out in this process: a published
# item's stock only goes down (nothing gives units back; a cancellation sets it to zero),
# so once a claim found none left, the storm's every later claim is refused without
# writing (it still reads, so a retry of a success gets its voucher)
_SOLD_OUT: set[tuple[int, Any, int]] = set()


def _sold_out_key(campaign: Campaign, item: CampaignItem) -> tuple[int, Any, int]:
    return (campaign.pk, campaign.published_at, item.pk)


def _sold_out(campaign: Campaign, item: CampaignItem) -> Refusal:
    if campaign.status == CampaignStatus.PUBLISHED:
        if len(_SOLD_OUT) >= ITEMS_KEPT:
            _SOLD_OUT.clear()
        _SOLD_OUT.add(_sold_out_key(campaign, item))
    return refuse("sold_out", "item")


def _fetch_one(sql: str, params: list[Any]) -> Any:
    """The first row of ``sql``. On PostgreSQL through a prepared statement, planned once
    per connection (Django binds parameters on the client, so the server would plan the
    storm's every request again): the claims' two statements are the same every time."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone()


@dataclass(frozen=True)
class Held:
    """The member as a claim needs them, and what they already hold that matters to it:
    how many vouchers of the campaign, and the voucher of this request's key (a retry)."""

    membership: Membership
    count: int
    replay: int | None


# One read, the same on both databases, in plain SQL: this runs for every request of the
# storm, and composing it through the ORM cost more than the database's work.
_HELD = """
SELECT m.id, m.person_id, m.union_id, u.path, m.employment_kind, m.platform,
    (SELECT count(*) FROM {voucher} v WHERE v.person_id = m.person_id AND v.campaign_id = %s),
    (SELECT v.id FROM {voucher} v WHERE v.person_id = m.person_id AND v.idempotency_key = %s),
    (SELECT v.campaign_id FROM {voucher} v
        WHERE v.person_id = m.person_id AND v.idempotency_key = %s),
    (SELECT v.item_id FROM {voucher} v WHERE v.person_id = m.person_id AND v.idempotency_key = %s)
FROM {membership} m
JOIN {person} p ON p.id = m.person_id
JOIN {organization} u ON u.id = m.union_id
WHERE p.user_id = %s AND m.status = %s
ORDER BY m.id
LIMIT 1
"""


def _held(actor: Visitor, key: str, campaign: Campaign, item_id: Any) -> Held:
    """Refused when the actor is no active member, or when the key obtained a voucher of
    another campaign or item (a client reusing keys)."""
    user = signed_in(actor)
    sql = _HELD.format(
        voucher=Voucher._meta.db_table,
        membership=Membership._meta.db_table,
        person=Person._meta.db_table,
        organization=Organization._meta.db_table,
    )
    params = [campaign.pk, key, key, key, user.pk if user else None, MembershipStatus.ACTIVE]
    row = _fetch_one(sql, params)
    if row is None:
        raise refuse("not_member")
    pk, person, union, path, kind, platform, count, replay, replay_campaign, replay_item = row
    if replay is not None and (replay_campaign != campaign.pk or str(replay_item) != str(item_id)):
        raise refuse("key_reused", "idempotency_key")
    membership = Membership(
        pk=pk, person_id=person, union_id=union, employment_kind=kind, platform=platform
    )
    membership.union = Organization(pk=union, path=path)
    return Held(membership, int(count), replay)


def _replayed(pk: int) -> Claimed:
    return Claimed(Voucher.objects.select_related("item", "campaign").get(pk=pk), True)


def _voucher(
    campaign: Campaign,
    item: CampaignItem,
    membership: Membership,
    key: str,
    channel: str,
    held: int,
) -> Voucher:
    """The voucher a success writes (unsaved)."""
    now = timezone.now()
    return Voucher(
        campaign=campaign,
        item=item,
        person_id=membership.person_id,
        membership=membership,
        union_id=membership.union_id,
        ordinal=held + 1,
        allowed=campaign.per_member_limit,
        code=new_code(),
        face_value=item.unit_value,
        claimed_at=now,
        claimed_on=timezone.localdate(now),
        channel=channel,
        idempotency_key=key,
    )


def _audit_entry(actor: Visitor, voucher: Voucher, membership: Membership) -> AuditEntry:
    return audit.entry(
        actor=actor,
        action=AuditAction.CREATE,
        obj=voucher,
        organization=membership.union,
        changes={"campaign": voucher.campaign.number, "item": voucher.item.name},
        message=_("领取：%(item)s") % {"item": voucher.item.name},
    )


def _claim_once(
    actor: Visitor,
    campaign: Campaign,
    item: CampaignItem,
    membership: Membership,
    key: str,
    channel: str,
    held: int,
) -> Voucher:
    """One unit, the voucher and its audit entry, all or nothing."""
    if held >= campaign.per_member_limit:
        raise refuse("limit_reached", "item", limit=campaign.per_member_limit)
    if _sold_out_key(campaign, item) in _SOLD_OUT:
        raise refuse("sold_out", "item")
    voucher = _voucher(campaign, item, membership, key, channel, held)
    if connection.vendor == "postgresql":
        ticket = claim_batches.Ticket(voucher, _audit_entry(actor, voucher, membership))
        claim_batches.COALESCER.submit(ticket)
        if ticket.outcome == claim_batches.SOLD_OUT:
            raise _sold_out(campaign, item)
        if ticket.outcome == claim_batches.CONFLICT:
            raise IntegrityError("the member's turn or key was taken by a racing request")
        return voucher
    with transaction.atomic():
        if not _take_unit_serialised(item):
            raise _sold_out(campaign, item)
        voucher.save(force_insert=True)
        _audit_entry(actor, voucher, membership).save()
    return voucher


def _take_unit_serialised(item: CampaignItem) -> bool:
    """One unit of ``item``'s stock from one of its rows in a random order, on a database
    that takes one writer at a time (SQLite); False when none is left."""
    shards = StockShard.objects.filter(item=item, remaining__gt=0)
    rows = list(shards.values_list("pk", flat=True))
    random.shuffle(rows)
    for pk in rows:
        taken = StockShard.objects.filter(pk=pk, remaining__gt=0)
        if taken.update(remaining=F("remaining") - 1):
            return True
    return False


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
    held = _held(actor, key, campaign, item_id)
    if held.replay is not None:
        return _replayed(held.replay)
    membership = held.membership
    memory = _memory_key(membership.person_id, key, campaign, item_id)
    remembered = _recall(memory)
    if remembered is not None:
        code, field, values = remembered
        raise refuse(code, field, **values)
    try:
        return _claim(actor, campaign, item_id, membership, key, channel, held.count)
    except Refusal as refusal:
        if refusal.refusal[0] == "sold_out":
            # the same key's first request may have taken the last unit meanwhile
            again = _held(actor, key, campaign, item_id)
            if again.replay is not None:
                return _replayed(again.replay)
        if refusal.refusal[0] not in FLEETING:
            _remember(memory, refusal.refusal)
        raise


# refusals that a moment later may no longer hold: answered afresh to a retry
FLEETING = frozenset({"not_open"})


def _recall(memory: str) -> Any:
    """The refusal remembered for this request, if the cache answers (it only saves
    work: without it, the claim is checked again and refused the same way)."""
    try:
        return cache.get(memory)
    except Exception:  # noqa: BLE001 - a cache that is down must not stop the claims
        return None


def _remember(memory: str, refusal: Any) -> None:
    with contextlib.suppress(Exception):  # see _recall
        cache.set(memory, refusal, REFUSAL_MEMORY_SECONDS)


def _claim(
    actor: Visitor,
    campaign: Campaign,
    item_id: Any,
    membership: Membership,
    key: str,
    channel: str,
    held: int,
) -> Claimed:
    _check_window(campaign, timezone.now())
    check_eligible(campaign, membership)
    item = _item(campaign, item_id)
    for _turn in range(RACE_RETRIES):
        try:
            return Claimed(
                _claim_once(actor, campaign, item, membership, key, channel, held), False
            )
        except IntegrityError:
            # another request of this member committed first: the same key (a retry
            # racing its original) or a turn of the limit; look again
            again = _held(actor, key, campaign, item.pk)
            if again.replay is not None:
                return _replayed(again.replay)
            held = again.count
    raise refuse("limit_reached", "item", limit=campaign.per_member_limit)
