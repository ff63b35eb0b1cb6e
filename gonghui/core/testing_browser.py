"""What the browser tests share: headless Chromium (Debian's /usr/bin/chromium) driven by
Playwright against pytest-django's live server. A test module sets
``pytestmark = BROWSER_MARKS``, builds its world before the browser starts (inside
Playwright's sync API, an event loop in a greenlet, the ORM would refuse to run), and
takes its page from ``open_page``::

    @pytest.fixture
    def page(world: World) -> Iterator[Any]:
        yield from open_page(DESKTOP)
"""

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gonghui.core.testing import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_MARKS = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE_SCREEN = {"width": 390, "height": 844}


def open_page(
    viewport: dict[str, int],
    *,
    phone: bool = False,
    args: tuple[str, ...] = (),
    permissions: tuple[str, ...] = (),
) -> Iterator[Any]:
    """A page in a new headless Chromium (a phone: touch, twice the pixels), closed after
    the test; skipped when the playwright package is missing. ``args``: more switches of
    Chromium (a fake camera); ``permissions``: granted to the page (``camera``)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", *args],
        )
        options: dict[str, Any] = {
            "viewport": viewport,
            "locale": "zh-CN",
            "permissions": list(permissions),
        }
        if phone:
            options.update(device_scale_factor=2, is_mobile=True)
        context = browser.new_context(**options)
        yield context.new_page()
        browser.close()


def staff_sign_in(page: Any, base: str, username: str, *, home: bool = True) -> None:
    """Sign in on the staff login with the test password (``home``: wait for the home)."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    if home:
        page.wait_for_url(f"{base}/")


def shot(page: Any, name: str) -> None:
    """A full-page screenshot in var/screenshots/ (from the top: a sticky bar is drawn
    where the page is scrolled)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / name), full_page=True)


def fits_the_screen(page: Any, screen: int) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= screen, f"the page scrolls sideways ({width}px)"
