"""The staff home is a workbench: each count opens the list that shows the same number,
for the user's own scope; the year's figures come from the reports of their subtree."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.core import workbench
from gonghui.core.notices import notice_send
from gonghui.core.testing import World, build_world, make_user
from gonghui.disputes.services.cases import case_accept
from gonghui.disputes.services.committees import committee_seat
from gonghui.disputes.tests import access as disputes_access
from gonghui.members.models import RosterImport
from gonghui.members.services.applications import application_submit
from gonghui.members.tests.factories import application_fields

pytestmark = pytest.mark.django_db


def _world() -> World:
    world = build_world()
    # a committee at union A (union A's staff seated), an applied case, an overdue case
    # with a session scheduled today
    disputes_access.prepare(world)
    committee = world.extra["committee"]
    soon = timezone.localdate() - timedelta(days=14)
    case_accept(
        actor=world.system,
        case=disputes_access.apply(world, committee, applied_on=soon),
        on=soon,
    )
    application_submit(actor=None, **application_fields(world))
    application_submit(actor=None, **application_fields(world, employer=world.entity_b))
    RosterImport.objects.create(
        union=world.union_a, file_name="名册.xlsx", status=RosterImport.Status.FAILED
    )
    notice_send(user=world.user("union_a_staff"), title="测试通知")
    return world


def _client(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.user(key))
    return client


def _listed(answer: Any) -> int:
    """How many rows the list page says it shows."""
    context = answer.context
    if context.get("paginator") is not None:
        return int(context["paginator"].count)
    if "page" in context:
        return int(context["page"].paginator.count)
    return int(context["count"])


@pytest.mark.parametrize("key", ["union_a_staff", "station_a_staff", "union_b_staff"])
def test_every_count_equals_the_list_it_opens(key: str) -> None:
    world = _world()
    client = _client(world, key)

    home = client.get("/")
    counts = home.context["counts"]

    assert home.status_code == 200 and counts
    for item in counts:
        answer = client.get(item.url)
        assert answer.status_code == 200, item.url
        assert _listed(answer) == item.value, (item.tile.key, item.url)


def test_the_union_officer_sees_what_waits_in_their_union() -> None:
    world = _world()

    counts = {c.tile.key: c.value for c in workbench.counts_for(world.user("union_a_staff"))}
    outsider = {c.tile.key: c.value for c in workbench.counts_for(world.user("union_b_staff"))}

    assert counts["applications_open"] == 1
    assert counts["cases_applied"] == 1
    assert counts["cases_overdue"] == 1
    assert counts["cases_due_soon"] == 1
    assert counts["sessions_this_week"] == 1
    assert counts["imports_failed"] == 1
    # the notice sent here, and the session scheduled for them to hold
    assert counts["notices_unread"] == 2
    # union B's officer: their own application, nothing of union A's
    assert outsider["applications_open"] == 1
    assert outsider.get("cases_overdue", 0) == 0 and outsider["imports_failed"] == 0


def test_the_home_shows_the_counts_and_the_years_figures_with_links() -> None:
    world = _world()

    page = _client(world, "station_a_staff").get("/")
    text = page.content.decode()

    assert 'data-tile="applications_open"' in text
    assert "/members/applications/?status=open" in text
    titles = [str(block.report.title) for block in page.context["figures"]]
    assert "调解统计" in titles
    assert 'href="/reports/mediation/"' in text


def test_a_member_account_gets_no_workbench() -> None:
    world = _world()

    page = _client(world, "member").get("/")

    assert page.status_code == 200
    assert "counts" not in page.context and "figures" not in page.context


def test_the_home_costs_a_bounded_number_of_queries(django_assert_max_num_queries: Any) -> None:
    world = _world()
    client = _client(world, "station_a_staff")
    client.get("/")  # warm the registries and the session

    # a constant per module: its tiles (a count each) and its report's figures, never per row
    with django_assert_max_num_queries(75):
        client.get("/")


def test_the_charts_data_is_a_json_island_not_text() -> None:
    world = _world()

    text = _client(world, "station_a_staff").get("/").content.decode()

    assert '<script id="home-chart-' in text and 'type="application/json"' in text
    assert "&lt;script" not in text


def test_a_mediator_sees_the_cases_of_the_committees_they_sit_on() -> None:
    world = _world()
    mediator = make_user("mediator_a", Role.MEDIATOR, world.federation)
    committee_seat(actor=world.system, committee=world.extra["committee"], user=mediator)
    client = Client()
    client.force_login(mediator)

    page = client.get("/")
    counts = {c.tile.key: c.value for c in page.context["counts"]}

    assert counts["cases_applied"] == 1 and counts["cases_overdue"] == 1
    assert "applications_open" not in counts  # not theirs to review
    for item in page.context["counts"]:
        assert _listed(client.get(item.url)) == item.value, item.tile.key
