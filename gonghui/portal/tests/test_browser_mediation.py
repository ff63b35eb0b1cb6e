"""A member applies for mediation from the portal home on a phone: headless Chromium
(Debian's /usr/bin/chromium) driven by Playwright against the live test server."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.core import sms
from gonghui.core.testing import World, build_world
from gonghui.core.testing_browser import (
    BROWSER_MARKS,
    PHONE_SCREEN,
    fits_the_screen,
    open_page,
    shot,
)
from gonghui.disputes.tests.access_api import committee_at
from gonghui.portal.tests import factories

pytestmark = BROWSER_MARKS
SERIAL = 1


@pytest.fixture
def world() -> World:
    """A member of union A (their account linked to their record), and the committees on
    their way up: union A's and station A's. Built before the browser starts: inside
    Playwright's sync API (an event loop in a greenlet) the ORM would refuse to run."""
    world = build_world()
    owner = factories.member(SERIAL)
    factories.approved(world, serial=SERIAL, actor=owner)
    world.extra["union_committee"] = committee_at(world).name
    world.extra["station_committee"] = committee_at(world, world.station_a).name
    return world


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    yield from open_page(PHONE_SCREEN, phone=True)


@pytest.fixture
def outbox() -> Iterator[list[sms.Message]]:
    """The SMS sent by the live server (same process, the test settings' locmem backend)."""
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _sign_in_with_a_code(page: Any, base: str, outbox: list[sms.Message]) -> None:
    page.goto(f"{base}/portal/")
    page.wait_for_url("**/portal/login/?next=/portal/")
    page.fill("input[name=phone]", factories.phone(SERIAL))
    page.get_by_role("button", name="获取验证码").click()
    assert "验证码已发送" in page.locator(".messages").inner_text()
    sent = [m.text for m in outbox if m.phone.endswith(factories.phone(SERIAL))]
    code = re.search(r"\d{6}", sent[-1])
    assert code, sent
    assert page.input_value("input[name=phone]") == factories.phone(SERIAL)  # kept
    page.fill("input[name=code]", code.group())
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(f"{base}/portal/")


def test_a_member_applies_for_mediation_on_a_phone(
    world: World, page: Any, live_server: Any, outbox: list[sms.Message]
) -> None:
    base = live_server.url
    _sign_in_with_a_code(page, base, outbox)
    mediation = page.locator("section.mediation")
    assert "办理中" not in mediation.inner_text()
    fits_the_screen(page, PHONE_SCREEN["width"])

    mediation.get_by_role("link", name="申请调解", exact=True).click()
    page.wait_for_url("**/portal/mediation/apply/")
    assert page.locator("h1").inner_text() == "申请劳动争议调解"
    assert page.locator("input[name=name]").count() == 0  # the member's own record is used
    committees = page.locator("select[name=committee] option").all_inner_texts()
    assert sorted(committees) == sorted(
        [world.extra["union_committee"], world.extra["station_committee"]]
    )
    page.select_option("select[name=committee]", label=world.extra["union_committee"])
    page.fill("input[name=employer]", world.entity_a.name)
    page.fill("textarea[name=facts]", "公司拖欠2025年10月工资。")
    page.select_option("select[name=claim_kind_1]", label="拖欠工资")
    page.fill("input[name=claim_amount_1]", "5000")
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "browser-portal-mediation-filled.png")
    page.get_by_role("button", name="提交申请").click()

    page.wait_for_url("**/portal/mediation/*/")
    number = re.search(r"案件编号\s*(\S+)", page.locator(".messages").inner_text())
    assert number
    assert "待受理" in page.locator("main").inner_text()
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "browser-portal-mediation-submitted.png")

    page.goto(f"{base}/portal/")
    mediation = page.locator("section.mediation")
    assert "1 件办理中" in mediation.inner_text()
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "browser-portal-home.png")
    mediation.get_by_role("link", name=re.compile("^我的调解")).click()
    page.wait_for_url("**/portal/mediation/")
    cases = page.locator("ul.list > li")
    assert cases.count() == 1
    listed = cases.inner_text()
    assert number.group(1) in listed and world.entity_a.name in listed
    assert world.extra["union_committee"] in listed and "待受理" in listed
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "browser-portal-my-mediation.png")
