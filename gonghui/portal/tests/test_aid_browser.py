"""A member applies for aid on a phone (390 px) with photos of documents and lands on the
application's page; the same page on a desktop (1,366 px). Headless Chromium (Debian's
/usr/bin/chromium) driven by Playwright against the live test server."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.assistance.choices import Document, DocumentSubject
from gonghui.assistance.models import RequiredDocument
from gonghui.assistance.tests.fixtures import aid_kinds
from gonghui.core import sms
from gonghui.core.testing import World, build_world
from gonghui.core.testing_browser import (
    BROWSER_MARKS,
    DESKTOP,
    PHONE_SCREEN,
    fits_the_screen,
    open_page,
    shot,
)
from gonghui.portal.tests import factories
from gonghui.portal.tests.access_aid import PDF, PNG

pytestmark = BROWSER_MARKS
SERIAL = 1


@pytest.fixture
def world() -> World:
    """A member of union A (their account linked to their record), the kinds of aid, and
    the documents an application for illness needs (a diagnosis, the household register)."""
    world = build_world()
    owner = factories.member(SERIAL)
    factories.approved(world, serial=SERIAL, actor=owner)
    world.extra["kinds"] = aid_kinds()
    for document in (Document.DIAGNOSIS, Document.HOUSEHOLD_REGISTER):
        RequiredDocument.objects.create(
            subject=DocumentSubject.AID, cause="illness", document=document
        )
    return world


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    yield from open_page(PHONE_SCREEN, phone=True)


@pytest.fixture
def outbox() -> Iterator[list[sms.Message]]:
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _sign_in(page: Any, base: str, outbox: list[sms.Message]) -> None:
    page.goto(f"{base}/portal/")
    page.wait_for_url("**/portal/login/?next=/portal/")
    page.fill("input[name=phone]", factories.phone(SERIAL))
    page.get_by_role("button", name="获取验证码").click()
    sent = [m.text for m in outbox if m.phone.endswith(factories.phone(SERIAL))]
    code = re.search(r"\d{6}", sent[-1])
    assert code, sent
    page.fill("input[name=code]", code.group())
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(f"{base}/portal/")


def test_a_member_applies_for_aid_with_photos_on_a_phone(
    world: World, page: Any, live_server: Any, outbox: list[sms.Message]
) -> None:
    base = live_server.url
    _sign_in(page, base, outbox)
    card = page.locator("section.aid")
    assert "困难帮扶" in card.inner_text()
    card.get_by_role("link", name="申请帮扶").click()
    page.wait_for_url("**/portal/aid/apply/")

    kinds = page.locator("section.kinds").inner_text()
    assert "当前批次：本年第一批" in kinds and "定额 2000.00 元" in kinds
    assert "因患病申请：诊断证明、户口簿" in kinds
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "browser-portal-aid-apply.png")

    page.select_option("select[name=kind]", value=str(world.extra["kinds"]["temporary"].pk))
    assert "临时致困帮扶" in page.locator("select[name=kind] option:checked").inner_text()
    page.select_option("select[name=cause]", value="illness")
    page.fill("input[name=amount_requested]", "1200")
    page.fill("textarea[name=reason]", "丈夫住院手术，家庭收入不足以支付医疗费。")
    page.fill("input[name=bank_name]", "工商银行")
    page.fill("input[name=bank_account]", "6222020000007654321")
    page.select_option("select[name=doc1-kind]", value="diagnosis")
    page.set_input_files(
        "input[name=doc1-photos]",
        [
            {"name": "诊断证明1.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "诊断证明2.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ],
    )
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "browser-portal-aid-filled.png")
    page.get_by_role("button", name="提交申请").click()

    page.wait_for_url(re.compile(r".*/portal/aid/\d+/$"))
    number = re.search(r"申请编号\s*(\S+)", page.locator(".messages").inner_text())
    assert number
    main = page.locator("main").inner_text()
    assert "待工会受理" in main and "等待所在工会受理" in main
    assert "还缺少的材料" in main and "户口簿" in main
    uploaded = page.locator("ul.uploaded").inner_text()
    assert "诊断证明1.png" in uploaded and "诊断证明2.pdf" in uploaded
    assert "网上申请" in page.locator("ol.timeline").inner_text()
    assert page.get_by_role("button", name="撤回申请").count() == 1
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "browser-portal-aid-detail.png")

    page.select_option("form.upload select[name=kind]", value="household_register")
    page.set_input_files(
        "form.upload input[name=photos]",
        {"name": "户口簿.png", "mimeType": "image/png", "buffer": PNG},
    )
    page.get_by_role("button", name="上传材料").click()
    page.wait_for_url(re.compile(r".*/portal/aid/\d+/$"))
    assert "还缺少的材料" not in page.locator("main").inner_text()
    assert "户口簿.png" in page.locator("ul.uploaded").inner_text()

    page.set_viewport_size(DESKTOP)
    fits_the_screen(page, DESKTOP["width"])
    shot(page, "browser-portal-aid-detail-desktop.png")

    page.goto(f"{base}/portal/aid/")
    listed = page.locator("section.applications").inner_text()
    assert number.group(1) in listed and "待工会受理" in listed
    fits_the_screen(page, DESKTOP["width"])
