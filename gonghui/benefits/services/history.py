"""Campaigns held before the platform, recorded after the fact (补录历史活动): the 2020
epidemic's condolence coupons (慰问券) and the like, so that the benefits report covers
history.

``campaign_record_past`` writes, in one transaction, a campaign that is already closed
(its window and the vouchers' validity in the past), its items with their face values
and a voucher per claim row (person, item, day claimed, day redeemed or none: redeemed or
expired), then books what the campaign spent: the SPENDING of the face value redeemed
(the rule of ``campaigns.settle_budget``), dated the day the vouchers' validity ended. No
hold is booked: the money was spent before the platform knew of it.

Every row is checked before anything is written, and every bad row is reported (one
message per row, ``第 n 行：...`` under ``claims``), nothing written when any is: a day in
the future or outside the window, a redemption before the claim or after the validity,
an unknown item or person, a person who was not a member of a union in the campaign's
subtree on the day of the claim (the tree as it stood that day, as the report places
claims) or not of the campaign's group, a row past the limit per member or past the
item's quantity. A campaign for members with a hardship file is refused (a file's
standing on a past day is not what the claim check reads).

The status history is written by the workflow engine (``begin`` with the campaign
workflow's ``record`` step: from nothing to closed, dated the day it is recorded). One
audit entry for the campaign and one per voucher; the fund entry audits itself."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.accounts.roles import BENEFITS_RUN
from gonghui.assistance.choices import EntryKind
from gonghui.assistance.services.ledger import entry_post
from gonghui.benefits.choices import CampaignStatus, Channel, Eligibility, VoucherStatus
from gonghui.benefits.models import Campaign, CampaignItem, Voucher
from gonghui.benefits.services.campaigns import ZERO, _campaign_fields, _item_fields
from gonghui.benefits.services.claims import new_code
from gonghui.core import audit, pii, rules
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, require
from gonghui.core.workflow import begin
from gonghui.members.models import Membership, Person
from gonghui.organizations.models import STATION_DEPTH, Organization, UnionPlacement

NOON = time(12, 0)

# one answer whether the person is unknown or a member elsewhere: a workbook of ID
# numbers must not tell the staff of one union who is a member outside their subtree
NOT_A_MEMBER = gettext_noop("找不到该会员，或其领取当日不是本活动范围内工会的会员")


@dataclass(frozen=True)
class PastClaim:
    """One row: who claimed (a person, a person's id, or a resident ID number as a roster
    gives it) which item (by name) on which day, and the day it was redeemed (None:
    never, the voucher expired); ``line``: the number a refusal names (default: its place
    in the list; a workbook gives its own row number)."""

    person: Person | int | str | None
    item: str
    claimed_on: date
    redeemed_on: date | None = None
    line: int | None = None


def _at(day: date, moment: time = time.min) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def _in_subtree(path_then: str, node_path: str) -> bool:
    """``organizations.models.subtree_then`` for one path."""
    segments = node_path.rstrip(".").split(".")
    if len(segments) <= STATION_DEPTH:
        return path_then.startswith(node_path)
    return f".{segments[-1]}." in path_then


class _Members:
    """The memberships of the rows' persons and their unions' placements, read once."""

    def __init__(self, person_ids: set[int]) -> None:
        self.by_person: dict[int, list[Membership]] = defaultdict(list)
        memberships = Membership.objects.filter(person_id__in=person_ids).select_related("union")
        for membership in memberships.order_by("started_on", "pk"):
            self.by_person[membership.person_id].append(membership)
        unions = {m.union_id for ms in self.by_person.values() for m in ms}
        self.placements: dict[int, list[UnionPlacement]] = defaultdict(list)
        for placement in UnionPlacement.objects.filter(union_id__in=unions):
            self.placements[placement.union_id].append(placement)

    def path_on(self, union: Organization, day: date) -> str:
        for p in self.placements.get(union.pk, []):
            if p.valid_from <= day and (p.valid_to is None or day < p.valid_to):
                return p.path
        return union.path

    def on(self, person_id: int, day: date) -> list[Membership]:
        return [
            m
            for m in self.by_person.get(person_id, [])
            if m.started_on <= day and (m.ended_on is None or day < m.ended_on)
        ]


def _dates(data: dict[str, Any], errors: rules.Errors) -> tuple[date, date, date] | None:
    labels = {
        "opens_on": _("开始领取日期"),
        "closes_on": _("截止领取日期"),
        "ends_on": _("券有效期至"),
    }
    days: list[date] = []
    for name, label in labels.items():
        day = data.get(name)
        if isinstance(day, date) and not isinstance(day, datetime):
            days.append(day)
        else:
            errors.add(name, _("请填写%(label)s") % {"label": label})
    if errors:
        return None
    opens, closes, ends = days
    if ends >= timezone.localdate():
        errors.add("ends_on", _("补录的活动须已结束：券有效期应早于今天"))
    if closes < opens:
        errors.add("closes_on", _("截止领取日期不能早于开始领取日期"))
    if ends < closes:
        errors.add("ends_on", _("券有效期不能早于截止领取日期"))
    return opens, closes, ends


def _fields(organization: Organization, data: dict[str, Any]) -> dict[str, Any]:
    """The campaign's fields (the rules of ``campaigns.campaign_create``) with its days
    as the window [opens_on, closes_on] and the validity to the end of ``ends_on``."""
    errors = rules.Errors()
    days = _dates(data, errors)
    fund = data.get("fund")
    if days is not None and fund is not None and getattr(fund, "started_on", days[0]) > days[0]:
        errors.add("fund", _("该资金设立于活动开始之后"))
    if data.get("eligibility") == Eligibility.HARDSHIP:
        errors.add("eligibility", _("补录的历史活动不支持按困难职工档案领取"))
    try:
        opens, closes, ends = days or (date(2000, 1, 1), date(2000, 1, 1), date(2000, 1, 1))
        clean = _campaign_fields(
            {
                **data,
                "opens_at": _at(opens),
                "closes_at": _at(closes + timedelta(days=1)),
                "ends_at": _at(ends + timedelta(days=1)),
            },
            organization,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                errors.add(field, message)
        clean = {}
    errors.raise_any()
    return clean


def _items(draft: Campaign, items: Sequence[dict[str, Any]], claims: Sequence[PastClaim]) -> list:
    """The items, each with its quantity (default: as many as the rows claim)."""
    counts = Counter(str(row.item) for row in claims)
    errors = rules.Errors()
    clean: list[dict[str, Any]] = []
    if not items:
        errors.add("items", _("请先添加活动物品"))
    for data in items:
        name = str(data.get("name") or "").strip()
        values = {"stock": counts.get(name) or 1, **data}
        try:
            clean.append(_item_fields(values, draft))
        except ValidationError as exc:
            for messages in exc.message_dict.values():
                errors.add("items", f"{name}：{'；'.join(messages)}")
    names = [item["name"] for item in clean]
    if len(set(names)) != len(names):
        errors.add("items", _("本活动已有同名物品"))
    errors.raise_any()
    return clean


def _row_error(
    row: PastClaim,
    person_id: int | None,
    clean: dict[str, Any],
    organization: Organization,
    items: dict[str, dict[str, Any]],
    members: _Members,
) -> tuple[str | None, Membership | None]:
    """Why ``row`` cannot be recorded (None: it can), and the membership it counts in."""
    today = timezone.localdate()
    opens = timezone.localdate(clean["opens_at"])
    closes = timezone.localdate(clean["closes_at"]) - timedelta(days=1)
    ends = timezone.localdate(clean["ends_at"]) - timedelta(days=1)
    day, redeemed = row.claimed_on, row.redeemed_on
    if isinstance(day, datetime) or isinstance(redeemed, datetime):
        return _("日期格式不正确"), None
    if not isinstance(day, date) or day > today:
        return _("领取日期缺失或晚于今天"), None
    if not opens <= day <= closes:
        return _("领取日期不在领取期内"), None
    if redeemed is not None and not (isinstance(redeemed, date) and day <= redeemed <= ends):
        return _("核销日期应在领取日期和券有效期之间"), None
    if str(row.item) not in items:
        return _("活动没有物品“%(item)s”") % {"item": row.item}, None
    if person_id is None or person_id not in members.by_person:
        return _(NOT_A_MEMBER), None
    held = [
        m
        for m in members.on(person_id, day)
        if _in_subtree(members.path_on(m.union, day), organization.path)
    ]
    if not held:
        return _(NOT_A_MEMBER), None
    kinds, platforms = clean["employment_kinds"], clean["platforms"]
    in_group = [
        m
        for m in held
        if (not kinds or m.employment_kind in kinds) and (not platforms or m.platform in platforms)
    ]
    if not in_group:
        return _("不属于本活动的领取对象"), None
    return None, in_group[0]


def _person_ids(claims: Sequence[PastClaim]) -> list[int | None]:
    """Each row's person id (None: no such person), ID numbers looked up in one query."""
    indexes: dict[str, str] = {}
    for row in claims:
        if isinstance(row.person, str):
            try:
                indexes[row.person] = pii.blind_index(pii.normalize_id_number(row.person))
            except ValidationError:
                continue
    found = dict(
        Person.objects.filter(id_number_index__in=set(indexes.values())).values_list(
            "id_number_index", "pk"
        )
    )
    ids: list[int | None] = []
    for row in claims:
        person = row.person
        if isinstance(person, Person):
            ids.append(person.pk)
        elif isinstance(person, str):
            ids.append(found.get(indexes.get(person, "")))
        else:
            ids.append(person if isinstance(person, int) else None)
    return ids


def _checked_rows(
    claims: Sequence[PastClaim],
    clean: dict[str, Any],
    organization: Organization,
    items: dict[str, dict[str, Any]],
) -> list[Membership]:
    """The membership of every row, or every bad row's refusal."""
    person_ids = _person_ids(claims)
    members = _Members({pk for pk in person_ids if pk is not None})
    errors: list[str] = []
    found: list[Membership] = []
    per_person: Counter[int] = Counter()
    per_item: Counter[str] = Counter()
    for number, (row, person_id) in enumerate(zip(claims, person_ids, strict=True), start=1):
        message, membership = _row_error(row, person_id, clean, organization, items, members)
        if membership is not None:
            per_person[membership.person_id] += 1
            per_item[str(row.item)] += 1
            if per_person[membership.person_id] > clean["per_member_limit"]:
                message = _("超过每人限领 %(n)s 份") % {"n": clean["per_member_limit"]}
            elif per_item[str(row.item)] > items[str(row.item)]["stock"]:
                message = _("超过物品“%(item)s”的数量") % {"item": row.item}
        if message is not None or membership is None:
            where = row.line or number
            errors.append(_("第 %(row)s 行：%(message)s") % {"row": where, "message": message})
        else:
            found.append(membership)
    if errors:
        raise ValidationError({"claims": errors})
    return found


def _vouchers(
    campaign: Campaign,
    items: dict[str, CampaignItem],
    claims: Sequence[PastClaim],
    memberships: list[Membership],
) -> list[Voucher]:
    ordinals: Counter[int] = Counter()
    vouchers = []
    for number, (row, membership) in enumerate(zip(claims, memberships, strict=True), start=1):
        ordinals[membership.person_id] += 1
        item = items[str(row.item)]
        redeemed = row.redeemed_on
        vouchers.append(
            Voucher(
                campaign=campaign,
                item=item,
                person_id=membership.person_id,
                membership=membership,
                union_id=membership.union_id,
                ordinal=ordinals[membership.person_id],
                allowed=campaign.per_member_limit,
                code=new_code(),
                face_value=item.unit_value,
                status=VoucherStatus.REDEEMED if redeemed else VoucherStatus.EXPIRED,
                claimed_at=_at(row.claimed_on, NOON),
                claimed_on=row.claimed_on,
                channel=Channel.PORTAL,
                idempotency_key=f"record:{campaign.number}:{number}",
                redeemed_at=_at(redeemed, NOON) if redeemed else None,
                closed_at=None if redeemed else campaign.ends_at,
            )
        )
    return Voucher.objects.bulk_create(vouchers, batch_size=2000)


@transaction.atomic
def campaign_record_past(
    *,
    actor: Actor,
    organization: Organization,
    items: Sequence[dict[str, Any]],
    claims: Sequence[PastClaim],
    **data: Any,
) -> Campaign:
    """Record a campaign of ``organization`` held before the platform, already closed,
    with its ``items`` (``campaigns.item_add``'s fields; ``stock`` defaults to the rows of
    the item) and a voucher per row of ``claims``. ``data``: ``title``, ``description``,
    ``opens_on``, ``closes_on``, ``ends_on`` (days, all past), ``per_member_limit``,
    ``eligibility``, ``employment_kinds``, ``platforms``, ``fund``. Refused, nothing
    written, naming every bad field and every bad row."""
    require(actor, BENEFITS_RUN, organization)
    clean = _fields(organization, data)
    item_rows = _items(Campaign(organization=organization), items, claims)
    by_name = {item["name"]: item for item in item_rows}
    memberships = _checked_rows(claims, clean, organization, by_name)
    year = timezone.localdate(clean["opens_at"]).year
    campaign = Campaign.objects.create(
        number=next_number(f"benefit-campaign-{year}", f"PH{year}", width=5),
        organization=organization,
        created_by_id=actor.pk,
        status=CampaignStatus.CLOSED,
        published_at=clean["opens_at"],
        closed_at=clean["ends_at"],
        **clean,
    )
    created = CampaignItem.objects.bulk_create(
        CampaignItem(campaign=campaign, position=n, **item) for n, item in enumerate(item_rows)
    )
    vouchers = _vouchers(campaign, {i.name: i for i in created}, claims, memberships)
    redeemed = sum((v.face_value for v in vouchers if v.redeemed_at), ZERO)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=campaign,
        after=audit.snapshot(campaign),
        changes={"vouchers": len(vouchers), "redeemed_value": str(redeemed)},
        message=_("补录历史活动：%(n)s 张券，核销面值 %(v)s 元")
        % {"n": len(vouchers), "v": redeemed},
    )
    audit.record_many(_voucher_entry(actor, v) for v in vouchers)
    begin(actor, campaign, "record")
    _book(actor, campaign, redeemed)
    return campaign


def _voucher_entry(actor: Actor, voucher: Voucher) -> Any:
    return audit.entry(
        actor=actor,
        action=AuditAction.CREATE,
        obj=voucher,
        organization=voucher.membership.union,
        changes={"campaign": voucher.campaign.number, "item": voucher.item.name},
        message=_("补录领取：%(item)s") % {"item": voucher.item.name},
    )


def _book(actor: Actor, campaign: Campaign, redeemed: Decimal) -> None:
    if redeemed <= 0:
        return
    entry_post(
        actor=actor,
        fund=campaign.fund,
        kind=EntryKind.SPENDING,
        amount=-redeemed,
        booked_on=timezone.localdate(campaign.ends_at) - timedelta(days=1),
        memo=_("普惠活动 %(number)s 核销支出（补录）") % {"number": campaign.number},
        field="fund",
    )
