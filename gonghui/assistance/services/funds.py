"""Funds and the money put into them: a fund is set up (``fund_create``, with an opening
allocation for a special fund or a budget line), money comes in as an allocation
(``allocation_record``) or a donation with its receipt number (``donation_record``), and a
mistaken entry is corrected by a reversal (``fund_entry_reverse``). Every movement goes
through ``services.ledger.entry_post``, which locks the fund and keeps its balance not
negative; grants are posted by the approval of aid, not here.

Each refusal is a ``ValidationError`` naming the field, in Chinese, and nothing is
written: the checks come first and the writes share one transaction."""

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import ASSISTANCE_MANAGE, ASSISTANCE_PAY
from gonghui.assistance.choices import EntryKind, FundKind
from gonghui.assistance.models import Donation, Fund, FundEntry
from gonghui.assistance.services import ledger
from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, require

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,29}$")
RECEIPT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_/-]{0,29}$")
RECEIPT_PREFIX = "JZ"
# the kinds of fund that take money in from outside: donations go to these
DONATION_KINDS = (FundKind.WARMTH, FundKind.SPECIAL)
# the kinds that are given money by the union's budget: allocations go to these
ALLOCATION_KINDS = (FundKind.SPECIAL, FundKind.BUDGET)

AMOUNT = gettext_lazy("金额")
DONATION_AMOUNT = gettext_lazy("捐赠金额")
OPENING = gettext_lazy("期初拨入金额")


def _optional_text(value: Any, field: str, *, label: Any, max_length: int) -> str:
    text = str(value or "").strip()
    if len(text) > max_length:
        message = _("%(label)s不能超过 %(max)d 个字") % {"label": label, "max": max_length}
        raise ValidationError({field: message})
    return text


def _not_before_start(errors: rules.Errors, fund: Fund, day: date | None, field: str) -> None:
    if day is not None and day < fund.started_on:
        errors.add(
            field,
            _("日期不能早于资金设立日期 %(day)s") % {"day": f"{fund.started_on:%Y-%m-%d}"},
        )


# --- funds -----------------------------------------------------------------------------


def _fund_fields(data: dict[str, Any]) -> tuple[dict[str, Any], Decimal | None]:
    errors = rules.Errors()
    code = str(data.get("code") or "").strip().lower()
    if not code:
        errors.add("code", _("请填写资金代码"))
    elif not CODE_RE.match(code):
        errors.add("code", _("资金代码由 2 至 30 位小写字母、数字、连字符或下划线组成"))
    elif Fund.objects.filter(code=code).exists():
        errors.add("code", _("资金代码 %(code)s 已被使用") % {"code": code})
    name = errors.check(
        rules.required_text, data.get("name"), "name", label=_("资金名称"), max_length=60
    )
    kind = data.get("kind")
    if kind not in FundKind.values:
        errors.add("kind", _("请选择资金类别"))
    started_on = errors.check(
        rules.past_date, data.get("started_on"), "started_on", label=_("设立日期")
    )
    description = errors.check(
        _optional_text, data.get("description"), "description", label=_("说明"), max_length=2000
    )
    opening = None
    if str(data.get("opening") or "").strip():
        if kind == FundKind.WARMTH:
            errors.add("opening", _("温暖专项基金的资金来自捐赠，不设期初拨入"))
        else:
            opening = errors.check(rules.money, data.get("opening"), "opening", label=OPENING)
            if opening is not None and opening == 0:
                opening = None
    errors.raise_any()
    fields = {
        "code": code,
        "name": name,
        "kind": kind,
        "started_on": started_on,
        "description": description,
    }
    return fields, opening


def fund_create(
    *,
    actor: Actor,
    organization: Any,
    code: str,
    name: str,
    kind: str,
    started_on: date | None,
    description: str = "",
    opening: Any = None,
) -> Fund:
    """Set up a fund managed by ``organization`` (in the actor's scope for
    ``assistance.manage``); a special fund or a budget line may start with an
    ``opening`` allocation, booked on ``started_on``."""
    require(actor, ASSISTANCE_MANAGE, organization)
    fields, amount = _fund_fields(
        {
            "code": code,
            "name": name,
            "kind": kind,
            "started_on": started_on,
            "description": description,
            "opening": opening,
        }
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                fund = Fund.objects.create(organization=organization, **fields)
        except IntegrityError as exc:  # another clerk took the code just now
            raise ValidationError(
                {"code": _("资金代码 %(code)s 已被使用") % {"code": fields["code"]}}
            ) from exc
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=fund,
            organization=organization,
            changes={"code": fund.code, "kind": fund.kind},
            message=_("设立资金：%(name)s") % {"name": fund.name},
        )
        if amount is not None:
            ledger.entry_post(
                actor=actor,
                fund=fund,
                kind=EntryKind.ALLOCATION,
                amount=amount,
                booked_on=fund.started_on,
                memo=_("期初拨入"),
                field="opening",
            )
    return fund


# --- allocations -----------------------------------------------------------------------


def allocation_record(
    *, actor: Actor, fund: Fund, amount: Any, booked_on: date | None, memo: str
) -> FundEntry:
    """Money allocated into a special fund or a budget line (拨入), booked on
    ``booked_on`` (today or before, not before the fund was set up)."""
    require(actor, ASSISTANCE_PAY, fund)
    errors = rules.Errors()
    if fund.kind not in ALLOCATION_KINDS:
        errors.add("fund", _("温暖专项基金的资金来自捐赠，请登记捐赠"))
    if not fund.active:
        errors.add("fund", _("资金“%(fund)s”已停用") % {"fund": fund.name})
    value = errors.check(rules.money, amount, "amount", label=AMOUNT, positive=True)
    day = errors.check(rules.past_date, booked_on, "booked_on", label=_("拨入日期"))
    _not_before_start(errors, fund, day, "booked_on")
    text = errors.check(rules.required_text, memo, "memo", label=_("摘要"), max_length=180)
    errors.raise_any()
    assert value is not None and day is not None and text is not None
    return ledger.entry_post(
        actor=actor,
        fund=fund,
        kind=EntryKind.ALLOCATION,
        amount=value,
        booked_on=day,
        memo=_("拨入：%(memo)s") % {"memo": text},
    )


# --- donations -------------------------------------------------------------------------


def _receipt_number(errors: rules.Errors, value: Any, day: date | None) -> str:
    """The number typed (checked unique), or blank: a new one of the year's sequence."""
    text = str(value or "").strip()
    if not text:
        year = (day or timezone.localdate()).year
        return next_number(f"assistance.donation_receipt.{year}", f"{RECEIPT_PREFIX}{year}-", 5)
    if not RECEIPT_RE.match(text):
        errors.add("receipt_number", _("收据编号由字母、数字、连字符或斜线组成，最多 30 位"))
    elif Donation.objects.filter(receipt_number=text).exists():
        errors.add("receipt_number", _("收据编号 %(number)s 已被使用") % {"number": text})
    return text


def _donation_fields(fund: Fund, data: dict[str, Any]) -> dict[str, Any]:
    errors = rules.Errors()
    if fund.kind not in DONATION_KINDS:
        errors.add("fund", _("预算科目不接收捐赠"))
    if not fund.active:
        errors.add("fund", _("资金“%(fund)s”已停用") % {"fund": fund.name})
    donor = errors.check(
        rules.required_text, data["donor_name"], "donor_name", label=_("捐赠人"), max_length=60
    )
    unit = errors.check(
        _optional_text, data["donor_unit"], "donor_unit", label=_("捐赠单位"), max_length=120
    )
    amount = errors.check(
        rules.money, data["amount"], "amount", label=DONATION_AMOUNT, positive=True
    )
    day = errors.check(rules.past_date, data["received_on"], "received_on", label=_("到账日期"))
    _not_before_start(errors, fund, day, "received_on")
    note = errors.check(_optional_text, data["note"], "note", label=_("备注"), max_length=200)
    typed = data["receipt_number"]
    number = "" if errors and not str(typed or "").strip() else _receipt_number(errors, typed, day)
    errors.raise_any()
    return {
        "donor_name": donor,
        "donor_unit": unit,
        "amount": amount,
        "received_on": day,
        "note": note,
        "receipt_number": number,
    }


def donation_record(
    *,
    actor: Actor,
    fund: Fund,
    donor_name: str,
    amount: Any,
    received_on: date | None,
    donor_unit: str = "",
    receipt_number: str = "",
    note: str = "",
) -> Donation:
    """A donation into ``fund``: the DONATION entry booked on the day it was received and
    the donation with its receipt number (``receipt_number``, or the next of the year's
    sequence ``JZ<year>-NNNNN`` when blank)."""
    require(actor, ASSISTANCE_PAY, fund)
    data = {
        "donor_name": donor_name,
        "donor_unit": donor_unit,
        "amount": amount,
        "received_on": received_on,
        "receipt_number": receipt_number,
        "note": note,
    }
    with transaction.atomic():
        fields = _donation_fields(fund, data)
        donor = fields["donor_name"] + (
            f"（{fields['donor_unit']}）" if fields["donor_unit"] else ""
        )
        entry = ledger.entry_post(
            actor=actor,
            fund=fund,
            kind=EntryKind.DONATION,
            amount=fields["amount"],
            booked_on=fields["received_on"],
            memo=_("捐赠：%(donor)s，收据 %(number)s")
            % {"donor": donor, "number": fields["receipt_number"]},
        )
        try:
            with transaction.atomic():
                donation = Donation.objects.create(fund=fund, entry=entry, **fields)
        except IntegrityError as exc:  # the same number recorded by someone else just now
            raise ValidationError(
                {
                    "receipt_number": _("收据编号 %(number)s 已被使用")
                    % {"number": fields["receipt_number"]}
                }
            ) from exc
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=donation,
            organization=fund.organization,
            changes={"amount": str(donation.amount), "receipt_number": donation.receipt_number},
            message=_("登记捐赠：%(donor)s %(amount)s 元")
            % {"donor": donor, "amount": donation.amount},
        )
    return donation


# --- corrections -----------------------------------------------------------------------


# entries the ledger's reversal corrects: the money the fund pages took in
REVERSIBLE_KINDS = (EntryKind.DONATION, EntryKind.ALLOCATION)
# entries that belong to another record's workflow: corrected there, never from the ledger
CORRECTED_ELSEWHERE = {
    EntryKind.GRANT: gettext_lazy("救助支出随帮扶申请更正：请在该申请中撤销帮扶，资金随之退回"),
    EntryKind.SPENDING: gettext_lazy("慰问支出随职工签收记账，不能在资金明细账中冲正"),
}


def fund_entry_reverse(*, actor: Actor, entry: FundEntry, reason: str) -> FundEntry:
    """Correct a donation or an allocation by an opposite entry booked today with
    ``reason`` (the one correction of the ledger: ``ledger.entry_reverse``). Refused for a
    grant or a campaign's spending (corrected with the application or the campaign they
    belong to, which reverse them through the ledger), a reversal, an entry reversed
    already, or when taking the money back out would leave the fund below zero."""
    require(actor, ASSISTANCE_PAY, entry.fund)
    elsewhere = CORRECTED_ELSEWHERE.get(EntryKind(entry.kind))
    if elsewhere is not None:
        raise ValidationError({"entry": str(elsewhere)})
    return ledger.entry_reverse(
        actor=actor, entry=entry, reason=reason, booked_on=timezone.localdate()
    )
