"""The mediation agreement (劳动争议调解协议书) as a PDF, in the standard layout.

Title and number, the committee, the parties (applicants with ID numbers masked unless
the reader may see them, the employer and its agent), the facts, the agreed terms, the
amount in figures and in capitals with its payment schedule, the statutory sentences on
effect and enforcement (劳动争议调解仲裁法 第十四条 to 第十六条), signature lines for the
parties and the mediator, the committee's seal placeholder and the date::

    content = agreement_pdf(case, disclosure.policy_for(actor, case.committee.organization))

Fonts: the Adobe CID font STSong-Light, which every PDF reader has, so no font file ships.
"""

import io
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

_BASE = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=21, wordWrap="CJK")
TITLE = ParagraphStyle("title", _BASE, fontSize=20, leading=30, alignment=TA_CENTER)
NUMBER = ParagraphStyle("number", _BASE, fontSize=11, alignment=TA_RIGHT)
BODY = ParagraphStyle("para", _BASE, firstLineIndent=24, alignment=TA_JUSTIFY)
PLAIN = ParagraphStyle("plain", _BASE)
HEADING = ParagraphStyle("heading", _BASE, spaceBefore=6)
SMALL = ParagraphStyle("small", _BASE, fontSize=10.5, leading=16)
SIGN = ParagraphStyle("sign", _BASE, leading=34)

STATUTE = (
    "本协议书自双方当事人签名或者盖章，经调解员签名并加盖调解委员会印章后生效，"
    "对双方当事人具有约束力，当事人应当履行。",
    "达成调解协议后，一方当事人在协议约定期限内不履行调解协议的，另一方当事人可以依法申请仲裁。",
    "因支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金事项达成调解协议，用人单位在协议约定期限内"
    "不履行的，劳动者可以持调解协议书依法向人民法院申请支付令。",
    "本协议书一式三份，双方当事人各执一份，调解委员会存档一份。",
)

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_SECTIONS = ["", "万", "亿", "万亿"]


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


def _p(text: Any, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


class Seal(Flowable):
    """A dashed circle where the committee's seal goes, with its name inside."""

    def __init__(self, name: str, size: float = 38 * mm) -> None:
        super().__init__()
        self.name, self.size = name, size
        self.width = self.height = size

    def draw(self) -> None:
        canvas, r = self.canv, self.size / 2
        canvas.setStrokeColor(colors.Color(0.75, 0.2, 0.2))
        canvas.setDash(3, 3)
        canvas.circle(r, r, r - 1)
        canvas.setFillColor(colors.Color(0.75, 0.2, 0.2))
        canvas.setFont(FONT, 8)
        half = (len(self.name) + 1) // 2
        lines = [self.name] if len(self.name) <= 10 else [self.name[:half], self.name[half:]]
        for n, line in enumerate(lines):
            canvas.drawCentredString(r, r + 8 - 11 * n, line)
        canvas.drawCentredString(r, r - 8 - 11 * len(lines), "（印章）")


def _parties(case: Any, policy: Any) -> list[Any]:
    rows: list[Any] = []
    for n, applicant in enumerate(case.applicants.all(), start=1):
        label = "申请人" if len(case.applicants.all()) == 1 else f"申请人{n}"
        details = [applicant.name]
        if applicant.id_number:
            details.append(f"身份证号：{policy.id_number(applicant.id_number)}")
        if applicant.phone:
            details.append(f"联系电话：{policy.phone(applicant.phone)}")
        rows.append(_p(f"{label}：{'，'.join(details)}", PLAIN))
    rows.append(_p(f"被申请人：{case.employer_name}", PLAIN))
    if case.employer_agent:
        rows.append(_p(f"委托代理人：{case.employer_agent}", PLAIN))
    return rows


def _schedule(agreement: Any) -> list[Any]:
    amount = agreement.amount
    instalments = list(agreement.instalments.all())
    capitals = amount_in_capitals(amount)
    story: list[Any] = [
        _p(
            f"被申请人应向申请人支付人民币 {amount:,.2f} 元（大写：人民币{capitals}）"
            + ("，按以下期限支付：" if instalments else "。")
        )
    ]
    if instalments:
        data = [["期次", "支付期限", "金额（元）"]] + [
            [f"第{n}期", _chinese_date(row.due_on) + "前", f"{row.amount:,.2f}"]
            for n, row in enumerate(instalments, start=1)
        ]
        table = Table(data, colWidths=[30 * mm, 60 * mm, 45 * mm], hAlign="CENTER")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 11),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story += [Spacer(1, 2 * mm), table, Spacer(1, 2 * mm)]
    if agreement.excess_note:
        story.append(_p(f"协议金额超出请求金额的说明：{agreement.excess_note}"))
    return story


def _signatures(case: Any, agreement: Any) -> Any:
    line = "＿＿＿＿＿＿＿＿"
    left = [
        _p(f"申请人（签名）：{line}", SIGN),
        _p(f"被申请人（盖章）：{line}", SIGN),
        _p(f"委托代理人（签名）：{line}", SIGN),
        _p(f"调解员（签名）：{line}", SIGN),
        _p(f"签字日期：{_chinese_date(agreement.parties_signed_on)}", SIGN),
    ]
    right = [
        Seal(case.committee.name),
        _p(case.committee.name, ParagraphStyle("c", PLAIN, alignment=TA_CENTER)),
        _p(
            _chinese_date(agreement.sealed_on),
            ParagraphStyle("d", PLAIN, alignment=TA_CENTER),
        ),
    ]
    table = Table([[left, right]], colWidths=[95 * mm, 65 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 8 * mm), table])


def agreement_pdf(case: Any, policy: Any) -> bytes:
    """The agreement of ``case`` (which has one) as PDF bytes."""
    agreement = case.agreement
    accepted = _chinese_date(case.accepted_on)
    story: list[Any] = [
        _p("劳动争议调解协议书", TITLE),
        _p(f"编号：{agreement.number}", NUMBER),
        _p(f"调解组织：{case.committee.name}　　案件编号：{case.number}", SMALL),
        Spacer(1, 3 * mm),
        *_parties(case, policy),
        Spacer(1, 2 * mm),
        _p(
            f"申请人与被申请人因劳动争议，于{_chinese_date(case.applied_on)}"
            f"{'口头' if case.oral else ''}向本委员会申请调解，本委员会于{accepted}受理。"
        ),
        _p("一、争议事实", HEADING),
        _p(case.facts),
        _p("二、协议内容", HEADING),
        _p("经本委员会主持调解，双方当事人在查明事实、分清是非的基础上，自愿达成如下协议："),
        *[
            _p(f"{n}. {line.strip()}")
            for n, line in enumerate(
                (x for x in agreement.terms.splitlines() if x.strip()), start=1
            )
        ],
        _p("三、协议金额与履行期限", HEADING),
        *_schedule(agreement),
        _p("四、协议效力", HEADING),
        *[_p(sentence) for sentence in STATUTE],
        _signatures(case, agreement),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=22 * mm,
        title=f"劳动争议调解协议书 {agreement.number}",
        author=case.committee.name,
    )
    document.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _page_number(canvas: Any, document: Any) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"第 {document.page} 页")
    canvas.restoreState()
