"""The registry in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by
Playwright against the live test server."""

from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.core.testing import World, build_world
from gonghui.core.testing_browser import BROWSER_MARKS, open_page, shot, staff_sign_in

pytestmark = BROWSER_MARKS


@pytest.fixture
def world() -> World:
    """Built before the browser starts: inside Playwright's sync API (an event loop in a
    greenlet) the ORM would refuse to run, or open a connection nobody closes."""
    return build_world()


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    yield from open_page({"width": 1280, "height": 900})


def test_station_staff_find_a_union_and_found_another(
    world: World, page: Any, live_server: Any
) -> None:
    base = live_server.url
    staff_sign_in(page, base, "station_a_staff", home=False)

    page.goto(f"{base}/organizations/")
    assert page.locator("h1").inner_text() == "组织建设"
    assert page.get_by_role("link", name=world.union_b.name).count() == 0  # other station
    page.fill("input[name=q]", "甲")
    page.get_by_role("button", name="查询").click()
    page.locator("table.unions").get_by_role("link", name=world.union_a.name).click()
    assert world.union_a.name in page.locator("h1").inner_text()
    assert "138****5678" in page.content()  # chair phone masked

    page.goto(f"{base}/organizations/unions/new/?parent={world.station_a.pk}")
    page.fill("input[name=name]", "丙公司工会")
    page.fill("input[name=chair_phone]", "12345")
    page.get_by_role("button", name="成立工会").click()
    assert "电话号码" in page.locator(".field.has-error .errorlist").first.inner_text()
    assert "主席电话" in page.locator(".error-summary").inner_text()
    assert page.input_value("input[name=name]") == "丙公司工会"  # nothing typed is lost

    page.fill("input[name=chair_phone]", "13700001111")
    page.get_by_role("button", name="成立工会").click()
    page.wait_for_url("**/organizations/unions/*/")
    assert "丙公司工会" in page.locator("h1").inner_text()
    shot(page, "union_detail.png")


def test_opening_a_station_fetches_its_unions(
    world: World, page: Any, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gonghui.organizations import views

    monkeypatch.setattr(views, "TREE_DRAWN_WHOLE_UP_TO", 0)  # stations drawn closed
    base = live_server.url
    staff_sign_in(page, base, "fed_staff", home=False)

    page.goto(f"{base}/organizations/")
    tree = page.locator("section.org-tree")
    assert tree.get_by_role("link", name=world.union_a.name).count() == 0
    tree.locator(f"#node-{world.station_a.pk} > details > summary").click()

    tree.get_by_role("link", name=world.union_a.name).wait_for()
    assert tree.get_by_role("link", name=world.union_b.name).count() == 0
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "organization_tree_390.png")
