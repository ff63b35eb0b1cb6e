"""The fund pages: the list with balances, the ledger with its filters and export, the
donation, allocation and reversal forms (a refusal shown on its field, nothing written),
the statement with its workbook and PDF, and the donor's receipt."""

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from gonghui.assistance.models import Donation, FundEntry
from gonghui.assistance.services.funds import fund_entry_reverse
from gonghui.assistance.tests.fixtures_funds import budget_line, donate, grant, warmth_fund
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def clerk(world: World) -> Client:
    client = Client()
    client.force_login(world.user("fed_staff"))
    return client


def _cells(response: Any) -> list[list[Any]]:
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def _pdf_text(response: Any) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "")


def test_the_fund_list_shows_each_fund_with_its_balance(world: World, clerk: Client) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "123456.78", DAY)

    page = clerk.get(reverse("assistance:fund_list"))

    text = page.content.decode()
    assert "温暖专项基金" in text
    assert "123,456.78" in text
    assert reverse("assistance:fund_create") in text


def test_the_ledger_filters_by_kind_and_day_and_exports_what_it_shows(
    world: World, clerk: Client
) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "1000", date(2026, 1, 5), donor_name="一月捐赠人")
    donate(world, fund, "2000", date(2026, 2, 5), donor_name="二月捐赠人")
    grant(world, fund, "300", date(2026, 2, 6))
    url = reverse("assistance:fund_detail", args=[fund.pk])

    page = clerk.get(url, {"kind": "donation", "start": "2026-02-01"})
    export = clerk.get(url, {"kind": "donation", "start": "2026-02-01", "format": "xlsx"})

    text = page.content.decode()
    assert "二月捐赠人" in text and "一月捐赠人" not in text
    assert "打印收据" in text
    rows = _cells(export)
    assert rows[0][:4] == ["分录号", "资金", "记账日期", "类别"]
    assert len(rows) == 2
    assert "二月捐赠人" in rows[1][4]
    assert rows[1][6] == 2000


def test_a_donation_is_recorded_from_its_form(world: World, clerk: Client) -> None:
    fund = warmth_fund(world)

    answer = clerk.post(
        reverse("assistance:donation_record", args=[fund.pk]),
        {
            "donor_name": "王先生",
            "donor_unit": "",
            "amount": "8888.80",
            "received_on": "2026-03-01",
        },
    )

    assert answer.status_code == 302
    assert answer["Location"] == reverse("assistance:fund_detail", args=[fund.pk])
    donation = Donation.objects.get()
    assert (donation.donor_name, donation.amount) == ("王先生", Decimal("8888.80"))
    assert donation.receipt_number in str(list(get_messages(answer.wsgi_request))[0])


def test_a_bad_donation_is_shown_on_its_fields_and_nothing_is_written(
    world: World, clerk: Client
) -> None:
    fund = warmth_fund(world)

    answer = clerk.post(
        reverse("assistance:donation_record", args=[fund.pk]),
        {"donor_name": "王先生", "amount": "10.001", "received_on": "2099-01-01"},
    )

    assert answer.status_code == 200
    form = answer.context["form"]
    assert "最多保留两位小数" in form.errors["amount"][0]
    assert "不能晚于今天" in form.errors["received_on"][0]
    assert "未能办理" in answer.content.decode()
    assert FundEntry.objects.count() == 0


def test_an_allocation_is_recorded_into_a_budget_line(world: World, clerk: Client) -> None:
    line = budget_line(world)

    answer = clerk.post(
        reverse("assistance:allocation_record", args=[line.pk]),
        {"amount": "50000", "booked_on": "2026-03-01", "memo": "追加预算"},
    )

    assert answer.status_code == 302
    line.refresh_from_db()
    assert line.balance == Decimal("50000.00")


def test_an_entry_is_reversed_with_a_reason_and_not_twice(world: World, clerk: Client) -> None:
    fund = warmth_fund(world)
    entry = donate(world, fund, "600", DAY).entry
    url = reverse("assistance:entry_reverse", args=[entry.pk])

    blank = clerk.post(url, {"reason": ""})
    done = clerk.post(url, {"reason": "金额录错"})
    again = clerk.post(url, {"reason": "再冲一次"})

    assert blank.status_code == 200 and "reason" in blank.context["form"].errors
    assert done.status_code == 302
    assert again.status_code == 200
    assert "已冲正" in again.content.decode()
    fund.refresh_from_db()
    assert fund.balance == Decimal("0.00")
    assert FundEntry.objects.count() == 2


def test_a_reversal_that_would_leave_the_fund_below_zero_is_shown_and_not_written(
    world: World, clerk: Client
) -> None:
    fund = warmth_fund(world)
    entry = donate(world, fund, "600", DAY).entry
    grant(world, fund, "500", DAY)

    answer = clerk.post(reverse("assistance:entry_reverse", args=[entry.pk]), {"reason": "退回"})

    assert answer.status_code == 200
    assert "不足" in answer.content.decode()
    assert FundEntry.objects.count() == 2


def test_the_statement_page_workbook_and_pdf_show_the_same_figures(
    world: World, clerk: Client
) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "10000", date(2025, 12, 1))
    donate(world, fund, "5000", date(2026, 2, 1))
    grant(world, fund, "2500", date(2026, 2, 10), cause="illness")
    period = {"start": "2026-01-01", "end": "2026-06-30"}

    page = clerk.get(reverse("assistance:fund_statement", args=[fund.pk]), period)
    book = clerk.get(reverse("assistance:fund_statement_xlsx", args=[fund.pk]), period)
    pdf = clerk.get(reverse("assistance:fund_statement_pdf", args=[fund.pk]), period)

    text = page.content.decode()
    for figure in ("10,000.00", "5,000.00", "2,500.00", "12,500.00"):
        assert figure in text
    rows = {row[0]: row[1] for row in _cells(book)[1:]}
    assert rows["期初余额"] == 10000
    assert rows["本期捐赠收入"] == 5000
    assert rows["其中：患病"] == 2500
    assert rows["期末余额"] == 12500
    printed = _pdf_text(pdf)
    assert "资金收支表" in printed
    assert "12,500.00" in printed
    assert "2026年1月1日至2026年6月30日" in printed


def test_the_statement_refuses_an_end_before_its_start_and_shows_the_year(
    world: World, clerk: Client
) -> None:
    fund = warmth_fund(world)

    page = clerk.get(
        reverse("assistance:fund_statement", args=[fund.pk]),
        {"start": "2026-05-01", "end": "2026-01-01"},
    )

    assert page.status_code == 200
    assert "截止日期不能早于起始日期" in page.content.decode()


def test_the_donors_receipt_prints_the_amount_in_figures_and_capitals(
    world: World, clerk: Client
) -> None:
    fund = warmth_fund(world)
    donation = donate(world, fund, "12345.60", DAY, donor_name="李女士", donor_unit="乙物流")

    pdf = clerk.get(reverse("assistance:donation_receipt", args=[donation.pk]))

    printed = _pdf_text(pdf)
    for text in (
        "捐赠收据",
        "温暖专项基金",
        "李女士",
        "乙物流",
        "￥12,345.60",
        "人民币壹万贰仟叁佰肆拾伍元陆角整",
        "2026年3月2日",
        donation.receipt_number,
        world.federation.name,
    ):
        assert text in printed, text


def test_a_reversed_donation_has_no_receipt(world: World, clerk: Client) -> None:
    fund = warmth_fund(world)
    donation = donate(world, fund, "100", DAY)
    fund_entry_reverse(actor=world.system, entry=donation.entry, reason="退款")

    answer = clerk.get(reverse("assistance:donation_receipt", args=[donation.pk]))

    assert answer.status_code == 302
    assert "收据作废" in str(list(get_messages(answer.wsgi_request))[0])


def test_the_ledger_costs_the_same_queries_for_more_entries(world: World, clerk: Client) -> None:
    fund = warmth_fund(world)
    url = reverse("assistance:fund_detail", args=[fund.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert clerk.get(url).status_code == 200
        return len(captured)

    donate(world, fund, "100", DAY)
    grant(world, fund, "50", DAY)
    few = queries()
    for n in range(6):
        donate(world, fund, f"{n + 1}00", DAY)
        grant(world, fund, "10", DAY)

    assert queries() == few
