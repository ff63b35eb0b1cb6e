"""The staff disputes pages: the quick consultation log, a group application through the
formsets, the deadline once accepted, refusals shown on the form, the overdue badge, the
masked applicants and a constant query count on the case list."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.disputes.choices import CaseStatus
from gonghui.disputes.models import Consultation, MediationCase
from gonghui.disputes.services.cases import case_accept
from gonghui.disputes.services.committees import committee_create, committee_seat
from gonghui.disputes.tests.access import COMMITTEE_NAME, apply

pytestmark = pytest.mark.django_db

CASES = reverse("disputes:case_list")


@pytest.fixture
def world() -> World:
    world = build_world()
    committee = committee_create(
        actor=world.system, organization=world.union_a, name=COMMITTEE_NAME
    )
    committee_seat(actor=world.system, committee=committee, user=world.user("union_a_staff"))
    world.extra["committee"] = committee
    return world


def _client(world: World, user: str = "union_a_staff") -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _url(name: str, case: MediationCase) -> str:
    return reverse(f"disputes:{name}", args=[case.pk])


def _accepted(world: World, days_ago: int = 0) -> MediationCase:
    day = timezone.localdate() - timedelta(days=days_ago)
    case = apply(world, world.extra["committee"], applied_on=day)
    return case_accept(actor=world.system, case=case, on=day)


def test_a_consultation_is_logged_with_the_union_preselected(world: World) -> None:
    client = _client(world)
    form = client.get(reverse("disputes:consultation_log"))
    assert form.context["form"]["organization"].value() == world.union_a.pk
    assert form.context["form"]["held_on"].value() == timezone.localdate()

    response = client.post(
        reverse("disputes:consultation_log"),
        {
            "organization": world.union_a.pk,
            "channel": "phone",
            "held_on": timezone.localdate().isoformat(),
            "topic": "wages",
            "people": "1",
            "worker_name": "孙八",
            "employer_name": "甲科技有限公司",
            "answer": "可申请调解。",
            "outcome": "mediation",
            "satisfaction": "satisfied",
            "another": "1",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("disputes:consultation_log")
    row = Consultation.objects.get()
    assert (row.organization, row.channel, row.worker_name) == (world.union_a, "phone", "孙八")
    listed = client.get(reverse("disputes:consultation_list"), {"channel": "phone"})
    assert "孙八" in listed.content.decode()
    assert (
        "孙八"
        not in client.get(
            reverse("disputes:consultation_list"), {"channel": "on_site"}
        ).content.decode()
    )


def _apply_post(world: World, **extra: str) -> dict[str, Any]:
    return {
        "committee": world.extra["committee"].pk,
        "applied_on": timezone.localdate().isoformat(),
        "oral": "on",
        "employer_name": "甲科技有限公司",
        "facts": "拖欠两名职工三个月工资。",
        "applicants-TOTAL_FORMS": "3",
        "applicants-INITIAL_FORMS": "0",
        "applicants-0-name": "周一",
        "applicants-0-id_number": "11010519491231002X",
        "applicants-1-name": "吴二",
        "claims-TOTAL_FORMS": "3",
        "claims-INITIAL_FORMS": "0",
        "claims-0-kind": "wages",
        "claims-0-amount": "12000",
        "claims-1-kind": "compensation",
        "claims-1-amount": "3000.50",
        **extra,
    }


def test_a_group_application_records_each_applicant_and_claim(world: World) -> None:
    client = _client(world)

    response = client.post(reverse("disputes:case_apply"), _apply_post(world))

    case = MediationCase.objects.get()
    assert response["Location"] == _url("case_detail", case)
    assert case.oral and case.status == CaseStatus.APPLIED
    assert sorted(a.name for a in case.applicants.all()) == ["吴二", "周一"]
    assert case.claimed_total() == 15000.50
    page = client.get(_url("case_detail", case)).content.decode()
    assert "11010519491231002X" not in page  # union A's staff may not see ID numbers


def test_an_application_without_applicants_is_refused_on_the_form(world: World) -> None:
    data = _apply_post(world, **{"applicants-0-name": "", "applicants-0-id_number": ""})
    data["applicants-1-name"] = ""

    response = _client(world).post(reverse("disputes:case_apply"), data)

    assert response.status_code == 200
    assert "至少需要一名申请人" in response.content.decode()
    assert not MediationCase.objects.exists()


def test_accepting_shows_the_deadline(world: World) -> None:
    case = apply(world, world.extra["committee"])
    client = _client(world)

    response = client.post(
        _url("case_accept", case),
        {
            "accepted_on": timezone.localdate().isoformat(),
            "mediators": [world.user("union_a_staff").pk],
        },
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.deadline is not None and case.status == CaseStatus.MEDIATING
    page = client.get(_url("case_detail", case)).content.decode()
    assert case.deadline.isoformat() in page
    assert case.deadline.isoformat() in client.get(CASES).content.decode()


def test_a_session_before_acceptance_is_refused_with_the_message(world: World) -> None:
    case = _accepted(world)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = _client(world).post(
        _url("session_log", case), {"held_on": yesterday.isoformat(), "summary": "调解。"}
    )

    assert response.status_code == 200
    assert "调解日期不能早于受理日期" in str(response.context["form"].errors["held_on"])
    assert not case.sessions.exists()


def test_closing_without_an_outcome_is_refused(world: World) -> None:
    case = _accepted(world)

    response = _client(world).post(
        _url("case_close", case), {"outcome": "", "closed_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 200
    assert "结案须选择结果" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.MEDIATING


def test_an_overdue_case_is_marked_in_the_lists_and_on_its_page(world: World) -> None:
    late = _accepted(world, days_ago=25)
    fresh = _accepted(world)
    client = _client(world)

    listed = client.get(CASES).content.decode()
    overdue = client.get(reverse("disputes:case_overdue")).content.decode()
    page = client.get(_url("case_detail", late)).content.decode()

    assert listed.count('class="badge overdue"') == 1
    assert late.number in overdue and fresh.number not in overdue
    assert 'class="badge overdue"' in page and "调解期限已于" in page
    assert "badge overdue" not in client.get(_url("case_detail", fresh)).content.decode()


def test_an_uncertain_deadline_says_so(world: World) -> None:
    case = _accepted(world)
    MediationCase.objects.filter(pk=case.pk).update(deadline_uncertain=True)

    assert "期限待确认" in _client(world).get(CASES).content.decode()


def test_a_user_who_may_see_personal_data_sees_it_and_is_audited(world: World) -> None:
    case = apply(world, world.extra["committee"])

    page = _client(world, "pii_a_staff").get(_url("case_detail", case)).content.decode()

    assert "11010519491231002X" in page
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW_PERSONAL_DATA, object_id=str(case.pk)
    ).exists()


def test_the_whole_agreement_flow_shows_the_amounts(world: World) -> None:
    case = _accepted(world)
    client = _client(world)
    today = timezone.localdate().isoformat()

    client.post(
        _url("agreement_record", case),
        {
            "terms": "被申请人支付工资。\n双方再无其他争议。",
            "amount": "8000",
            "instalments-TOTAL_FORMS": "3",
            "instalments-INITIAL_FORMS": "0",
            "instalments-0-due_on": today,
            "instalments-0-amount": "5000",
            "instalments-1-due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "instalments-1-amount": "3000",
        },
    )
    client.post(
        _url("agreement_sign", case),
        {"parties_signed_on": today, "mediator_signed_on": today, "sealed_on": today},
    )
    client.post(_url("payment_record", case), {"paid_on": today, "amount": "5000"})

    case.refresh_from_db()
    assert case.agreement.is_effective
    assert case.agreement.instalments.count() == 2
    page = client.get(_url("case_detail", case)).content.decode()
    assert "8,000.00" in page and "5,000.00" in page and "3,000.00" in page


def test_the_case_list_costs_the_same_queries_for_5_and_30_cases(world: World) -> None:
    client = _client(world)
    for _n in range(5):
        _accepted(world)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CASES).status_code == 200
    for _n in range(25):
        _accepted(world, days_ago=20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(CASES).status_code == 200

    assert len(many) == len(few)


def test_a_failed_case_goes_to_arbitration_and_a_case_can_be_transferred_up(
    world: World,
) -> None:
    committee_create(actor=world.system, organization=world.station_a, name="第一服务站调委会")
    failed, moving = _accepted(world), _accepted(world)
    client = _client(world, "station_a_staff")
    today = timezone.localdate().isoformat()

    client.post(_url("case_close", failed), {"outcome": "failure", "closed_on": today})
    client.post(_url("case_arbitration", failed), {"handed_on": today})
    response = client.post(_url("case_transfer", moving), {"reason": "涉及人数多，移交服务站。"})

    failed.refresh_from_db()
    moving.refresh_from_db()
    assert failed.arbitration_handed_on == timezone.localdate()
    assert moving.status == CaseStatus.TRANSFERRED and moving.transferred_to is not None
    assert response["Location"] == _url("case_detail", moving.transferred_to)


@pytest.mark.django_db
def test_a_group_case_can_ask_for_more_applicant_rows(client) -> None:  # type: ignore[no-untyped-def]
    from gonghui.core.testing import build_world

    world = build_world()
    client.force_login(world.user("fed_staff"))
    page = client.get("/disputes/cases/apply/?rows=30")
    assert page.status_code == 200
    assert page.content.decode().count('name="applicants-29-name"') == 1
    assert client.get("/disputes/cases/apply/?rows=x").status_code == 200


def test_blank_rows_the_browser_posts_are_ignored(world: World) -> None:
    # given the form as a browser shows it: a blank claim row selects its first option
    client = _client(world)
    page = client.get(reverse("disputes:case_apply")).content.decode()
    select = re.search(r'<select name="claims-2-kind"[^>]*>\s*<option value="([^"]*)"', page)
    assert select is not None
    first_option = select.group(1)

    # when one applicant and one claim are filled and the other rows posted as shown
    data = _apply_post(world, **{"claims-1-kind": first_option, "claims-1-amount": ""})
    data.update({"applicants-1-name": "", "claims-2-kind": first_option, "claims-2-amount": ""})
    response = client.post(reverse("disputes:case_apply"), data)

    # then the case is registered with those rows only
    case = MediationCase.objects.get()
    assert response["Location"] == _url("case_detail", case)
    assert [a.name for a in case.applicants.all()] == ["周一"]
    assert case.claimed_total() == 12000


def test_a_refused_application_lists_its_errors_at_the_top(world: World) -> None:
    data = _apply_post(world, **{"claims-0-amount": "-5", "facts": ""})

    response = _client(world).post(reverse("disputes:case_apply"), data)

    summary = re.search(
        r'<div class="error-summary"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    assert summary is not None
    assert "事实与理由" in summary.group(1) and "金额" in summary.group(1)
    assert not MediationCase.objects.exists()


def test_cases_are_found_by_applicant_name_id_number_employer_and_number(world: World) -> None:
    # given two cases, one with a named applicant and ID number
    client = _client(world)
    client.post(reverse("disputes:case_apply"), _apply_post(world))
    wanted = MediationCase.objects.get()
    other = apply(
        world,
        world.extra["committee"],
        employer_name="乙物流有限公司",
        applicants=[{"name": "赵六", "id_number": "", "phone": ""}],
    )
    url = reverse("disputes:case_list")

    def found(q: str) -> list[str]:
        redirected = client.post(url, {"q": q})
        assert redirected.status_code == 302 and q not in redirected["Location"]
        page = client.get(redirected["Location"])
        return sorted(row.number for row in page.context["object_list"])

    # then each way of searching finds it, and the ID number never reaches a URL
    assert found("吴二") == [wanted.number]
    assert found("11010519491231002x") == [wanted.number]
    assert found("乙物流") == [other.number]
    assert found(wanted.number) == [wanted.number]
    assert found("11010519491231003X") == []
    typed = client.get(url, {"q": "11010519491231002X"})
    assert len(typed.context["object_list"]) == 2  # ignored in a URL, with a warning
    assert "身份证号和手机号不能放在网址中" in typed.content.decode()
