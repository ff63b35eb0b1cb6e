"""Who may open the membership statistics page and its workbook (run by
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
    return reverse("members:statistics")


def _node_page(w: World) -> str:
    return f"{reverse('members:statistics')}?node={w.union_a.pk}"


ACCESS_CASES = [
    AccessCase(
        name="members:statistics",
        url=_page,
        allowed="union_a_staff",
        outsider="union_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
        prepare=prepare,
    ),
    AccessCase(
        name="members:statistics",
        url=_page,
        allowed="fed_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
        prepare=prepare,
        id="members:statistics-district",
    ),
    AccessCase(
        name="members:statistics",
        url=_node_page,
        allowed="station_a_staff",
        outsider="union_b_staff",
        prepare=prepare,
        id="members:statistics-node",
    ),
    AccessCase(
        name="members:statistics",
        url=lambda w: f"{reverse('members:statistics')}?node={w.station_a.pk}",
        allowed="fed_staff",
        outsider="station_b_staff",
        prepare=prepare,
        id="members:statistics-station-node",
    ),
    # the workbook is binary: that it leaves out what the outsider may not see is
    # checked in test_statistics.py
    AccessCase(
        name="members:statistics_export",
        url=lambda w: f"{reverse('members:statistics_export')}?start=2024-01-01",
        allowed="union_a_staff",
        outsider="union_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
        prepare=prepare,
    ),
    AccessCase(
        name="members:statistics_export",
        url=lambda w: f"{reverse('members:statistics_export')}?node={w.union_a.pk}",
        allowed="union_a_staff",
        outsider="union_b_staff",
        prepare=prepare,
        id="members:statistics_export-node",
    ),
]
