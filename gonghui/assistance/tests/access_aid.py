"""Who may open each aid page (run by ``core/tests/test_access.py``): union A's worker
applies (filed by union A); another is approved and published ten days ago (payable);
a third is approved, waiting for publication. The outsiders are union B's staff, station
B's for the station's level and the federation role over station B for the
federation's pages."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.services.aid import aid_apply, publication_create
from gonghui.assistance.tests.fixtures import aid_kinds, income_lines, member
from gonghui.core.testing import AccessCase, World
from gonghui.core.workflow import take

APPLICANT = "帮扶甲职工"
PAID = "待发放乙职工"
TITLE = "帮扶公示第一批"


def _apply(world: World, name: str) -> Any:
    kinds = world.extra["kinds"]
    return aid_apply(
        actor=world.user("union_a_staff"),
        person=member(world, name=name),
        kind=kinds["temporary"],
        round=kinds["round"],
        cause="illness",
        reason="住院治疗",
        amount_requested="1500",
        bank_name="工商银行",
        bank_account="6222020000001234567",
        applied_on=timezone.localdate() - timedelta(days=12),
    )


def _approved(world: World, name: str) -> Any:
    application = _apply(world, name)
    take(world.user("station_a_staff"), application, "check")
    return take(
        world.user("fed_staff"),
        application,
        "approve",
        on=timezone.localdate() - timedelta(days=10),
    )


def prepare(world: World) -> None:
    income_lines()
    world.extra["kinds"] = aid_kinds()
    world.extra["application"] = _apply(world, APPLICANT)
    payable = _approved(world, PAID)
    world.extra["publication"] = publication_create(
        actor=world.user("fed_staff"),
        organization=world.federation,
        title=TITLE,
        applications=[payable],
        starts_on=timezone.localdate() - timedelta(days=10),
    )
    world.extra["approved"] = _approved(world, "待公示丙职工")
    world.hide("a", APPLICANT, PAID, "待公示丙职工", world.extra["application"].number)


def _url(name: str, key: str = "application", *extra: Any) -> Any:
    return lambda w: reverse(f"assistance:{name}", args=[w.extra[key].pk, *extra])


def _fed(name: str, url: Any, **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"assistance:{name}",
        url=url,
        allowed="fed_staff",
        outsider="fed_b_staff",
        prepare=prepare,
        **kwargs,
    )


ACCESS_CASES = [
    AccessCase(
        name="assistance:aid_list",
        url=lambda w: reverse("assistance:aid_list"),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: APPLICANT,
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:aid_create",
        url=lambda w: reverse("assistance:aid_create"),
        allowed="union_a_staff",
        static=True,
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:aid_create",
        url=lambda w: reverse("assistance:aid_create"),
        method="post",
        data=lambda w: {
            "id_number": member(w, name="新申请职工").id_number,
            "kind": w.extra["kinds"]["temporary"].pk,
            "round": w.extra["kinds"]["round"].pk,
            "cause": "illness",
            "reason": "住院",
            "amount_requested": "1000",
        },
        success=(302,),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: "新申请职工",
        prepare=prepare,
        id="assistance:aid_create-post",
    ),
    AccessCase(
        name="assistance:aid_detail",
        url=_url("aid_detail"),
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:aid_approval_pdf",
        url=_url("aid_approval_pdf"),
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:aid_step",
        url=_url("aid_step", "application", "check"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:aid_step",
        url=_url("aid_step", "application", "check"),
        method="post",
        data=lambda w: {"opinion": "情况属实"},
        success=(302,),
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
        id="assistance:aid_step-post",
    ),
    _fed(
        "payment_list",
        lambda w: reverse("assistance:payment_list"),
        listing=True,
        hidden=lambda w: PAID,
    ),
    _fed(
        "payment_list",
        lambda w: reverse("assistance:payment_list") + "?format=xlsx",
        listing=True,
        hidden=lambda w: PAID,
        id="assistance:payment_list-xlsx",
    ),
    _fed(
        "publication_list",
        lambda w: reverse("assistance:publication_list"),
        listing=True,
        hidden=lambda w: TITLE,
    ),
    _fed(
        "publication_create",
        lambda w: reverse("assistance:publication_create"),
        listing=True,
        hidden=lambda w: "待公示丙职工",
    ),
    _fed(
        "publication_create",
        lambda w: reverse("assistance:publication_create"),
        method="post",
        data=lambda w: {
            "title": "第二批公示",
            "starts_on": timezone.localdate().isoformat(),
            "applications": [w.extra["approved"].pk],
        },
        success=(302,),
        listing=True,
        hidden=lambda w: "待公示丙职工",
        id="assistance:publication_create-post",
    ),
    _fed("publication_detail", _url("publication_detail", "publication")),
    _fed("publication_pdf", _url("publication_pdf", "publication")),
]


def _api(name: str, url: Any, **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"api:assistance:{name}",
        url=url,
        api=True,
        allowed=kwargs.pop("allowed", "union_a_staff"),
        prepare=prepare,
        **kwargs,
    )


ACCESS_CASES += [
    _api(
        "aid-list",
        lambda w: reverse("api:assistance:aid-list"),
        listing=True,
        hidden=lambda w: APPLICANT,
    ),
    _api(
        "aid-detail",
        lambda w: reverse("api:assistance:aid-detail", args=[w.extra["application"].pk]),
    ),
    _api(
        "aid-create",
        lambda w: reverse("api:assistance:aid-create"),
        method="post",
        data=lambda w: {
            "id_number": member(w, name="接口申请职工").id_number,
            "kind": "temporary",
            "round": w.extra["kinds"]["round"].pk,
            "cause": "illness",
            "reason": "住院",
            "amount_requested": "1000",
        },
        success=(201,),
    ),
    _api(
        "aid-step",
        lambda w: reverse("api:assistance:aid-step", args=[w.extra["application"].pk, "check"]),
        method="post",
        data=lambda w: {"opinion": "情况属实"},
        allowed="station_a_staff",
        outsider="station_b_staff",
    ),
]
