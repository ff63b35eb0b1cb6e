"""Condolence campaigns (慰问): created with a budget drawn from a budget line, a scope
and what each head receives; a distribution list built from the scope (or lines added by
hand); each line handed out and signed for, its cash and goods value spent from the
budget line through the one ledger (``ledger.entry_post``). A campaign's own steps
(planning → distributing → closed) are declared in ``workflows_campaigns``.

Every write is checked (``scoping.require``), validated (each refusal names its field,
nothing written), atomic and audited."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.accounts.roles import ASSISTANCE_DISTRIBUTE, ASSISTANCE_MANAGE
from gonghui.assistance.choices import (
    CampaignScope,
    CampaignStatus,
    EntryKind,
    FileStatus,
    FundKind,
    LineStatus,
    Occasion,
    Tier,
)
from gonghui.assistance.models import (
    Campaign,
    CampaignSite,
    DistributionLine,
    Fund,
    FundEntry,
    HardshipFile,
)
from gonghui.assistance.services.ledger import entry_post
from gonghui.assistance.services.receipts import receipt_record
from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, paths_q, require
from gonghui.core.workflow import begin, take
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.organizations.models import LegalEntity, Organization

ZERO = Decimal("0.00")
YEAR_MIN, YEAR_MAX = 2000, 2100
OPEN = (CampaignStatus.PLANNING, CampaignStatus.DISTRIBUTING)
SPENT_KINDS = (EntryKind.SPENDING, EntryKind.REVERSAL)


# --- a campaign ------------------------------------------------------------------------


@dataclass(frozen=True)
class PerHead:
    cash: Decimal
    goods: str
    goods_value: Decimal


def _year(value: Any, errors: rules.Errors) -> int | None:
    year = errors.check(rules.count, value, "year", label=_("年度"), minimum=YEAR_MIN)
    if year is not None and year > YEAR_MAX:
        errors.add("year", _("年度无效"))
        return None
    return year


def _per_head(data: dict[str, Any], errors: rules.Errors) -> PerHead | None:
    cash = errors.check(
        rules.money, data.get("cash_per_head") or "0", "cash_per_head", label=_("每人慰问金")
    )
    value = errors.check(
        rules.money,
        data.get("goods_value_per_head") or "0",
        "goods_value_per_head",
        label=_("每份慰问品价值"),
    )
    goods = str(data.get("goods") or "").strip()
    if len(goods) > 200:
        errors.add("goods", _("慰问品不能超过 200 个字"))
    if cash is None or value is None:
        return None
    if value > 0 and not goods:
        errors.add("goods", _("请填写慰问品"))
    if cash == 0 and not goods:
        errors.add("cash_per_head", _("请填写每人慰问金，或填写慰问品"))
    return PerHead(cash, goods, value)


def _check_fund(fund: Fund, organization: Organization, errors: rules.Errors) -> None:
    """A campaign spends from an active budget line (or special fund) of its organisation
    or of a node above it."""
    if fund.kind == FundKind.WARMTH:
        errors.add("fund", _("温暖专项基金只用于救助，不能作为慰问支出科目"))
    elif not fund.active:
        errors.add("fund", _("支出科目“%(fund)s”已停用") % {"fund": fund.name})
    elif not organization.path.startswith(fund.organization.path):
        errors.add("fund", _("支出科目不属于组织单位或其上级"))


def _check_scope(
    scope: str, units: Sequence[Organization], tier: str, organization: Organization
) -> rules.Errors:
    errors = rules.Errors()
    if scope not in CampaignScope.values:
        errors.add("scope", _("请选择慰问范围"))
    if scope == CampaignScope.UNITS and not units:
        errors.add("units", _("请选择慰问单位"))
    if any(not unit.path.startswith(organization.path) for unit in units):
        errors.add("units", _("慰问单位应在组织单位之下"))
    if scope == CampaignScope.TIER and tier not in Tier.values:
        errors.add("tier", _("请选择困难类别"))
    return errors


def campaign_create(
    *,
    actor: Actor,
    organization: Organization,
    fund: Fund,
    units: Iterable[Organization] = (),
    **data: Any,
) -> Campaign:
    """A campaign in planning. ``data``: name, occasion, year, starts_on, ends_on, budget,
    cash_per_head, goods, goods_value_per_head, scope, tier. ``units`` (scope UNITS) are
    nodes of ``organization``'s subtree the actor manages."""
    require(actor, ASSISTANCE_MANAGE, organization)
    require(actor, ASSISTANCE_MANAGE, fund)  # a budget line the actor manages
    units = list(units)
    for unit in units:
        require(actor, ASSISTANCE_MANAGE, unit)
    scope, tier = str(data.get("scope") or ""), str(data.get("tier") or "")
    errors = _check_scope(scope, units, tier, organization)
    name = errors.check(
        rules.required_text, data.get("name"), "name", label=_("活动名称"), max_length=120
    )
    if data.get("occasion") not in Occasion.values:
        errors.add("occasion", _("请选择慰问类别"))
    year = _year(data.get("year"), errors)
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts_on, date):
        errors.add("starts_on", _("请填写开始日期"))
    if not isinstance(ends_on, date):
        errors.add("ends_on", _("请填写结束日期"))
    elif isinstance(starts_on, date) and ends_on < starts_on:
        errors.add("ends_on", _("结束日期不能早于开始日期"))
    budget = errors.check(rules.money, data.get("budget"), "budget", label=_("预算"), positive=True)
    per_head = _per_head(data, errors)
    _check_fund(fund, organization, errors)
    errors.raise_any()
    assert per_head is not None and year is not None and name is not None  # noqa: S101
    assert isinstance(starts_on, date) and isinstance(ends_on, date)  # noqa: S101
    with transaction.atomic():
        campaign = Campaign.objects.create(
            number=next_number("assistance.campaign", f"WW{year}", width=4),
            organization=organization,
            name=name,
            occasion=data["occasion"],
            year=year,
            starts_on=starts_on,
            ends_on=ends_on,
            fund=fund,
            budget=budget,
            cash_per_head=per_head.cash,
            goods=per_head.goods,
            goods_value_per_head=per_head.goods_value,
            scope=scope,
            tier=tier if scope == CampaignScope.TIER else "",
            created_by_id=actor.pk,
        )
        if scope == CampaignScope.UNITS:
            campaign.units.set(units)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=campaign,
            after=audit.snapshot(campaign),
            message=_("创建慰问活动：%(name)s") % {"name": campaign.name},
        )
        begin(actor, campaign, "create")
    return campaign


def _open(campaign: Campaign, field: str = "status") -> None:
    if campaign.status not in OPEN:
        raise ValidationError({field: _("慰问活动已结束，不能再修改")})


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("fund").get(pk=campaign.pk)


def campaign_site_add(
    *,
    actor: Actor,
    campaign: Campaign,
    name: Any,
    workers: Any,
    address: Any = "",
    entity: LegalEntity | None = None,
) -> CampaignSite:
    """A site (a construction project, an outdoor post) of a campaign by sites."""
    require(actor, ASSISTANCE_MANAGE, campaign)
    if entity is not None:
        require(actor, ASSISTANCE_MANAGE, entity)
    errors = rules.Errors()
    text = errors.check(rules.required_text, name, "name", label=_("站点名称"), max_length=120)
    heads = errors.check(rules.count, workers, "workers", label=_("职工人数"), minimum=1)
    where = str(address or "").strip()
    if len(where) > 200:
        errors.add("address", _("地址不能超过 200 个字"))
    errors.raise_any()
    assert text is not None and heads is not None  # noqa: S101 (raise_any refused otherwise)
    with transaction.atomic():
        locked = _locked(campaign)
        _open(locked)
        if locked.scope != CampaignScope.SITES:
            raise ValidationError({"name": _("只有按站点慰问的活动可以添加站点")})
        if CampaignSite.objects.filter(campaign=locked, name=text).exists():
            raise ValidationError({"name": _("该站点已添加")})
        site = CampaignSite.objects.create(
            campaign=locked, name=text, address=where, entity=entity, workers=heads
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=site,
            organization=locked.organization,
            after=audit.snapshot(site),
            message=_("添加慰问站点：%(name)s") % {"name": site.name},
        )
    return site


# --- the distribution list -------------------------------------------------------------


def _line(campaign: Campaign, people: int, **fields: Any) -> DistributionLine:
    """An unsaved planned line of ``people`` heads receiving the campaign's per-head
    cash and goods."""
    return DistributionLine(
        campaign=campaign,
        people=people,
        person_times=people,
        sets=people if campaign.goods else 0,
        cash=campaign.cash_per_head * people,
        goods_value=campaign.goods_value_per_head * people,
        **fields,
    )


def _member_lines(campaign: Campaign, units: list[Organization]) -> list[DistributionLine]:
    """One line per active member of the unions in the units' subtrees."""
    members = (
        Membership.objects.filter(paths_q("union__path", [unit.path for unit in units]))
        .filter(status=MembershipStatus.ACTIVE)
        .exclude(person__distribution_lines__campaign=campaign)
        .select_related("person")
        .order_by("union__name_sort", "person__name", "pk")
    )
    return [
        _line(campaign, 1, person=m.person, name=m.person.name, unit_id=m.union_id) for m in members
    ]


def _unit_lines(campaign: Campaign, units: list[Organization]) -> list[DistributionLine]:
    """One group line per unit without one: ``people`` its active members."""
    listed = set(
        DistributionLine.objects.filter(campaign=campaign, person__isnull=True).values_list(
            "unit_id", flat=True
        )
    )
    lines = []
    for unit in units:
        if unit.pk in listed:
            continue
        heads = Membership.objects.filter(
            union__path__startswith=unit.path, status=MembershipStatus.ACTIVE
        ).count()
        if heads:
            lines.append(_line(campaign, heads, name=unit.name, unit=unit))
    return lines


def _site_lines(campaign: Campaign) -> list[DistributionLine]:
    sites = campaign.sites.filter(workers__gt=0).exclude(lines__campaign=campaign)
    return [_line(campaign, site.workers, name=site.name, site=site) for site in sites]


def _tier_lines(campaign: Campaign) -> list[DistributionLine]:
    """One line per file on file (ACTIVE) of the tier in the organisation's subtree."""
    files = (
        HardshipFile.objects.filter(
            status=FileStatus.ACTIVE,
            tier=campaign.tier,
            organization__path__startswith=campaign.organization.path,
        )
        .exclude(person__distribution_lines__campaign=campaign)
        .select_related("person")
        .order_by("organization__name_sort", "person__name", "pk")
    )
    return [
        _line(campaign, 1, person=f.person, name=f.person.name, unit_id=f.organization_id)
        for f in files
    ]


def _planned_lines(campaign: Campaign, by_head_count: bool) -> list[DistributionLine]:
    if campaign.scope == CampaignScope.SITES:
        return _site_lines(campaign)
    if campaign.scope == CampaignScope.TIER:
        return _tier_lines(campaign)
    units = list(campaign.units.order_by("name_sort", "pk"))
    has_people = campaign.lines.filter(person__isnull=False).exists()
    has_groups = campaign.lines.filter(person__isnull=True, unit__isnull=False).exists()
    if (by_head_count and has_people) or (not by_head_count and has_groups):
        raise ValidationError(
            {"by_head_count": _("名单已按另一种方式生成，不能混用按人和按单位人数两种方式")}
        )
    return _unit_lines(campaign, units) if by_head_count else _member_lines(campaign, units)


def campaign_list_build(*, actor: Actor, campaign: Campaign, by_head_count: bool = False) -> int:
    """Build the distribution list from the campaign's scope; returns the lines added.
    Re-building adds only the lines missing (a member who joined since, a site added),
    never removes or changes a line."""
    require(actor, ASSISTANCE_MANAGE, campaign)
    with transaction.atomic():
        locked = _locked(campaign)
        _open(locked)
        lines = _planned_lines(locked, by_head_count)
        DistributionLine.objects.bulk_create(lines, batch_size=1000)
        audit.record(
            actor=actor,
            action=AuditAction.BULK,
            obj=locked,
            changes={"lines_added": len(lines), "by_head_count": by_head_count},
            message=_("生成发放名单：新增 %(n)d 条") % {"n": len(lines)},
        )
    return len(lines)


def _amounts(campaign: Campaign, people: int, data: dict[str, Any], errors: rules.Errors) -> Any:
    """The cash and goods value of a line: as given, else the campaign's per head."""
    cash, value = data.get("cash"), data.get("goods_value")
    if cash in (None, ""):
        cash = campaign.cash_per_head * people
    if value in (None, ""):
        value = campaign.goods_value_per_head * people
    return (
        errors.check(rules.money, cash, "cash", label=_("慰问金")),
        errors.check(rules.money, value, "goods_value", label=_("慰问品价值")),
    )


def line_add(
    *,
    actor: Actor,
    campaign: Campaign,
    name: Any,
    people: Any = 1,
    unit: Organization | None = None,
    site: CampaignSite | None = None,
    person: Person | None = None,
    **data: Any,
) -> DistributionLine:
    """A line added by hand (a worker the scope missed, a group met on a visit).
    ``data``: person_times, sets, cash, goods_value (default: the campaign's per head)."""
    require(actor, ASSISTANCE_MANAGE, campaign)
    if unit is not None:
        require(actor, ASSISTANCE_MANAGE, unit)
    errors = rules.Errors()
    text = errors.check(rules.required_text, name, "name", label=_("领取人/对象"), max_length=120)
    heads = errors.check(rules.count, people, "people", label=_("人数"), minimum=1) or 1
    times = data.get("person_times")
    times = errors.check(
        rules.count, heads if times in (None, "") else times, "person_times", label=_("人次")
    )
    if times is not None and times < heads:
        errors.add("person_times", _("人次不能少于人数"))
    sets = data.get("sets")
    default_sets = heads if campaign.goods else 0
    sets = errors.check(
        rules.count, default_sets if sets in (None, "") else sets, "sets", label=_("慰问品份数")
    )
    cash, value = _amounts(campaign, heads, data, errors)
    if site is not None and site.campaign_id != campaign.pk:
        errors.add("site", _("该站点不属于本活动"))
    if unit is not None and not unit.path.startswith(campaign.organization.path):
        errors.add("unit", _("单位应在活动组织单位之下"))
    errors.raise_any()
    assert text is not None and times is not None and sets is not None  # noqa: S101
    with transaction.atomic():
        locked = _locked(campaign)
        _open(locked)
        if person is not None and locked.lines.filter(person=person).exists():
            raise ValidationError({"name": _("该职工已在发放名单中")})
        line = DistributionLine.objects.create(
            campaign=locked,
            name=text,
            unit=unit,
            site=site,
            person=person,
            people=heads,
            person_times=times,
            sets=sets,
            cash=cash,
            goods_value=value,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=line,
            organization=locked.organization,
            after=audit.snapshot(line),
            message=_("添加发放明细：%(name)s") % {"name": line.name},
        )
    return line


# --- the campaign's steps --------------------------------------------------------------


def may_start(campaign: Campaign) -> Any:
    """A campaign starts distributing with a list to distribute."""
    if not campaign.lines.exists():
        return _("发放名单为空：请先生成名单或添加发放明细")
    return None


def campaign_start(*, actor: Actor, campaign: Campaign) -> Campaign:
    return take(actor, campaign, "start")  # type: ignore[no-any-return]


def campaign_close(*, actor: Actor, campaign: Campaign) -> Campaign:
    return take(actor, campaign, "close")  # type: ignore[no-any-return]


# --- distribution ----------------------------------------------------------------------


def campaign_spent(campaign: Campaign) -> Decimal:
    """What the campaign's lines have taken from its budget line (reversals deducted)."""
    total = FundEntry.objects.filter(line__campaign=campaign, kind__in=SPENT_KINDS).aggregate(
        total=Sum("amount")
    )["total"]
    return -(total or ZERO)


def _distribution_input(line: DistributionLine, data: dict[str, Any]) -> tuple[date, int, int]:
    errors = rules.Errors()
    day = errors.check(
        rules.past_date, data.get("distributed_on"), "distributed_on", label=_("发放日期")
    )
    if day is not None and day < line.campaign.starts_on:
        errors.add("distributed_on", _("发放日期不能早于活动开始日期"))
    times = data.get("person_times")
    times = errors.check(
        rules.count,
        line.person_times if times in (None, "") else times,
        "person_times",
        label=_("人次"),
    )
    if times is not None and times < line.people:
        errors.add("person_times", _("人次不能少于人数（%(n)d）") % {"n": line.people})
    sets = data.get("sets")
    sets = errors.check(
        rules.count, line.sets if sets in (None, "") else sets, "sets", label=_("慰问品份数")
    )
    errors.raise_any()
    return day, times, sets  # type: ignore[return-value]


def _check_money(campaign: Campaign, amount: Decimal) -> None:
    """Refused when the campaign's spending would pass its budget, or the budget line's
    balance would go below zero (``entry_post`` checks the latter again under its lock)."""
    spent = campaign_spent(campaign)
    if spent + amount > campaign.budget:
        raise ValidationError(
            {
                "budget": _(
                    "超出活动预算：预算 %(budget)s 元，已支出 %(spent)s 元，本次 %(amount)s 元"
                )
                % {"budget": campaign.budget, "spent": spent, "amount": amount}
            }
        )
    fund = Fund.objects.get(pk=campaign.fund_id)
    if fund.balance < amount:
        raise ValidationError(
            {
                "budget": _("支出科目“%(fund)s”余额 %(balance)s 元，不足支付 %(amount)s 元")
                % {"fund": fund.name, "balance": fund.balance, "amount": amount}
            }
        )


def line_distribute(
    *,
    actor: Actor,
    line: DistributionLine,
    distributed_on: Any,
    method: str,
    signed_by: Any,
    person_times: Any = None,
    sets: Any = None,
    signature: Any = None,
    scan: File | None = None,  # type: ignore[type-arg]
) -> DistributionLine:
    """Hand a planned line of a distributing campaign out: its receipt recorded (a drawn
    signature or a scan of the signed sheet: ``receipts.receipt_record``), its cash and
    goods value spent from the campaign's budget line, the line marked distributed. A
    group line (a site's sets and person-times) is signed by the site's contact or by the
    scan of the signed sheet. Any refusal writes nothing."""
    require(actor, ASSISTANCE_DISTRIBUTE, line)
    with transaction.atomic():
        campaign = _locked(line.campaign)
        locked = DistributionLine.objects.select_for_update().get(pk=line.pk)
        locked.campaign = campaign
        if campaign.status != CampaignStatus.DISTRIBUTING:
            raise ValidationError({"status": _("慰问活动不在发放中，不能登记发放")})
        if locked.status != LineStatus.PLANNED:
            raise ValidationError({"status": _("该明细已发放")})
        day, times, count = _distribution_input(
            locked, {"distributed_on": distributed_on, "person_times": person_times, "sets": sets}
        )
        amount = locked.cash + locked.goods_value
        _check_money(campaign, amount)
        before = audit.snapshot(locked)
        receipt_record(
            actor=actor,
            record=locked,
            method=method,
            signed_by=signed_by,
            signed_on=day,
            signature=signature,
            scan=scan,
        )
        if amount > 0:
            entry_post(
                actor=actor,
                fund=campaign.fund,
                kind=EntryKind.SPENDING,
                amount=-amount,
                booked_on=day,
                memo=_("%(campaign)s：%(name)s") % {"campaign": campaign.name, "name": locked.name},
                field="budget",
                line=locked,
            )
        locked.status = LineStatus.DISTRIBUTED
        locked.distributed_on = day
        locked.person_times = times
        locked.sets = count
        locked.recorded_by_id = actor.pk
        locked.save()
        audit.record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            organization=campaign.organization,
            before=before,
            after=audit.snapshot(locked),
            message=_("发放：%(name)s") % {"name": locked.name},
        )
    return locked
