"""The mediation agreement PDF: a real PDF, in Chinese, with the amount, masked ID
numbers unless permitted; and 人民币大写."""

import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing import World, build_world
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.agreements import agreement_record
from gonghui.disputes.services.cases import case_accept
from gonghui.disputes.services.committees import committee_create
from gonghui.disputes.tests.access import COMMITTEE_NAME, apply
from gonghui.documents.agreement_pdf import amount_in_capitals

ID_NUMBER = "11010519491231002X"


def _case_with_agreement(world: World) -> MediationCase:
    committee = committee_create(
        actor=world.system, organization=world.union_a, name=COMMITTEE_NAME
    )
    case = case_accept(actor=world.system, case=apply(world, committee))
    today = timezone.localdate()
    agreement_record(
        actor=world.system,
        case=case,
        terms="被申请人支付申请人2025年11月至12月工资。\n双方就本争议再无其他纠纷。",
        amount="8000.00",
        instalments=[
            {"due_on": today + timedelta(days=10), "amount": "5000"},
            {"due_on": today + timedelta(days=40), "amount": "3000"},
        ],
    )
    return case


def _text(content: bytes) -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own bytes on stdin
        ["pdftotext", "-", "-"],  # noqa: S607
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("user", "shown"), [("union_a_staff", False), ("pii_a_staff", True)])
def test_the_agreement_prints_as_a_chinese_pdf(user: str, shown: bool) -> None:
    world = build_world()
    case = _case_with_agreement(world)
    client = Client()
    client.force_login(world.user(user))

    response = client.get(reverse("disputes:agreement_pdf", args=[case.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = _text(response.content)
    assert "调解协议书" in text
    assert "8,000.00" in text and "捌仟元整" in text
    assert (ID_NUMBER in text) is shown


@pytest.mark.django_db
def test_a_case_without_an_agreement_has_no_pdf() -> None:
    world = build_world()
    committee = committee_create(
        actor=world.system, organization=world.union_a, name=COMMITTEE_NAME
    )
    case = apply(world, committee)
    client = Client()
    client.force_login(world.user("union_a_staff"))

    response = client.get(reverse("disputes:agreement_pdf", args=[case.pk]))

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("8000", "捌仟元整"),
        ("12345.60", "壹万贰仟叁佰肆拾伍元陆角整"),
        ("100.05", "壹佰元零伍分"),
        ("10010.01", "壹万零壹拾元零壹分"),
        ("3461000", "叁佰肆拾陆万壹仟元整"),
        ("0", "零元整"),
    ],
)
def test_amounts_in_capitals(amount: str, capitals: str) -> None:
    assert amount_in_capitals(Decimal(amount)) == capitals
