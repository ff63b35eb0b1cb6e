from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.testing import build_world
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.agreements import payment_record
from gonghui.disputes.tests.access_api import committee_at, prepare_effective
from gonghui.portal.tests.access import OTHER_WITH_RECORD, OWNER, prepare_members
from gonghui.portal.tests.access_mediation import prepare_mediation

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_member_applies_on_the_page_as_the_applicant() -> None:
    world = build_world()
    prepare_members(world)
    committee = committee_at(world)
    station = committee_at(world, world.station_b)  # not on the member's way up
    owner = world.user(OWNER)
    client = _client(owner)
    page = client.get(reverse("portal:mediation_apply")).content.decode()
    assert committee.name in page
    assert station.name not in page
    response = client.post(
        reverse("portal:mediation_apply"),
        {
            "committee": committee.pk,
            "employer": "甲科技有限公司",
            "facts": "公司拖欠10月工资。",
            "claim_kind_1": "wages",
            "claim_amount_1": "5000",
        },
    )
    case = MediationCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:mediation_detail", args=[case.pk])
    assert case.applicant_user == owner
    assert case.employer == world.entity_a
    applicant = case.applicants.get()
    assert applicant.person is not None and applicant.person.user == owner
    assert case.claimed_total() == 5000


def test_the_form_refuses_an_application_without_facts() -> None:
    world = build_world()
    prepare_members(world)
    committee = committee_at(world)
    response = _client(world.user(OWNER)).post(
        reverse("portal:mediation_apply"),
        {"committee": committee.pk, "employer": "甲科技有限公司", "facts": " ", "claim_kind_1": ""},
    )
    assert response.status_code == 200
    assert not MediationCase.objects.exists()


def test_the_status_page_shows_deadline_sessions_agreement_and_payments() -> None:
    world = build_world()
    prepare_members(world)
    prepare_effective(world)
    case = world.extra["case"]
    MediationCase.objects.filter(pk=case.pk).update(applicant_user=world.user(OWNER))
    payment_record(
        actor=world.system,
        case=world.extra["agreement"].case,
        paid_on=date(2026, 11, 12),
        amount="3000",
    )
    page = _client(world.user(OWNER)).get(reverse("portal:mediation_detail", args=[case.pk]))
    text = page.content.decode()
    assert "调解中" in text
    assert case.deadline.isoformat() in text
    assert "10,000.00" in text and "3,000.00" in text
    other = _client(world.user(OTHER_WITH_RECORD))
    assert other.get(reverse("portal:mediation_detail", args=[case.pk])).status_code == 404


def test_the_member_api_applies_and_hides_others_cases() -> None:
    world = build_world()
    prepare_mediation(world)
    owner = _client(world.user(OWNER))
    committees = owner.get(reverse("api:portal:mediation-committee-list")).json()
    assert [c["id"] for c in committees] == [world.extra["committee"].pk]
    created = owner.post(
        reverse("api:portal:mediation-list"),
        data={
            "committee": world.extra["committee"].pk,
            "employer": world.entity_a.credit_code,
            "facts": "拖欠加班费",
            "claims": [{"kind": "overtime", "amount": "800.00"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["status"] == "applied"
    refused = owner.post(
        reverse("api:portal:mediation-list"),
        data={"committee": world.extra["committee"].pk, "facts": "x", "claims": []},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "employer" in refused.json()["fields"]
    other = _client(world.user(OTHER_WITH_RECORD))
    assert other.get(reverse("api:portal:mediation-list")).json()["results"] == []
    url = reverse("api:portal:mediation-detail", kwargs={"pk": world.extra["case"].pk})
    assert other.get(url).status_code == 404
    assert owner.get(url).json()["number"] == world.extra["case"].number
