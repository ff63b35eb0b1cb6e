"""Who may open each legal-aid staff page (run by ``core/tests/test_access.py``): an
application received at service station A; station A's staff receive, the federation
decides; station B's staff are the outsiders (union B's for lists). The lawyer's own
reach is tested in ``access_lawyer.py``."""

from typing import Any

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.legalaid.tests.fixtures import application, eligibility_rules, lawyer

APPLICANT = "甲援助申请人"
LAWYER_NAME = "总工会聘请律师"


def prepare(world: World) -> None:
    eligibility_rules(world)
    world.extra["case"] = application(world, name=APPLICANT)
    world.extra["lawyer"] = lawyer(world, LAWYER_NAME)
    world.hide("a", APPLICANT, world.extra["case"].number)


def _case_url(name: str, *extra: Any) -> Any:
    return lambda w: reverse(f"legalaid:{name}", args=[w.extra["case"].pk, *extra])


def _form(world: World) -> dict[str, Any]:
    return {
        "organization": world.station_a.pk,
        "received_on": "2026-11-02",
        "name": "窗口申请人",
        "id_number": "110105198806150032",
        "phone": "13600001111",
        "matter": "wages",
        "facts": "拖欠两个月工资",
        "opposing_name": "甲科技有限公司",
        "statuses": ["migrant"],
    }


ACCESS_CASES = [
    AccessCase(
        name="legalaid:case_list",
        url=lambda w: reverse("legalaid:case_list"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: APPLICANT,
        prepare=prepare,
    ),
    AccessCase(
        name="legalaid:case_create",
        url=lambda w: reverse("legalaid:case_create"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        static=True,
        prepare=prepare,
    ),
    AccessCase(
        name="legalaid:case_create",
        url=lambda w: reverse("legalaid:case_create"),
        method="post",
        data=_form,
        success=(302,),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,  # the outsider names station A: refused on the form, nothing shown
        hidden=lambda w: APPLICANT,
        prepare=prepare,
        id="legalaid:case_create-post",
    ),
    AccessCase(
        name="legalaid:case_detail",
        url=_case_url("case_detail"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="legalaid:case_step",
        url=_case_url("case_step", "request_documents"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="legalaid:case_step",
        url=_case_url("case_step", "request_documents"),
        method="post",
        data=lambda w: {"waiting_for": "工资条", "on": "2026-11-03"},
        success=(302,),
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
        id="legalaid:case_step-post",
    ),
]


def _api(name: str, url: Any, **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"api:legalaid:{name}",
        url=url,
        api=True,
        allowed=kwargs.pop("allowed", "station_a_staff"),
        outsider=kwargs.pop("outsider", "station_b_staff"),
        prepare=prepare,
        **kwargs,
    )


def _api_case(name: str, *extra: Any) -> Any:
    return lambda w: reverse(f"api:legalaid:{name}", args=[w.extra["case"].pk, *extra])


ACCESS_CASES += [
    _api(
        "case-list",
        lambda w: reverse("api:legalaid:case-list"),
        listing=True,
        hidden=lambda w: APPLICANT,
    ),
    _api("case-detail", _api_case("case-detail")),
    _api(
        "case-create",
        lambda w: reverse("api:legalaid:case-create"),
        method="post",
        data=lambda w: {**_form(w), "name": "接口申请人", "received_on": "2026-11-03"},
        success=(201,),
    ),
    _api(
        "case-step",
        _api_case("case-step", "request_documents"),
        method="post",
        data=lambda w: {"waiting_for": "劳动合同", "on": "2026-11-03"},
    ),
    _api(
        "lawyer-list",
        lambda w: reverse("api:legalaid:lawyer-list"),
        allowed="fed_staff",
        outsider="fed_b_staff",
        unprivileged="station_a_staff",
        listing=True,
        hidden=lambda w: LAWYER_NAME,
    ),
]
