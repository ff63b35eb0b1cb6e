"""A hardship file and an aid application through the staff pages in a real browser
(headless Chromium driven by Playwright against the live test server): union A files a
worker with a household, the station checks, the federation approves; the pages fit a
desktop and a phone."""

from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.assistance.tests.fixtures import income_lines, member
from gonghui.core.testing import World, build_world
from gonghui.core.testing_browser import (
    BROWSER_MARKS,
    DESKTOP,
    PHONE_SCREEN,
    fits_the_screen,
    open_page,
    shot,
    staff_sign_in,
)

pytestmark = BROWSER_MARKS


@pytest.fixture
def world() -> World:
    world = build_world()
    income_lines()
    world.extra["person"] = member(world, name="周困难")
    return world


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    yield from open_page(DESKTOP)


def test_a_file_through_three_levels(world: World, page: Any, live_server: Any) -> None:
    base = live_server.url
    staff_sign_in(page, base, "union_a_staff")
    page.goto(f"{base}/assistance/files/new/")
    page.fill("input[name=id_number]", world.extra["person"].id_number)
    page.get_by_role("button", name="建档并报送服务站").click()
    summary = page.locator(".error-summary").inner_text()
    assert "致困原因" in summary and "本人月收入" in summary  # both named, nothing saved
    assert page.input_value("input[name=id_number]") == world.extra["person"].id_number

    page.check("input[name=causes][value=illness]")
    page.fill("input[name=worker_income]", "2000")
    page.fill("input[name=household-0-name]", "周妻")
    page.select_option("select[name=household-0-relation]", "spouse")
    page.select_option("select[name=household-0-situation]", "ill")
    page.get_by_role("button", name="建档并报送服务站").click()
    page.wait_for_url("**/assistance/files/*/")
    assert "待服务站审核" in page.locator("h1").inner_text()
    assert "深度困难" in page.locator("dl.facts").nth(1).inner_text()
    assert "1,000.00" in page.locator("dl.facts").nth(1).inner_text()  # 2,000 ÷ 2
    fits_the_screen(page, DESKTOP["width"])
    shot(page, "browser-file-filed.png")
    url = page.url.removeprefix(base)

    page.context.clear_cookies()
    staff_sign_in(page, base, "station_a_staff")
    page.goto(base + url)
    page.get_by_role("button", name="服务站审核通过").click()
    page.wait_for_url(f"**{url}")
    assert "待总工会审批" in page.locator("h1").inner_text()

    page.context.clear_cookies()
    staff_sign_in(page, base, "fed_staff")
    page.goto(base + url)
    page.get_by_role("button", name="总工会审批通过").click()
    page.wait_for_url(f"**{url}")
    assert "在档" in page.locator("h1").inner_text()
    timeline = page.locator(".timeline").inner_text()
    assert "服务站审核通过" in timeline and "总工会审批通过" in timeline
    shot(page, "browser-file-approved.png")


def test_the_file_pages_fit_a_phone(world: World, live_server: Any) -> None:
    base = live_server.url
    for phone in open_page(PHONE_SCREEN, phone=True):
        staff_sign_in(phone, base, "union_a_staff")
        for path in ("/assistance/files/new/", "/assistance/files/", "/assistance/aid/new/"):
            phone.goto(base + path)
            fits_the_screen(phone, PHONE_SCREEN["width"])
        shot(phone, "browser-aid-new-phone.png")
