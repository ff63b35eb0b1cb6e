"""Who may open the membership report's page, workbook and endpoint (run by
``core/tests/test_access.py``).

Each case first makes a member of union A through the services (``prepare``), so that
union A's name is on the page of those who may see it. The page lists figures of the
scope: the outsider (union B's or station B's staff) gets the page without union A; a
``?node=`` of union A or station A is out of their scope and answers 404."""

from datetime import date

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.members.choices import MembershipSource
from gonghui.members.services.memberships import membership_start
from gonghui.members.services.people import clean_person_fields, person_get_or_create
from gonghui.members.tests.factories import id_number, phone


def prepare(world: World) -> None:
    fields = clean_person_fields(
        {
            "name": "统计甲",
            "id_number": id_number(born=date(1988, 5, 20)),
            "phone": phone(),
            "employment_kind": "employee",
        }
    )
    fields["employer"] = world.entity_a
    person, _created = person_get_or_create(fields=fields)
    world.extra["statistics_membership"] = membership_start(
        actor=world.system,
        person=person,
        union=world.union_a,
        started_on=date(2024, 3, 1),
        source=MembershipSource.IMPORT,
        notify=False,
    )


def _page(w: World) -> str:
    return reverse("reports:membership")


def _node_page(w: World) -> str:
    return f"{reverse('reports:membership')}?node={w.union_a.pk}"


ACCESS_CASES = [
    AccessCase(
        name="reports:membership",
        url=_page,
        allowed="union_a_staff",
        outsider="union_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
        prepare=prepare,
    ),
    AccessCase(
        name="reports:membership",
        url=_page,
        allowed="fed_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
        prepare=prepare,
        id="reports:membership-district",
    ),
    AccessCase(
        name="reports:membership",
        url=_node_page,
        allowed="station_a_staff",
        outsider="union_b_staff",
        prepare=prepare,
        id="reports:membership-node",
    ),
    AccessCase(
        name="reports:membership",
        url=lambda w: f"{reverse('reports:membership')}?node={w.station_a.pk}",
        allowed="fed_staff",
        outsider="station_b_staff",
        prepare=prepare,
        id="reports:membership-station-node",
    ),
    # the workbook is binary: that it leaves out what the outsider may not see is
    # checked in test_statistics.py
    AccessCase(
        name="reports:membership_export",
        url=lambda w: f"{reverse('reports:membership_export')}?start=2024-01-01",
        allowed="union_a_staff",
        outsider="union_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
        prepare=prepare,
    ),
    AccessCase(
        name="reports:membership_export",
        url=lambda w: f"{reverse('reports:membership_export')}?node={w.union_a.pk}",
        allowed="union_a_staff",
        outsider="union_b_staff",
        prepare=prepare,
        id="reports:membership_export-node",
    ),
    AccessCase(
        name="api:reports:membership",
        url=lambda w: f"{reverse('api:reports:membership')}?start=2024-01-01",
        allowed="union_a_staff",
        outsider="union_b_staff",
        api=True,
        listing=True,
        hidden=lambda w: w.union_a.name,
        prepare=prepare,
    ),
    AccessCase(
        name="api:reports:membership",
        url=lambda w: f"{reverse('api:reports:membership')}?node={w.union_a.pk}",
        allowed="union_a_staff",
        outsider="union_b_staff",
        api=True,
        prepare=prepare,
        id="api:reports:membership-node",
    ),
]
