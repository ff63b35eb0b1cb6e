"""Ticket pages through HTTP: the list with its overdue flags and "my tickets", the
detail with the caller's phone masked unless the reader may see personal data (audited
when shown), the actions the engine offers, a refused step that keeps what was typed."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import build_world
from gonghui.core.workflow import take
from gonghui.hotline.choices import TicketStatus
from gonghui.hotline.models import Ticket
from gonghui.hotline.tests.fixtures import dispatched, in_progress, register

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_list_flags_overdue_tickets_and_filters_mine() -> None:
    world = build_world()
    dispatched(world, "LATE-1")
    handler = world.user("union_a_staff")
    mine = take(world.system, dispatched(world, "MINE-2"), "assign", handler=handler)

    page = _client(handler).get(reverse("hotline:ticket_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "LATE-1" in text and "超时" in text
    only_mine = _client(handler).get(reverse("hotline:ticket_list") + "?mine=on")
    assert mine.number in only_mine.content.decode()
    assert "LATE-1" not in only_mine.content.decode()


def test_the_phone_is_masked_unless_the_reader_may_see_it_and_showing_it_is_audited() -> None:
    world = build_world()
    ticket = dispatched(world)
    url = reverse("hotline:ticket_detail", args=[ticket.pk])

    masked = _client(world.user("union_a_staff")).get(url).content.decode()
    assert "13911112222" not in masked and "139****2222" in masked
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()

    shown = _client(world.user("pii_a_staff")).get(url).content.decode()
    assert "139 1111 2222" in shown or "13911112222" in shown
    entry = AuditEntry.objects.get(action=AuditAction.VIEW_PERSONAL_DATA)
    assert entry.object_id == str(ticket.pk) and "来电号码" in entry.message


def test_the_detail_offers_what_the_engine_allows() -> None:
    world = build_world()
    ticket = dispatched(world)
    page = _client(world.user("union_a_staff")).get(
        reverse("hotline:ticket_detail", args=[ticket.pk])
    )
    text = page.content.decode()
    assert reverse("hotline:ticket_step", args=[ticket.pk, "contact"]) in text
    assert reverse("hotline:ticket_step", args=[ticket.pk, "return"]) in text
    assert reverse("hotline:ticket_step", args=[ticket.pk, "complete"]) not in text


def test_completion_without_an_answer_is_refused_on_the_page_and_nothing_changes() -> None:
    world = build_world()
    ticket = in_progress(world)
    url = reverse("hotline:ticket_step", args=[ticket.pk, "complete"])

    page = _client(world.user("union_a_staff")).post(url, {"answer": "   "})
    assert page.status_code == 200
    assert "请填写答复内容" in page.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.IN_PROGRESS

    done = _client(world.user("union_a_staff")).post(url, {"answer": "已协调补发"})
    assert done.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.COMPLETED


def test_a_return_without_a_reason_is_refused_naming_the_field() -> None:
    world = build_world()
    ticket = dispatched(world)
    url = reverse("hotline:ticket_step", args=[ticket.pk, "return"])

    page = _client(world.user("union_a_staff")).post(url, {"reason": "", "note": "不归我们管"})
    text = page.content.decode()
    assert page.status_code == 200 and "请从列表中选择退回理由" in text
    assert "不归我们管" in text  # what was typed is kept
    assert Ticket.objects.get(pk=ticket.pk).returns == 0


def test_registering_on_the_page_creates_the_ticket_at_the_chosen_unit() -> None:
    world = build_world()
    page = _client(world.user("station_a_staff")).post(
        reverse("hotline:ticket_register"),
        {
            "organization": world.station_a.pk,
            "source": "12351",
            "number": "P-1",
            "received_on": "2026-11-02",
            "received_time": "09:30",
            "caller_phone": "13911112222",
            "category": "wages",
            "request": "咨询加班费",
        },
    )
    assert page.status_code == 302
    ticket = Ticket.objects.get(number="P-1")
    assert (ticket.owner, ticket.source) == (world.station_a, "12351")

    again = _client(world.user("station_a_staff")).post(
        reverse("hotline:ticket_register"),
        {
            "organization": world.station_a.pk,
            "source": "12351",
            "number": "P-1",
            "received_on": "2026-11-02",
            "received_time": "09:30",
            "category": "wages",
            "request": "",
        },
    )
    text = again.content.decode()
    assert "请填写诉求内容" in text
    assert Ticket.objects.filter(number="P-1").count() == 1


def test_settings_show_the_levels_and_reasons() -> None:
    world = build_world()
    register(world)
    page = _client(world.user("fed_staff")).get(reverse("hotline:settings"))
    text = page.content.decode()
    assert "不属于本单位职责范围" in text and "首次联系" in text


def test_the_ticket_and_the_mediation_case_it_became_link_to_each_other() -> None:
    from gonghui.disputes.tests.access_api import committee_at

    world = build_world()
    staff = world.user("union_a_staff")
    ticket = take(
        staff,
        in_progress(world),
        "to_mediation",
        committee=committee_at(world),
        employer_name="甲科技有限公司",
        facts="",
    )
    case_url = reverse("disputes:case_detail", args=[ticket.mediation_case.pk])
    ticket_url = reverse("hotline:ticket_detail", args=[ticket.pk])

    assert case_url in _client(staff).get(ticket_url).content.decode()
    assert ticket_url in _client(staff).get(case_url).content.decode()


def test_another_module_fills_a_section_of_the_ticket_page() -> None:
    from gonghui.hotline.selectors.sections import (
        TicketSection,
        register_ticket_section,
        unregister_ticket_section,
    )

    world = build_world()
    ticket = dispatched(world)
    seen: list[object] = []

    def load(actor: object, shown: object) -> list[str]:
        seen.append((actor, shown))
        return ["法援申请 FY2026-001"]

    register_ticket_section(
        TicketSection("test_rows", "测试分节", "hotline/_section_rows.html", load, order=10)
    )
    try:
        page = _client(world.user("union_a_staff")).get(
            reverse("hotline:ticket_detail", args=[ticket.pk])
        )
    finally:
        unregister_ticket_section("test_rows")
    text = page.content.decode()
    assert "测试分节" in text and "法援申请 FY2026-001" in text
    assert seen == [(world.user("union_a_staff"), ticket)]


def test_the_export_masks_the_phone_unless_the_reader_may_see_it() -> None:
    import io

    from openpyxl import load_workbook

    world = build_world()
    dispatched(world)
    url = reverse("hotline:ticket_list") + "?format=xlsx"

    def cells(user: object) -> list[object]:
        answer = _client(user).get(url)
        assert answer.status_code == 200
        sheet = load_workbook(io.BytesIO(answer.content)).active
        assert sheet is not None
        return [cell for row in sheet.iter_rows(values_only=True) for cell in row]

    masked = cells(world.user("union_a_staff"))
    assert "A0001" in masked and "139****2222" in masked
    shown = cells(world.user("pii_a_staff"))
    assert any(str(cell).replace(" ", "").endswith("13911112222") for cell in shown)
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def test_the_mediation_form_offers_only_the_committees_of_the_unit_and_above() -> None:
    from gonghui.disputes.tests.access_api import committee_at

    world = build_world()
    ticket = in_progress(world)
    committee_at(world, world.union_a)
    committee_at(world, world.federation)
    committee_at(world, world.union_b)

    text = (
        _client(world.user("union_a_staff"))
        .get(reverse("hotline:ticket_detail", args=[ticket.pk]))
        .content.decode()
    )
    assert "甲公司工会劳动争议调解委员会" in text and "测试区总工会劳动争议调解委员会" in text
    assert "乙公司工会劳动争议调解委员会" not in text


def test_every_step_page_the_detail_offers_opens() -> None:
    from gonghui.core.workflow import available

    world = build_world()
    held = take(world.system, in_progress(world, "H1"), "hold", reason="等待材料")
    done = take(world.system, in_progress(world, "D1"), "complete", answer="已答复")
    staff = world.user("fed_staff")
    client = _client(staff)
    for ticket in (register(world, "R1"), dispatched(world, "P1"), held, done):
        for step in available(staff, ticket):
            url = reverse("hotline:ticket_step", args=[ticket.pk, step.name])
            assert client.get(url).status_code == 200, (ticket.status, step.name)
    resumed = client.post(reverse("hotline:ticket_step", args=[held.pk, "resume"]), {})
    assert resumed.status_code == 302
    assert Ticket.objects.get(pk=held.pk).status == TicketStatus.IN_PROGRESS
