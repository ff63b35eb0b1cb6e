"""Test data of hardship files and aid: members of the access world's unions, the
income lines, a document checklist, attachments written by the real upload service."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from gonghui.assistance.choices import Document, DocumentSubject, IncomeLineKind
from gonghui.assistance.models import IncomeLine, RequiredDocument
from gonghui.core.attachments.services import attachment_upload
from gonghui.core.testing import World
from gonghui.members.models import Person
from gonghui.members.services.records import member_register
from gonghui.members.tests.factories import id_number, phone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def member(world: World, union: Any = None, name: str = "李困难") -> Person:
    membership = member_register(
        actor=world.system,
        union=union or world.union_a,
        name=name,
        id_number=id_number(),
        phone=phone(),
        started_on=date(2022, 1, 10),
        employment_kind="employee",
        employer=world.entity_a if (union or world.union_a) == world.union_a else world.entity_b,
    )
    return membership.person


def income_lines() -> None:
    """Subsistence 1,245 and low income 2,490 a month from 2023; earlier lower lines."""
    for kind, amount, since in (
        (IncomeLineKind.SUBSISTENCE, "1170", date(2021, 7, 1)),
        (IncomeLineKind.LOW_INCOME, "2340", date(2021, 7, 1)),
        (IncomeLineKind.SUBSISTENCE, "1245", date(2023, 9, 1)),
        (IncomeLineKind.LOW_INCOME, "2490", date(2023, 9, 1)),
    ):
        IncomeLine.objects.create(kind=kind, monthly_amount=Decimal(amount), effective_from=since)


def file_checklist() -> None:
    """Every file: the registration form and the household register; illness: a diagnosis."""
    for document, cause in (
        (Document.REGISTRATION_FORM, ""),
        (Document.HOUSEHOLD_REGISTER, ""),
        (Document.DIAGNOSIS, "illness"),
    ):
        RequiredDocument.objects.create(
            subject=DocumentSubject.FILE, cause=cause, document=document
        )


def attach(actor: Any, record: Any, *kinds: str) -> None:
    for kind in kinds:
        attachment_upload(
            actor=actor, record=record, kind=kind, file=ContentFile(PDF, name=f"{kind}.pdf")
        )


def file_fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "surveyed_on": date(2024, 3, 5),
        "causes": ["illness"],
        "worker_income": "2000",
        "household": [
            {"name": "张妻", "relation": "spouse", "situation": "ill", "monthly_income": "0"},
            {"name": "李小", "relation": "child", "situation": "student", "monthly_income": "0"},
        ],
        "situation": "妻子患病，孩子上学。",
    }
    fields.update(changes)
    return fields


def aid_kinds(fund: Any = None) -> dict[str, Any]:
    """Temporary hardship aid in rounds (a band, capped), medical aid (fixed), and the
    warmth fund's relief paid from ``fund``."""
    from gonghui.assistance.models import AidKind, AidRound

    temporary = AidKind.objects.create(
        code="temporary",
        name="临时致困帮扶",
        category="temporary",
        amount_mode="band",
        min_amount=Decimal("500"),
        max_amount=Decimal("3000"),
        annual_cap=Decimal("5000"),
        in_rounds=True,
    )
    medical = AidKind.objects.create(
        code="medical",
        name="医疗救助",
        category="medical",
        amount_mode="fixed",
        fixed_amount=Decimal("2000"),
        annual_cap=Decimal("2000"),
    )
    warmth = AidKind.objects.create(
        code="warmth",
        name="温暖基金救助",
        category="warmth",
        amount_mode="band",
        min_amount=Decimal("1000"),
        max_amount=Decimal("30000"),
        annual_cap=Decimal("30000"),
        fund=fund,
    )
    today = date.today()  # noqa: DTZ011 (a local day is what the rounds compare)
    spring = AidRound.objects.create(
        kind=temporary,
        name="本年第一批",
        opens_on=today.replace(month=1, day=1),
        closes_on=today.replace(month=12, day=31),
    )
    closed = AidRound.objects.create(
        kind=temporary, name="上年第二批", opens_on=date(2020, 7, 1), closes_on=date(2020, 7, 31)
    )
    return {
        "temporary": temporary,
        "medical": medical,
        "warmth": warmth,
        "round": spring,
        "closed": closed,
    }


def warmth_fund(world: World, balance: str = "50000") -> Any:
    from gonghui.assistance.models import Fund
    from gonghui.assistance.services.ledger import entry_post

    fund = Fund.objects.create(
        code="warmth",
        name="温暖专项基金",
        kind="warmth",
        organization=world.federation,
        started_on=date(2012, 1, 1),
    )
    entry_post(
        actor=world.system,
        fund=fund,
        kind="donation",
        amount=Decimal(balance),
        booked_on=date(2024, 1, 2),
        memo="捐赠",
    )
    fund.refresh_from_db()
    return fund
