"""The staff pages of member records through the test client: 新增会员 from the member
list, correcting a member's phone and employment, finding a member by phone (a mistyped
number said, nothing searched, nothing written), and the member list's export of what
the search found."""

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.members.choices import MembershipSource, MembershipStatus
from gonghui.members.models import EmploymentPeriod, Membership, Person
from gonghui.members.services.memberships import membership_end
from gonghui.members.tests.access_staff import enrol
from gonghui.members.tests.factories import id_number

pytestmark = pytest.mark.django_db

MEMBERS = reverse("members:member_list")
REGISTER = reverse("members:member_register")
TODAY = timezone.localdate()


def _client(world: World, user: str = "union_a_staff") -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _messages(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _listed(response: Any) -> list[str]:
    return [row[0].number for row in response.context["rows"]]


def _details(membership: Membership) -> str:
    return reverse("members:member_details", args=[membership.pk])


def _person(membership: Membership) -> str:
    return reverse("members:person_detail", args=[membership.person_id])


def _registration(world: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "钱新会员",
        "id_number": id_number(),
        "phone": "139 1234 5678",
        "union": world.union_a.pk,
        "started_on": "2024-05-06",
        "employment_kind": "employee",
        "employer": world.entity_a.pk,
    }
    data.update(changes)
    return data


# --- 新增会员 ------------------------------------------------------------------------------


def test_the_member_list_offers_to_add_a_member_and_to_export_the_list() -> None:
    world = build_world()

    page = _client(world).get(MEMBERS).content.decode()

    assert f'href="{REGISTER}"' in page and "新增会员" in page
    assert "format=xlsx" in page


def test_the_registration_form_chooses_the_only_union_of_a_unions_staff() -> None:
    world = build_world()

    page = _client(world).get(REGISTER)

    assert page.status_code == 200
    assert page.context["form"]["union"].value() == world.union_a.pk
    assert "甲公司工会" in page.content.decode()


def test_registering_a_member_leads_to_their_page_with_one_message() -> None:
    world = build_world()
    client = _client(world)

    response = client.post(REGISTER, _registration(world))

    membership = Membership.objects.get()
    assert response.status_code == 302 and response["Location"] == _person(membership)
    assert membership.source == MembershipSource.STAFF
    assert membership.started_on == date(2024, 5, 6)
    assert membership.person.phone == "+8613912345678"
    assert _messages(response) == [f"已登记入会：钱新会员，会员编号 {membership.number}"]
    page = client.get(response["Location"]).content.decode()
    assert "工作人员登记" in page and membership.number in page


def test_a_refused_registration_lists_every_error_in_chinese_and_writes_nothing() -> None:
    world = build_world()
    before = (Person.objects.count(), AuditEntry.objects.count())

    response = _client(world).post(
        REGISTER,
        _registration(
            world,
            id_number="110105199003071234",
            phone="1391234",
            started_on="2021-01-01",
            employer="",
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "未能登记" in page
    errors = response.context["form"].errors
    assert set(errors) == {"id_number", "phone", "employer", "started_on"}
    assert errors["started_on"] == ["入会日期不能早于工会成立日期"]
    assert errors["employer"] == ["单位职工请选择或填写工作单位"]
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_registering_someone_who_is_a_member_elsewhere_is_refused_on_the_id_number() -> None:
    world = build_world()
    elsewhere = enrol(world, employer=world.entity_b)

    response = _client(world).post(
        REGISTER, _registration(world, id_number=elsewhere.person.id_number)
    )

    assert response.status_code == 200
    (message,) = response.context["form"].errors["id_number"]
    assert message.startswith("此人已是其他工会的会员")
    assert Membership.objects.count() == 1


# --- correcting a member's phone and employment ------------------------------------------


def test_the_correction_page_shows_the_phone_masked_and_the_employment_to_change() -> None:
    world = build_world()
    membership = enrol(world)
    phone = membership.person.phone.removeprefix("+86")

    page = _client(world).get(_details(membership))

    text = page.content.decode()
    assert page.status_code == 200
    assert phone not in text and f"{phone[:3]}****{phone[-4:]}" in text
    form = page.context["form"]
    assert form["employer"].value() == world.entity_a.pk
    assert form["employment_kind"].value() == "employee"
    assert not form["phone"].value()
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def test_a_correction_is_saved_and_the_member_page_shows_the_past_employment() -> None:
    world = build_world()
    membership = enrol(world, started_on=date(2023, 1, 1))
    client = _client(world)
    change = TODAY - timedelta(days=10)

    response = client.post(
        _details(membership),
        {
            "phone": "13912345678",
            "employment_kind": "flexible",
            "employer": "",
            "employer_name": "丙便利店",
            "on": change.isoformat(),
        },
    )

    assert response.status_code == 302 and response["Location"] == _person(membership)
    assert _messages(response) == ["会员信息已保存"]
    person = Person.objects.get()
    assert (person.phone, person.employment_kind, person.employer_name) == (
        "+8613912345678",
        "flexible",
        "丙便利店",
    )
    page = client.get(_person(membership)).content.decode()
    assert "就业情况变更记录" in page
    assert f"登记时 – {change:%Y-%m-%d}" in page and "甲科技有限公司" in page
    assert "修改手机号和就业情况" in page


def test_a_refused_correction_names_the_effective_date_and_writes_nothing() -> None:
    world = build_world()
    membership = enrol(world, started_on=date(2023, 1, 1))
    before = (EmploymentPeriod.objects.count(), AuditEntry.objects.count())

    response = _client(world).post(
        _details(membership),
        {"employment_kind": "flexible", "employer_name": "丙便利店", "on": "2022-12-31"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"on": ["生效日期不能早于入会日期（2023-01-01）"]}
    assert (EmploymentPeriod.objects.count(), AuditEntry.objects.count()) == before


def test_an_ended_membership_offers_no_correction_and_shows_nothing_of_the_present() -> None:
    world = build_world()
    membership = enrol(world)
    membership_end(
        actor=world.system, membership=membership, status=MembershipStatus.LAPSED, on=TODAY
    )
    client = _client(world)
    phone = membership.person.phone.removeprefix("+86")

    page = client.get(_details(membership))
    posted = client.post(
        _details(membership),
        {"phone": "13912345678", "employment_kind": "employee", "employer": world.entity_a.pk},
    )

    text = page.content.decode()
    assert page.status_code == 200 and "该会籍已结束" in text
    assert 'name="employment_kind"' not in text and phone[-4:] not in text
    assert posted.status_code == 200
    assert "该会籍已结束，不能修改会员信息" in posted.content.decode()
    assert Person.objects.get().phone == membership.person.phone


# --- finding a member by phone, and exporting what was found ------------------------------


def test_a_member_is_found_by_phone_and_the_export_holds_just_them_without_the_phone() -> None:
    world = build_world()
    wanted = enrol(world, name="孙手机")
    enrol(world, name="李其他")
    client = _client(world)
    typed = wanted.person.phone.removeprefix("+86")

    posted = client.post(MEMBERS, {"q": f"{typed[:3]} {typed[3:7]} {typed[7:]}"})
    page = client.get(posted["Location"])
    export = client.get(MEMBERS + page.context["export_url"])

    assert _listed(page) == [wanted.number]
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["孙手机"]
    assert typed not in str(rows) and "*" in str(rows[1][4])
    entry = AuditEntry.objects.get(action=AuditAction.BULK)
    assert entry.changes["rows"] == 1
    assert typed not in str(entry.changes) and typed[-4:] not in str(entry.changes)


@pytest.mark.parametrize("typed", ["1381234567", "138-1234-56789", "110105199003071234"])
def test_a_mistyped_phone_or_id_number_is_said_and_finds_nobody(typed: str) -> None:
    world = build_world()
    enrol(world)
    client = _client(world)
    entries = AuditEntry.objects.count()

    posted = client.post(MEMBERS, {"q": typed})
    page = client.get(posted["Location"])

    assert page.status_code == 200
    assert _listed(page) == []
    text = page.content.decode()
    assert "手机号或身份证号有误，未查询" in text
    assert page.context["export_url"] == ""
    assert AuditEntry.objects.count() == entries
    api = client.post(
        reverse("api:members:membership-search"), {"q": typed}, content_type="application/json"
    )
    assert api.status_code == 400 and "手机号或身份证号有误" in str(api.json())


def test_a_phone_search_costs_the_same_queries_whatever_the_number_of_members() -> None:
    world = build_world()
    wanted = enrol(world)
    client = _client(world)
    posted = client.post(MEMBERS, {"q": wanted.person.phone.removeprefix("+86"), "status": ""})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(posted["Location"])
        assert _listed(page) == [wanted.number]
        return len(captured)

    few = queries()
    for _ in range(20):
        enrol(world)
    assert queries() == few
