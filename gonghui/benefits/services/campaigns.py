"""Claim campaigns: created in draft with their items, published (the stock split over its
rows, the full value held in the budget line: a HOLD entry), closed when the vouchers'
validity ends (the unredeemed expire; the hold is released whole and the face value
redeemed booked as SPENDING) or cancelled (the vouchers void, the hold released; what was
redeemed before the cancellation is spent). The steps are declared in
``workflows_campaigns``; claims are ``claims.voucher_claim``, redemptions
``redeem.voucher_redeem``.

Every write is checked (``scoping.require``), validated (each refusal names its field,
nothing written), atomic and audited."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import BENEFITS_RUN
from gonghui.assistance.choices import FundKind
from gonghui.assistance.models import Fund
from gonghui.assistance.services.ledger import hold_post, hold_settle
from gonghui.benefits.choices import (
    PER_MEMBER_LIMIT_MAX,
    STOCK_SHARDS_MAX,
    CampaignStatus,
    Eligibility,
    ItemKind,
    VoucherStatus,
)
from gonghui.benefits.models import Campaign, CampaignItem, StockShard, Supplier, Voucher
from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, Visitor, require
from gonghui.core.workflow import Done, begin, take, workflow_named
from gonghui.members.choices import EmploymentKind, Platform
from gonghui.organizations.models import Organization

ZERO = Decimal("0.00")
STOCK_MAX = 1_000_000
CAMPAIGN_FIELDS = (
    "title",
    "description",
    "opens_at",
    "closes_at",
    "ends_at",
    "per_member_limit",
    "eligibility",
    "employment_kinds",
    "platforms",
    "fund",
)


# --- the campaign ----------------------------------------------------------------------


def _when(value: Any, field: str, label: Any, errors: rules.Errors) -> datetime | None:
    if not isinstance(value, datetime):
        errors.add(field, _("请填写%(label)s") % {"label": label})
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _codes(values: Any, allowed: list[str], field: str, errors: rules.Errors) -> list[str]:
    codes = list(dict.fromkeys(str(code) for code in (values or [])))
    if any(code not in allowed for code in codes):
        errors.add(field, _("选项无效"))
    return codes


def _check_fund(fund: Any, organization: Organization, errors: rules.Errors) -> None:
    if not isinstance(fund, Fund):
        errors.add("fund", _("请选择列支预算"))
    elif fund.kind == FundKind.WARMTH:
        errors.add("fund", _("温暖专项基金只用于救助，不能作为普惠活动支出科目"))
    elif not fund.active:
        errors.add("fund", _("支出科目“%(fund)s”已停用") % {"fund": fund.name})
    elif not organization.path.startswith(fund.organization.path):
        errors.add("fund", _("支出科目不属于主办单位或其上级"))


def _campaign_fields(data: dict[str, Any], organization: Organization) -> dict[str, Any]:
    errors = rules.Errors()
    clean: dict[str, Any] = {
        "title": errors.check(
            rules.required_text, data.get("title"), "title", label=_("活动名称"), max_length=100
        ),
        "description": str(data.get("description") or "").strip()[:2000],
    }
    opens = _when(data.get("opens_at"), "opens_at", _("开始领取时间"), errors)
    closes = _when(data.get("closes_at"), "closes_at", _("截止领取时间"), errors)
    ends = _when(data.get("ends_at") or closes, "ends_at", _("券有效期"), errors)
    if opens and closes and closes <= opens:
        errors.add("closes_at", _("截止领取时间应晚于开始领取时间"))
    if closes and ends and ends < closes:
        errors.add("ends_at", _("券有效期不能早于截止领取时间"))
    clean.update(opens_at=opens, closes_at=closes, ends_at=ends)
    limit = errors.check(
        rules.count,
        data.get("per_member_limit", 1),
        "per_member_limit",
        label=_("每人限领"),
        minimum=1,
    )
    if limit is not None and limit > PER_MEMBER_LIMIT_MAX:
        errors.add("per_member_limit", _("每人限领最多 %(n)s 份") % {"n": PER_MEMBER_LIMIT_MAX})
    clean["per_member_limit"] = limit
    eligibility = str(data.get("eligibility") or Eligibility.ALL)
    if eligibility not in Eligibility.values:
        errors.add("eligibility", _("请选择领取对象"))
    clean["eligibility"] = eligibility
    kinds = _codes(data.get("employment_kinds"), EmploymentKind.values, "employment_kinds", errors)
    platforms = _codes(data.get("platforms"), Platform.values, "platforms", errors)
    if eligibility == Eligibility.EMPLOYMENT and not (kinds or platforms):
        errors.add("employment_kinds", _("请选择可以领取的用工形式或平台类别"))
    if eligibility != Eligibility.EMPLOYMENT:
        kinds, platforms = [], []
    clean.update(employment_kinds=kinds, platforms=platforms)
    _check_fund(data.get("fund"), organization, errors)
    clean["fund"] = data.get("fund")
    errors.raise_any()
    return clean


@transaction.atomic
def campaign_create(*, actor: Actor, organization: Organization, **data: Any) -> Campaign:
    """A campaign of ``organization`` (a node the actor runs campaigns for), in draft."""
    require(actor, BENEFITS_RUN, organization)
    clean = _campaign_fields(data, organization)
    year = timezone.localdate(clean["opens_at"]).year
    campaign = Campaign.objects.create(
        number=next_number(f"benefit-campaign-{year}", f"PH{year}", width=5),
        organization=organization,
        created_by_id=actor.pk,
        **clean,
    )
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=campaign, after=audit.snapshot(campaign)
    )
    begin(actor, campaign, "create")
    return campaign


def _draft(actor: Actor, campaign: Campaign) -> Campaign:
    require(actor, BENEFITS_RUN, campaign)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status != CampaignStatus.DRAFT:
        raise ValidationError({"status": _("活动发布后不能修改")})
    return locked


@transaction.atomic
def campaign_change(*, actor: Actor, campaign: Campaign, **data: Any) -> Campaign:
    """Change a draft campaign."""
    locked = _draft(actor, campaign)
    before = audit.snapshot(locked)
    current = {name: getattr(locked, name) for name in CAMPAIGN_FIELDS}
    clean = _campaign_fields({**current, **data}, locked.organization)
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        before=before,
        after=audit.snapshot(locked),
    )
    return locked


# --- items -----------------------------------------------------------------------------


def _item_fields(data: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
    errors = rules.Errors()
    clean: dict[str, Any] = {
        "name": errors.check(
            rules.required_text, data.get("name"), "name", label=_("物品名称"), max_length=60
        ),
        "note": str(data.get("note") or "").strip()[:200],
    }
    kind = str(data.get("kind") or "")
    if kind not in ItemKind.values:
        errors.add("kind", _("请选择物品类别"))
    clean["kind"] = kind
    stock = errors.check(rules.count, data.get("stock"), "stock", label=_("数量"), minimum=1)
    if stock is not None and stock > STOCK_MAX:
        errors.add("stock", _("数量最多 %(n)s") % {"n": STOCK_MAX})
    clean["stock"] = stock
    clean["unit_value"] = errors.check(
        rules.money, data.get("unit_value") or "0", "unit_value", label=_("单价/面值")
    )
    supplier = data.get("supplier")
    if supplier is not None and not (
        isinstance(supplier, Supplier)
        and supplier.active
        and campaign.organization.path.startswith(supplier.organization.path)
    ):
        errors.add("supplier", _("请选择主办单位或其上级签约、合作中的供应商"))
    clean["supplier"] = supplier
    errors.raise_any()
    return clean


@transaction.atomic
def item_add(*, actor: Actor, campaign: Campaign, **data: Any) -> CampaignItem:
    locked = _draft(actor, campaign)
    clean = _item_fields(data, locked)
    position = locked.items.count()
    try:
        with transaction.atomic():
            item = CampaignItem.objects.create(campaign=locked, position=position, **clean)
    except IntegrityError:
        raise ValidationError({"name": _("本活动已有同名物品")}) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=item,
        organization=locked.organization,
        after=audit.snapshot(item),
    )
    return item


@transaction.atomic
def item_change(*, actor: Actor, item: CampaignItem, **data: Any) -> CampaignItem:
    locked = _draft(actor, item.campaign)
    before = audit.snapshot(item)
    current = {name: getattr(item, name) for name in ("name", "kind", "stock", "unit_value")}
    current.update(supplier=item.supplier, note=item.note)
    clean = _item_fields({**current, **data}, locked)
    for name, value in clean.items():
        setattr(item, name, value)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ValidationError({"name": _("本活动已有同名物品")}) from None
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=item,
        organization=locked.organization,
        before=before,
        after=audit.snapshot(item),
    )
    return item


@transaction.atomic
def item_remove(*, actor: Actor, item: CampaignItem) -> None:
    locked = _draft(actor, item.campaign)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=item,
        organization=locked.organization,
        before=audit.snapshot(item),
    )
    item.delete()


# --- the steps (workflows_campaigns) -------------------------------------------------------


def total_value(campaign: Campaign) -> Decimal:
    """What the campaign's whole stock is worth at its items' values."""
    return sum((item.unit_value * item.stock for item in campaign.items.all()), ZERO)


def may_publish(campaign: Campaign) -> str | None:
    if not campaign.items.exists():
        return _("请先添加活动物品")
    if campaign.closes_at <= timezone.now():
        return _("截止领取时间已过，请先修改活动时间")
    return None


def _split(stock: int) -> list[int]:
    """``stock`` over at most ``STOCK_SHARDS_MAX`` rows, as evenly as it goes."""
    count = min(STOCK_SHARDS_MAX, stock)
    base, extra = divmod(stock, count)
    return [base + (1 if number < extra else 0) for number in range(count)]


def publish(actor: Actor, campaign: Campaign) -> Done:
    """Split each item's stock over its rows and reserve the whole value from the budget
    line (refused, naming the balance, when the line cannot cover it)."""
    shards = []
    for item in campaign.items.all():
        parts = _split(item.stock)
        item.shard_count = len(parts)
        item.save(update_fields=["shard_count", "updated_at"])
        shards += [StockShard(item=item, number=n, remaining=r) for n, r in enumerate(parts)]
    StockShard.objects.bulk_create(shards)
    value = total_value(campaign)
    if value > 0:
        campaign.reserve_entry = hold_post(
            actor=actor,
            fund=campaign.fund,
            amount=value,
            booked_on=timezone.localdate(),
            memo=_("普惠活动 %(number)s 预留") % {"number": campaign.number},
            field="fund",
        )
    campaign.published_at = timezone.now()
    return Done()


def may_close(campaign: Campaign) -> str | None:
    if timezone.now() < campaign.ends_at:
        return _("券有效期至 %(when)s，届满后才能结束活动") % {
            "when": timezone.localtime(campaign.ends_at).strftime("%Y-%m-%d %H:%M")
        }
    return None


def redeemed_value(campaign: Campaign) -> Decimal:
    """The face value of the campaign's vouchers redeemed: what the campaign spent."""
    vouchers = Voucher.objects.filter(campaign=campaign, status=VoucherStatus.REDEEMED)
    return vouchers.aggregate(total=Sum("face_value"))["total"] or ZERO


def settle_budget(actor: Visitor, campaign: Campaign, booked_on: date) -> None:
    """The campaign's money when it ends. **Spent = the face value of the vouchers
    redeemed**: the supplier (or the union handing the goods out) is paid for what was
    redeemed, and an unredeemed voucher costs nothing. The hold booked at publishing is
    released whole and the spent value booked as SPENDING (``ledger.hold_settle``, in the
    caller's transaction; a hold is released once, so a second settlement is refused)."""
    hold = campaign.reserve_entry
    if hold is None:
        return
    number = {"number": campaign.number}
    hold_settle(
        actor=actor,
        hold=hold,
        spent=redeemed_value(campaign),
        booked_on=booked_on,
        release_memo=_("普惠活动 %(number)s 释放预留") % number,
        spent_memo=_("普惠活动 %(number)s 核销支出") % number,
    )


def _settle(actor: Visitor, campaign: Campaign, voucher_status: str) -> None:
    """End a campaign: its stock rows emptied (a claim still in flight finds nothing and
    rolls back), the unredeemed vouchers expired or void, the hold released and the
    redeemed value spent (``settle_budget``; nothing was redeemed when it is cancelled
    before any redemption, and everything held comes back)."""
    now = timezone.now()
    StockShard.objects.filter(item__campaign=campaign).update(remaining=0)
    Voucher.objects.filter(campaign=campaign, status=VoucherStatus.ISSUED).update(
        status=voucher_status, closed_at=now
    )
    campaign.closed_at = now
    settle_budget(actor, campaign, timezone.localdate(now))


def close(actor: Visitor, campaign: Campaign) -> Done:
    _settle(actor, campaign, VoucherStatus.EXPIRED)
    return Done()


def cancel(actor: Actor, campaign: Campaign, *, reason: str) -> Done:
    text = rules.required_text(reason, "reason", label=_("取消原因"), max_length=500)
    _settle(actor, campaign, VoucherStatus.VOID)
    return Done(note=text, message=_("取消活动：%(reason)s") % {"reason": text})


def campaigns_expire(now: datetime | None = None) -> int:
    """Close the published campaigns whose vouchers' validity has ended (the system step
    ``expire``: the unredeemed expire, the unspent goes back to the budget line). Each
    campaign in its own transaction; returns how many were closed."""
    moment = now or timezone.now()
    due = Campaign.objects.filter(status=CampaignStatus.PUBLISHED, ends_at__lte=moment)
    closed = 0
    for pk in due.values_list("pk", flat=True):
        try:
            take(None, pk, "expire", workflow=workflow_named("benefit_campaign"))  # type: ignore[arg-type]
        except ValidationError:
            continue  # closed meanwhile (by staff, or another run): the engine refused
        closed += 1
    return closed
