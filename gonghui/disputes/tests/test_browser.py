"""Registering a mediation case from the staff page in a real browser: headless Chromium
(Debian's /usr/bin/chromium) driven by Playwright against the live test server."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.core.testing import World, build_world
from gonghui.core.testing_browser import (
    BROWSER_MARKS,
    DESKTOP,
    fits_the_screen,
    open_page,
    shot,
    staff_sign_in,
)
from gonghui.disputes.tests.access_api import committee_at

pytestmark = BROWSER_MARKS
APPLICANT = {"name": "钱七", "id_number": "110101199003070011", "phone": "13700001234"}


@pytest.fixture
def world() -> World:
    """Built before the browser starts: inside Playwright's sync API (an event loop in a
    greenlet) the ORM would refuse to run, or open a connection nobody closes. Station A's
    staff choose between station A's committee and union A's."""
    world = build_world()
    world.extra["union_committee"] = committee_at(world).name
    world.extra["station_committee"] = committee_at(world, world.station_a).name
    return world


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    yield from open_page(DESKTOP)


def _fill_one_applicant_and_one_claim(page: Any, world: World) -> None:
    """The first applicant row and the first claim row; the other rows stay blank."""
    page.select_option("select[name=committee]", label=world.extra["union_committee"])
    page.fill("input[name=employer_name]", world.entity_a.name)
    page.fill("input[name=employer_agent]", "赵六")
    for name, value in APPLICANT.items():
        page.fill(f"input[name=applicants-0-{name}]", value)
    page.select_option("select[name=claims-0-kind]", label="拖欠工资")
    page.fill("input[name=claims-0-amount]", "8000")
    page.fill("input[name=claims-0-note]", "2025年11月至12月")


def _listed_cases(page: Any, base: str) -> list[str]:
    """The case numbers the case list shows (its total checked against its rows)."""
    page.goto(f"{base}/disputes/cases/")
    numbers = page.locator("table.cases tbody td.code a").all_inner_texts()
    total = re.search(r"共\s*([\d,]+)\s*条", page.locator("main").inner_text())
    assert total is None or int(total.group(1).replace(",", "")) == len(numbers)
    return numbers


def test_staff_register_a_case_with_one_applicant_and_one_claim(
    world: World, page: Any, live_server: Any
) -> None:
    base = live_server.url
    staff_sign_in(page, base, "station_a_staff")
    assert _listed_cases(page, base) == []

    page.goto(f"{base}/disputes/cases/apply/")
    assert page.locator("h1").inner_text() == "登记调解申请"
    assert page.locator("input[name^=applicants-][name$=-name]").count() == 3  # blank rows
    assert page.locator("select[name^=claims-][name$=-kind]").count() == 3
    _fill_one_applicant_and_one_claim(page, world)
    page.get_by_role("button", name="登记申请").click()  # the facts are missing

    summary = page.locator(".error-summary")
    assert "事实与理由" in summary.inner_text()
    assert len(summary.locator("li").all()) == 1  # nothing about the blank rows
    form = page.locator("main form[method=post]").last
    assert summary.bounding_box()["y"] < form.bounding_box()["y"]  # above the form
    summary.get_by_role("link", name="事实与理由").click()
    assert page.evaluate("document.activeElement.name") == "facts"
    assert page.input_value("input[name=applicants-0-name]") == APPLICANT["name"]
    assert page.input_value("input[name=claims-0-amount]") == "8000"  # nothing typed is lost
    fits_the_screen(page, DESKTOP["width"])
    shot(page, "browser-case-apply-errors.png")
    assert _listed_cases(page, base) == []  # nothing was saved

    page.goto(f"{base}/disputes/cases/apply/")
    _fill_one_applicant_and_one_claim(page, world)
    page.fill("textarea[name=facts]", "拖欠2025年11月至12月工资。")
    page.get_by_role("button", name="登记申请").click()

    page.wait_for_url("**/disputes/cases/*/")
    message = page.locator(".messages").inner_text()
    number = re.search(r"已登记调解申请\s*(\S+)", message)
    assert number, message
    heading = page.locator("h1").inner_text()
    assert number.group(1) in heading and world.entity_a.name in heading and "待受理" in heading
    assert world.extra["union_committee"] in page.locator("dl.facts").first.inner_text()
    parties = page.locator("section.card", has=page.get_by_role("heading", name="当事人"))
    rows = parties.locator("tbody tr")
    assert rows.count() == 1  # the blank applicant rows were ignored
    row = rows.inner_text()
    assert APPLICANT["name"] in row and "137****1234" in row
    assert APPLICANT["id_number"] not in row  # masked: no personal-data permission
    claims = page.locator("section.card", has=page.get_by_role("heading", name="请求事项"))
    assert claims.locator("li").all_inner_texts() == ["拖欠工资：8,000.00 元 2025年11月至12月"]
    assert "8,000.00" in page.locator("dd.num").first.inner_text()
    fits_the_screen(page, DESKTOP["width"])
    shot(page, "browser-case-registered.png")

    assert _listed_cases(page, base) == [number.group(1)]
