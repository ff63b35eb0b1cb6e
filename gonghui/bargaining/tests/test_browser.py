"""Collective bargaining in a real browser (headless Chromium driven by Playwright against
the live test server): the union adopts a draft at step 5 — a failing vote is refused on
its field, the passing one adopts it and the step bar moves on; a representative submits
a proposal on a phone. The pages fit a desktop (1,366 px) and a phone (390 px)."""

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.tests import fixtures as f
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
from gonghui.core.workflow import take
from gonghui.portal.selectors import person_of
from gonghui.portal.tests import factories

pytestmark = BROWSER_MARKS
SERIAL = 1


@pytest.fixture
def world() -> World:
    world = build_world()
    contract = f.negotiated(world)
    term = f.term(world)
    reps = f.elect(world, term)
    held = f.attended(world, f.session(world, term), reps, 45)
    failed = congresses.vote_record(
        world.system, held, item="审议草案（第一稿）", yes=20, no=20, abstain=5, contract=contract
    )
    take(
        world.system,
        contract,
        "meet",
        minutes="修改后的草案",
        met_on=held.held_on + timedelta(days=3),
    )
    again = f.attended(
        world, f.session(world, term, number=2, held_on=held.held_on + timedelta(days=7)), reps, 48
    )
    passed = congresses.vote_record(
        world.system, again, item="审议草案（修改稿）", yes=44, no=2, abstain=2, contract=contract
    )
    owner = factories.member(SERIAL)
    factories.approved(world, serial=SERIAL, actor=owner)
    today = timezone.localdate()
    running = (
        congresses.term_create(
            world.system,
            congress=term.congress,
            number=2,
            starts_on=term.ends_on,
            ends_on=term.ends_on + timedelta(days=1500),
            entities=[world.entity_a],
        )
        if term.ends_on <= today
        else term
    )
    congresses.representatives_elect(
        world.system,
        term=running,
        elected_on=today - timedelta(days=1),
        rows=[{"name": "代表本人", "group": "front_line", "person": person_of(owner)}],
    )
    congresses.session_create(
        world.system,
        term=running,
        number=9,
        held_on=today + timedelta(days=20),
        proposals_open_on=today - timedelta(days=1),
        proposals_close_on=today + timedelta(days=10),
    )
    world.extra.update(contract=contract, failed=failed, passed=passed)
    return world


@pytest.fixture
def outbox() -> Iterator[list[sms.Message]]:
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_a_draft_is_adopted_only_by_a_passing_vote(world: World, live_server: Any) -> None:
    contract = world.extra["contract"]
    for page in open_page(DESKTOP):
        base = live_server.url
        staff_sign_in(page, base, "union_a_staff")
        url = f"{base}/bargaining/contracts/{contract.pk}/"
        page.goto(url)
        assert page.locator("ol.stepbar li.current").inner_text().startswith("第 5 步")
        adopt = page.locator("form[action$='/adopt/']")
        adopt.locator("select[name=vote]").select_option(str(world.extra["failed"].pk))
        adopt.get_by_role("button").click()
        assert "未通过" in page.locator(".error-summary, .errorlist").first.inner_text()
        page.locator("select[name=vote]").select_option(str(world.extra["passed"].pk))
        page.get_by_role("button", name="5 职代会审议通过").click()
        page.wait_for_url(url)
        assert page.locator("ol.stepbar li.current").inner_text().startswith("第 6 步")
        assert "5 职代会已审议通过" in page.locator("h1").inner_text()
        fits_the_screen(page, DESKTOP["width"])
        shot(page, "browser-bargaining-contract.png")


def test_a_representative_submits_a_proposal_on_a_phone(
    world: World, live_server: Any, outbox: list[sms.Message]
) -> None:
    for page in open_page(PHONE_SCREEN, phone=True):
        base = live_server.url
        page.goto(f"{base}/portal/login/")
        page.fill("input[name=phone]", factories.phone(SERIAL))
        page.get_by_role("button", name="获取验证码").click()
        code = re.search(r"\d{6}", [m.text for m in outbox][-1])
        assert code
        page.fill("input[name=code]", code.group())
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url(f"{base}/portal/")
        page.locator("section.proposals").get_by_role("link", name="我的职代会提案").click()
        page.get_by_role("link", name=re.compile("第9次会议")).click()
        page.get_by_role("button", name="提交").click()
        assert "请填写案由" in page.locator("main").inner_text()
        page.fill("input[name=title]", "增设母婴室")
        page.fill("textarea[name=content]", "二楼空置房间可改造为母婴室")
        fits_the_screen(page, PHONE_SCREEN["width"])
        page.get_by_role("button", name="提交").click()
        page.wait_for_url("**/portal/proposals/*/")
        assert "已提交" in page.locator("main").inner_text()
        fits_the_screen(page, PHONE_SCREEN["width"])
        shot(page, "browser-bargaining-proposal-phone.png")
