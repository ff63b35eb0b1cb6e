"""The rules held in data (``Policy``): a new rule takes effect from a day on and leaves
the earlier ones as they were, so a past election is still judged by the rule then."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from gonghui.accounts.roles import BARGAINING_MANAGE
from gonghui.bargaining.models import Policy
from gonghui.core import audit, rules
from gonghui.core.district import manages_district
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, OutOfScope


def policy_create(
    actor: Actor,
    *,
    effective_from: Any,
    manager_cap: Any,
    assembly_below: Any,
    renewal_lead_days: Any,
    basis: str,
) -> Policy:
    if not manages_district(actor, BARGAINING_MANAGE):
        raise OutOfScope("bargaining policy")
    errors = rules.Errors()
    if not isinstance(effective_from, date):
        errors.add("effective_from", _("请填写执行日期"))
    elif Policy.objects.filter(effective_from=effective_from).exists():
        errors.add("effective_from", _("该日起执行的规则已登记"))
    try:
        cap = Decimal(str(manager_cap)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        cap = None
    if cap is None or not Decimal("0") <= cap <= Decimal("100"):
        errors.add("manager_cap", _("管理人员代表比例上限应为 0 至 100 之间的百分数"))
    below = errors.check(
        rules.count, assembly_below, "assembly_below", label=_("职工人数上限"), minimum=1
    )
    lead = errors.check(
        rules.count, renewal_lead_days, "renewal_lead_days", label=_("提醒天数"), minimum=1
    )
    if lead is not None and lead > 365:
        errors.add("renewal_lead_days", _("提醒天数不超过 365 天"))
    text = errors.check(rules.required_text, basis, "basis", label=_("依据"))
    errors.raise_any()
    assert cap is not None and below is not None and lead is not None and text is not None
    policy = Policy.objects.create(
        effective_from=effective_from,
        manager_cap=cap,
        assembly_below=below,
        renewal_lead_days=lead,
        basis=text,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=policy,
        after=audit.snapshot(policy),
        message=_("登记职代会与集体协商规则"),
    )
    return policy
