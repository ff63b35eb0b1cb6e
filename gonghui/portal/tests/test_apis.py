"""The member API: a code for a token, joining, following applications, notices."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gonghui.accounts.services import token_issue
from gonghui.core import sms
from gonghui.core.models import Notice
from gonghui.core.testing import World, build_world
from gonghui.members.choices import ApplicationStatus, Channel
from gonghui.members.models import JoinApplication
from gonghui.members.services.applications import application_reject, application_request_info
from gonghui.portal.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def outbox() -> Iterator[list[sms.Message]]:
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user).key}")
    return client


def _url(name: str, **kwargs: Any) -> str:
    return reverse(f"api:portal:{name}", kwargs=kwargs or None)


@pytest.fixture
def owner(world: World) -> Any:
    return factories.member(1)


@pytest.fixture
def applied(world: World, owner: Any) -> JoinApplication:
    return factories.application(world, serial=1, actor=owner)


# --- signing in ------------------------------------------------------------------------


def test_a_code_is_exchanged_for_a_token(
    world: World, outbox: list[sms.Message], django_capture_on_commit_callbacks: Any
) -> None:
    client = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(_url("code-request"), {"phone": "13800138000"}, format="json")
    assert sent.status_code == 200
    assert sent.json() == {"phone": "138****8000", "expires_in": 300, "resend_after": 60}
    code = re.search(r"\d{6}", outbox[0].text)
    assert code

    response = client.post(
        _url("code-token"), {"phone": "13800138000", "code": code.group()}, format="json"
    )

    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get(_url("me")).json()
    assert me == {"phone": "13800138000", "name": "", "membership": None, "unread_notices": 0}


def test_a_code_too_soon_answers_429_saying_when(world: World) -> None:
    client = APIClient()
    client.post(_url("code-request"), {"phone": "13800138000"}, format="json")

    response = client.post(_url("code-request"), {"phone": "13800138000"}, format="json")

    assert response.status_code == 429
    assert response.json() == {
        "code": "throttled",
        "message": "获取验证码过于频繁，请 60 秒后再试",
        "fields": {},
    }
    assert response["Retry-After"] == "60"


def test_a_bad_phone_or_an_unknown_field_is_named(world: World) -> None:
    client = APIClient()

    bad = client.post(_url("code-request"), {"phone": "12345"}, format="json")
    unknown = client.post(
        _url("code-request"), {"phone": "13800138000", "role": "admin"}, format="json"
    )

    assert bad.status_code == 400 and "phone" in bad.json()["fields"]
    assert unknown.status_code == 400 and unknown.json()["fields"] == {"role": ["没有这个字段"]}


def test_wrong_codes_answer_400_then_lock_out(world: World) -> None:
    client = APIClient()
    client.post(_url("code-request"), {"phone": "13800138000"}, format="json")
    answers = [
        client.post(_url("code-token"), {"phone": "13800138000", "code": "999999"}, format="json")
        for _ in range(5)
    ]

    assert [a.status_code for a in answers[:4]] == [400] * 4
    assert answers[0].json()["fields"]["code"][0].startswith("验证码不正确")
    assert answers[4].status_code == 403
    assert answers[4].json()["code"] == "locked_out"
    assert "30 分钟后再试" in answers[4].json()["message"]


# --- who may call ----------------------------------------------------------------------


def test_anonymous_calls_are_challenged_and_staff_refused(world: World) -> None:
    anonymous = APIClient().get(_url("application-list"))
    staff = _client(world.user("union_a_staff")).get(_url("application-list"))

    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    assert staff.status_code == 403
    assert "工作人员账户不能使用会员服务" in staff.json()["message"]


def test_the_join_lists_are_public(world: World) -> None:
    employers = APIClient().get(_url("employer-search"), {"q": "科技"})
    areas = APIClient().get(_url("area-list"))
    missing = APIClient().get(_url("employer-search"))

    assert employers.json() == [
        {"name": "甲科技有限公司", "credit_code": world.entity_a.credit_code}
    ]
    assert [a["name"] for a in areas.json()] == ["第一服务站", "第二服务站"]
    assert missing.status_code == 400 and "q" in missing.json()["fields"]


# --- applications ----------------------------------------------------------------------


def test_a_member_applies_through_the_employer(world: World, owner: Any) -> None:
    response = _client(owner).post(
        _url("application-list"),
        {
            "name": "王小明",
            "id_number": factories.id_number(1),
            "employment_kind": "employee",
            "employer": world.entity_a.credit_code.lower(),
            "consent": True,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["union"] == {"id": world.union_a.pk, "name": world.union_a.name}
    assert body["status"] == "submitted" and body["can_withdraw"] is True
    assert body["id_number"] == "110101********0011"
    assert body["phone"] == "137****0001"
    application = JoinApplication.objects.get()
    assert (application.applicant, application.channel, application.phone) == (
        owner,
        Channel.MINI_PROGRAM,
        owner.phone,
    )


def test_a_platform_worker_applies_in_an_area(world: World, owner: Any) -> None:
    joint = factories.joint_union(world)

    response = _client(owner).post(
        _url("application-list"),
        {
            "name": "王小明",
            "id_number": factories.id_number(1),
            "employment_kind": "platform",
            "platform": "courier",
            "area": world.station_a.pk,
            "consent": True,
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["union"]["id"] == joint.pk
    assert response.json()["area"] == {"id": world.station_a.pk, "name": "第一服务站"}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "110101199003070012"}, "id_number", "身份证号校验位不正确"),
        ({"consent": False}, "consent", "请阅读并同意个人信息处理说明"),
        ({"employer": "91110000000000000X"}, "employer", "未找到该统一社会信用代码对应的单位"),
        ({"employer": "", "area": 999999}, "area", "请选择有效的区域"),
        ({"employer": ""}, "area", "请选择您工作所在的区域"),
        ({"consent_version": "1999-01"}, "consent", "同意书版本无效"),
    ],
)
def test_bad_applications_are_refused_naming_the_field(
    world: World, owner: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    data = {
        "name": "王小明",
        "id_number": factories.id_number(1),
        "employment_kind": "employee",
        "employer": world.entity_a.credit_code,
        "consent": True,
        **overrides,
    }

    response = _client(owner).post(_url("application-list"), data, format="json")

    assert response.status_code == 400
    assert message in response.json()["fields"][field][0]
    assert not JoinApplication.objects.exists()


def test_members_list_and_read_only_their_own_applications(
    world: World, owner: Any, applied: JoinApplication
) -> None:
    neighbour = factories.member(2)
    theirs = factories.application(world, serial=2, actor=neighbour)

    listed = _client(owner).get(_url("application-list")).json()
    other = _client(owner).get(_url("application-detail", pk=theirs.pk))

    assert [row["number"] for row in listed["results"]] == [applied.number]
    assert other.status_code == 404 and other.json()["code"] == "not_found"


def test_the_reason_of_a_rejection_is_shown(
    world: World, owner: Any, applied: JoinApplication
) -> None:
    application_reject(actor=world.system, application=applied, reason="已是其他工会会员")

    body = _client(owner).get(_url("application-detail", pk=applied.pk)).json()

    assert (body["status"], body["reason"], body["can_withdraw"]) == (
        "rejected",
        "已是其他工会会员",
        False,
    )


def test_a_member_resubmits_after_a_request_for_information(
    world: World, owner: Any, applied: JoinApplication
) -> None:
    application_request_info(actor=world.system, application=applied, reason="请核对姓名")
    client = _client(owner)
    assert client.get(_url("application-detail", pk=applied.pk)).json()["can_resubmit"] is True

    response = client.post(
        _url("application-resubmit", pk=applied.pk),
        {"name": "王晓明", "note": "已更正"},
        format="json",
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["name"]) == ("submitted", "王晓明")


def test_a_member_withdraws_once(owner: Any, applied: JoinApplication) -> None:
    client = _client(owner)

    first = client.post(_url("application-withdraw", pk=applied.pk))
    second = client.post(_url("application-withdraw", pk=applied.pk))

    assert first.status_code == 200 and first.json()["status"] == ApplicationStatus.WITHDRAWN
    assert second.status_code == 400
    assert second.json()["fields"]["status"] == ["该申请已办结，不能撤回"]


def test_an_application_left_for_the_phone_is_claimed_when_acted_on(world: World) -> None:
    anonymous = factories.application(world, serial=4)  # submitted without an account
    member = factories.member(4)

    response = _client(member).post(_url("application-withdraw", pk=anonymous.pk))

    assert response.status_code == 200
    anonymous.refresh_from_db()
    assert anonymous.applicant == member


# --- notices ---------------------------------------------------------------------------


def test_notices_are_listed_and_marked_read(
    world: World, owner: Any, applied: JoinApplication
) -> None:
    application_reject(actor=world.system, application=applied, reason="资料不全")
    client = _client(owner)
    notices = client.get(_url("notice-list")).json()["results"]
    assert [n["title"] for n in notices] == ["入会申请未获批准", "入会申请已提交"]
    assert client.get(_url("me")).json()["unread_notices"] == 2

    response = client.post(_url("notice-read", pk=notices[0]["id"]))

    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert client.get(_url("me")).json()["unread_notices"] == 1
    other = factories.member(2)
    assert _client(other).post(_url("notice-read", pk=notices[1]["id"])).status_code == 404
    assert Notice.objects.filter(read_at__isnull=True).count() == 1
