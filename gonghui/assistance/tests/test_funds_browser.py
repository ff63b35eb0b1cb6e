"""The fund pages in a real browser (headless Chromium driven by Playwright against the
live test server): a donation recorded from its form, then the ledger, the statement and
the receipt; no page scrolls sideways."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from gonghui.assistance.tests.fixtures_funds import donate, grant, warmth_fund
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
    fund = warmth_fund(world)
    donate(world, fund, "200000", date(2025, 3, 1), donor_unit="甲科技有限公司")
    grant(world, fund, "20000", date(2025, 6, 1), cause="illness")
    grant(world, fund, "5000", date(2025, 7, 1), cause="emergency")
    world.extra["fund"] = fund.pk
    return world


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    yield from open_page(DESKTOP)


def test_a_donation_is_recorded_and_shown_on_the_ledger_and_statement(
    page: Any, live_server: Any, world: World
) -> None:
    base = live_server.url
    fund = world.extra["fund"]
    staff_sign_in(page, base, "fed_staff")

    page.goto(f"{base}/assistance/funds/")
    assert "175,000.00" in page.locator("main").inner_text()
    fits_the_screen(page, DESKTOP["width"])
    shot(page, "funds-list.png")

    page.goto(f"{base}/assistance/funds/{fund}/donations/new/")
    page.fill("input[name=donor_name]", "王先生")
    page.fill("input[name=amount]", "100.001")
    page.click("main form.card button[type=submit]")
    assert "最多保留两位小数" in page.locator(".error-summary").inner_text()
    shot(page, "funds-donation-refused.png")
    page.fill("input[name=amount]", "1000")
    page.click("main form.card button[type=submit]")
    page.wait_for_url(f"{base}/assistance/funds/{fund}/")
    main = page.locator("main").inner_text()
    assert "176,000.00" in main and "王先生" in main
    fits_the_screen(page, DESKTOP["width"])
    shot(page, "funds-ledger.png")

    page.goto(f"{base}/assistance/funds/{fund}/statement/?start=2025-01-01&end=2025-12-31")
    statement = page.locator("main").inner_text()
    assert "其中：患病" in statement and "175,000.00" in statement
    fits_the_screen(page, DESKTOP["width"])
    shot(page, "funds-statement.png")

    page.goto(f"{base}/reports/assistance_funds/?start=2025-01-01&end=2025-12-31")
    report = page.locator("main").inner_text()
    assert "温暖基金救助（按原因）" in report and "25,000.00" in report
    fits_the_screen(page, DESKTOP["width"])
    shot(page, "funds-report.png")

    page.set_viewport_size(PHONE_SCREEN)
    page.goto(f"{base}/assistance/funds/{fund}/")
    fits_the_screen(page, PHONE_SCREEN["width"])
    shot(page, "funds-ledger-phone.png")
