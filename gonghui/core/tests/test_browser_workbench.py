"""The staff workbench in a real browser: every count on the home page equals what the
list it opens shows. Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright
against the live test server."""

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from gonghui.assistance.services.aid import aid_apply
from gonghui.assistance.services.files import file_create
from gonghui.assistance.tests.fixtures import aid_kinds, file_fields, income_lines, member
from gonghui.core.notices import notice_send
from gonghui.core.testing import World, build_world
from gonghui.core.testing_browser import BROWSER_MARKS, DESKTOP, open_page, shot, staff_sign_in
from gonghui.core.workflow import take
from gonghui.disputes.services.cases import case_accept
from gonghui.disputes.tests import access as disputes_access
from gonghui.members.models import RosterImport
from gonghui.members.services.applications import application_submit
from gonghui.members.tests.factories import application_fields

pytestmark = BROWSER_MARKS
TOTAL = re.compile(r"共\s*([\d,]+)\s*条")


@pytest.fixture
def world() -> World:
    """Something waits in every tile of union A's officer (as ``test_workbench``): an open
    application, a case applied for, one due within days, one overdue with a session this
    week, a failed import and notices. Built before the browser starts: inside
    Playwright's sync API (an event loop in a greenlet) the ORM would refuse to run."""
    world = build_world()
    disputes_access.prepare(world)
    soon = timezone.localdate() - timedelta(days=14)
    case_accept(
        actor=world.system,
        case=disputes_access.apply(world, world.extra["committee"], applied_on=soon),
        on=soon,
    )
    application_submit(actor=None, **application_fields(world))
    application_submit(actor=None, **application_fields(world, employer=world.entity_b))
    RosterImport.objects.create(
        union=world.union_a, file_name="名册.xlsx", status=RosterImport.Status.FAILED
    )
    notice_send(user=world.user("union_a_staff"), title="测试通知")
    _assistance(world)
    _rights(world)
    _bargaining(world)
    return world


def _bargaining(world: World) -> None:
    """Union A's contract due for renewal, another whose offer went unanswered past its
    20 days, and two proposals: one to assign, one to answer."""
    from gonghui.bargaining.services import congress as congresses
    from gonghui.bargaining.services import proposals
    from gonghui.bargaining.tests import fixtures as bargaining
    from gonghui.core import calendar

    today = timezone.localdate()
    renewing = bargaining.in_force(world, calendar.years_after(today, -3) + timedelta(days=60))
    offered = bargaining.contract(world, opened_on=today - timedelta(days=60))
    take(
        world.system,
        offered,
        "name_representatives",
        negotiators=bargaining.NEGOTIATORS,
        named_on=today - timedelta(days=55),
    )
    take(
        world.system,
        offered,
        "offer",
        offered_by="workers",
        offer="要约",
        offered_on=today - timedelta(days=50),
    )
    from gonghui.bargaining.models import Term

    term = Term.objects.get(sessions__votes__contract=renewing)
    session = congresses.session_create(
        world.system,
        term=term,
        number=2,
        held_on=today,
        proposals_open_on=today - timedelta(days=20),
        proposals_close_on=today - timedelta(days=1),
    )
    seats = bargaining.elect_on(world, term, today - timedelta(days=30), n=2)
    for n, title in enumerate(("增设休息室", "延长午休")):
        proposal = proposals.proposal_submit(
            world.system,
            session=session,
            title=title,
            content="建议",
            representative=seats[n],
            submitted_on=today - timedelta(days=10),
        )
        if n:
            take(world.system, proposal, "assign", department="行政部")


def _rights(world: World) -> None:
    """A hotline ticket at union A given to its officer, past its service levels, and
    legal-aid applications union A received: one in review, one past its deadline."""
    from gonghui.hotline.tests.fixtures import dispatched
    from gonghui.legalaid.tests.fixtures import application, eligibility_rules

    ticket = dispatched(world, unit=world.union_a)
    take(world.system, ticket, "assign", handler=world.user("union_a_staff"))
    eligibility_rules(world)
    receiving = {"actor": world.user("union_a_staff"), "organization": world.union_a}
    application(world, received_on=timezone.localdate(), **receiving)
    application(world, received_on=timezone.localdate() - timedelta(days=30), **receiving)


def _assistance(world: World) -> None:
    """A member's aid application waiting for the union, and a file due for its review."""
    income_lines()
    kinds = aid_kinds()
    person = member(world, name="帮扶职工")
    person.user = world.user("member")
    person.save(update_fields=["user"])
    aid_apply(
        actor=world.user("member"),
        person=person,
        kind=kinds["temporary"],
        round=kinds["round"],
        cause="illness",
        reason="住院",
        amount_requested="1000",
    )
    file = file_create(
        actor=world.user("union_a_staff"), person=member(world, name="复核职工"), **file_fields()
    )
    take(world.user("station_a_staff"), file, "check")
    take(world.user("fed_staff"), file, "approve", on=timezone.localdate() - timedelta(days=350))


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    yield from open_page(DESKTOP)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _listed(page: Any) -> int:
    """How many rows the list page says it shows: the week's summary line, the notices
    listed, or the total under a table (checked against the table's rows when it has a
    single page)."""
    main = page.locator("main")
    summary = main.locator("[data-count]")
    if summary.count():
        return _number(summary.first.get_attribute("data-count"))
    if main.locator("ul.notices").count():
        return int(main.locator("ul.notices > li").count())
    total = TOTAL.search(main.inner_text())
    assert total, f"no total on {page.url}"
    if main.locator("nav.pagination").count() == 0:
        rows = main.locator("table tbody tr:not(:has(td[colspan]))").count()
        assert rows == _number(total.group(1)), page.url
    return _number(total.group(1))


def test_every_tile_opens_a_list_of_as_many_rows(world: World, page: Any, live_server: Any) -> None:
    base = live_server.url
    staff_sign_in(page, base, "union_a_staff")
    tiles = page.locator("a.tile[data-tile]")
    keys = [tiles.nth(n).get_attribute("data-tile") for n in range(tiles.count())]
    assert {"applications_open", "cases_applied", "sessions_this_week"} <= set(keys)
    assert keys[-1] == "notices_unread"  # opening the notices marks them read: last
    shot(page, "browser-workbench.png")

    seen = {}
    for key in keys:
        page.goto(f"{base}/")
        tile = page.locator(f"a.tile[data-tile={key}]")
        shown = _number(tile.locator(".value[data-count]").get_attribute("data-count"))
        assert _number(tile.locator(".value").inner_text()) == shown
        tile.click()
        page.wait_for_load_state()
        assert page.url != f"{base}/", key
        seen[key] = (shown, _listed(page))
        shot(page, f"browser-workbench-{key}.png")

    assert all(shown > 0 for shown, _ in seen.values()), seen
    assert {key: listed for key, (_, listed) in seen.items()} == {
        key: shown for key, (shown, _) in seen.items()
    }
