"""Legal aid in a real browser (headless Chromium driven by Playwright against the live
test server): the station receives an application at the window (a missing matter is
refused on its field), the federation accepts it and assigns a lawyer after the conflict
check (a waiver asked for), the lawyer records a stage; a member applies on a phone and
follows the case. The pages fit a desktop (1,366 px) and a phone (390 px)."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gonghui.core import sms
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
from gonghui.legalaid.tests.fixtures import acting, application, eligibility_rules, lawyer
from gonghui.portal.tests import factories
from gonghui.portal.tests.access_aid import PNG

pytestmark = BROWSER_MARKS
SERIAL = 1


@pytest.fixture
def world() -> World:
    world = build_world()
    eligibility_rules(world)
    counsel = lawyer(world)
    acting(world, counsel, application(world, name="同单位另一职工"))  # a possible conflict
    owner = factories.member(SERIAL)
    factories.approved(world, serial=SERIAL, actor=owner)
    return world


@pytest.fixture
def outbox() -> Iterator[list[sms.Message]]:
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_an_application_received_decided_assigned_and_worked(
    world: World, live_server: Any
) -> None:
    for page in open_page(DESKTOP):
        base = live_server.url
        staff_sign_in(page, base, "station_a_staff")
        page.goto(f"{base}/legalaid/cases/new/")
        page.fill("input[name=name]", "窗口职工")
        page.fill("textarea[name=facts]", "公司拖欠三个月工资共两万四千元")
        page.fill("input[name=opposing_name]", "甲科技有限公司")
        page.fill("input[name=opposing_code]", world.entity_a.credit_code)
        page.check("input[name=statuses][value=migrant]")
        page.get_by_role("button", name="受理").click()
        assert "请选择援助事项" in page.locator(".error-summary").inner_text()
        assert page.input_value("input[name=name]") == "窗口职工"  # nothing lost
        page.select_option("select[name=matter]", "wages")
        page.get_by_role("button", name="受理").click()
        page.wait_for_url("**/legalaid/cases/*/")
        assert "待审查" in page.locator("h1").inner_text()
        assert "免予核查" in page.locator("main").inner_text()
        url = page.url.removeprefix(base)

        page.context.clear_cookies()
        staff_sign_in(page, base, "fed_staff")
        page.goto(base + url)
        page.get_by_role("button", name="给予援助").click()
        page.wait_for_url(f"**{url}")
        candidates = page.locator("section", has_text="利益冲突检查").inner_text()
        assert "须记录豁免" in candidates and "承办中" in candidates
        fits_the_screen(page, DESKTOP["width"])
        shot(page, "browser-legalaid-accepted.png")
        page.select_option("select[name=lawyer]", index=1)
        page.get_by_role("button", name="指派").click()
        assert "指派须记录豁免理由" in page.locator(".error-summary").inner_text()
        assert page.locator("select[name=lawyer] option:checked").inner_text().startswith("钱律师")
        page.fill("textarea[name=conflict_waiver]", "同一单位的群体性纠纷，已征得当事人同意")
        page.get_by_role("button", name="指派").click()
        page.wait_for_url(f"**{url}")
        assert "承办中" in page.locator("h1").inner_text()

        page.context.clear_cookies()
        staff_sign_in(page, base, "lawyer")
        page.goto(f"{base}/legalaid/cases/")
        rows = page.locator("tbody tr").all_inner_texts()
        assert len(rows) == 2 and any("窗口职工" in row for row in rows)
        page.goto(base + url)
        stage = page.locator("form[action$='/stage/']")
        stage.locator("select[name=kind]").select_option("negotiation")
        stage.get_by_role("button", name="保存").click()
        page.wait_for_url(f"**{url}")
        assert "协商" in page.locator("section", has_text="承办律师").inner_text()
        shot(page, "browser-legalaid-lawyer.png")


def test_a_member_applies_on_a_phone_and_follows_the_case(
    world: World, live_server: Any, outbox: list[sms.Message], tmp_path: Path
) -> None:
    photo = tmp_path / "工资条.png"
    photo.write_bytes(PNG)
    for page in open_page(PHONE_SCREEN, phone=True):
        base = live_server.url
        page.goto(f"{base}/portal/")
        page.wait_for_url("**/portal/login/?next=/portal/")
        page.fill("input[name=phone]", factories.phone(SERIAL))
        page.get_by_role("button", name="获取验证码").click()
        code = re.search(r"\d{6}", [m.text for m in outbox][-1])
        assert code
        page.fill("input[name=code]", code.group())
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url(f"{base}/portal/")
        page.locator("section.legalaid").get_by_role("link", name="申请法律援助").click()
        page.wait_for_url("**/portal/legalaid/apply/")
        page.select_option("select[name=matter]", "work_injury")
        page.fill("textarea[name=facts]", "工伤已认定，单位拒付工伤待遇")
        page.fill("input[name=opposing_name]", "甲科技有限公司")
        page.check("input[name=statuses][value=migrant]")
        page.set_input_files("input[name=photos]", str(photo))
        fits_the_screen(page, PHONE_SCREEN["width"])
        shot(page, "browser-legalaid-apply-phone.png")
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_url("**/portal/legalaid/*/")
        text = page.locator("main").inner_text()
        assert "待审查" in text and "审查期限" in text and "工资条.png" in text
        fits_the_screen(page, PHONE_SCREEN["width"])
        shot(page, "browser-legalaid-detail-phone.png")
