"""The mediation agreement (劳动争议调解协议书) as a PDF, in the standard layout.

Title and number, the committee, the parties (one line for a single applicant, a table
for a group), the facts, the agreed terms numbered once ("（一）", ``documents.clauses``),
the amount in figures and in capitals with its payment schedule, the statutory sentences
on effect and enforcement (劳动争议调解仲裁法 第十四条 to 第十六条), then the
signatures: one line per applicant (name, signature, date; the table flows over pages
with its header repeated), the employer's seal, its agent, each mediator, and the
committee's seal with its date. Every page carries the agreement's number and "第 N 页
共 M 页"; a masked copy carries "身份证号已隐去（副本）" on every page as well.

This document is the one the parties sign: it is printed once the terms are recorded,
before anyone signed (the dates are then left blank to be written by hand), and again
after the signatures and the seal were recorded (the dates are printed).

Who gets which copy (``agreement_print``): a user who may see personal data on the
committee's organisation chooses the full ID numbers (``full=True``, needed to ask a
court to confirm the agreement or for a payment order), and that print is an audited
disclosure (one entry per PDF, ``core.disclosure.record``); the default, and everyone
else's only copy, is masked and marked as such.

The font is Noto Serif SC, embedded (subset) from ``var/fonts/`` (``documents.fonts``).
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from gonghui.core import disclosure
from gonghui.core.scoping import Actor
from gonghui.documents import fonts
from gonghui.documents.clauses import numbered_clauses

FONT, BOLD = fonts.REGULAR, fonts.BOLD
MASKED_MARK = "身份证号已隐去（副本）"
MASKED_NOTE = (
    "本副本已隐去申请人身份证号中的出生日期和联系电话的部分数字，"
    "仅供存档和查阅，不能用于申请司法确认或支付令。"
)
SEAL_RED = colors.Color(0.75, 0.2, 0.2)
GREY = colors.Color(0.35, 0.35, 0.35)
MARGIN_X = 25 * mm
WIDTH = A4[0] - 2 * MARGIN_X

_BASE = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=21, wordWrap="CJK")
TITLE = ParagraphStyle("title", _BASE, fontName=BOLD, fontSize=20, leading=30, alignment=TA_CENTER)
NUMBER = ParagraphStyle("number", _BASE, fontSize=11, alignment=TA_RIGHT)
BODY = ParagraphStyle("para", _BASE, firstLineIndent=24, alignment=TA_JUSTIFY)
PLAIN = ParagraphStyle("plain", _BASE)
HEADING = ParagraphStyle("heading", _BASE, fontName=BOLD, spaceBefore=8, spaceAfter=2)
SMALL = ParagraphStyle("small", _BASE, fontSize=10.5, leading=16)
CELL = ParagraphStyle("cell", _BASE, fontSize=10.5, leading=14)
NOTE = ParagraphStyle(
    "note",
    _BASE,
    fontSize=10.5,
    leading=16,
    textColor=SEAL_RED,
    borderColor=SEAL_RED,
    borderWidth=0.6,
    borderPadding=(4, 6, 4, 6),
    spaceBefore=4,
    spaceAfter=8,
)
CENTERED = ParagraphStyle("centered", PLAIN, alignment=TA_CENTER)
SEAL_NAME = ParagraphStyle("seal", SMALL, alignment=TA_CENTER)

STATUTE = (
    "本协议书自双方当事人签名或者盖章，经调解员签名并加盖调解委员会印章后生效，"
    "对双方当事人具有约束力，当事人应当履行。",
    "达成调解协议后，一方当事人在协议约定期限内不履行调解协议的，另一方当事人可以依法申请仲裁。",
    "因支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金事项达成调解协议，用人单位在协议约定期限内"
    "不履行的，劳动者可以持调解协议书依法向人民法院申请支付令。",
    "本协议书一式三份，双方当事人各执一份，调解委员会存档一份。",
)
BLANK_DATE = "　　　　年　　月　　日"  # written by hand when signed

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_SECTIONS = ["", "万", "亿", "万亿"]


@dataclass(frozen=True)
class PrintedAgreement:
    content: bytes
    filename: str
    masked: bool


def agreement_print(*, actor: Actor, case: Any, full: bool = False) -> PrintedAgreement:
    """The PDF of ``case``'s agreement (the case has one) for ``actor``: with the full ID
    numbers when asked for and permitted (audited: one entry for the PDF), else masked.
    Raises ``fonts.FontMissing`` before anything is written when the font is missing."""
    permitted = disclosure.policy_for(actor, case.committee.organization).visible
    policy = disclosure.Policy(visible=permitted and full)
    content = agreement_pdf(case, policy)
    agreement = case.agreement
    if policy.visible:
        disclosure.record(
            actor=actor,
            objects=[case],
            fields=["id_number", "phone"],
            purpose=_("调解协议书 %(number)s（完整身份证号，%(count)d名申请人）")
            % {"number": agreement.number, "count": len(case.applicants.all())},
        )
    suffix = "" if policy.visible else "-masked"
    return PrintedAgreement(content, f"{agreement.number}{suffix}.pdf", not policy.visible)


def agreement_pdf(case: Any, policy: disclosure.Policy) -> bytes:
    """The agreement of ``case`` (which has one) as PDF bytes; masked and marked as a
    copy unless ``policy`` shows personal data."""
    fonts.register()
    agreement = case.agreement
    applicants = sorted(case.applicants.all(), key=lambda applicant: applicant.pk)
    story: list[Any] = [
        _p("劳动争议调解协议书", TITLE),
        _p(f"编号：{agreement.number}", NUMBER),
    ]
    if not policy.visible:
        story.append(_p(MASKED_NOTE, NOTE))
    story += [
        _p(f"调解组织：{case.committee.name}　　案件编号：{case.number}", SMALL),
        Spacer(1, 3 * mm),
        *_parties(case, applicants, policy),
        Spacer(1, 2 * mm),
        _p(
            f"申请人与被申请人因劳动争议，于{_chinese_date(case.applied_on)}"
            f"{'口头' if case.oral else ''}向本委员会申请调解，"
            f"本委员会于{_chinese_date(case.accepted_on)}受理。"
        ),
        *_heading("一、争议事实"),
        _p(case.facts),
        *_heading("二、协议内容"),
        _p("经本委员会主持调解，双方当事人在查明事实、分清是非的基础上，自愿达成如下协议："),
        *[_p(clause) for clause in numbered_clauses(agreement.terms)],
        *_heading("三、协议金额与履行期限"),
        *_schedule(agreement),
        *_heading("四、协议效力"),
        *[_p(sentence) for sentence in STATUTE],
        _p("（以下无正文）", CENTERED),
        *_signatures(case, agreement, applicants),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=25 * mm,
        bottomMargin=22 * mm,
        title=f"劳动争议调解协议书 {agreement.number}",
        author=case.committee.name,
        subject=MASKED_MARK if not policy.visible else "",
        initialFontName=FONT,  # no reference to a font that is not embedded (Helvetica)
    )
    header = f"劳动争议调解协议书　{agreement.number}"
    mark = "" if policy.visible else MASKED_MARK
    document.build(story, canvasmaker=_paged_canvas(header, mark))
    return buffer.getvalue()


# --- parties and terms -----------------------------------------------------------------


def _parties(case: Any, applicants: list[Any], policy: disclosure.Policy) -> list[Any]:
    rows: list[Any] = []
    if len(applicants) == 1:
        rows.append(_p(f"申请人：{_applicant_line(applicants[0], policy)}", PLAIN))
    elif applicants:
        rows += [
            _p(f"申请人（共{len(applicants)}人）：", PLAIN),
            _applicant_table(applicants, policy),
        ]
    employer = [_p(f"被申请人：{case.employer_name}", PLAIN)]
    if case.employer_agent:
        employer.append(_p(f"委托代理人：{case.employer_agent}", PLAIN))
    return [*rows, KeepTogether(employer)]


def _applicant_line(applicant: Any, policy: disclosure.Policy) -> str:
    details = [applicant.name]
    if applicant.id_number:
        details.append(f"身份证号：{policy.id_number(applicant.id_number)}")
    if applicant.phone:
        details.append(f"联系电话：{policy.phone(applicant.phone)}")
    return "，".join(details)


def _applicant_table(applicants: list[Any], policy: disclosure.Policy) -> Table:
    data: list[list[Any]] = [["序号", "姓名", "身份证号", "联系电话"]]
    data += [
        [
            str(n),
            _p(applicant.name, CELL),
            policy.id_number(applicant.id_number) or "—",
            policy.phone(applicant.phone) or "—",
        ]
        for n, applicant in enumerate(applicants, start=1)
    ]
    table = Table(data, colWidths=[14 * mm, 40 * mm, 56 * mm, 50 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(_grid_style(("ALIGN", (0, 0), (0, -1), "CENTER")))
    return table


def _schedule(agreement: Any) -> list[Any]:
    amount = agreement.amount
    instalments = list(agreement.instalments.all())
    story: list[Any] = [
        _p(
            f"被申请人应向申请人支付人民币 {amount:,.2f} 元"
            f"（大写：人民币{amount_in_capitals(amount)}）"
            + ("，按以下期限支付：" if instalments else "。")
        )
    ]
    if instalments:
        data = [["期次", "支付期限", "金额（元）"]] + [
            [f"第{n}期", _chinese_date(row.due_on) + "前", f"{row.amount:,.2f}"]
            for n, row in enumerate(instalments, start=1)
        ]
        table = Table(data, colWidths=[30 * mm, 60 * mm, 45 * mm], repeatRows=1, hAlign="CENTER")
        table.setStyle(
            _grid_style(("ALIGN", (0, 0), (-1, -1), "CENTER"), ("ALIGN", (2, 1), (2, -1), "RIGHT"))
        )
        story += [Spacer(1, 2 * mm), table, Spacer(1, 2 * mm)]
    if agreement.excess_note:
        story.append(_p(f"协议金额超出请求金额的说明：{agreement.excess_note}"))
    return story


# --- signatures ------------------------------------------------------------------------


def _signatures(case: Any, agreement: Any, applicants: list[Any]) -> list[Any]:
    """One row per applicant to sign and date, then the employer, its agent and the
    mediators, then the committee's seal: the applicants' table flows over pages (its
    header repeated), the rest is kept together."""
    parties_day = _signed_date(agreement.parties_signed_on)
    # the heading never ends a page alone: it starts a page with the first rows
    story: list[Any] = [CondPageBreak(60 * mm), Spacer(1, 6 * mm), _p("申请人签名：", HEADING)]
    if applicants:
        story.append(_applicant_signatures(applicants, parties_day))
    else:
        story.append(_sign_lines([("申请人（签名）", parties_day)]))
    others = [("被申请人（盖章）", parties_day), ("委托代理人（签名）", parties_day)]
    mediator_day = _signed_date(agreement.mediator_signed_on)
    mediators = [str(user) for user in case.mediators.all()]
    others += [(f"调解员 {name}（签名）", mediator_day) for name in mediators] or [
        ("调解员（签名）", mediator_day)
    ]
    return [
        *story,
        KeepTogether(
            [
                Spacer(1, 6 * mm),
                _sign_lines(others),
                Spacer(1, 6 * mm),
                _seal_block(case, agreement),
            ]
        ),
    ]


def _applicant_signatures(applicants: list[Any], day: str) -> Table:
    data: list[list[Any]] = [["序号", "申请人", "签名", "日期"]]
    data += [
        [str(n), _p(applicant.name, CELL), "", day]
        for n, applicant in enumerate(applicants, start=1)
    ]
    table = Table(
        data,
        colWidths=[14 * mm, 40 * mm, 56 * mm, 50 * mm],
        rowHeights=[8 * mm] + [12 * mm] * len(applicants),
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        _grid_style(("ALIGN", (0, 0), (0, -1), "CENTER"), ("ALIGN", (3, 0), (3, -1), "CENTER"))
    )
    return table


def _sign_lines(rows: list[tuple[str, str]]) -> Table:
    """A label, a line to sign on and the date, per row."""
    data = [[_p(label, CELL), "", day] for label, day in rows]
    table = Table(data, colWidths=[54 * mm, 56 * mm, 50 * mm], rowHeights=12 * mm, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10.5),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                ("ALIGN", (2, 0), (2, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def _seal_block(case: Any, agreement: Any) -> Table:
    block = [
        Seal(case.committee.name),
        _p(case.committee.name, SEAL_NAME),
        _p(_signed_date(agreement.sealed_on), SEAL_NAME),
    ]
    table = Table([["", block]], colWidths=[WIDTH - 95 * mm, 95 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10.5),  # even an empty cell names its font
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _grid_style(*extra: tuple[Any, ...]) -> TableStyle:
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 10.5),
            ("FONT", (0, 0), (-1, 0), BOLD, 10.5),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            *extra,
        ]
    )


class Seal(Flowable):
    """A dashed circle where the committee's seal goes, with its name inside."""

    def __init__(self, name: str, size: float = 38 * mm) -> None:
        super().__init__()
        self.name, self.size = name, size
        self.width = self.height = size

    def draw(self) -> None:
        canvas, r = self.canv, self.size / 2
        canvas.setStrokeColor(SEAL_RED)
        canvas.setDash(3, 3)
        canvas.circle(r, r, r - 1)
        canvas.setFillColor(SEAL_RED)
        canvas.setFont(FONT, 8)
        half = (len(self.name) + 1) // 2
        lines = [self.name] if len(self.name) <= 10 else [self.name[:half], self.name[half:]]
        for n, line in enumerate(lines):
            canvas.drawCentredString(r, r + 8 - 11 * n, line)
        canvas.drawCentredString(r, r - 8 - 11 * len(lines), "（印章）")


# --- pages -----------------------------------------------------------------------------


def _paged_canvas(header: str, mark: str) -> type[Canvas]:
    """A canvas that keeps its pages until the end, to print "第 N 页 共 M 页", the
    header and (on a masked copy) the mark on every page."""

    class PagedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _decorate(self, total, header, mark)
                super().showPage()
            super().save()

    return PagedCanvas


def _decorate(canvas: Canvas, total: int, header: str, mark: str) -> None:
    width = A4[0]
    top = A4[1] - 14 * mm
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.setFillColor(GREY)
    canvas.drawString(MARGIN_X, top, header)
    if mark:
        canvas.setFillColor(SEAL_RED)
        canvas.setFont(BOLD, 10)
        canvas.drawRightString(width - MARGIN_X, top, mark)
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN_X, top - 2.5 * mm, width - MARGIN_X, top - 2.5 * mm)
    canvas.setFont(FONT, 9)
    canvas.setFillColor(GREY)
    page = canvas.getPageNumber()
    canvas.drawCentredString(width / 2, 12 * mm, f"第 {page} 页　共 {total} 页")
    canvas.restoreState()


# --- text ------------------------------------------------------------------------------


def amount_in_capitals(value: Decimal) -> str:
    """人民币大写, e.g. 12345.60 → 壹万贰仟叁佰肆拾伍元陆角整."""
    cents = int((value * 100).quantize(Decimal("1")))
    yuan, fraction = divmod(cents, 100)
    text = _integer_capitals(yuan) + "元" if yuan else ""
    jiao, fen = divmod(fraction, 10)
    if not fraction:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        return text + _DIGITS[fen] + "分"
    return text + "整"


def _integer_capitals(number: int) -> str:
    sections: list[str] = []
    index = 0
    while number:
        number, part = divmod(number, 10000)
        sections.insert(0, _section(part) + _SECTIONS[index] if part else "零")
        index += 1
    text = "".join(sections)
    while "零零" in text:
        text = text.replace("零零", "零")
    return text.strip("零")


def _section(part: int) -> str:
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = part // 10**position % 10
        if digit:
            if zero:
                text += "零"
            text += _DIGITS[digit] + _UNITS[position]
            zero = False
        elif text:
            zero = True
    return text if part >= 1000 else "零" + text


def _chinese_date(day: date | None) -> str:
    if day is None:
        return "______年____月____日"  # filled in by hand
    return f"{day.year}年{day.month}月{day.day}日"


def _signed_date(day: date | None) -> str:
    return _chinese_date(day) if day else BLANK_DATE


def _heading(text: str) -> list[Any]:
    """A section's heading, never alone at the foot of a page (keepWithNext would move a
    heading and its whole section to the next page when the section is long)."""
    return [CondPageBreak(25 * mm), _p(text, HEADING)]


def _p(text: Any, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text; a full-width space keeps its width (a paragraph would
    fold it like any blank), as four no-break spaces."""
    markup = escape(str(text)).replace("\n", "<br/>").replace("\u3000", "\u00a0" * 4)
    return Paragraph(markup, style)
