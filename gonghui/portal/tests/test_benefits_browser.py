"""A member claims a movie ticket on a phone (390 px) and shows its QR code; the cinema's
cashier, on a phone too, types the code and redeems it; the campaign page on a desktop
(1,366 px) shows the voucher redeemed. Headless Chromium (Debian's /usr/bin/chromium)
driven by Playwright against the live test server."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.benefits.services import suppliers
from gonghui.benefits.tests import fixtures as fx
from gonghui.core import sms
from gonghui.core.testing import PASSWORD, World, build_world
from gonghui.core.testing_browser import (
    BROWSER_MARKS,
    DESKTOP,
    PHONE_SCREEN,
    fits_the_screen,
    open_page,
    shot,
    staff_sign_in,
)
from gonghui.portal.tests import factories

pytestmark = BROWSER_MARKS
SERIAL = 7


@pytest.fixture
def world() -> World:
    world = build_world()
    owner = factories.member(SERIAL)
    factories.approved(world, serial=SERIAL, actor=owner)
    item = fx.movie(world, stock=5)
    world.extra["campaign"] = fx.published(world, items=[item], title="职工观影季")
    suppliers.supplier_account_create(
        actor=world.system, supplier=item["supplier"], username="cashier", password=PASSWORD
    )
    return world


@pytest.fixture
def phone() -> Iterator[Any]:
    yield from open_page(PHONE_SCREEN, phone=True)


@pytest.fixture
def desktop() -> Iterator[Any]:
    yield from open_page(DESKTOP)


def _member_sign_in(page: Any, base: str) -> None:
    sms.outbox.clear()
    page.goto(f"{base}/portal/login/")
    page.fill("input[name=phone]", factories.phone(SERIAL))
    page.get_by_role("button", name="获取验证码").click()
    sent = [m.text for m in sms.outbox if m.phone.endswith(factories.phone(SERIAL))]
    code = re.search(r"\d{6}", sent[-1])
    assert code, sent
    page.fill("input[name=code]", code.group())
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(f"{base}/portal/")


def test_a_member_claims_on_a_phone_and_the_cashier_redeems_it(
    world: World, phone: Any, live_server: Any
) -> None:
    base = live_server.url
    _member_sign_in(phone, base)
    phone.locator("section.benefits").get_by_role("link").first.click()
    phone.wait_for_url("**/portal/benefits/")
    phone.get_by_role("link", name=re.compile("职工观影季")).click()
    fits_the_screen(phone, PHONE_SCREEN["width"])
    assert "剩余 5 / 5" in phone.locator("[data-stock]").inner_text().replace("\n", " ")
    phone.get_by_role("button", name="领取").click()
    phone.wait_for_url("**/portal/vouchers/*/")
    code = phone.inner_text(".voucher .code").strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code), code
    assert phone.locator(".qr svg").count() == 1
    fits_the_screen(phone, PHONE_SCREEN["width"])
    shot(phone, "benefits-voucher-phone.png")

    phone.context.clear_cookies()
    staff_sign_in(phone, base, "cashier", home=False)
    phone.goto(f"{base}/benefits/redeem/")
    phone.fill("input[name=code]", code.lower())  # typed as it comes
    phone.get_by_role("button", name="核销").click()
    phone.wait_for_url(f"{base}/benefits/redeem/")
    body = phone.inner_text("body")
    assert "核销成功" in body and code in body  # and listed among the last redeemed
    fits_the_screen(phone, PHONE_SCREEN["width"])
    shot(phone, "benefits-redeem-phone.png")
    phone.fill("input[name=code]", code)
    phone.get_by_role("button", name="核销").click()
    assert "不能重复使用" in phone.inner_text("body")


def test_the_campaign_page_on_a_desktop(world: World, desktop: Any, live_server: Any) -> None:
    base = live_server.url
    staff_sign_in(desktop, base, "fed_staff")
    desktop.goto(f"{base}/benefits/campaigns/{world.extra['campaign'].pk}/")
    text = desktop.inner_text("body")
    assert "职工观影季" in text and "物品与库存" in text
    fits_the_screen(desktop, DESKTOP["width"])
    shot(desktop, "benefits-campaign-desktop.png")
