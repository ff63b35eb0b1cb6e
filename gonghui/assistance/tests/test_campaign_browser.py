"""Handing a campaign's line out on a phone (390 px, touch) in headless Chromium: the
signature pad fits the screen, a blank pad is refused with nothing written, a signature
drawn with the finger is accepted and the line shows as signed for."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from gonghui.assistance.tests import fixtures_campaigns as fx
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
    """Built before the browser starts (the ORM does not run inside Playwright's loop)."""
    world = build_world()
    fx.prepare(world)
    line = world.extra["line"]
    world.extra["distribute_url"] = reverse("assistance:line_distribute", args=[line.pk])
    world.extra["campaign_url"] = reverse(
        "assistance:campaign_detail", args=[world.extra["campaign"].pk]
    )
    world.extra["name"] = line.name
    return world


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    yield from open_page(PHONE_SCREEN, phone=True)


def _draw(page: Any) -> None:
    """A stroke across the pad (pointer events from the mouse), the pad scrolled into
    view first: the mouse moves in the viewport's coordinates."""
    canvas = page.locator("canvas.signature-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"], box["y"]
    page.mouse.move(x + 30, y + 120)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + 30 + step * 25, y + 120 - (step % 4) * 20)
    page.mouse.up()


def _touch(page: Any) -> None:
    """A stroke with a finger: touch events sent through the browser's input (CDP), which
    the page receives as pointer events of type touch."""
    canvas = page.locator("canvas.signature-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"] + 40, box["y"] + 60
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 10):
        point = {"x": x + step * 20, "y": y + (step % 3) * 15}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_worker_signs_on_the_phone(world: World, page: Any, live_server: Any) -> None:
    base = live_server.url
    staff_sign_in(page, base, "station_a_staff")
    page.goto(base + world.extra["distribute_url"])
    canvas = page.locator("canvas.signature-canvas")
    assert canvas.is_visible()
    assert canvas.bounding_box()["width"] <= PHONE_SCREEN["width"]
    fits_the_screen(page, PHONE_SCREEN["width"])

    # a blank pad: refused on the page, named, nothing written
    page.get_by_role("button", name="确认发放").click()
    assert "请职工在签名框内签名" in page.locator(".error-summary").inner_text()

    # the scan option hides the pad and shows the file input
    page.locator("input[name=method][value=scan]").check()
    assert not canvas.is_visible()
    assert page.locator("input[name=scan]").is_visible()
    page.locator("input[name=method][value=signature]").check()
    assert canvas.is_visible()

    # a signature drawn with a finger, cleared, drawn with the mouse: the hidden input
    # holds a PNG data URL
    _touch(page)
    assert page.locator("input[name=signature]").input_value().startswith("data:image/png")
    page.get_by_role("button", name="清除重签").click()
    assert page.locator("input[name=signature]").input_value() == ""
    _draw(page)
    assert page.locator("input[name=signature]").input_value().startswith("data:image/png")
    shot(page, "campaign-distribute-phone.png")
    page.get_by_role("button", name="确认发放").click()
    page.wait_for_url(base + world.extra["campaign_url"])
    assert "已登记发放" in page.locator("main").inner_text()
    fits_the_screen(page, PHONE_SCREEN["width"])


def test_the_campaign_page_fits_the_phone(world: World, page: Any, live_server: Any) -> None:
    base = live_server.url
    staff_sign_in(page, base, "station_a_staff")
    page.goto(base + world.extra["campaign_url"])
    assert "发放进度" in page.locator("main").inner_text()
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "campaign-detail-phone.png")


@pytest.fixture
def desktop(world: World) -> Iterator[Any]:
    yield from open_page(DESKTOP)


def test_the_federation_runs_a_campaign_from_the_pages(
    world: World, desktop: Any, live_server: Any
) -> None:
    """Create a campaign by units, build its list, start it: each from its page."""
    page, base = desktop, live_server.url
    staff_sign_in(page, base, "fed_a_staff")
    page.goto(f"{base}/assistance/campaigns/")
    page.get_by_role("link", name="新建慰问活动").click()
    page.select_option("select[name=organization]", label=world.station_a.name)
    page.fill("input[name=name]", "2021年五一慰问")
    page.select_option("select[name=occasion]", value="may_day")
    page.fill("input[name=year]", "2021")
    page.fill("input[name=starts_on]", "2021-04-25")
    page.fill("input[name=ends_on]", "2021-05-05")
    page.select_option("select[name=fund]", index=1)
    page.fill("input[name=budget]", "3000")
    page.fill("input[name=cash_per_head]", "300")
    page.check("input[name=scope][value=units]")
    page.select_option("select[name=units]", label=world.union_a.name)
    shot(page, "campaign-create-desktop.png")
    page.get_by_role("button", name="创建").click()
    assert "已创建慰问活动" in page.locator("main").inner_text()

    page.get_by_role("link", name="生成发放名单").click()
    page.get_by_role("button", name="生成").click()
    assert "新增 2 条" in page.locator("main").inner_text()
    page.get_by_role("link", name="开始发放").click()
    page.get_by_role("button", name="开始发放").click()
    assert "慰问活动已开始发放" in page.locator("main").inner_text()
    assert page.locator("td .badge.planned").count() == 2
    shot(page, "campaign-detail-desktop.png")
