"""The workbooks of a fund: its ledger (the filtered entries of the fund page, through
``core.exports``) and its statement for a period. ``statement_lines`` is what the
statement page, its workbook and its PDF print, in that order."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.exports import Column, Export, workbook
from gonghui.core.scoping import Actor

MONEY_FORMAT = "#,##0.00"


def _reversal_note(entry: Any) -> str:
    if entry.reverses_id:
        return _("冲正第 %(id)s 号分录") % {"id": entry.reverses_id}
    try:
        reversal = entry.reversed_by
    except entry.DoesNotExist:
        return ""
    return _("已由第 %(id)s 号分录冲正") % {"id": reversal.pk}


def _receipt(entry: Any) -> str:
    try:
        return str(entry.donation.receipt_number)
    except entry.DoesNotExist:
        return ""


LEDGER = Export(
    what=gettext_lazy("资金明细账"),
    purpose=gettext_lazy("导出资金明细账"),
    organization=lambda entry: entry.fund.organization,
    columns=(
        Column(gettext_lazy("分录号"), lambda e: e.pk),
        Column(gettext_lazy("资金"), lambda e: e.fund.name),
        Column(gettext_lazy("记账日期"), lambda e: e.booked_on),
        Column(gettext_lazy("类别"), lambda e: e.get_kind_display()),
        Column(gettext_lazy("摘要"), lambda e: e.memo),
        Column(gettext_lazy("救助原因"), lambda e: e.get_cause_display() if e.cause else ""),
        Column(
            gettext_lazy("收入（元）"),
            lambda e: e.amount if e.amount > 0 else None,
            number_format=MONEY_FORMAT,
        ),
        Column(
            gettext_lazy("支出（元）"),
            lambda e: -e.amount if e.amount < 0 else None,
            number_format=MONEY_FORMAT,
        ),
        Column(gettext_lazy("余额（元）"), lambda e: e.balance_after, number_format=MONEY_FORMAT),
        Column(gettext_lazy("收据编号"), _receipt),
        Column(gettext_lazy("冲正"), _reversal_note),
        Column(gettext_lazy("经办人"), lambda e: str(e.created_by) if e.created_by else ""),
    ),
)


@dataclass(frozen=True)
class Line:
    """One line of a statement: its label, the amount in yuan, and a note (how many
    donations, people or corrections); ``indent`` for a cause under the grants."""

    label: str
    amount: Decimal | None
    note: str = ""
    indent: bool = False
    total: bool = False


def statement_lines(statement: Any) -> list[Line]:
    s = statement
    lines = [
        Line(_("期初余额"), s.opening, total=True),
        Line(_("本期捐赠收入"), s.donations, _("%(n)d 笔") % {"n": s.donation_count}),
        Line(_("本期拨入"), s.allocations),
        Line(_("本期救助支出"), s.grants, _("%(n)d 人") % {"n": s.grant_people}),
    ]
    lines += [
        Line(
            _("其中：%(cause)s") % {"cause": row.label},
            row.amount,
            _("%(n)d 人，%(g)d 笔") % {"n": row.people, "g": row.grants},
            indent=True,
        )
        for row in s.by_cause
    ]
    lines += [
        Line(_("本期其他支出（慰问等）"), s.spending),
        Line(_("本期冲正（净额）"), s.reversals, _("%(n)d 笔") % {"n": s.reversal_count}),
        Line(_("本期预留"), s.holds),
        Line(_("本期释放预留"), s.releases),
        Line(_("期末余额"), s.closing, total=True),
        Line(_("期末预留中（未释放）"), s.held, _("已预留未释放，不在期末余额内")),
    ]
    return lines


STATEMENT = Export(
    what=gettext_lazy("资金收支表"),
    purpose=gettext_lazy("导出资金收支表"),
    organization=lambda line: None,
    columns=(
        Column(gettext_lazy("项目"), lambda line: line.label),
        Column(gettext_lazy("金额（元）"), lambda line: line.amount, number_format=MONEY_FORMAT),
        Column(gettext_lazy("说明"), lambda line: line.note),
    ),
)


def statement_workbook(*, actor: Actor, statement: Any) -> bytes:
    """The statement as a workbook of one sheet (an audited export)."""
    fund = statement.fund
    heading = Line(
        _("%(fund)s（%(unit)s）") % {"fund": fund.name, "unit": fund.organization.name},
        None,
        _("%(start)s 至 %(end)s") % {"start": statement.start, "end": statement.end},
    )
    return workbook(
        actor=actor,
        parts=[(STATEMENT, [heading, *statement_lines(statement)])],
        organization=fund.organization,
        filters={
            "fund": fund.code,
            "start": statement.start.isoformat(),
            "end": statement.end.isoformat(),
        },
    )


def statement_filename(statement: Any, extension: str) -> str:
    return f"{statement.fund.code}-{statement.start:%Y%m%d}-{statement.end:%Y%m%d}.{extension}"
