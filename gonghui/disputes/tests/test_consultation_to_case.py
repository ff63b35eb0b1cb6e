"""A consultation whose outcome is "to mediation" opens the application filled in, and the
case and the consultation link to each other."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World, build_world
from gonghui.disputes.models import Consultation, MediationCase
from gonghui.disputes.services.cases import case_apply
from gonghui.disputes.services.committees import committee_seat
from gonghui.disputes.services.consultations import consultation_log
from gonghui.disputes.tests.access_api import committee_at

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def _world() -> tuple[World, Consultation]:
    world = build_world()
    committee = committee_at(world)
    committee_seat(actor=world.system, committee=committee, user=world.user("union_a_staff"))
    committee_seat(actor=world.system, committee=committee, user=world.user("pii_a_staff"))
    world.extra["committee"] = committee
    consultation = consultation_log(
        actor=world.system,
        organization=world.union_a,
        channel="on_site",
        topic="wages",
        worker_name="孙八",
        phone=PHONE,
        employer=world.entity_a,
        question="公司拖欠三个月工资。",
        outcome="mediation",
    )
    return world, consultation


def _client(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.user(key))
    return client


def _application(world: World, consultation: Consultation) -> dict[str, Any]:
    return {
        "committee": world.extra["committee"].pk,
        "applied_on": consultation.held_on.isoformat(),
        "employer_name": world.entity_a.name,
        "facts": "公司拖欠三个月工资。",
        "consultation": str(consultation.pk),
        "applicants-TOTAL_FORMS": "3",
        "applicants-INITIAL_FORMS": "0",
        "applicants-0-name": "孙八",
        "claims-TOTAL_FORMS": "3",
        "claims-INITIAL_FORMS": "0",
        "claims-0-kind": "wages",
        "claims-0-amount": "9000",
    }


def test_logging_a_consultation_to_mediation_opens_the_application_filled_in() -> None:
    world, _consultation = _world()
    client = _client(world, "union_a_staff")

    logged = client.post(
        reverse("disputes:consultation_log"),
        {
            "organization": world.union_a.pk,
            "channel": "phone",
            "held_on": _consultation.held_on.isoformat(),
            "topic": "wages",
            "people": "1",
            "worker_name": "周九",
            "employer_name": "乙商贸公司",
            "question": "被拖欠工资。",
            "outcome": "mediation",
            "satisfaction": "not_asked",
        },
    )
    newest = Consultation.objects.order_by("-pk").first()
    assert newest is not None and newest.worker_name == "周九"
    assert logged.status_code == 302
    assert logged["Location"] == f"{reverse('disputes:case_apply')}?consultation={newest.pk}"

    page = client.get(logged["Location"])
    form = page.context["form"]
    assert form.initial["employer_name"] == "乙商贸公司"
    assert "被拖欠工资" in form.initial["facts"]
    assert page.context["applicant_formset"].forms[0].initial == {"name": "周九"}


def test_the_phone_is_filled_in_only_for_a_reader_who_may_see_it() -> None:
    world, consultation = _world()
    url = f"{reverse('disputes:case_apply')}?consultation={consultation.pk}"

    plain = _client(world, "union_a_staff").get(url)
    permitted = _client(world, "pii_a_staff").get(url)

    assert PHONE not in plain.content.decode()
    assert PHONE in permitted.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW_PERSONAL_DATA, actor=world.user("pii_a_staff")
    ).exists()
    assert not AuditEntry.objects.filter(
        action=AuditAction.VIEW_PERSONAL_DATA, actor=world.user("union_a_staff")
    ).exists()


def test_the_application_links_the_case_and_the_consultation_both_ways() -> None:
    world, consultation = _world()
    client = _client(world, "union_a_staff")

    answer = client.post(reverse("disputes:case_apply"), _application(world, consultation))

    case = MediationCase.objects.get()
    assert answer.status_code == 302
    consultation.refresh_from_db()
    assert consultation.mediation_case == case
    detail = client.get(reverse("disputes:case_detail", args=[case.pk])).content.decode()
    assert "由咨询转入" in detail
    listing = client.get(reverse("disputes:consultation_list")).content.decode()
    assert reverse("disputes:case_detail", args=[case.pk]) in listing


def test_a_consultation_is_turned_into_one_case_only() -> None:
    world, consultation = _world()
    fields: dict[str, Any] = {
        "actor": world.system,
        "committee": world.extra["committee"],
        "applicants": [{"name": "孙八"}],
        "claims": [{"kind": "wages", "amount": "9000"}],
        "facts": "拖欠工资。",
        "employer_name": "甲公司",
        "consultation": consultation,
    }
    case_apply(**fields)

    with pytest.raises(ValidationError) as caught:
        case_apply(**fields)

    assert list(caught.value.message_dict) == ["consultation"]
    assert MediationCase.objects.count() == 1


def test_another_unions_consultation_cannot_be_turned_into_a_case() -> None:
    world, consultation = _world()
    outsider = world.user("union_b_staff")
    other = committee_at(world, world.union_b)

    with pytest.raises(OutOfScope):
        case_apply(
            actor=outsider,
            committee=other,
            applicants=[{"name": "孙八"}],
            claims=[{"kind": "wages", "amount": "9000"}],
            facts="拖欠工资。",
            employer_name="甲公司",
            consultation=consultation,
        )
    page = _client(world, "union_b_staff").get(
        f"{reverse('disputes:case_apply')}?consultation={consultation.pk}"
    )
    assert page.status_code == 404
