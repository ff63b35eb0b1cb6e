"""The settings pages through HTTP: rules, firms, lawyers (with their load) and the
engagements register; wrong input is refused on its field and nothing is written."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.testing import World, build_world
from gonghui.legalaid.models import EligibilityRule, Engagement, Lawyer
from gonghui.legalaid.tests.fixtures import LICENCES, acting, eligibility_rules, firm, lawyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    eligibility_rules(world)
    return world


def _staff(world: World) -> Client:
    client = Client()
    client.force_login(world.user("fed_staff"))
    return client


def test_the_settings_page_shows_each_lawyers_load(world: World) -> None:
    counsel = lawyer(world)
    acting(world, counsel)

    page = _staff(world).get(reverse("legalaid:settings")).content.decode()

    assert counsel.name in page and counsel.licence_number in page
    assert '<td class="num">1</td>' in page  # one case under way
    assert "第四十二条" in page


def test_a_lawyer_with_a_bad_licence_number_is_refused_on_the_field(world: World) -> None:
    data = {"name": "吴律师", "licence_number": "12345", "firm": firm(world).pk, "active": "on"}

    response = _staff(world).post(reverse("legalaid:lawyer_create"), data)

    assert response.status_code == 200
    assert "执业证号应为 17 位数字" in response.content.decode()
    assert not Lawyer.objects.exists()
    data["licence_number"] = LICENCES[1]
    assert _staff(world).post(reverse("legalaid:lawyer_create"), data).status_code == 302
    assert Lawyer.objects.get().licence_number == LICENCES[1]


def test_an_income_rule_needs_its_line_and_a_new_line_ends_the_old(world: World) -> None:
    url = reverse("legalaid:rule_create")
    refused = _staff(world).post(
        url, {"kind": "income", "basis": "新标准", "effective_from": "2026-07-01"}
    )
    assert "请填写月人均收入标准" in refused.content.decode()

    _staff(world).post(
        url,
        {
            "kind": "income",
            "monthly_line": "2420",
            "basis": "新标准",
            "effective_from": "2026-07-01",
        },
    )

    lines = EligibilityRule.objects.filter(kind="income").order_by("effective_from")
    assert [str(r.monthly_line) for r in lines] == ["2320.00", "2420.00"]
    assert str(lines[0].effective_to) == "2026-07-01" and lines[1].effective_to is None


def test_an_engagement_names_its_holder(world: World) -> None:
    url = reverse("legalaid:engagement_create")
    refused = _staff(world).post(
        url, {"holder": "firm", "side": "for", "party_name": "丙公司", "starts_on": "2026-01-01"}
    )

    assert "请选择律师事务所" in refused.content.decode()
    assert not Engagement.objects.exists()
