"""Who may open each staff disputes page (run by ``core/tests/test_access.py``).

``prepare`` adds, through the services with the system user, an enterprise committee at
union A (union A's staff seated on it), a consultation at union A, a case just applied for
and an overdue case being mediated with an agreement signed and sealed. The outsider is union B's
staff (station B's for the committee pages, which need ``disputes.manage``)."""

from collections.abc import Callable
from datetime import time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing import AccessCase, World
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.agreements import agreement_record, agreement_sign
from gonghui.disputes.services.cases import case_accept, case_apply, session_schedule
from gonghui.disputes.services.committees import committee_create, committee_seat
from gonghui.disputes.services.consultations import consultation_log
from gonghui.disputes.tests.access_api import committee_of_b, mediators_of_b

COMMITTEE_NAME = "甲公司劳动争议调解委员会"
CONSULTED = "咨询人甲"


def apply(world: World, committee: Any, **changes: Any) -> MediationCase:
    fields: dict[str, Any] = {
        "actor": world.system,
        "committee": committee,
        "applicants": [{"name": "王五", "id_number": "11010519491231002X", "phone": "13800138000"}],
        "claims": [{"kind": "wages", "amount": "8000.00"}],
        "facts": "拖欠2025年11月至12月工资。",
        "employer_name": "甲科技有限公司",
        "employer_agent": "赵六",
        **changes,
    }
    return case_apply(**fields)


def prepare(world: World) -> None:
    committee = committee_create(
        actor=world.system, organization=world.union_a, name=COMMITTEE_NAME
    )
    committee_seat(actor=world.system, committee=committee, user=world.user("union_a_staff"))
    world.extra["committee"] = committee
    consultation_log(
        actor=world.system,
        organization=world.union_a,
        channel="phone",
        topic="wages",
        worker_name=CONSULTED,
    )
    world.extra["case"] = apply(world, committee)
    # accepted 25 days ago: its deadline has passed, so it is on the overdue list
    long_ago = timezone.localdate() - timedelta(days=25)
    mediating = case_accept(
        actor=world.system, case=apply(world, committee, applied_on=long_ago), on=long_ago
    )
    agreement = agreement_record(
        actor=world.system, case=mediating, terms="被申请人支付工资8000元。", amount="8000"
    )
    today = timezone.localdate()
    agreement_sign(
        actor=world.system,
        case=agreement.case,
        parties_signed_on=today,
        mediator_signed_on=today,
        sealed_on=today,
    )
    world.extra["mediating"] = mediating
    world.extra["planned"] = session_schedule(
        actor=world.system,
        case=mediating,
        on=today,
        starts_at=time(23, 30),
        place="调解室",
        mediator=world.user("union_a_staff"),
    )


def _today() -> str:
    return timezone.localdate().isoformat()


def _case_url(name: str, key: str = "case") -> Callable[[World], str]:
    return lambda w: reverse(f"disputes:{name}", args=[w.extra[key].pk])


def _case_pages(
    name: str,
    data: Callable[[World], dict[str, Any]] | None = None,
    key: str = "case",
    **post: Any,
) -> list[AccessCase]:
    """A case action's page (GET) and, when ``data`` is given, its form (POST, with the
    further arguments ``post``)."""
    common: dict[str, Any] = {
        "url": _case_url(name, key),
        "allowed": "union_a_staff",
        "prepare": prepare,
    }
    cases = [AccessCase(name=f"disputes:{name}", **common)]
    if data is not None:
        cases.append(
            AccessCase(
                name=f"disputes:{name}",
                method="post",
                data=data,
                success=(302,),
                **common,
                **post,
            )
        )
    return cases


def _apply_data(world: World) -> dict[str, Any]:
    data = {
        "committee": world.extra["committee"].pk,
        "applied_on": _today(),
        "employer_name": "甲科技有限公司",
        "facts": "拖欠工资。",
        "applicants-TOTAL_FORMS": "1",
        "applicants-INITIAL_FORMS": "0",
        "applicants-0-name": "钱七",
        "claims-TOTAL_FORMS": "1",
        "claims-INITIAL_FORMS": "0",
        "claims-0-kind": "wages",
        "claims-0-amount": "1000",
    }
    return data


def _listing(name: str, hidden: Callable[[World], str], **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"disputes:{name}",
        url=lambda w: reverse(f"disputes:{name}"),
        listing=True,
        hidden=hidden,
        prepare=prepare,
        **kwargs,
    )


ACCESS_CASES = [
    _listing("consultation_list", lambda w: CONSULTED, allowed="union_a_staff"),
    AccessCase(
        name="disputes:consultation_log",
        url=lambda w: reverse("disputes:consultation_log"),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
        prepare=prepare,
    ),
    AccessCase(
        name="disputes:consultation_log",
        url=lambda w: reverse("disputes:consultation_log"),
        method="post",
        data=lambda w: {
            "organization": w.union_a.pk,
            "channel": "on_site",
            "held_on": _today(),
            "topic": "contract",
            "people": "1",
            "outcome": "answered",
            "satisfaction": "satisfied",
        },
        success=(302,),
        allowed="union_a_staff",
        listing=True,  # the outsider cannot choose union A: the form is shown again
        hidden=lambda w: w.union_a.name,
        prepare=prepare,
        id="disputes:consultation_log-post",
    ),
    _listing("committee_list", lambda w: COMMITTEE_NAME, allowed="union_a_staff"),
    AccessCase(
        # the node is chosen by a type-ahead: the page lists no nodes, the lookup
        # (organizations/tests/access_lookups.py) is where station B's staff must not find A
        name="disputes:committee_create",
        url=lambda w: reverse("disputes:committee_create"),
        outsider="station_b_staff",
        static=True,
        prepare=prepare,
    ),
    AccessCase(
        name="disputes:committee_create",
        url=lambda w: reverse("disputes:committee_create"),
        method="post",
        data=lambda w: {"organization": w.station_a.pk, "name": "站级调解委员会"},
        success=(302,),
        outsider="station_b_staff",
        listing=True,  # the outsider cannot choose station A: the form is shown again
        hidden=lambda w: w.station_a.name,
        prepare=prepare,
        id="disputes:committee_create-post",
    ),
    AccessCase(
        name="disputes:committee_seat",
        url=lambda w: reverse("disputes:committee_seat", args=[w.extra["committee"].pk]),
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="disputes:committee_seat",
        url=lambda w: reverse("disputes:committee_seat", args=[w.extra["committee"].pk]),
        method="post",
        data=lambda w: {"user": w.user("station_a_staff").pk},
        success=(302,),
        outsider="station_b_staff",
        prepare=prepare,
    ),
    _listing("case_list", lambda w: w.extra["case"].number, allowed="union_a_staff"),
    _listing("case_overdue", lambda w: w.extra["mediating"].number, allowed="union_a_staff"),
    AccessCase(
        name="disputes:case_apply",
        url=lambda w: reverse("disputes:case_apply"),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: COMMITTEE_NAME,
        prepare=prepare,
    ),
    AccessCase(
        name="disputes:case_apply",
        url=lambda w: reverse("disputes:case_apply"),
        method="post",
        data=_apply_data,
        success=(302,),
        allowed="union_a_staff",
        listing=True,  # the outsider cannot choose union A's committee
        hidden=lambda w: COMMITTEE_NAME,
        foreign_ids={"committee": committee_of_b},
        prepare=prepare,
        id="disputes:case_apply-post",
    ),
    *_case_pages("case_detail"),
    *_case_pages(
        "case_accept",
        lambda w: {"accepted_on": _today()},
        foreign_ids={"mediators": mediators_of_b},
    ),
    *_case_pages("case_decline", lambda w: {"decline_reason": "不属于劳动争议。"}),
    *_case_pages("case_transfer"),
    *_case_pages("case_extend", key="mediating"),
    *_case_pages(
        "session_schedule",
        lambda w: {
            "on": _today(),
            "starts_at": "16:00",
            "place": "调解室",
            "mediator": w.user("union_a_staff").pk,
        },
        "mediating",
        foreign_ids={"mediator": lambda w: mediators_of_b(w)[0]},
    ),
    *_case_pages(
        "session_cancel",
        lambda w: {"session": w.extra["planned"].pk, "cancel_reason": "申请人请求改期"},
        "mediating",
    ),
    _listing("session_week", lambda w: w.extra["mediating"].number, allowed="union_a_staff"),
    *_case_pages(
        "session_log", lambda w: {"held_on": _today(), "summary": "首次调解。"}, "mediating"
    ),
    *_case_pages("case_close", key="mediating"),
    *_case_pages("agreement_record", key="mediating"),
    *_case_pages("agreement_sign", key="mediating"),
    *_case_pages("payment_record", lambda w: {"paid_on": _today(), "amount": "3000"}, "mediating"),
    *_case_pages("case_arbitration", key="mediating"),
    *_case_pages("agreement_pdf", key="mediating"),
]
