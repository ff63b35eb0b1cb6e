"""The page that records a past campaign from a workbook: a good file records it, a file
with bad rows lists every one of them and records nothing."""

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from gonghui.benefits.choices import CampaignStatus
from gonghui.benefits.models import Campaign, Voucher
from gonghui.benefits.tests import fixtures as fx
from gonghui.core.testing import World

pytestmark = pytest.mark.django_db


def workbook(rows: list[list[Any]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["身份证号", "领取日期", "核销日期"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("coupons.xlsx", out.getvalue())


def post(world: World, rows: list[list[Any]]) -> Any:
    client = Client()
    client.force_login(world.user("fed_staff"))
    data = {
        "organization": world.federation.pk,
        "title": "2021年夏季慰问券",
        "opens_on": "2021-06-01",
        "closes_on": "2021-06-10",
        "ends_on": "2021-06-30",
        "per_member_limit": "1",
        "fund": fx.fund(world, "1000").pk,
        "item_name": "慰问券",
        "item_kind": "other",
        "unit_value": "100",
        "file": workbook(rows),
    }
    return client.post(reverse("benefits:campaign_record"), data)


def test_a_workbook_of_coupons_records_a_closed_campaign(world: World) -> None:
    a1 = fx.member(world)[1].person
    a2 = fx.member(world, world.union_b)[1].person
    answer = post(
        world,
        [[a1.id_number, date(2021, 6, 2), date(2021, 6, 5)], [a2.id_number, "2021-06-03", None]],
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert campaign.status == CampaignStatus.CLOSED
    assert answer["Location"] == reverse("benefits:campaign_detail", args=[campaign.pk])
    assert sorted(Voucher.objects.values_list("status", flat=True)) == ["expired", "redeemed"]


def test_bad_rows_are_listed_and_nothing_is_recorded(world: World) -> None:
    a1 = fx.member(world)[1].person
    answer = post(
        world,
        [
            [a1.id_number, date(2021, 6, 2), None],
            [a1.id_number, "六月三日", None],
            ["110101199001011234", date(2021, 6, 4), None],
        ],
    )
    assert answer.status_code == 200
    assert "第 3 行：日期无法识别" in answer.content.decode()
    assert not Campaign.objects.exists()
    answer = post(world, [[a1.id_number, date(2021, 6, 2)], [a1.id_number, date(2021, 6, 3)]])
    page = answer.content.decode()
    assert "第 2 行" not in page and "第 3 行：超过每人限领 1 份" in page
    assert not Campaign.objects.exists()
