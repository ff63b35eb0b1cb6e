"""The member's legal-aid pages: applying from a phone with photos (the worker's record
fills in who they are; the station of their union receives it), a refused form that
keeps what was typed, following the case, withdrawing, and rating it once closed."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.attachments.models import Attachment
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take
from gonghui.legalaid.choices import Channel, Outcome, Status
from gonghui.legalaid.models import LegalAidCase
from gonghui.legalaid.tests.fixtures import acting, application, eligibility_rules, lawyer
from gonghui.portal.tests.access import OWNER, prepare_members
from gonghui.portal.tests.access_aid import owner_person, png

pytestmark = pytest.mark.django_db

APPLY = reverse("portal:legalaid_apply")


@pytest.fixture
def world() -> World:
    world = build_world()
    prepare_members(world)
    eligibility_rules(world)
    return world


def _member(world: World) -> Client:
    client = Client()
    client.force_login(world.user(OWNER))
    return client


def _form(world: World, **changes: object) -> dict[str, object]:
    person = owner_person(world)
    data: dict[str, object] = {
        "name": person.name,
        "id_number": person.id_number,
        "phone": "13811112222",
        "matter": "wages",
        "facts": "公司拖欠两个月工资共一万元",
        "opposing_name": "甲科技有限公司",
        "amount_claimed": "10000",
        "statuses": ["migrant"],
        "photos": [png("工资条.png"), png("劳动合同.png")],
    }
    data.update(changes)
    return data


def test_a_member_applies_with_photos_and_follows_the_case(world: World) -> None:
    client = _member(world)
    form = client.get(APPLY)
    assert owner_person(world).name in form.content.decode()  # filled in from the record

    response = client.post(APPLY, _form(world))

    case = LegalAidCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:legalaid_detail", args=[case.pk]
    )
    assert case.channel == Channel.PORTAL and case.applicant_user == world.user(OWNER)
    assert case.organization == world.station_a  # the station of the member's union
    assert case.person == owner_person(world)
    assert Attachment.objects.of(case).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert case.number in page and "7 个工作日" in page


def test_an_application_with_no_matter_keeps_what_was_typed(world: World) -> None:
    response = _member(world).post(APPLY, _form(world, matter=""))

    assert response.status_code == 400
    page = response.content.decode()
    assert "请选择援助事项" in page and "公司拖欠两个月工资共一万元" in page
    assert not LegalAidCase.objects.exists() and not Attachment.objects.exists()


def test_the_member_withdraws_then_cannot_withdraw_again(world: World) -> None:
    owner = world.user(OWNER)
    case = application(world, actor=owner, applicant_user=owner, channel="portal")
    client = _member(world)
    url = reverse("portal:legalaid_step", args=[case.pk, "cancel"])

    client.post(url, {"reason": "已和单位协商解决"})
    assert LegalAidCase.objects.get(pk=case.pk).status == Status.WITHDRAWN
    assert url not in client.get(reverse("portal:legalaid_detail", args=[case.pk])).content.decode()
    client.post(url, {"reason": "再次撤回"})
    assert LegalAidCase.objects.get(pk=case.pk).status == Status.WITHDRAWN


def test_a_closed_case_is_rated_once_from_the_phone(world: World) -> None:
    owner = world.user(OWNER)
    case = acting(world, lawyer(world), application(world, actor=owner, applicant_user=owner))
    take(
        world.user("lawyer"),
        case,
        "close",
        outcome=Outcome.WON,
        recovered="8000",
        closed_on=date(2026, 11, 20),
        summary="仲裁裁决支付",
    )
    client = _member(world)
    detail = reverse("portal:legalaid_detail", args=[case.pk])
    rate = reverse("portal:legalaid_step", args=[case.pk, "rate"])

    assert "提交评价" in client.get(detail).content.decode()
    refused = client.post(rate, {"rating": "", "comment": ""})
    assert refused.status_code == 400 and "请填写评价" in refused.content.decode()
    client.post(rate, {"rating": "5", "comment": "律师很负责"})

    case.refresh_from_db()
    assert case.rating == 5 and case.rating_comment == "律师很负责"
    assert "提交评价" not in client.get(detail).content.decode()
