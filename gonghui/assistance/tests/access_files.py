"""Who may open each hardship-file page (run by ``core/tests/test_access.py``): union A
files a worker; station A checks; union B's (or station B's) staff are the outsiders."""

from typing import Any

from django.urls import reverse

from gonghui.assistance.services.files import file_create
from gonghui.assistance.tests.fixtures import file_fields, income_lines, member
from gonghui.core.testing import AccessCase, World

FILED_NAME = "档案甲职工"


def prepare(world: World) -> None:
    income_lines()
    person = member(world, name=FILED_NAME)
    world.extra["person"] = person
    world.extra["file"] = file_create(
        actor=world.user("union_a_staff"), person=person, **file_fields()
    )
    world.hide("a", FILED_NAME, world.extra["file"].number)


def _form_data(world: World) -> dict[str, Any]:
    return {
        "surveyed_on": "2024-03-05",
        "causes": ["illness"],
        "worker_income": "1500",
        "household-TOTAL_FORMS": "1",
        "household-INITIAL_FORMS": "0",
        "household-0-name": "王妻",
        "household-0-relation": "spouse",
        "household-0-situation": "ill",
        "household-0-monthly_income": "0",
    }


def _file_url(name: str, *extra: Any) -> Any:
    return lambda w: reverse(f"assistance:{name}", args=[w.extra["file"].pk, *extra])


ACCESS_CASES = [
    AccessCase(
        name="assistance:file_list",
        url=lambda w: reverse("assistance:file_list"),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: FILED_NAME,
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:file_create",
        url=lambda w: reverse("assistance:file_create"),
        allowed="union_a_staff",
        static=True,
        prepare=prepare,
    ),
    AccessCase(
        # the outsider types union A's member's ID number: not found, the form again
        name="assistance:file_create",
        url=lambda w: reverse("assistance:file_create"),
        method="post",
        data=lambda w: {
            **_form_data(w),
            "id_number": member(w, name="新建档职工").id_number,
        },
        success=(302,),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: "新建档职工",
        prepare=prepare,
        id="assistance:file_create-post",
    ),
    AccessCase(
        name="assistance:file_detail",
        url=_file_url("file_detail"),
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:file_update",
        url=_file_url("file_update"),
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:file_update",
        url=_file_url("file_update"),
        method="post",
        data=_form_data,
        success=(302,),
        allowed="union_a_staff",
        prepare=prepare,
        id="assistance:file_update-post",
    ),
    AccessCase(
        name="assistance:file_step",
        url=_file_url("file_step", "check"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:file_step",
        url=_file_url("file_step", "check"),
        method="post",
        data=lambda w: {"opinion": "情况属实"},
        success=(302,),
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
        id="assistance:file_step-post",
    ),
]


# the hardship report (the kit serves the page, the workbook and the endpoint)
def _report_url(name: str) -> Any:
    return lambda w: reverse(name) + f"?node={w.station_a.pk}"


ACCESS_CASES += [
    AccessCase(
        name=name,
        url=_report_url(name),
        allowed="station_a_staff",
        outsider="station_b_staff",
        api=name.startswith("api:"),
        prepare=prepare,
    )
    for name in (
        "reports:assistance_hardship",
        "reports:assistance_hardship_export",
        "api:reports:assistance_hardship",
    )
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
        "file-list",
        lambda w: reverse("api:assistance:file-list"),
        listing=True,
        hidden=lambda w: FILED_NAME,
    ),
    _api("file-detail", lambda w: reverse("api:assistance:file-detail", args=[w.extra["file"].pk])),
    _api(
        "file-create",
        lambda w: reverse("api:assistance:file-create"),
        method="post",
        data=lambda w: {
            "id_number": member(w, name="接口建档职工").id_number,
            "causes": ["illness"],
            "worker_income": "1500",
            "household": [{"name": "王妻", "relation": "spouse", "situation": "ill"}],
        },
        success=(201,),
    ),
    _api(
        "file-step",
        lambda w: reverse("api:assistance:file-step", args=[w.extra["file"].pk, "check"]),
        method="post",
        data=lambda w: {"opinion": "情况属实"},
        allowed="station_a_staff",
        outsider="station_b_staff",
    ),
]
