"""A member's page lists the mediation cases they applied in ("services received"), in
the reader's scope."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.testing import build_world
from gonghui.disputes.tests.access_api import apply, committee_at
from gonghui.members.tests.access_staff import enrol

pytestmark = pytest.mark.django_db


def test_the_member_page_lists_the_cases_they_applied_in() -> None:
    world = build_world()
    person = enrol(world).person
    case = apply(world, committee_at(world), applicants=[{"name": person.name, "person": person}])
    url = reverse("members:person_detail", args=[person.pk])

    own = Client()
    own.force_login(world.user("union_a_staff"))
    text = own.get(url).content.decode()

    assert "劳动争议调解" in text and case.number in text
    assert reverse("disputes:case_detail", args=[case.pk]) in text
