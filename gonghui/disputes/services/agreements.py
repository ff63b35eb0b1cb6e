"""The mediation agreement (调解协议书) and its fulfilment (履行): steps of the case
workflow (``disputes.workflows``) that keep the case's state, taken through the engine,
which scopes and locks the case first."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor
from gonghui.core.updates import apply_changes
from gonghui.core.workflow import Done, take
from gonghui.disputes.models import Agreement, Instalment, MediationCase, Payment

# the days of the signatures and the seal
SIGNATURES = ("parties_signed_on", "mediator_signed_on", "sealed_on")


def may_record(case: MediationCase) -> Any:
    return _("该案件已有调解协议书") if hasattr(case, "agreement") else None


def may_sign(case: MediationCase) -> Any:
    agreement = getattr(case, "agreement", None)
    if agreement is None:
        return _("该案件尚无调解协议书")
    return _("协议书已生效") if agreement.is_effective else None


def may_record_payment(case: MediationCase) -> Any:
    agreement = getattr(case, "agreement", None)
    if agreement is None or not agreement.is_effective:
        return _("协议书生效后才能登记履行")
    return None


def record(
    actor: Actor,
    case: MediationCase,
    *,
    terms: str,
    amount: Any,
    instalments: list[dict[str, Any]] | None = None,
    excess_note: str = "",
) -> Done:
    """Write the agreed terms. An amount above what the applicants claimed needs a note
    (e.g. interest or a settlement the employer offered)."""
    total = rules.money(amount, "amount")
    if not (terms or "").strip():
        raise ValidationError({"terms": _("请填写协议内容")})
    claimed = case.claimed_total()
    if total > claimed and not (excess_note or "").strip():
        raise ValidationError(
            {
                "excess_note": _("协议金额 %(amount)s 元超过请求金额 %(claimed)s 元，请说明原因")
                % {"amount": total, "claimed": claimed}
            }
        )
    plan = [
        (row.get("due_on"), rules.money(row.get("amount"), "instalments"))
        for row in instalments or []
    ]
    if any(due is None for due, _amount in plan):
        raise ValidationError({"instalments": _("请填写每期的应付日期")})
    if plan and sum(a for _due, a in plan) != total:
        raise ValidationError({"instalments": _("各期金额之和应等于协议金额")})
    agreement = Agreement.objects.create(
        case=case,
        number=next_number("agreement", f"TJXY{timezone.localdate():%Y}", width=5),
        terms=terms.strip(),
        amount=total,
        excess_note=excess_note.strip(),
    )
    Instalment.objects.bulk_create(
        Instalment(agreement=agreement, due_on=due, amount=a)  # type: ignore[misc]
        for due, a in plan
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=agreement,
        organization=case.committee.organization,
        after=audit.snapshot(agreement),
        message=_("调解协议书，金额 %(amount)s 元") % {"amount": total},
    )
    return Done(result=agreement, note=agreement.number, audited=True)


def sign(
    actor: Actor,
    case: MediationCase,
    *,
    parties_signed_on: date | None = None,
    mediator_signed_on: date | None = None,
    sealed_on: date | None = None,
) -> Done:
    """Record the signatures and the seal; the agreement takes effect with the last."""
    agreement = Agreement.objects.select_for_update().get(case=case)
    signed = {
        "parties_signed_on": parties_signed_on,
        "mediator_signed_on": mediator_signed_on,
        "sealed_on": sealed_on,
    }
    given = {field: value for field, value in signed.items() if value is not None}
    for field, value in given.items():
        rules.past_date(value, field)
        if case.accepted_on and value < case.accepted_on:
            raise ValidationError({field: _("日期不能早于受理日期")})
    changes = apply_changes(agreement, given, fields=SIGNATURES)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=agreement,
        organization=case.committee.organization,
        changes=changes.diff,
        message=_("协议书已生效") if agreement.is_effective else _("协议书签章"),
    )
    note = _("协议书已生效") if agreement.is_effective else ""
    return Done(result=agreement, note=note, audited=True)


def payment(
    actor: Actor, case: MediationCase, *, paid_on: date, amount: Any, note: str = ""
) -> Done:
    """A payment under an agreement in effect; the total paid never exceeds the agreed
    amount (the agreement's row is locked with the case)."""
    agreement = Agreement.objects.select_for_update().get(case=case)
    value = rules.money(amount, "amount", label=_("支付金额"), positive=True)
    rules.past_date(paid_on, "paid_on", label=_("支付日期"))
    paid = agreement.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if paid + value > agreement.amount:
        raise ValidationError(
            {
                "amount": _("累计履行金额不能超过协议金额（尚余 %(left)s 元）")
                % {"left": agreement.amount - paid}
            }
        )
    row = Payment.objects.create(
        agreement=agreement,
        paid_on=paid_on,
        amount=value,
        note=note.strip(),
        recorded_by_id=actor.pk,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        organization=case.committee.organization,
        after=audit.snapshot(row),
        message=_("履行 %(amount)s 元") % {"amount": value},
    )
    return Done(result=row, note=_("履行 %(amount)s 元") % {"amount": value}, audited=True)


# --- the services callers use -----------------------------------------------------------


def agreement_record(
    *,
    actor: Actor,
    case: MediationCase,
    terms: str,
    amount: Any,
    instalments: list[dict[str, Any]] | None = None,
    excess_note: str = "",
) -> Agreement:
    return take(  # type: ignore[no-any-return]
        actor,
        case,
        "agreement",
        terms=terms,
        amount=amount,
        instalments=instalments,
        excess_note=excess_note,
    )


def agreement_sign(
    *,
    actor: Actor,
    case: MediationCase,
    parties_signed_on: date | None = None,
    mediator_signed_on: date | None = None,
    sealed_on: date | None = None,
) -> Agreement:
    """Sign and seal the case's agreement (the ``sign`` step; its guard refuses a case
    without one)."""
    return take(  # type: ignore[no-any-return]
        actor,
        case,
        "sign",
        parties_signed_on=parties_signed_on,
        mediator_signed_on=mediator_signed_on,
        sealed_on=sealed_on,
    )


def payment_record(
    *, actor: Actor, case: MediationCase, paid_on: date, amount: Any, note: str = ""
) -> Payment:
    """A payment under the case's agreement in effect (the ``payment`` step)."""
    return take(  # type: ignore[no-any-return]
        actor, case, "payment", paid_on=paid_on, amount=amount, note=note
    )
