"""PDFs of aid: the approval form (帮扶审批表) of one application, with the three levels'
opinions, and the publication list (公示名单) with names and ID numbers masked. The
layout helpers and the embedded font are those of ``fund_pdf``."""

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from gonghui.core import pii
from gonghui.documents import fonts
from gonghui.documents.agreement_pdf import amount_in_capitals
from gonghui.documents.fund_pdf import (
    CELL,
    CELL_BOLD,
    NUMBER,
    RIGHT,
    SMALL,
    SUBTITLE,
    TITLE,
    WIDTH,
    _build,
    _grid,
    _p,
    chinese_date,
    money_text,
)

APPROVAL_TITLE = "困难职工帮扶审批表"
PUBLICATION_TITLE = "困难职工帮扶公示"


def _level(title: str, opinion: str, who: Any, day: Any) -> list[Any]:
    signed = f"经办人：{who or '　　　　'}　　{chinese_date(day) if day else '　　年　　月　　日'}"
    return [_p(title, CELL_BOLD), _p(f"{opinion or '　'}\n\n{signed}")]


def approval_pdf(application: Any, *, id_number: str, decided: dict[str, Any]) -> bytes:
    """The approval form of ``application``; ``id_number`` as the reader may see it,
    ``decided``: the day each level decided (``filed``, ``checked``, ``approved``)."""
    fonts.register()
    person = application.person
    label = 32 * mm
    amount = application.amount
    rows = [
        [_p("申请编号", CELL_BOLD), _p(application.number)],
        [_p("姓名", CELL_BOLD), _p(person.name)],
        [_p("身份证号", CELL_BOLD), _p(id_number)],
        [_p("所在工会", CELL_BOLD), _p(application.organization.name)],
        [
            _p("困难职工档案", CELL_BOLD),
            _p(application.file.number if application.file else "未建档"),
        ],
        [
            _p("帮扶项目", CELL_BOLD),
            _p(
                application.kind.name
                + (f"（{application.round.name}）" if application.round else "")
            ),
        ],
        [_p("致困原因", CELL_BOLD), _p(application.get_cause_display())],
        [_p("申请理由", CELL_BOLD), _p(application.reason)],
        [_p("申请金额", CELL_BOLD), _p(f"￥{money_text(application.amount_requested)}")],
        [
            _p("核定金额", CELL_BOLD),
            _p(f"￥{money_text(amount)}（人民币{amount_in_capitals(amount)}）" if amount else "—"),
        ],
        _level(
            "基层工会意见", application.filing_opinion, application.filed_by, decided.get("filed")
        ),
        _level(
            "服务站审核意见",
            application.check_opinion,
            application.checked_by,
            decided.get("checked"),
        ),
        _level(
            "总工会审批意见",
            application.approval_opinion,
            application.approved_by,
            decided.get("approved"),
        ),
    ]
    if application.duplicate_note:
        rows.append([_p("重复救助说明", CELL_BOLD), _p(application.duplicate_note)])
    story: list[Any] = [
        _p(APPROVAL_TITLE, TITLE),
        Spacer(1, 4 * mm),
        _p(f"申请日期：{chinese_date(application.applied_on)}", RIGHT),
        Spacer(1, 2 * mm),
        _grid(rows, [label, WIDTH - label]),
        Spacer(1, 6 * mm),
        _p("本表一式两份，一份存入困难职工档案，一份随发放凭证归档。", SMALL),
    ]
    return _build(story, f"{APPROVAL_TITLE} {application.number}")


def publication_pdf(publication: Any, rows: list[Any]) -> bytes:
    """The publication list: each worker's name and ID number masked, their union, the
    kind of aid and the amount; the days it runs and where objections go."""
    fonts.register()
    header = [
        _p(h, CELL_BOLD) for h in ("序号", "姓名", "身份证号", "所在工会", "帮扶项目", "金额（元）")
    ]
    table = [header]
    total = 0
    for number, application in enumerate(rows, start=1):
        total += application.granted
        table.append(
            [
                _p(str(number)),
                _p(pii.mask_name(application.person.name)),
                _p(pii.mask_id_number(application.person.id_number)),
                _p(application.organization.name),
                _p(application.kind.name),
                _p(money_text(application.granted), NUMBER),
            ]
        )
    table.append(
        [
            _p(""),
            _p("合计", CELL_BOLD),
            _p(f"{len(rows)} 人"),
            _p(""),
            _p(""),
            _p(money_text(total), NUMBER),
        ]
    )
    widths = [
        12 * mm,
        22 * mm,
        42 * mm,
        WIDTH - 12 * mm - 22 * mm - 42 * mm - 34 * mm - 26 * mm,
        34 * mm,
        26 * mm,
    ]
    story: list[Any] = [
        _p(publication.title, TITLE),
        _p(publication.organization.name, SUBTITLE),
        Spacer(1, 4 * mm),
        _p(
            f"根据困难职工帮扶工作规定，现将下列拟帮扶职工名单予以公示。公示期自"
            f"{chinese_date(publication.starts_on)}至{chinese_date(publication.ends_on)}。"
            f"如有异议，请在公示期内向{publication.organization.name}反映。",
            CELL,
        ),
        Spacer(1, 4 * mm),
        _grid(table, widths),
        Spacer(1, 8 * mm),
        _p(f"{publication.organization.name}　　{chinese_date(publication.starts_on)}", RIGHT),
        Spacer(1, 4 * mm),
        _p(
            f"公示编号：{publication.number}。为保护职工个人信息，姓名和身份证号已部分隐去。", SMALL
        ),
    ]
    return _build(story, f"{PUBLICATION_TITLE} {publication.number}")
