"""What a union sees of a person: everything while the person is its member; after they
leave, its own memberships and what it did for them, never their current union, employer,
member number or phone."""

import io
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing import World, build_world
from gonghui.members import selectors
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership
from gonghui.members.tests.access_staff import enrol

pytestmark = pytest.mark.django_db


def _moved_from_b_to_a(world: World) -> tuple[Membership, Membership]:
    """A worker of union B's employer, then transferred to union A's."""
    today = timezone.localdate()
    old = enrol(world, employer=world.entity_b, started_on=today - timedelta(days=90))
    new = enrol(world, id_number=old.person.id_number, started_on=today - timedelta(days=3))
    old.refresh_from_db()
    assert old.status == MembershipStatus.TRANSFERRED_OUT
    return old, new


def _client(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.user(key))
    return client


def test_the_former_union_sees_only_its_own_membership() -> None:
    # given a person who moved from union B to union A
    world = build_world()
    old, new = _moved_from_b_to_a(world)

    # when each union reads the person
    for_a = selectors.person_detail(actor=world.user("union_a_staff"), pk=old.person_id)
    for_b = selectors.person_detail(actor=world.user("union_b_staff"), pk=old.person_id)

    # then union A, the current union, sees all of it; union B only its own past
    assert not for_a.former and for_a.current == new
    assert [m.pk for m in for_a.memberships] == [new.pk, old.pk]
    assert for_a.phone == old.person.phone and for_a.employer == world.entity_a
    assert for_b.former and for_b.current is None
    assert [m.pk for m in for_b.memberships] == [old.pk]
    assert for_b.phone == "" and for_b.employer is None and for_b.employer_name == ""


def test_the_former_unions_page_names_nothing_of_the_current_union() -> None:
    world = build_world()
    old, new = _moved_from_b_to_a(world)
    url = reverse("members:person_detail", args=[old.person_id])

    page = _client(world, "union_b_staff").get(url)

    assert page.status_code == 200
    text = page.content.decode()
    assert old.number in text
    phone = old.person.phone[-4:]
    for secret in (new.number, world.union_a.name, world.entity_a.name, phone):
        assert secret not in text, secret
    assert "已不是本单位会员" in text


def test_the_former_unions_api_answer_names_nothing_of_the_current_union() -> None:
    world = build_world()
    old, new = _moved_from_b_to_a(world)
    url = reverse("api:members:person-detail", args=[old.person_id])

    body = _client(world, "union_b_staff").get(url).json()

    assert [m["id"] for m in body["memberships"]] == [old.pk]
    assert body["phone"] == "" and body["employer"] is None and body["employer_name"] == ""
    assert body["former"] is True
    text = str(body)
    phone = old.person.phone[-4:]
    for secret in (new.number, world.union_a.name, world.entity_a.name, phone):
        assert secret not in text, secret


def test_the_current_union_still_sees_the_whole_history() -> None:
    world = build_world()
    old, new = _moved_from_b_to_a(world)
    url = reverse("api:members:person-detail", args=[old.person_id])

    body = _client(world, "pii_a_staff").get(url).json()

    assert [m["id"] for m in body["memberships"]] == [new.pk, old.pk]
    assert body["phone"].endswith(old.person.phone[-4:])
    assert body["employer"]["id"] == world.entity_a.pk
    assert body["former"] is False


def test_the_former_unions_lists_and_export_show_no_phone_or_employer() -> None:
    # given a person who moved from union B (and its employer) to union A
    world = build_world()
    old, new = _moved_from_b_to_a(world)
    client = _client(world, "union_b_staff")
    phone_tail = old.person.phone[-4:]

    # when union B lists its ended memberships, on the page, the API and the export
    page = client.get(reverse("members:member_list"), {"status": MembershipStatus.TRANSFERRED_OUT})
    api = client.get(
        reverse("api:members:membership-list"), {"status": MembershipStatus.TRANSFERRED_OUT}
    )
    export = client.get(reverse("members:member_export", args=[world.union_b.pk]))

    # then the row is there, but not where the person is now
    assert old.number in page.content.decode()
    assert phone_tail not in page.content.decode()
    rows = {row["number"]: row for row in api.json()["results"]}
    assert rows[old.number]["person"]["phone"] == ""
    sheet: Any = openpyxl.load_workbook(io.BytesIO(export.content)).active
    exported = [row for row in sheet.iter_rows(values_only=True) if old.number in row]
    assert exported, "the ended membership is exported"
    for cell in exported[0]:
        assert phone_tail not in str(cell or "") and world.entity_b.name != cell
