"""The member pages in a real browser on a phone-sized screen: headless Chromium (Debian's
/usr/bin/chromium) driven by Playwright against the live test server."""

from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.core.testing import PASSWORD, World, build_world
from gonghui.core.testing_browser import (
    BROWSER_MARKS,
    PHONE_SCREEN,
    fits_the_screen,
    open_page,
    shot,
)
from gonghui.members.services.applications import application_request_info
from gonghui.members.services.signin import member_set_password
from gonghui.portal.tests import factories

pytestmark = BROWSER_MARKS


@pytest.fixture
def world() -> World:
    """Built before the browser starts: inside Playwright's sync API (an event loop in a
    greenlet) the ORM would refuse to run, or open a connection nobody closes."""
    return build_world()


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    yield from open_page(PHONE_SCREEN, phone=True)


def test_an_anonymous_worker_joins_on_a_phone(world: World, page: Any, live_server: Any) -> None:
    base = live_server.url
    page.goto(f"{base}/portal/login/")
    assert page.locator("h1").inner_text() == "会员登录"
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "portal_login.png")
    page.set_viewport_size({"width": 360, "height": 740})  # the narrowest phones in use
    for path in ("/portal/login/", "/portal/join/"):
        page.goto(f"{base}{path}")
        fits_the_screen(page, 360)
    shot(page, "portal_join_360.png")
    page.set_viewport_size(PHONE_SCREEN)

    page.goto(f"{base}/portal/join/")
    assert page.locator("h1").inner_text() == "申请入会"
    assert page.locator("select[name=platform]").is_hidden()  # an employee: no platform
    page.fill("input[name=name]", "赵小红")
    page.fill("input[name=id_number]", "123")
    page.fill("input[name=phone]", "13900000007")
    page.fill("input[name=employer]", "甲科")
    page.wait_for_function("document.querySelectorAll('#employer-options option').length > 0")
    assert page.locator("#employer-options option").first.get_attribute("value") == (
        world.entity_a.name
    )
    page.fill("input[name=employer]", world.entity_a.name)
    page.get_by_role("button", name="提交申请").click()

    summary = page.locator(".error-summary").inner_text()
    assert "身份证号：身份证号应为18位" in summary
    assert "我已阅读并同意个人信息处理说明：请阅读并同意个人信息处理说明" in summary
    assert page.input_value("input[name=name]") == "赵小红"  # nothing typed is lost
    assert page.input_value("input[name=employer]") == world.entity_a.name
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "portal_join_errors.png")

    page.check("input[name=employment_kind][value=platform]")
    assert page.locator("select[name=platform]").is_visible()
    assert page.locator("input[name=employer]").is_hidden()
    page.check("input[name=employment_kind][value=employee]")
    page.fill("input[name=id_number]", factories.id_number(7))
    page.check("input[name=consent]")
    shot(page, "portal_join_filled.png")
    page.get_by_role("button", name="提交申请").click()

    page.wait_for_url("**/portal/applications/*/")
    assert page.locator(".status.big").inner_text() == "待审核"
    assert world.union_a.name in page.locator(".status-card").inner_text()
    assert "入会申请已提交" in page.locator(".messages").inner_text()
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "portal_application_submitted.png")


@pytest.fixture
def member(world: World) -> dict[str, Any]:
    """A member of union A (with a password) who asked to move to union B and was asked
    for more information. Built before the browser starts, as ``world``."""
    owner = factories.member(1)
    member_set_password(user=owner, password=PASSWORD)
    approved = factories.approved(world, serial=1, actor=owner)
    assert approved.membership is not None
    moving = factories.application(world, serial=1, actor=owner, employer=world.entity_b)
    application_request_info(
        actor=world.system, application=moving, reason="请说明您在乙物流有限公司的岗位和入职时间"
    )
    return {"phone": factories.phone(1), "number": approved.membership.number, "moving": moving}


def test_a_member_signs_in_and_answers_a_request_for_information(
    world: World, member: dict[str, Any], page: Any, live_server: Any
) -> None:
    base = live_server.url
    page.goto(f"{base}/portal/")
    page.wait_for_url("**/portal/login/?next=/portal/")
    page.get_by_text("使用密码登录").click()
    page.fill("input[name=pw-phone]", member["phone"])
    page.fill("input[name=pw-password]", PASSWORD)
    page.locator("details button[type=submit]").click()

    page.wait_for_url(f"{base}/portal/")
    card = page.locator(".member-card").inner_text()
    assert world.union_a.name in card and member["number"] in card
    assert page.locator(".bar .count").inner_text() == "4"
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "portal_home.png")

    page.get_by_role("link", name=world.union_b.name).click()
    assert page.locator(".status.big").inner_text() == "待补充材料"
    assert "请说明您在乙物流有限公司的岗位" in page.locator(".reason").inner_text()
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "portal_application_needs_info.png")
    page.fill("textarea[name=note]", "仓储岗位，2025年3月入职")
    page.get_by_role("button", name="重新提交").click()
    assert page.locator(".status.big").inner_text() == "待审核"

    page.get_by_role("link", name="通知").click()
    assert page.locator(".notices .pill").count() == 4
    assert page.locator(".bar .count").count() == 0
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "portal_notices.png")
