"""The one way money moves in a fund: ``entry_post`` locks the fund's row, refuses a
debit larger than the balance, writes the entry with the balance after it and the
fund's new balance, and audits. The database checks both balances are not negative, so
even a caller that forgot the lock could not take a fund below zero. Entries are never
changed; ``entry_reverse`` corrects one with an opposite entry and its reason.

Money set aside for a purpose (a published claim campaign) is a **hold** (``hold_post``:
a negative entry of kind HOLD, so the balance stays the money available); settling the
purpose (``hold_settle``) books a RELEASE of the whole hold and the SPENDING of what was
really spent, both naming the hold, in one transaction. A hold is released once (the
database's unique constraint; ``hold_settle`` refuses a second time) and is neither
reversed nor counted as spending or income: the fund report and the statement show what
is held (预留中) on a line of its own."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import ASSISTANCE_PAY
from gonghui.assistance.choices import HOLD_KINDS, EntryKind
from gonghui.assistance.models import Fund, FundEntry
from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, Visitor, require, signed_in


def entry_post(
    *,
    actor: Visitor,
    fund: Fund,
    kind: str,
    amount: Decimal,
    booked_on: date,
    memo: str,
    field: str = "amount",
    **links: Any,
) -> FundEntry:
    """Post ``amount`` (positive: in, negative: out) to ``fund``. The caller has checked
    the actor's right to the change this entry belongs to (a grant approved, a donation
    received); ``field`` names the input a refusal belongs to. ``links``: ``cause``,
    ``application``, ``line``, ``reverses``."""
    if amount == 0:
        raise ValidationError({field: _("金额不能为零")})
    with transaction.atomic():
        locked = Fund.objects.select_for_update().get(pk=fund.pk)
        if not locked.active and amount < 0:
            raise ValidationError({field: _("资金“%(fund)s”已停用") % {"fund": locked.name}})
        after = locked.balance + amount
        if after < 0:
            raise ValidationError(
                {
                    field: _("资金“%(fund)s”余额 %(balance)s 元，不足支付 %(amount)s 元")
                    % {"fund": locked.name, "balance": locked.balance, "amount": -amount}
                }
            )
        if amount < 0 and booked_on < timezone.localdate():
            lowest = lowest_balance_from(locked, booked_on)
            if lowest + amount < 0:
                raise ValidationError(
                    {
                        field: _(
                            "资金“%(fund)s”自 %(day)s 起余额最低 %(lowest)s 元，"
                            "不足在该日支付 %(amount)s 元"
                        )
                        % {
                            "fund": locked.name,
                            "day": booked_on.isoformat(),
                            "lowest": lowest,
                            "amount": -amount,
                        }
                    }
                )
        user = signed_in(actor)
        entry = FundEntry.objects.create(
            fund=locked,
            kind=kind,
            amount=amount,
            balance_after=after,
            booked_on=booked_on,
            memo=memo[:200],
            created_by_id=user.pk if user else None,
            **links,
        )
        locked.balance = after
        locked.save(update_fields=["balance", "updated_at"])
        fund.balance = after
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=entry,
            organization=locked.organization,
            changes={"fund": locked.code, "amount": str(amount), "balance": str(after)},
            message=_("资金分录：%(memo)s") % {"memo": memo},
        )
    return entry


CENT = Decimal("0.01")


def lowest_balance_from(fund: Fund, day: date) -> Decimal:
    """The lowest the balance of ``fund`` stood at the end of ``day`` or of any later day
    with entries: what a debit booked on ``day`` may take without a statement of the past
    (or of today) closing below zero."""
    entries = FundEntry.objects.filter(fund=fund)
    running = entries.filter(booked_on__lte=day).aggregate(total=Sum("amount"))["total"]
    running = running or Decimal(0)
    lowest = running
    later = (
        entries.filter(booked_on__gt=day)
        .order_by("booked_on")
        .values("booked_on")
        .annotate(total=Sum("amount"))
        .values_list("total", flat=True)
    )
    for total in later:
        running += total
        lowest = min(lowest, running)
    return Decimal(lowest).quantize(CENT)


def entry_reverse(*, actor: Actor, entry: FundEntry, reason: str, booked_on: date) -> FundEntry:
    """Correct ``entry`` by an opposite one with ``reason``; an entry is reversed once,
    and a reversal is not itself reversed."""
    require(actor, ASSISTANCE_PAY, entry.fund)
    text = rules.required_text(reason, "reason", label=_("冲正原因"))
    with transaction.atomic():
        locked = FundEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.kind == EntryKind.REVERSAL:
            raise ValidationError({"entry": _("冲正分录不能再冲正")})
        if locked.kind in HOLD_KINDS or locked.hold_id is not None:
            raise ValidationError({"entry": _("预留及其释放随所属活动结算，不能冲正")})
        if FundEntry.objects.filter(reverses=locked).exists():
            raise ValidationError({"entry": _("该分录已冲正")})
        return entry_post(
            actor=actor,
            fund=locked.fund,
            kind=EntryKind.REVERSAL,
            amount=-locked.amount,
            booked_on=booked_on,
            memo=_("冲正：%(reason)s") % {"reason": text},
            field="entry",
            reverses=locked,
            cause=locked.cause,
            application=locked.application,
            line=locked.line,
        )


def hold_post(
    *, actor: Visitor, fund: Fund, amount: Decimal, booked_on: date, memo: str, field: str
) -> FundEntry:
    """Set ``amount`` (positive) of ``fund`` aside: a HOLD entry of ``-amount``, refused
    like any debit when the balance cannot cover it. The caller has checked the actor's
    right to the purpose."""
    return entry_post(
        actor=actor,
        fund=fund,
        kind=EntryKind.HOLD,
        amount=-amount,
        booked_on=booked_on,
        memo=memo,
        field=field,
    )


def hold_settle(
    *,
    actor: Visitor,
    hold: FundEntry,
    spent: Decimal,
    booked_on: date,
    release_memo: str,
    spent_memo: str,
) -> tuple[FundEntry, FundEntry | None]:
    """Settle ``hold``: a RELEASE of the whole hold, then the SPENDING of ``spent`` (none
    when nothing was spent), both booked on ``booked_on`` and naming the hold. Refused
    when the hold was released already (the hold's row is locked first, so two settlements
    racing are serialised and the second refused) or ``spent`` exceeds the hold."""
    with transaction.atomic():
        locked = FundEntry.objects.select_for_update().get(pk=hold.pk)
        if locked.kind != EntryKind.HOLD:
            raise ValidationError({"entry": _("该分录不是预留")})
        if locked.settlements.filter(kind=EntryKind.RELEASE).exists():
            raise ValidationError({"entry": _("该预留已释放")})
        if spent < 0 or spent > -locked.amount:
            raise ValidationError({"entry": _("实际支出不能超过预留金额")})
        release = entry_post(
            actor=actor,
            fund=locked.fund,
            kind=EntryKind.RELEASE,
            amount=-locked.amount,
            booked_on=booked_on,
            memo=release_memo,
            field="entry",
            hold=locked,
        )
        spending = None
        if spent > 0:
            spending = entry_post(
                actor=actor,
                fund=locked.fund,
                kind=EntryKind.SPENDING,
                amount=-spent,
                booked_on=booked_on,
                memo=spent_memo,
                field="entry",
                hold=locked,
            )
    return release, spending
