"""The member pages: signing in, joining, following an application, notices."""

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core import sms
from gonghui.core.models import AuditEntry, Notice
from gonghui.core.testing import World, build_world, make_user
from gonghui.members.choices import CURRENT_CONSENT_VERSION, ApplicationStatus
from gonghui.members.models import JoinApplication
from gonghui.members.services.applications import application_reject, application_request_info
from gonghui.members.services.signin import member_set_password
from gonghui.organizations.models import LegalEntity
from gonghui.organizations.services import union_dissolve
from gonghui.portal.tests import factories

pytestmark = pytest.mark.django_db
STRONG_PASSWORD = "Ruhui-Mima-2026"


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def outbox() -> Iterator[list[sms.Message]]:
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _text(response: Any) -> str:
    return str(response.content.decode())


def _join_data(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": " 赵小红 ",
        "id_number": factories.id_number(7).lower(),
        "phone": "139 0000 0007",
        "employment_kind": "employee",
        "employer": world.entity_a.name,
        "platform": "",
        "area": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


# --- signing in ------------------------------------------------------------------------


def test_the_sign_in_page_offers_a_code_and_a_password(client: Client) -> None:
    response = client.get(reverse("portal:login"))

    assert response.status_code == 200
    page = _text(response)
    assert "获取验证码" in page and "使用密码登录" in page
    assert 'href="/static/css/portal.css"' in page


def test_a_worker_signs_in_with_a_code_sent_by_sms(
    client: Client, outbox: list[sms.Message], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("portal:code_request"), {"phone": "13800138000"})
    assert sent.status_code == 302
    page = _text(client.get(sent["Location"]))
    assert "验证码已发送至 138****8000" in page
    assert 'value="13800138000"' in page  # the phone is kept for the second step
    code = re.search(r"\d{6}", outbox[0].text)
    assert code

    response = client.post(
        reverse("portal:login"), {"mode": "code", "phone": "13800138000", "code": code.group()}
    )

    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    assert "您还不是工会会员" in _text(home)
    login = AuditEntry.objects.get(action="login")
    assert login.actor_name.startswith("m_") and "13800138000" not in login.actor_name
    assert "sms" in login.message


def test_a_second_code_within_a_minute_is_refused_saying_when(client: Client) -> None:
    client.post(reverse("portal:code_request"), {"phone": "13800138000"})

    response = client.post(reverse("portal:code_request"), {"phone": "13800138000"})

    assert response.status_code == 429
    assert re.search(r"请 \d+ 秒后再试", _text(response))


def test_a_wrong_code_is_named_and_the_phone_kept(client: Client) -> None:
    client.post(reverse("portal:code_request"), {"phone": "13800138000"})

    response = client.post(
        reverse("portal:login"), {"mode": "code", "phone": "13800138000", "code": "000000x"}
    )

    page = _text(response)
    assert response.status_code == 200
    assert "验证码</a>：请输入短信中的6位数字验证码" in page
    assert 'value="13800138000"' in page


def test_sign_in_returns_to_the_page_asked_for(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    user = factories.member(3)
    member_set_password(user=user, password=STRONG_PASSWORD)
    target = reverse("portal:notices")
    assert client.get(target)["Location"] == f"/portal/login/?next={target}"

    response = client.post(
        reverse("portal:login"),
        {
            "mode": "password",
            "pw-phone": factories.phone(3),
            "pw-password": STRONG_PASSWORD,
            "next": target,
        },
    )

    assert response["Location"] == target
    assert "password" in AuditEntry.objects.get(action="login").message


def test_a_member_sets_a_password_then_signs_in_with_it(world: World, client: Client) -> None:
    user = factories.member(3)
    client.force_login(user)

    weak = client.post(reverse("portal:password"), {"password": "123", "password_again": "123"})
    assert "新密码</a>：" in _text(weak)
    mismatch = client.post(
        reverse("portal:password"), {"password": STRONG_PASSWORD, "password_again": "other"}
    )
    assert "两次输入的密码不一致" in _text(mismatch)
    saved = client.post(
        reverse("portal:password"),
        {"password": STRONG_PASSWORD, "password_again": STRONG_PASSWORD},
    )
    assert saved.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200  # still signed in
    client.post(reverse("portal:logout"))
    assert client.get(reverse("portal:home")).status_code == 302

    signed_in = client.post(
        reverse("portal:login"),
        {"mode": "password", "pw-phone": factories.phone(3), "pw-password": STRONG_PASSWORD},
    )
    assert signed_in.status_code == 302


def test_a_locked_out_member_is_told_on_the_member_page(world: World, client: Client) -> None:
    factories.member(3)
    data = {"mode": "password", "pw-phone": factories.phone(3), "pw-password": "wrong-one"}
    for _ in range(4):
        client.post(reverse("portal:login"), data)

    response = client.post(reverse("portal:login"), data)

    assert response.status_code == 200
    assert "登录失败次数过多，请 30 分钟后再试" in _text(response)
    assert "工作人员" not in _text(response).split("<main>")[1].split("</form>")[0]


def test_staff_accounts_are_refused_on_member_pages(world: World, client: Client) -> None:
    client.force_login(world.user("union_a_staff"))

    response = client.get(reverse("portal:home"))

    assert response.status_code == 403
    assert "工作人员账户不能使用会员服务" in _text(response)


# --- joining ---------------------------------------------------------------------------


def test_an_anonymous_worker_joins_through_the_employer_and_sees_the_status(
    world: World, client: Client
) -> None:
    form = client.get(reverse("portal:join"))
    assert CURRENT_CONSENT_VERSION in _text(form)

    response = client.post(reverse("portal:join"), _join_data(world))

    application = JoinApplication.objects.get()
    assert response["Location"] == reverse("portal:application_detail", args=[application.pk])
    assert application.union == world.union_a
    assert application.employer == world.entity_a
    assert application.name == "赵小红"
    assert application.phone == "+8613900000007"
    assert application.consent_version == CURRENT_CONSENT_VERSION
    assert application.consented_at is not None
    assert application.applicant is None
    status = _text(client.get(response["Location"]))
    assert "待审核" in status and world.union_a.name in status
    assert "110101********0070" in status  # the ID number is shown masked
    assert "用手机号 139****0007 登录后" in status
    # another browser does not see it
    assert Client().get(response["Location"]).status_code == 302


def test_an_employer_can_be_named_by_its_credit_code(world: World, client: Client) -> None:
    client.post(reverse("portal:join"), _join_data(world, employer=world.entity_b.credit_code))

    assert JoinApplication.objects.get().union == world.union_b


def test_a_platform_worker_goes_to_the_joint_union_of_the_area(
    world: World, client: Client
) -> None:
    joint = factories.joint_union(world)
    data = _join_data(
        world,
        employment_kind="platform",
        platform="rider",
        area=str(world.station_a.pk),
        employer=world.entity_b.name,  # hidden for a platform worker: ignored
    )

    client.post(reverse("portal:join"), data)

    application = JoinApplication.objects.get()
    assert application.union == joint
    assert (application.platform, application.area, application.employer) == (
        "rider",
        world.station_a,
        None,
    )


def test_an_employer_the_registry_does_not_know_goes_to_the_area(
    world: World, client: Client
) -> None:
    joint = factories.joint_union(world)

    client.post(
        reverse("portal:join"),
        _join_data(world, employer="丁小吃店", area=str(world.station_a.pk)),
    )

    application = JoinApplication.objects.get()
    assert (application.union, application.employer_name) == (joint, "丁小吃店")


@pytest.mark.parametrize(
    ("overrides", "label", "message"),
    [
        ({"id_number": "110101199003070012"}, "身份证号", "身份证号校验位不正确"),
        ({"id_number": ""}, "身份证号", "请填写身份证号"),
        ({"phone": "12345"}, "手机号", "电话号码"),
        ({"phone": ""}, "手机号", "请填写"),
        ({"name": "  "}, "姓名", "请填写姓名"),
        ({"consent": ""}, "我已阅读并同意个人信息处理说明", "请阅读并同意个人信息处理说明"),
        ({"employer": ""}, "工作单位", "请选择或填写工作单位"),
        ({"employer": ""}, "所在区域（服务站）", "请选择您工作所在的区域"),
        (
            {"employment_kind": "platform", "employer": "", "platform": ""},
            "平台类别",
            "新就业形态劳动者请选择平台类别",
        ),
    ],
)
def test_bad_input_is_named_in_chinese_and_nothing_is_written(
    world: World, client: Client, overrides: dict[str, Any], label: str, message: str
) -> None:
    data = _join_data(world, **overrides)

    response = client.post(reverse("portal:join"), data)

    assert response.status_code == 200
    summary = _text(response).split('class="error-summary"')[1].split("</div>")[0]
    assert f"{label}</a>：" in summary and message in summary
    assert not JoinApplication.objects.exists()
    assert not Notice.objects.exists()
    for field in ("name", "id_number", "phone"):  # nothing typed is lost
        if data[field]:
            assert f'value="{data[field]}"' in _text(response)


def test_a_second_open_application_is_refused(world: World, client: Client) -> None:
    client.post(reverse("portal:join"), _join_data(world))

    response = client.post(reverse("portal:join"), _join_data(world))

    assert "您已有一份正在办理的入会申请" in _text(response)
    assert JoinApplication.objects.count() == 1


def test_the_consent_text_has_its_own_page(client: Client) -> None:
    response = client.get(reverse("portal:consent"))

    assert "本人同意工会为办理入会" in _text(response)


def test_employer_search_by_name_or_credit_code(world: World, client: Client) -> None:
    url = reverse("portal:employer_search")

    by_name = client.get(url, {"q": "物流"}).json()
    by_code = client.get(url, {"q": world.entity_a.credit_code[:8]}).json()
    too_short = client.get(url, {"q": "乙"}).json()

    assert by_name == {
        "results": [{"name": "乙物流有限公司", "credit_code": world.entity_b.credit_code}]
    }
    assert {r["name"] for r in by_code["results"]} == set(
        LegalEntity.objects.values_list("name", flat=True)
    )
    assert too_short == {"results": []}


def test_employer_search_leaves_out_entities_of_dissolved_unions(
    world: World, client: Client
) -> None:
    union_dissolve(actor=world.system, union=world.union_b, on=date(2026, 1, 5), reason="企业注销")

    found = client.get(reverse("portal:employer_search"), {"q": "物流"}).json()

    assert found == {"results": []}


# --- following an application ----------------------------------------------------------


@pytest.fixture
def owner(world: World) -> Any:
    return factories.member(1)


@pytest.fixture
def applied(world: World, owner: Any) -> JoinApplication:
    return factories.application(world, serial=1, actor=owner)


def test_the_status_page_shows_the_reason_of_a_rejection(
    world: World, client: Client, owner: Any, applied: JoinApplication
) -> None:
    application_reject(actor=world.system, application=applied, reason="您已在其他单位入会")
    client.force_login(owner)

    page = _text(client.get(reverse("portal:application_detail", args=[applied.pk])))

    assert "未批准" in page and "您已在其他单位入会" in page
    assert "撤回申请" not in page


def test_a_member_resubmits_after_a_request_for_information(
    world: World, client: Client, owner: Any, applied: JoinApplication
) -> None:
    application_request_info(actor=world.system, application=applied, reason="姓名与身份证不符")
    client.force_login(owner)
    url = reverse("portal:application_detail", args=[applied.pk])
    page = _text(client.get(url))
    assert "姓名与身份证不符" in page and "重新提交" in page

    bad = client.post(
        reverse("portal:application_resubmit", args=[applied.pk]),
        {"name": "王晓明", "phone": "123", "note": ""},
    )
    assert "手机号</a>：" in _text(bad) and 'value="王晓明"' in _text(bad)
    response = client.post(
        reverse("portal:application_resubmit", args=[applied.pk]),
        {"name": "王晓明", "phone": factories.phone(1), "note": "已更正姓名"},
    )

    assert response["Location"] == url
    applied.refresh_from_db()
    assert (applied.status, applied.name, applied.reason) == (
        ApplicationStatus.SUBMITTED,
        "王晓明",
        "",
    )


def test_a_member_withdraws_an_open_application(
    client: Client, owner: Any, applied: JoinApplication
) -> None:
    client.force_login(owner)

    client.post(reverse("portal:application_withdraw", args=[applied.pk]))

    applied.refresh_from_db()
    assert applied.status == ApplicationStatus.WITHDRAWN
    page = _text(client.get(reverse("portal:application_detail", args=[applied.pk])))
    assert "已撤回" in page and "撤回申请</button>" not in page


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("application_detail", "get"),
        ("application_withdraw", "post"),
        ("application_resubmit", "post"),
    ],
)
def test_another_members_application_does_not_exist(
    world: World, client: Client, applied: JoinApplication, name: str, method: str
) -> None:
    client.force_login(factories.member(2))

    response = getattr(client, method)(reverse(f"portal:{name}", args=[applied.pk]))

    assert response.status_code == 404
    applied.refresh_from_db()
    assert applied.status == ApplicationStatus.SUBMITTED


def test_an_anonymous_application_is_followed_after_signing_in_with_its_phone(
    world: World, client: Client
) -> None:
    client.post(reverse("portal:join"), _join_data(world))
    application = JoinApplication.objects.get()
    worker = make_user("m_0123456789abcdef", None, None, phone="+8613900000007")
    other_browser = Client()
    other_browser.force_login(worker)

    home = _text(other_browser.get(reverse("portal:home")))
    assert application.number in home
    other_browser.post(reverse("portal:application_withdraw", args=[application.pk]))

    application.refresh_from_db()
    assert (application.status, application.applicant) == (ApplicationStatus.WITHDRAWN, worker)


# --- home, membership, notices ---------------------------------------------------------


def test_the_home_page_shows_the_membership_card(world: World, client: Client) -> None:
    owner = factories.member(1)
    approved = factories.approved(world, serial=1, actor=owner)
    client.force_login(owner)

    home = _text(client.get(reverse("portal:home")))
    membership = _text(client.get(reverse("portal:membership")))

    assert approved.membership is not None
    for page in (home, membership):
        assert world.union_a.name in page
        assert approved.membership.number in page
        assert "2026-01-05" in page


def test_notices_are_marked_read_when_viewed(
    world: World, client: Client, owner: Any, applied: JoinApplication
) -> None:
    application_reject(actor=world.system, application=applied, reason="资料不全")
    client.force_login(owner)
    home = _text(client.get(reverse("portal:home")))
    assert '<span class="count"' in home and "2 条未读" in home

    page = _text(client.get(reverse("portal:notices")))

    assert "入会申请未获批准" in page and "资料不全" in page
    assert page.count('<span class="pill">新</span>') == 2
    assert not Notice.objects.filter(user=owner, read_at__isnull=True).exists()
    again = _text(client.get(reverse("portal:notices")))
    assert '<span class="pill">新</span>' not in again
    assert '<span class="count"' not in again


def test_a_member_without_a_record_is_told_how_to_get_one(world: World, client: Client) -> None:
    client.force_login(world.user("member"))

    response = client.get(reverse("portal:membership"))

    assert response.status_code == 403
    assert "入会申请批准后" in _text(response)


@pytest.mark.django_db
def test_opening_the_notices_marks_them_read_in_one_statement(client) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.models import Notice
    from gonghui.core.testing import build_world

    world = build_world()
    member = world.user("member")
    client.force_login(member)
    counts = []
    for batch in (3, 12):
        Notice.objects.bulk_create(Notice(user=member, title=f"t{n}") for n in range(batch))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal:notices")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert not Notice.objects.filter(user=member, read_at__isnull=True).exists()
