"""What every staff page shares: pagination that never answers 404 for a page past the
end, money with thousands separators, the favicon, and the attachment upload form."""

from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gonghui.core.audit_views import AuditListView
from gonghui.core.testing import World, build_world
from gonghui.disputes.tests.access import prepare


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


# --- pagination --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "last"])
def test_a_page_past_the_end_or_not_a_number_shows_a_page_never_404(
    page: str, monkeypatch: Any
) -> None:
    world = build_world()
    monkeypatch.setattr(AuditListView, "paginate_by", 2)
    client = _client(world, "fed_staff")
    total = client.get("/audit/").context["paginator"].num_pages
    assert total > 1

    response = client.get("/audit/", {"page": page})

    assert response.status_code == 200
    shown = response.context["page_obj"].number
    assert shown == (total if page in ("99", "last") else 1)
    assert len(response.context["object_list"]) > 0


@pytest.mark.django_db
def test_a_page_past_the_end_of_an_empty_list_is_the_empty_first_page() -> None:
    world = build_world()
    response = _client(world, "fed_staff").get("/audit/", {"page": "99", "actor_name": "无此人"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert list(response.context["object_list"]) == []


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_money_shows_thousands_separators_and_two_places_in_every_language(
    language: str,
) -> None:
    template = Template(
        "{% load gonghui %}{{ a|num:'money' }} {{ b|num:'money' }} {{ c|num:'money' }} "
        "{{ d|num }} {{ e|num:'money' }} {{ f|num }}"
    )
    values = {
        "a": Decimal("31758"),
        "b": Decimal("1234567.5"),
        "c": 0,
        "d": 1234567,
        "e": None,
        "f": "2026-01-01",
    }
    with translation.override(language):
        shown = template.render(Context(values))
    assert shown == "31,758.00 1,234,567.50 0.00 1,234,567 None 2026-01-01"


@pytest.mark.django_db
def test_the_case_list_shows_the_claimed_amount_with_separators() -> None:
    world = build_world()
    prepare(world)
    case = world.extra["case"]
    client = _client(world, "fed_staff")
    claimed = client.get(reverse("disputes:case_list")).context["object_list"][0].claimed
    assert claimed == case.claims.get().amount and claimed >= 1000

    page = client.get(reverse("disputes:case_list")).content.decode()

    assert f'<td class="num">{claimed:,.2f}</td>' in page
