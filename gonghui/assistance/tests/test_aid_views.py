"""Aid and file pages through HTTP: a member's page lists their file and aid; the bank's
payment list is a real workbook whose ID and account numbers are masked unless the user
may see personal data (audited when shown); the approval form and the publication list
read back from their PDF bytes, names and ID numbers masked on the publication."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from gonghui.assistance.services.aid import aid_apply, publication_create
from gonghui.assistance.services.files import file_create
from gonghui.assistance.tests.fixtures import aid_kinds, file_fields, income_lines, member
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import build_world
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db
ACCOUNT = "6222020000001234567"


def _payable(world: Any) -> Any:
    income_lines()
    kinds = aid_kinds()
    person = member(world, name="王小明")
    application = aid_apply(
        actor=world.user("union_a_staff"),
        person=person,
        kind=kinds["temporary"],
        round=kinds["round"],
        cause="illness",
        reason="住院",
        amount_requested="1500",
        bank_name="工商银行",
        bank_account=ACCOUNT,
        applied_on=timezone.localdate() - timedelta(days=12),
    )
    take(world.user("station_a_staff"), application, "check")
    take(
        world.user("fed_staff"),
        application,
        "approve",
        on=timezone.localdate() - timedelta(days=10),
    )
    publication_create(
        actor=world.user("fed_staff"),
        organization=world.federation,
        title="2026年第一批帮扶公示",
        applications=[application],
        starts_on=timezone.localdate() - timedelta(days=10),
    )
    application.refresh_from_db()
    return application


def _client(world: Any, key: str) -> Client:
    client = Client()
    client.force_login(world.user(key))
    return client


def _grant_pii(world: Any, key: str) -> None:
    world.user(key).assignments.update(can_view_personal_data=True)


def test_the_member_page_lists_the_workers_file_and_aid() -> None:
    world = build_world()
    application = _payable(world)
    file_create(actor=world.user("union_a_staff"), person=application.person, **file_fields())

    page = _client(world, "union_a_staff").get(
        reverse("members:person_detail", args=[application.person.pk])
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "困难职工档案" in html and application.number in html
    assert reverse("assistance:aid_detail", args=[application.pk]) in html


def _second_row(content: bytes) -> list[Any]:
    sheet: Any = load_workbook(io.BytesIO(content)).active
    return [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]


def test_the_payment_list_masks_accounts_unless_the_user_may_see_them() -> None:
    world = build_world()
    _payable(world)
    url = reverse("assistance:payment_list") + "?format=xlsx"

    row = _second_row(_client(world, "fed_staff").get(url).content)
    assert row[1] == "王小明"
    assert row[4] == "*" * (len(ACCOUNT) - 4) + ACCOUNT[-4:]
    assert "*" in str(row[2])

    _grant_pii(world, "fed_staff")
    row = _second_row(_client(world, "fed_staff").get(url).content)
    assert row[4] == ACCOUNT
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def _text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_publication_pdf_masks_names_and_id_numbers() -> None:
    world = build_world()
    application = _payable(world)
    response = _client(world, "fed_staff").get(
        reverse("assistance:publication_pdf", args=[application.publication_id])
    )

    text = _text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "王*明" in text and "王小明" not in text
    assert application.person.id_number not in text
    assert application.person.id_number[-4:] in text


def test_the_approval_form_carries_the_three_opinions() -> None:
    world = build_world()
    application = _payable(world)
    response = _client(world, "union_a_staff").get(
        reverse("assistance:aid_approval_pdf", args=[application.pk])
    )

    text = _text(response.content)
    assert "困难职工帮扶审批表" in text
    assert "基层工会意见" in text and "服务站审核意见" in text and "总工会审批意见" in text
    assert application.person.id_number not in text


def test_a_step_page_shows_a_refusal_on_the_form_and_writes_nothing() -> None:
    world = build_world()
    application = _payable(world)
    client = _client(world, "fed_staff")
    step = reverse("assistance:aid_step", args=[application.pk, "object"])

    response = client.post(step, {"content": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写异议内容" in html and "请填写提出日期" in html
    assert not application.objections.exists()
