"""A masked ID number never sits beside the birth date it hides, on the person page, in
the member export and in the API; a user with the personal-data permission sees the date
and that view is audited; every export, masked or not, is audited."""

import io
from datetime import date, datetime, time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.core import disclosure, pii
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.members.models import Membership
from gonghui.members.tests.access_staff import enrol
from gonghui.members.tests.factories import id_number

pytestmark = pytest.mark.django_db

BORN = date(1990, 2, 1)


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _member(world: World) -> Membership:
    return enrol(world, id_number=id_number(born=BORN))


def _date_forms(day: date) -> list[str]:
    return [day.isoformat(), f"{day:%Y%m%d}", f"{day.year}年{day.month}月{day.day}日"]


def _birth_views(membership: Membership) -> list[AuditEntry]:
    return [
        e
        for e in AuditEntry.objects.filter(
            action=AuditAction.VIEW_PERSONAL_DATA, object_id=str(membership.pk)
        )
        if "出生日期" in e.message  # the field as the user reads it
    ]


# --- the person page ---------------------------------------------------------------------


def test_the_person_page_shows_the_age_band_beside_a_masked_number() -> None:
    # given
    world = build_world()
    membership = _member(world)
    url = reverse("members:person_detail", args=[membership.person_id])

    # when
    page = _client(world, "union_a_staff").get(url).content.decode()

    # then
    assert pii.mask_id_number(membership.person.id_number) in page
    assert disclosure.age_band(BORN) in page
    assert "1990" not in page
    assert not any(form in page for form in _date_forms(BORN))


def test_the_person_page_shows_the_date_when_permitted_and_audits_it() -> None:
    # given
    world = build_world()
    membership = _member(world)
    url = reverse("members:person_detail", args=[membership.person_id])

    # when
    page = _client(world, "pii_a_staff").get(url).content.decode()

    # then
    assert membership.person.id_number in page
    assert BORN.isoformat() in page
    assert len(_birth_views(membership)) == 1


# --- the member export -------------------------------------------------------------------


def _export(world: World, user: str) -> list[list[Any]]:
    url = reverse("members:member_export", args=[world.union_a.pk])
    response = _client(world, user).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _exports() -> list[AuditEntry]:
    return [e for e in AuditEntry.objects.filter(action=AuditAction.BULK) if "export" in e.changes]


def test_the_masked_export_shows_age_bands_and_is_audited() -> None:
    # given
    world = build_world()
    members = [_member(world) for _ in range(3)]

    # when
    sheet = _export(world, "union_a_staff")

    # then: no cell holds a birth date, in any form
    rows = {row[0]: row for row in sheet[1:]}
    for membership in members:
        row = rows[membership.number]
        assert row[2] == pii.mask_id_number(membership.person.id_number)
        assert disclosure.age_band(BORN) in row
        for cell in row:
            assert cell != datetime.combine(BORN, time())  # noqa: DTZ001 - Excel's naive value
            assert not any(form in str(cell) for form in _date_forms(BORN))
    [entry] = _exports()
    assert entry.changes["rows"] == 3
    assert entry.changes["masked"] is True
    assert entry.changes["unmasked_rows"] == 0
    assert entry.organization_id == world.union_a.pk
    assert entry.actor == world.user("union_a_staff")


def test_the_permitted_export_shows_the_date_and_audits_the_rows_in_one_entry() -> None:
    # given
    world = build_world()
    members = [_member(world) for _ in range(2)]

    # when
    sheet = _export(world, "pii_a_staff")

    # then: one entry for the union's rows shown, naming them and the fields as read
    rows = {row[0]: row for row in sheet[1:]}
    for membership in members:
        assert datetime.combine(BORN, time()) in rows[membership.number]  # noqa: DTZ001
    [shown] = AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA)
    assert sorted(shown.changes["records"]) == sorted(str(m.pk) for m in members)
    assert shown.organization_id == world.union_a.pk and "出生日期" in shown.message
    [entry] = _exports()
    assert (entry.changes["rows"], entry.changes["unmasked_rows"]) == (2, 2)
    assert entry.changes["masked"] is False


# --- the API -----------------------------------------------------------------------------


def test_the_api_gives_the_age_band_not_the_date_unless_permitted_and_audits_the_date() -> None:
    # given
    world = build_world()
    membership = _member(world)
    url = reverse("api:members:person-detail", kwargs={"pk": membership.person_id})

    # when
    masked = _client(world, "union_a_staff").get(url).json()
    shown = _client(world, "pii_a_staff").get(url).json()

    # then
    assert masked["id_number"] == pii.mask_id_number(membership.person.id_number)
    assert masked["birth_date"] is None
    assert masked["age_band"] == disclosure.age_band(BORN)
    assert not any(form in str(masked) for form in _date_forms(BORN))
    assert shown["birth_date"] == BORN.isoformat()
    assert shown["age_band"] == disclosure.age_band(BORN)
    assert len(_birth_views(membership)) == 1
