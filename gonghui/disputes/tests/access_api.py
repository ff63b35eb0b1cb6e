"""Access cases of the staff disputes API (run by ``core/tests/test_access.py``): an
enterprise committee at union A and a case before it are prepared through the services;
union B's staff are the outsiders, the World's member holds no staff role.

The ``prepare_*`` helpers are shared with the disputes tests and the member pages' tests.
"""

from collections.abc import Callable
from datetime import date, time
from typing import Any

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.disputes.models import MediationCase, MediationCommittee
from gonghui.disputes.services.agreements import agreement_record, agreement_sign
from gonghui.disputes.services.cases import case_accept, case_apply, case_close, session_schedule
from gonghui.disputes.services.committees import committee_create, committee_seat
from gonghui.disputes.services.consultations import consultation_log

APPLIED_ON = date(2026, 11, 2)
ACCEPTED_ON = date(2026, 11, 3)
SIGNED_ON = date(2026, 11, 10)
EMPLOYEE_ID = "110101199003070011"
EMPLOYEE_PHONE = "13700001234"


def applicant(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"name": "王小明", "id_number": EMPLOYEE_ID, "phone": EMPLOYEE_PHONE}
    values.update(changes)
    return values


def committee_at(world: World, node: Any = None, name: str = "") -> MediationCommittee:
    node = node or world.union_a
    return committee_create(
        actor=world.system, organization=node, name=name or f"{node.name}劳动争议调解委员会"
    )


def apply(world: World, committee: MediationCommittee, **changes: Any) -> MediationCase:
    values: dict[str, Any] = {
        "applicants": [applicant()],
        "facts": "公司拖欠2026年9月、10月工资共计10000元。",
        "claims": [{"kind": "wages", "amount": "10000.00"}],
        "employer": world.entity_a,
        "applied_on": APPLIED_ON,
    }
    values.update(changes)
    return case_apply(actor=world.system, committee=committee, **values)


def prepare_case(world: World) -> None:
    """An enterprise committee at union A and a case applied to it."""
    world.extra["committee"] = committee_at(world)
    world.extra["case"] = apply(world, world.extra["committee"])


CONSULTED = "咨询人丙"


def prepare_consulted(world: World) -> None:
    """A case, and a consultation logged by union A."""
    prepare_case(world)
    consultation_log(
        actor=world.system,
        organization=world.union_a,
        channel="phone",
        topic="wages",
        worker_name=CONSULTED,
    )


def prepare_mediating(world: World) -> None:
    prepare_case(world)
    world.extra["case"] = case_accept(actor=world.system, case=world.extra["case"], on=ACCEPTED_ON)


def prepare_seated(world: World) -> None:
    """A case being mediated, union A's staff seated on its committee."""
    prepare_mediating(world)
    committee_seat(
        actor=world.system, committee=world.extra["committee"], user=world.user("union_a_staff")
    )


def prepare_planned(world: World) -> None:
    """A case being mediated with a session scheduled ahead."""
    prepare_seated(world)
    world.extra["session"] = session_schedule(
        actor=world.system,
        case=world.extra["case"],
        on=date(2100, 1, 4),
        starts_at=time(9, 30),
        place="调解室",
        mediator=world.user("union_a_staff"),
    )


def prepare_agreement(world: World) -> None:
    prepare_mediating(world)
    world.extra["agreement"] = agreement_record(
        actor=world.system,
        case=world.extra["case"],
        terms="公司于11月30日前支付工资",
        amount="10000",
    )


def prepare_effective(world: World) -> None:
    prepare_agreement(world)
    world.extra["agreement"] = agreement_sign(
        actor=world.system,
        case=world.extra["agreement"].case,
        parties_signed_on=SIGNED_ON,
        mediator_signed_on=SIGNED_ON,
        sealed_on=SIGNED_ON,
    )


def prepare_failed(world: World) -> None:
    prepare_mediating(world)
    world.extra["case"] = case_close(
        actor=world.system, case=world.extra["case"], outcome="failure", on=SIGNED_ON
    )


def prepare_transferable(world: World) -> None:
    """A case before union A's committee, and a committee at station A above it."""
    prepare_case(world)
    world.extra["station_committee"] = committee_at(world, world.station_a)


def committee_of_b(world: World) -> int:
    """The id of union B's committee (created once): for ids of the other union."""
    if "committee_b" not in world.extra:
        committee = committee_at(world, world.union_b, name="乙方劳动争议调解委员会")
        committee_seat(actor=world.system, committee=committee, user=world.user("union_b_staff"))
        world.extra["committee_b"] = committee
        world.hide("b", committee.name)
    return int(world.extra["committee_b"].pk)


def mediators_of_b(world: World) -> list[int]:
    """A mediator seated on union B's committee, as a list of ids."""
    committee_of_b(world)
    return [world.user("union_b_staff").pk]


def _case_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"api:disputes:{name}", kwargs={"pk": w.extra["case"].pk})


def _post(
    name: str,
    data: dict[str, Any] | Callable[[World], dict[str, Any]],
    prepare: Callable[[World], None],
    **kwargs: Any,
) -> AccessCase:
    return AccessCase(
        name=f"api:disputes:{name}",
        url=_case_url(name),
        method="post",
        data=data if callable(data) else lambda w: data,
        api=True,
        prepare=prepare,
        allowed="union_a_staff",
        success=(200, 201),
        **kwargs,
    )


def _case_create(world: World) -> dict[str, Any]:
    return {
        "committee": world.extra["committee"].pk,
        "employer_name": "甲科技有限公司",
        "facts": "拖欠加班费",
        "applicants": [applicant(name="赵六")],
        "claims": [{"kind": "overtime", "amount": "3000.00"}],
    }


def _consultation(world: World) -> dict[str, Any]:
    return {
        "organization": world.union_a.pk,
        "channel": "phone",
        "topic": "wages",
        "held_on": "2026-11-02",
        "answer": "告知可申请调解",
    }


ACCESS_CASES = [
    AccessCase(
        name="api:disputes:consultation-list",
        url=lambda w: reverse("api:disputes:consultation-list"),
        api=True,
        listing=True,
        hidden=lambda w: CONSULTED,
        allowed="union_a_staff",
        prepare=prepare_consulted,
    ),
    AccessCase(
        name="api:disputes:consultation-list",
        id="consultation-create",
        url=lambda w: reverse("api:disputes:consultation-list"),
        method="post",
        data=_consultation,
        api=True,
        allowed="union_a_staff",
        success=(201,),
        prepare=prepare_case,
    ),
    AccessCase(
        name="api:disputes:committee-list",
        url=lambda w: reverse("api:disputes:committee-list"),
        api=True,
        listing=True,
        hidden=lambda w: w.extra["committee"].name,
        allowed="station_a_staff",
        prepare=prepare_case,
    ),
    AccessCase(
        name="api:disputes:case-list",
        url=lambda w: reverse("api:disputes:case-list"),
        api=True,
        listing=True,
        hidden=lambda w: w.extra["case"].number,
        allowed="union_a_staff",
        prepare=prepare_case,
    ),
    AccessCase(
        name="api:disputes:case-list",
        id="case-create",
        url=lambda w: reverse("api:disputes:case-list"),
        method="post",
        data=_case_create,
        api=True,
        allowed="union_a_staff",
        success=(201,),
        foreign_ids={"committee": committee_of_b, "employer": lambda w: w.entity_b.pk},
        prepare=prepare_case,
    ),
    AccessCase(
        name="api:disputes:case-detail",
        url=_case_url("case-detail"),
        api=True,
        allowed="station_a_staff",
        prepare=prepare_case,
    ),
    _post(
        "case-accept",
        {"accepted_on": "2026-11-03"},
        prepare_case,
        foreign_ids={"mediators": mediators_of_b},
    ),
    _post("case-decline", {"reason": "不属于劳动争议"}, prepare_case),
    _post("case-extend", {"until": "2026-12-31", "note": "双方同意延长"}, prepare_mediating),
    _post(
        "case-schedule",
        lambda w: {
            "on": "2100-01-04",
            "starts_at": "14:00",
            "place": "调解室",
            "mediator": w.user("union_a_staff").pk,
        },
        prepare_seated,
        foreign_ids={"mediator": lambda w: mediators_of_b(w)[0]},
    ),
    _post("case-sessions", {"held_on": "2026-11-05", "summary": "首次调解"}, prepare_mediating),
    _post(
        "case-session-cancel",
        lambda w: {"session": w.extra["session"].pk, "reason": "申请人请求改期"},
        prepare_planned,
    ),
    _post("case-agreement", {"terms": "支付工资", "amount": "10000.00"}, prepare_mediating),
    _post(
        "case-agreement-sign",
        {"parties_signed_on": "2026-11-10", "sealed_on": "2026-11-10"},
        prepare_agreement,
    ),
    _post("case-payments", {"paid_on": "2026-11-12", "amount": "5000.00"}, prepare_effective),
    _post("case-close", {"outcome": "withdrawal", "closed_on": "2026-11-06"}, prepare_mediating),
    _post("case-arbitration", {"handed_on": "2026-11-12"}, prepare_failed),
    _post("case-transfer-up", {"reason": "企业调委会回避"}, prepare_transferable),
]
