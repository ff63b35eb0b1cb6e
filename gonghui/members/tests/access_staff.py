"""Who may open each staff membership page (run by ``core/tests/test_access.py``).

Each case first adds, through the services, an application and a member in union A
(``prepare``); the outsider is union B's staff, who hold the same actions elsewhere.
The builders are shared with the staff page and API tests."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing import AccessCase, World
from gonghui.members.models import JoinApplication, Membership
from gonghui.members.services.applications import application_approve, application_submit
from gonghui.members.tests.factories import application_fields, id_number, phone


def submit(world: World, **changes: Any) -> JoinApplication:
    """An application to union A (unless ``employer`` says otherwise), as a worker sends it."""
    return application_submit(actor=None, **application_fields(world, **changes))


def enrol(world: World, started_on: date | None = None, **changes: Any) -> Membership:
    """A member of union A (or of the employer's union), through an approved application."""
    application = application_approve(
        actor=world.system, application=submit(world, **changes), started_on=started_on
    )
    assert application.membership is not None
    return application.membership


def prepare(world: World) -> None:
    world.extra["application"] = submit(world, name="申请人甲")
    world.extra["membership"] = enrol(world, name="会员甲")


def applications_of_b(world: World) -> list[int]:
    """An application to union B (created once), as a list of ids."""
    if "application_b" not in world.extra:
        application = submit(world, employer=world.entity_b, name="申请人乙")
        world.extra["application_b"] = application
        world.hide("b", application.name, application.number)
    return [world.extra["application_b"].pk]


def _today() -> str:
    return timezone.localdate().isoformat()


def _application(world: World) -> JoinApplication:
    return world.extra["application"]  # type: ignore[no-any-return]


def _membership(world: World) -> Membership:
    return world.extra["membership"]  # type: ignore[no-any-return]


def _application_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"members:{name}", args=[_application(w).pk])


def _cases(
    name: str,
    url: Callable[[World], str],
    data: Callable[[World], dict[str, Any]] | None = None,
    **kwargs: Any,
) -> list[AccessCase]:
    """A page (GET), and its form (POST) when ``data`` is given."""
    cases = [AccessCase(name=name, url=url, prepare=prepare, **kwargs)]
    if data is not None:
        cases.append(
            AccessCase(
                name=name,
                url=url,
                method="post",
                data=data,
                success=(302,),
                prepare=prepare,
                **kwargs,
            )
        )
    return cases


ACCESS_CASES = [
    AccessCase(
        name="members:member_list",
        url=lambda w: reverse("members:member_list"),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: _membership(w).number,
        prepare=prepare,
    ),
    AccessCase(
        name="members:member_list",
        url=lambda w: reverse("members:member_list") + f"?union={w.union_a.pk}",
        allowed="station_a_staff",
        listing=True,
        hidden=lambda w: _membership(w).number,
        prepare=prepare,
        id="members:member_list-of-union-a",
    ),
    *_cases(
        "members:person_detail",
        lambda w: reverse("members:person_detail", args=[_membership(w).person_id]),
        allowed="union_a_staff",
    ),
    # a page of no record: union B's staff get the form too, and a union or employer
    # of union B sent in it is refused as not found
    *_cases(
        "members:member_register",
        lambda w: reverse("members:member_register"),
        lambda w: {
            "name": "新会员",
            "id_number": id_number(),
            "phone": phone(),
            "union": w.union_a.pk,
            "started_on": _today(),
            "employment_kind": "employee",
            "employer": w.entity_a.pk,
        },
        allowed="union_a_staff",
        static=True,
    ),
    *_cases(
        "members:member_details",
        lambda w: reverse("members:member_details", args=[_membership(w).pk]),
        lambda w: {
            "phone": phone(),
            "employment_kind": "employee",
            "employer": w.entity_a.pk,
            "on": _today(),
        },
        allowed="union_a_staff",
    ),
    *_cases(
        "members:membership_end",
        lambda w: reverse("members:membership_end", args=[_membership(w).pk]),
        lambda w: {"status": "withdrawn", "ended_on": _today(), "reason": "本人申请退会"},
        allowed="union_a_staff",
    ),
    AccessCase(
        name="members:application_list",
        url=lambda w: reverse("members:application_list"),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: _application(w).number,
        prepare=prepare,
    ),
    AccessCase(
        name="members:applications_approve",
        url=lambda w: reverse("members:applications_approve"),
        method="post",
        data=lambda w: {"applications": [_application(w).pk]},
        success=(302,),
        allowed="union_a_staff",
        foreign_ids={"applications": applications_of_b},
        prepare=prepare,
    ),
    *_cases(
        "members:application_detail",
        _application_url("application_detail"),
        allowed="station_a_staff",
    ),
    *_cases(
        "members:application_approve",
        _application_url("application_approve"),
        lambda w: {"started_on": _today()},
        allowed="union_a_staff",
    ),
    *_cases(
        "members:application_reject",
        _application_url("application_reject"),
        lambda w: {"reason": "不在本单位工作"},
        allowed="union_a_staff",
    ),
    *_cases(
        "members:application_request_info",
        _application_url("application_request_info"),
        lambda w: {"reason": "请补充工作单位全称"},
        allowed="station_a_staff",
    ),
]
