"""A legal-aid application taken from a consultation or a mediation case: the form filled
in from it, the two linked both ways (the mediation case's page lists the legal-aid case,
whose page links back), one application per consultation, and the worker's member page."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take
from gonghui.disputes.models import Consultation
from gonghui.disputes.tests import access as disputes_access
from gonghui.legalaid.choices import Channel
from gonghui.legalaid.models import LegalAidCase
from gonghui.legalaid.tests.fixtures import application, eligibility_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    eligibility_rules(world)
    disputes_access.prepare(world)
    return world


def _client(world: World, who: str = "fed_staff") -> Client:
    client = Client()
    client.force_login(world.user(who))
    return client


def _post(world: World, url: str, **changes: Any) -> Any:
    data = {
        "organization": world.station_a.pk,
        "received_on": "2026-11-02",
        "name": "王五",
        "matter": "wages",
        "facts": "拖欠工资",
        "opposing_name": "甲科技有限公司",
        "statuses": ["migrant"],
        **changes,
    }
    return _client(world).post(url, data)


def test_a_mediation_case_becomes_a_legal_aid_case_linked_both_ways(world: World) -> None:
    mediation = world.extra["mediating"]
    url = reverse("legalaid:case_create") + f"?mediation={mediation.pk}"
    form = _client(world).get(url).content.decode()
    assert mediation.number in form and "拖欠2025年11月至12月工资。" in form  # filled in

    response = _post(world, url)

    case = LegalAidCase.objects.get()
    assert response.status_code == 302
    assert case.mediation_case == mediation and case.channel == Channel.MEDIATION
    detail = _client(world).get(reverse("disputes:case_detail", args=[mediation.pk])).content
    assert case.number in detail.decode()  # the mediation case's page lists it
    page = _client(world).get(reverse("legalaid:case_detail", args=[case.pk])).content.decode()
    assert reverse("disputes:case_detail", args=[mediation.pk]) in page


def test_one_application_per_consultation(world: World) -> None:
    consultation = Consultation.objects.get()
    url = reverse("legalaid:case_create") + f"?consultation={consultation.pk}"
    assert _post(world, url).status_code == 302

    again = _post(world, url)

    assert again.status_code == 200 and "该咨询已登记法律援助申请" in again.content.decode()
    assert LegalAidCase.objects.count() == 1


def test_a_source_outside_the_scope_answers_404(world: World) -> None:
    mediation = world.extra["mediating"]  # union A's committee
    url = reverse("legalaid:case_create") + f"?mediation={mediation.pk}"

    assert _client(world, "station_b_staff").get(url).status_code == 404


def test_linking_a_mediation_case_later_through_the_step(world: World) -> None:
    case = application(world)
    mediation = world.extra["mediating"]
    with pytest.raises(ValidationError):
        take(world.user("fed_staff"), case, "link_mediation", number="TJ-none")

    take(world.user("fed_staff"), case, "link_mediation", number=mediation.number)

    assert LegalAidCase.objects.get(pk=case.pk).mediation_case == mediation


def test_a_hotline_ticket_becomes_one_legal_aid_application_linked_both_ways(world: World) -> None:
    from gonghui.hotline.tests.fixtures import CALLER_NAME, in_progress

    ticket = in_progress(world, unit=world.station_a)
    url = reverse("legalaid:case_create") + f"?ticket={ticket.pk}"
    before = _client(world).get(reverse("hotline:ticket_detail", args=[ticket.pk])).content
    assert url in before.decode().replace("&amp;", "&")  # the ticket offers it
    form = _client(world).get(url).content.decode()
    assert CALLER_NAME in form and ticket.number in form  # filled in from the ticket

    assert _post(world, url, name=CALLER_NAME).status_code == 302
    case = LegalAidCase.objects.get()
    assert case.ticket == ticket and case.channel == Channel.HOTLINE
    ticket_page = _client(world).get(reverse("hotline:ticket_detail", args=[ticket.pk]))
    assert case.number in ticket_page.content.decode() and url not in ticket_page.content.decode()
    case_page = _client(world).get(reverse("legalaid:case_detail", args=[case.pk])).content
    assert reverse("hotline:ticket_detail", args=[ticket.pk]) in case_page.decode()
    again = _post(world, url, name=CALLER_NAME)
    assert "该工单已登记法律援助申请" in again.content.decode()
    assert _client(world, "station_b_staff").get(url).status_code == 404


def test_the_sources_id_number_is_shown_only_to_who_may_see_it_and_then_audited(
    world: World,
) -> None:
    from gonghui.core.models import AuditAction, AuditEntry

    mediation = world.extra["mediating"]
    applicant_id = mediation.applicants.first().id_number
    url = reverse("legalaid:case_create") + f"?mediation={mediation.pk}"

    hidden = _client(world, "union_a_staff").get(url).content.decode()
    assert applicant_id not in hidden and "不向您显示" in hidden
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()
    shown = _client(world, "pii_a_staff").get(url).content.decode()
    assert applicant_id in shown
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).count() == 1

    client = _client(world, "union_a_staff")
    data = {
        "organization": world.union_a.pk,
        "received_on": "2026-11-02",
        "name": "王五",
        "matter": "wages",
        "facts": "拖欠工资",
        "opposing_name": "甲科技有限公司",
        "statuses": ["migrant"],
    }
    assert client.post(url, data).status_code == 302
    assert LegalAidCase.objects.get().id_number == applicant_id  # taken over from the source
