"""The settings of the hotline module: service levels per source and the reasons for
returning a ticket. They are the district's: managed with ``HOTLINE_MANAGE`` held on the
root of the tree (the federation)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.roles import HOTLINE_MANAGE
from gonghui.core import audit, rules
from gonghui.core.district import manages_district
from gonghui.core.models import AuditAction, ClockUnit
from gonghui.core.scoping import Actor, OutOfScope
from gonghui.core.updates import apply_changes
from gonghui.hotline.choices import Measure, Source
from gonghui.hotline.models import ReturnReason, ServiceLevel

AMOUNT_MAX = 1000


def can_manage(actor: Actor) -> bool:
    """The settings are the district's: the manage action held on the root of the tree."""
    return manages_district(actor, HOTLINE_MANAGE)


def _manager(actor: Actor) -> None:
    if not can_manage(actor):
        raise OutOfScope(HOTLINE_MANAGE)


def level_for(source: str, measure: str, day: date) -> ServiceLevel | None:
    """The service level of ``measure`` for ``source`` in force on ``day``."""
    return (
        ServiceLevel.objects.filter(source=source, measure=measure, effective_from__lte=day)
        .order_by("-effective_from", "-pk")
        .first()
    )


@transaction.atomic
def service_level_set(
    *,
    actor: Actor,
    source: str,
    measure: str,
    amount: Any,
    unit: str,
    effective_from: date | None,
) -> ServiceLevel:
    """A new service level from ``effective_from`` on (earlier tickets keep the clocks they
    were given)."""
    _manager(actor)
    errors = rules.Errors()
    if source not in Source.values:
        errors.add("source", _("请选择来源"))
    if measure not in Measure.values:
        errors.add("measure", _("请选择考核环节"))
    if unit not in ClockUnit.values:
        errors.add("unit", _("请选择计时单位"))
    value = errors.check(rules.count, amount, "amount", label=_("时限"), minimum=1)
    if value is not None and value > AMOUNT_MAX:
        errors.add("amount", _("时限不能超过 %(max)d") % {"max": AMOUNT_MAX})
    if effective_from is None:
        errors.add("effective_from", _("请填写生效日期"))
    errors.raise_any()
    assert value is not None and effective_from is not None
    if ServiceLevel.objects.filter(
        source=source, measure=measure, effective_from=effective_from
    ).exists():
        raise ValidationError({"effective_from": _("该来源此环节在该日已有时限")})
    level = ServiceLevel.objects.create(
        source=source, measure=measure, amount=value, unit=unit, effective_from=effective_from
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=level, after=audit.snapshot(level))
    return level


def _clean_reason(name: Any) -> str:
    return rules.required_text(name, "name", label=_("退回理由"), max_length=60, collapse=True)


@transaction.atomic
def return_reason_add(*, actor: Actor, name: str, position: int = 0) -> ReturnReason:
    _manager(actor)
    text = _clean_reason(name)
    try:
        with transaction.atomic():
            reason = ReturnReason.objects.create(name=text, position=position or 0)
    except IntegrityError as exc:
        raise ValidationError({"name": _("该退回理由已存在")}) from exc
    audit.record(actor=actor, action=AuditAction.CREATE, obj=reason, after=audit.snapshot(reason))
    return reason


@transaction.atomic
def return_reason_update(
    *, actor: Actor, reason: ReturnReason, name: str, active: bool, position: int = 0
) -> ReturnReason:
    """Rename, reorder or retire a reason (a retired one is no longer offered; the
    returns that gave it keep it)."""
    _manager(actor)
    reason = ReturnReason.objects.select_for_update().get(pk=reason.pk)
    text = _clean_reason(name)
    if ReturnReason.objects.filter(name=text).exclude(pk=reason.pk).exists():
        raise ValidationError({"name": _("该退回理由已存在")})
    changes = apply_changes(
        reason,
        {"name": text, "active": bool(active), "position": position or 0},
        fields=("name", "active", "position"),
    )
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=reason, changes=changes.diff)
    return reason
