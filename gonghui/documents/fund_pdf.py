"""PDFs of the funds: the donor's receipt (捐赠收据) and a fund's statement for a period
(资金收支表).

The receipt names the fund and its managing union, the donor and their unit, the amount
in figures and in capitals (人民币大写, ``agreement_pdf.amount_in_capitals``), the day the
money was received and the receipt number, with the places for the union's seal and the
clerk's signature. The statement prints ``fund_exports.statement_lines``, the lines of
its page and workbook. The font is the embedded Noto Serif SC (``documents.fonts``)."""

import io
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gonghui.documents import fonts
from gonghui.documents.agreement_pdf import amount_in_capitals
from gonghui.documents.fund_exports import statement_lines

FONT, BOLD = fonts.REGULAR, fonts.BOLD
MARGIN = 22 * mm
WIDTH = A4[0] - 2 * MARGIN
GREY = colors.Color(0.35, 0.35, 0.35)
LINE = colors.Color(0.2, 0.2, 0.2)

_BASE = ParagraphStyle("fund", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK")
TITLE = ParagraphStyle(
    "fund-title", _BASE, fontName=BOLD, fontSize=20, leading=30, alignment=TA_CENTER
)
SUBTITLE = ParagraphStyle("fund-subtitle", _BASE, alignment=TA_CENTER)
RIGHT = ParagraphStyle("fund-right", _BASE, fontSize=11, alignment=TA_RIGHT)
CELL = ParagraphStyle("fund-cell", _BASE, fontSize=11, leading=16)
CELL_BOLD = ParagraphStyle("fund-cell-bold", CELL, fontName=BOLD)
NUMBER = ParagraphStyle("fund-number", CELL, alignment=TA_RIGHT)
SMALL = ParagraphStyle("fund-small", _BASE, fontSize=9.5, leading=14, textColor=GREY)

RECEIPT_TITLE = "捐赠收据"
STATEMENT_TITLE = "资金收支表"


def _p(text: Any, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def money_text(amount: Any) -> str:
    return f"{amount:,.2f}"


def _grid(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, LINE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _build(story: list[Any], title: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=title,
    )
    document.build(story)
    return buffer.getvalue()


# --- the donor's receipt ---------------------------------------------------------------


def receipt_pdf(donation: Any) -> bytes:
    """The receipt of ``donation`` (with its fund and the fund's organisation) as PDF
    bytes. Raises ``fonts.FontMissing`` when the font is not installed."""
    fonts.register()
    fund = donation.fund
    label = 30 * mm
    rows = [
        [_p("捐赠人", CELL_BOLD), _p(donation.donor_name)],
        [_p("捐赠单位", CELL_BOLD), _p(donation.donor_unit or "—")],
        [_p("捐入资金", CELL_BOLD), _p(fund.name)],
        [_p("金额（小写）", CELL_BOLD), _p(f"￥{money_text(donation.amount)}")],
        [_p("金额（大写）", CELL_BOLD), _p(f"人民币{amount_in_capitals(donation.amount)}")],
        [_p("到账日期", CELL_BOLD), _p(chinese_date(donation.received_on))],
    ]
    if donation.note:
        rows.append([_p("备注", CELL_BOLD), _p(donation.note)])
    story: list[Any] = [
        _p(RECEIPT_TITLE, TITLE),
        _p(fund.organization.name, SUBTITLE),
        Spacer(1, 4 * mm),
        _p(f"收据编号：{donation.receipt_number}", RIGHT),
        Spacer(1, 2 * mm),
        _grid(rows, [label, WIDTH - label]),
        Spacer(1, 6 * mm),
        _p(f"兹收到上述捐赠款项，将用于{fund.name}，专款专用。衷心感谢您的爱心捐助！"),
        Spacer(1, 12 * mm),
        _signatures(fund.organization.name),
        Spacer(1, 10 * mm),
        _p("本收据为捐赠款项的收款凭证，请妥善保管。", SMALL),
    ]
    return _build(story, f"{RECEIPT_TITLE} {donation.receipt_number}")


def _signatures(unit: str) -> Table:
    half = WIDTH / 2
    table = Table(
        [
            [_p(f"收款单位（盖章）：{unit}"), _p("经办人（签字）：")],
            [_p(""), _p("")],
            [_p("　　　　年　　月　　日"), _p("")],
        ],
        colWidths=[half, half],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


# --- the statement ---------------------------------------------------------------------


def statement_pdf(statement: Any) -> bytes:
    """The statement of a fund for its period as PDF bytes."""
    fonts.register()
    fund = statement.fund
    rows: list[list[Any]] = [
        [_p("项目", CELL_BOLD), _p("金额（元）", CELL_BOLD), _p("说明", CELL_BOLD)]
    ]
    for line in statement_lines(statement):
        style = CELL_BOLD if line.total else CELL
        label = f"　　{line.label}" if line.indent else line.label
        amount = "" if line.amount is None else money_text(line.amount)
        rows.append([_p(label, style), _p(amount, NUMBER), _p(line.note)])
    period = f"{chinese_date(statement.start)}至{chinese_date(statement.end)}"
    story: list[Any] = [
        _p(STATEMENT_TITLE, TITLE),
        _p(f"{fund.name}（{fund.organization.name}）", SUBTITLE),
        _p(period, SUBTITLE),
        Spacer(1, 6 * mm),
        _grid(rows, [WIDTH * 0.45, WIDTH * 0.25, WIDTH * 0.30]),
        Spacer(1, 6 * mm),
        _p(
            "期末余额 = 期初余额 + 捐赠收入 + 拨入 − 救助支出 − 其他支出 + 冲正净额；"
            "各项按记账日期统计。",
            SMALL,
        ),
        _p(f"制表日期：{chinese_date(timezone.localdate())}", SMALL),
    ]
    return _build(story, f"{STATEMENT_TITLE} {fund.name}")
