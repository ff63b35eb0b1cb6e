"""Who may open each hotline page (run by ``core/tests/test_access.py``): a ticket
dispatched to union A (union B's staff are the outsiders) and one received at station A
waiting to be dispatched (station B's staff are the outsiders); the settings are the
federation's (a federation role over station B only is the outsider)."""

from typing import Any

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.core.workflow import take
from gonghui.hotline.tests.fixtures import CALLER_NAME, at, register

NUMBER_A = "A20261102"
NUMBER_STATION = "S20261102"


def prepare(world: World) -> None:
    ticket = register(world, NUMBER_A)
    world.extra["ticket"] = take(
        world.system, ticket, "dispatch", unit=world.union_a, at=at("2026-11-02 10:00")
    )
    world.extra["waiting"] = register(
        world, NUMBER_STATION, organization=world.station_a, caller_name="站点来电人"
    )
    world.hide("a", NUMBER_A, NUMBER_STATION, CALLER_NAME, "站点来电人")


def _ticket_url(name: str, *extra: Any, key: str = "ticket") -> Any:
    return lambda w: reverse(f"hotline:{name}", args=[w.extra[key].pk, *extra])


ACCESS_CASES = [
    AccessCase(
        name="hotline:ticket_list",
        url=lambda w: reverse("hotline:ticket_list"),
        allowed="union_a_staff",
        listing=True,
        hidden=lambda w: NUMBER_A,
        prepare=prepare,
    ),
    AccessCase(
        name="hotline:ticket_register",
        url=lambda w: reverse("hotline:ticket_register"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        static=True,
        prepare=prepare,
    ),
    AccessCase(
        name="hotline:ticket_register",
        url=lambda w: reverse("hotline:ticket_register"),
        method="post",
        data=lambda w: {
            "organization": w.station_a.pk,
            "source": "12351",
            "number": "NEW-1",
            "received_on": "2026-11-02",
            "received_time": "09:30",
            "caller_name": "新来电人",
            "category": "wages",
            "request": "咨询加班费计算",
        },
        success=(302,),
        allowed="station_a_staff",
        outsider="station_b_staff",
        # the outsider's station A is not among their nodes: the form again, nothing saved
        static=True,
        prepare=prepare,
        id="hotline:ticket_register-post",
    ),
    AccessCase(
        name="hotline:ticket_detail",
        url=_ticket_url("ticket_detail"),
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="hotline:ticket_step",
        url=_ticket_url("ticket_step", "contact"),
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="hotline:ticket_step",
        url=_ticket_url("ticket_step", "contact"),
        method="post",
        data=lambda w: {"note": "已电话联系来电人"},
        success=(302,),
        allowed="union_a_staff",
        prepare=prepare,
        id="hotline:ticket_step-post",
    ),
    AccessCase(
        name="hotline:ticket_step",
        url=_ticket_url("ticket_step", "dispatch", key="waiting"),
        method="post",
        data=lambda w: {"unit": w.union_a.pk},
        success=(302,),
        allowed="station_a_staff",
        outsider="station_b_staff",
        foreign_ids={"unit": lambda w: w.union_b.pk},
        prepare=prepare,
        id="hotline:ticket_step-dispatch",
    ),
]


def _settings(name: str, *args: Any, **kwargs: Any) -> AccessCase:
    def url(w: World) -> str:
        return reverse(f"hotline:{name}", args=[a(w) if callable(a) else a for a in args])

    return AccessCase(
        name=f"hotline:{name}",
        url=url,
        allowed="fed_staff",
        outsider="fed_b_staff",
        prepare=prepare,
        **kwargs,
    )


def _first_reason(w: World) -> int:
    from gonghui.hotline.models import ReturnReason

    return ReturnReason.objects.order_by("pk").values_list("pk", flat=True)[0]


ACCESS_CASES += [
    _settings("settings"),
    _settings("level_create"),
    _settings(
        "level_create",
        method="post",
        data=lambda w: {
            "source": "12345",
            "measure": "contact",
            "amount": "4",
            "unit": "working_hours",
            "effective_from": "2026-12-01",
        },
        success=(302,),
        id="hotline:level_create-post",
    ),
    _settings("reason_create"),
    _settings(
        "reason_create",
        method="post",
        data=lambda w: {"name": "新的退回理由", "position": "9", "active": "on"},
        success=(302,),
        id="hotline:reason_create-post",
    ),
    _settings("reason_update", _first_reason),
    _settings(
        "reason_update",
        _first_reason,
        method="post",
        data=lambda w: {"name": "改名的理由", "position": "1"},
        success=(302,),
        id="hotline:reason_update-post",
    ),
]


def _api(name: str, url: Any, **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"api:hotline:{name}",
        url=url,
        api=True,
        allowed=kwargs.pop("allowed", "union_a_staff"),
        prepare=prepare,
        **kwargs,
    )


ACCESS_CASES += [
    _api(
        "ticket-list",
        lambda w: reverse("api:hotline:ticket-list"),
        listing=True,
        hidden=lambda w: NUMBER_A,
    ),
    _api(
        "ticket-detail",
        lambda w: reverse("api:hotline:ticket-detail", args=[w.extra["ticket"].pk]),
    ),
    _api(
        "ticket-create",
        lambda w: reverse("api:hotline:ticket-create"),
        method="post",
        data=lambda w: {
            "organization": w.station_a.pk,
            "source": "12345",
            "number": "API-1",
            "received_at": "2026-11-02T09:00:00+08:00",
            "request": "反映拖欠工资",
            "category": "wages",
        },
        success=(201,),
        allowed="station_a_staff",
        outsider="station_b_staff",
    ),
    _api(
        "ticket-step",
        lambda w: reverse("api:hotline:ticket-step", args=[w.extra["ticket"].pk, "contact"]),
        method="post",
        data=lambda w: {"note": "已电话联系"},
    ),
]


def _import_rows(w: World) -> list[dict[str, Any]]:
    return [
        {
            "工单编号": "IMP-1",
            "来源": "12345",
            "受理时间": "2026-11-02 09:00",
            "诉求内容": "反映拖欠工资",
            "诉求类别": "劳动报酬",
        }
    ]


ACCESS_CASES += [
    AccessCase(
        name="hotline:ticket_import",
        url=lambda w: reverse("hotline:ticket_import"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        static=True,
        prepare=prepare,
    ),
    _api(
        "ticket-import",
        lambda w: reverse("api:hotline:ticket-import"),
        method="post",
        data=lambda w: {"organization": w.station_a.pk, "rows": _import_rows(w)},
        allowed="station_a_staff",
        outsider="station_b_staff",
    ),
]


# the hotline report (the kit serves the page, the workbook and the endpoint)
ACCESS_CASES += [
    AccessCase(
        name=name,
        url=lambda w, name=name: reverse(name) + f"?node={w.station_a.pk}",  # type: ignore[misc]
        allowed="station_a_staff",
        outsider="station_b_staff",
        api=name.startswith("api:"),
        prepare=prepare,
    )
    for name in ("reports:hotline", "reports:hotline_export", "api:reports:hotline")
]
