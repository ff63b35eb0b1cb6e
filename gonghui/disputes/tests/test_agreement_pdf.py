"""The mediation agreement PDF, read back from its bytes (pypdf): the masked copy and its
mark on every page, the full copy and its one audit entry, the clauses numbered once, a
signature line per applicant of a group case, the font embedded; a case without an
agreement, a case out of scope and a server without the font."""

import io
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.checks import Error
from django.core.checks import Warning as CheckWarning
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from stdnum.cn import ric

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.agreements import agreement_record, agreement_sign
from gonghui.disputes.services.cases import case_accept
from gonghui.disputes.services.committees import committee_create, committee_seat
from gonghui.disputes.tests.access import COMMITTEE_NAME, apply
from gonghui.documents import fonts
from gonghui.documents.agreement_pdf import MASKED_MARK
from gonghui.documents.checks import pdf_font_installed

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
MASKED_ID = "110105********002X"
TERMS = "\n".join(
    [
        "1. 被申请人支付申请人2025年11月至12月工资。",
        "二、被申请人于2025年12月31日前为申请人办理离职手续。",
        "（三）1.5万元经济补偿分两期支付。",
        "第四条 双方就本争议再无其他纠纷。",
        "",
        "5、申请人撤回仲裁申请",
    ]
)
CLAUSES = [
    "（一）被申请人支付申请人2025年11月至12月工资。",
    "（二）被申请人于2025年12月31日前为申请人办理离职手续。",
    "（三）1.5万元经济补偿分两期支付。",
    "（四）双方就本争议再无其他纠纷。",
    "（五）申请人撤回仲裁申请",
]


@pytest.fixture
def world() -> World:
    world = build_world()
    committee = committee_create(
        actor=world.system, organization=world.union_a, name=COMMITTEE_NAME
    )
    committee_seat(actor=world.system, committee=committee, user=world.user("union_a_staff"))
    world.extra["committee"] = committee
    return world


def _id_number(n: int) -> str:
    body = f"110105199001{n:02d}{n:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum reads the first 17 digits


def _case_with_agreement(world: World, applicants: int = 1) -> MediationCase:
    people = [{"name": "王五", "id_number": ID_NUMBER, "phone": "13800138000"}]
    people += [
        {"name": f"工人{n:02d}号", "id_number": _id_number(n), "phone": ""}
        for n in range(2, applicants + 1)
    ]
    case = apply(world, world.extra["committee"], applicants=people)
    case = case_accept(actor=world.system, case=case, mediators=[world.user("union_a_staff")])
    today = timezone.localdate()
    agreement_record(
        actor=world.system,
        case=case,
        terms=TERMS,
        amount="8000.00",
        instalments=[
            {"due_on": today + timedelta(days=10), "amount": "5000"},
            {"due_on": today + timedelta(days=40), "amount": "3000"},
        ],
    )
    return case


def _get(world: World, case: MediationCase, user: str, query: str = "") -> Any:
    client = Client()
    client.force_login(world.user(user))
    return client.get(reverse("disputes:agreement_pdf", args=[case.pk]) + query)


def _pages(response: Any) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return [page.extract_text() for page in reader.pages]


def _disclosures() -> Any:
    return AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA)


def _compact(text: str) -> str:
    """The text without the blanks a PDF's text extraction puts between words."""
    return "".join(text.split())


# --- masked and full copies -------------------------------------------------------------


def test_the_masked_copy_hides_the_id_numbers_and_says_so_on_every_page(world: World) -> None:
    case = _case_with_agreement(world, applicants=24)

    response = _get(world, case, "union_a_staff")

    pages = _pages(response)
    text = "".join(pages)
    assert len(pages) > 1
    assert all(MASKED_MARK in page for page in pages)
    assert MASKED_ID in text and ID_NUMBER not in text
    assert "不能用于申请司法确认或支付令" in _compact(text)
    assert "masked" in response["Content-Disposition"]
    assert not _disclosures().exists()


def test_the_masked_copy_is_the_default_for_a_user_who_may_see_personal_data(
    world: World,
) -> None:
    case = _case_with_agreement(world)

    pages = _pages(_get(world, case, "pii_a_staff"))

    assert all(MASKED_MARK in page for page in pages)
    assert ID_NUMBER not in "".join(pages)
    assert not _disclosures().exists()


def test_the_full_copy_shows_every_id_number_and_writes_one_audit_entry(world: World) -> None:
    case = _case_with_agreement(world, applicants=24)

    response = _get(world, case, "pii_a_staff", "?full=1")

    text = "".join(_pages(response))
    assert ID_NUMBER in text
    assert all(_id_number(n) in text for n in range(2, 25))
    assert MASKED_MARK not in text
    entry = _disclosures().get()
    assert entry.object_id == str(case.pk)
    assert entry.organization_id == world.union_a.pk
    assert case.agreement.number in entry.message and "24" in entry.message


def test_a_user_who_may_not_see_personal_data_gets_the_masked_copy_when_asking_for_the_full(
    world: World,
) -> None:
    case = _case_with_agreement(world)

    pages = _pages(_get(world, case, "union_a_staff", "?full=1"))

    assert all(MASKED_MARK in page for page in pages)
    assert ID_NUMBER not in "".join(pages)
    assert not _disclosures().exists()


def test_the_case_page_offers_the_full_copy_only_to_who_may_see_it(world: World) -> None:
    case = _case_with_agreement(world)
    url = reverse("disputes:agreement_pdf", args=[case.pk])

    for user, offered in (("union_a_staff", False), ("pii_a_staff", True)):
        client = Client()
        client.force_login(world.user(user))
        page = client.get(reverse("disputes:case_detail", args=[case.pk])).content.decode()
        assert f'href="{url}"' in page
        assert (f'href="{url}?full=1"' in page) is offered


# --- content ----------------------------------------------------------------------------


def test_the_clauses_are_numbered_once_in_one_style(world: World) -> None:
    case = _case_with_agreement(world)

    text = _compact("".join(_pages(_get(world, case, "union_a_staff"))))

    for clause in CLAUSES:
        assert clause in text
    for numbering in ("1.被申请人", "二、被申请人", "第四条", "5、申请人", "（一）1."):
        assert numbering not in text
    assert "8,000.00" in text and "捌仟元整" in text


def test_a_group_case_has_a_signature_line_for_each_of_its_24_applicants(world: World) -> None:
    case = _case_with_agreement(world, applicants=24)

    pages = _pages(_get(world, case, "union_a_staff"))

    signatures = "".join(pages).split("申请人签名")[1]
    names = ["王五"] + [f"工人{n:02d}号" for n in range(2, 25)]
    assert all(signatures.count(name) == 1 for name in names)
    assert signatures.index("王五") < signatures.index("工人24号") < signatures.index("调解员")
    assert all(f"共 {len(pages)} 页" in page for page in pages)


def test_the_signature_dates_are_printed_once_recorded(world: World) -> None:
    case = _case_with_agreement(world)
    day = timezone.localdate()
    agreement_sign(
        actor=world.system,
        case=case,
        parties_signed_on=day,
        mediator_signed_on=day,
        sealed_on=day,
    )

    text = "".join(_pages(_get(world, case, "union_a_staff")))

    assert f"{day.year}年{day.month}月{day.day}日" in text


def test_the_font_is_embedded_as_a_subset(world: World) -> None:
    case = _case_with_agreement(world, applicants=24)

    response = _get(world, case, "union_a_staff")

    reader = PdfReader(io.BytesIO(response.content))
    used: dict[str, Any] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            used[str(font.get_object()["/BaseFont"])] = font.get_object()
    assert used and all("+NotoSerifSC" in name for name in used)
    assert all("/FontFile2" in font["/FontDescriptor"] for font in used.values())
    assert len(response.content) < 400_000


# --- refused ----------------------------------------------------------------------------


def test_a_case_without_an_agreement_answers_with_a_message_and_writes_nothing(
    world: World,
) -> None:
    case = apply(world, world.extra["committee"])
    client = Client()
    client.force_login(world.user("pii_a_staff"))
    entries = AuditEntry.objects.count()

    response = client.get(reverse("disputes:agreement_pdf", args=[case.pk]) + "?full=1")

    assert response.status_code == 302
    assert response["Location"] == reverse("disputes:case_detail", args=[case.pk])
    assert "尚无调解协议书" in str(next(iter(get_messages(response.wsgi_request))))
    assert AuditEntry.objects.count() == entries


def test_a_case_out_of_scope_answers_404(world: World) -> None:
    case = _case_with_agreement(world)

    assert _get(world, case, "union_b_staff").status_code == 404
    assert _get(world, case, "union_b_staff", "?full=1").status_code == 404


def test_without_the_font_the_pdf_answers_with_a_message_and_writes_nothing(
    world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    case = _case_with_agreement(world)
    entries = AuditEntry.objects.count()

    with override_settings(PDF_FONT_DIR=tmp_path), caplog.at_level(logging.ERROR):
        response = _get(world, case, "pii_a_staff", "?full=1")

    assert response.status_code == 302
    assert "缺少中文字体" in str(next(iter(get_messages(response.wsgi_request))))
    assert fonts.INSTALL_COMMAND in caplog.text
    assert AuditEntry.objects.count() == entries


def test_the_system_check_names_make_assets_when_the_font_is_missing(tmp_path: Path) -> None:
    assert pdf_font_installed() == []

    with override_settings(PDF_FONT_DIR=tmp_path, DEBUG=False):
        [error] = pdf_font_installed()
    with override_settings(PDF_FONT_DIR=tmp_path, DEBUG=True):
        [warning] = pdf_font_installed()

    assert isinstance(error, Error) and error.id == "gonghui.documents.E001"
    assert type(warning) is CheckWarning
    assert fonts.INSTALL_COMMAND in error.msg and fonts.INSTALL_COMMAND in str(error.hint)
    with override_settings(PDF_FONT_DIR=tmp_path), pytest.raises(fonts.FontMissing, match="make"):
        fonts.register()
