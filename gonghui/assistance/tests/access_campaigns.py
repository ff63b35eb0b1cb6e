"""Who may open each campaign page and endpoint (run by ``core/tests/test_access.py``).

``fixtures_campaigns.prepare`` adds, through the services, a distributing campaign of
station A by units (union A's two members on its list) and a planning campaign by sites
(one site, its list built). Reading and distributing are station A's staff's (the
outsider: station B's); managing (create, build, sites, lines, steps) is the federation
role's, held over station A by ``fed_a_staff`` (the outsider: ``fed_b_staff``, over
station B)."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.services.campaigns import campaign_list_build
from gonghui.assistance.tests import fixtures_campaigns as fx
from gonghui.core.testing import AccessCase, World

CAMPAIGN = "甲站春节送温暖"


def prepare(world: World) -> None:
    fx.prepare(world)
    campaign_list_build(actor=world.system, campaign=world.extra["planning"])


def fund_of_b(world: World) -> int:
    if "fund_b" not in world.extra:
        world.extra["fund_b"] = fx.fund_at(world, world.station_b)
        world.hide("b", world.extra["fund_b"].name)
    return int(world.extra["fund_b"].pk)


def _url(name: str, key: str = "campaign", api: bool = False) -> Callable[[World], str]:
    space = "api:assistance" if api else "assistance"
    return lambda w: reverse(f"{space}:{name}", args=[w.extra[key].pk])


def _today() -> str:
    return timezone.localdate().isoformat()


def _create_data(world: World) -> dict[str, Any]:
    return {
        "organization": world.station_a.pk,
        "fund": world.extra["fund"].pk,
        "name": "甲站五一慰问",
        "occasion": "may_day",
        "year": "2021",
        "starts_on": "2021-04-25",
        "ends_on": "2021-05-05",
        "budget": "5000",
        "cash_per_head": "300",
        "goods": "",
        "goods_value_per_head": "0",
        "scope": "units",
        "units": [world.union_a.pk],
    }


def _distribute_data(world: World) -> dict[str, Any]:
    return {
        "method": "signature",
        "signed_by": "甲会员一",
        "signed_on": _today(),
        "signature": fx.signature(),
        "person_times": "1",
        "sets": "1",
    }


def _pages(
    name: str,
    key: str,
    data: Callable[[World], dict[str, Any]],
    *,
    allowed: str = "fed_a_staff",
    outsider: str = "fed_b_staff",
    **post: Any,
) -> list[AccessCase]:
    common: dict[str, Any] = {
        "url": _url(name, key),
        "allowed": allowed,
        "outsider": outsider,
        "prepare": prepare,
    }
    return [
        AccessCase(name=f"assistance:{name}", **common),
        AccessCase(
            name=f"assistance:{name}",
            method="post",
            data=data,
            success=(302,),
            **common,
            **post,
        ),
    ]


ACCESS_CASES = [
    AccessCase(
        name="assistance:campaign_list",
        url=lambda w: reverse("assistance:campaign_list"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: CAMPAIGN,
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:campaign_create",
        url=lambda w: reverse("assistance:campaign_create"),
        allowed="fed_a_staff",
        outsider="fed_b_staff",
        static=True,
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:campaign_create",
        url=lambda w: reverse("assistance:campaign_create"),
        method="post",
        data=_create_data,
        success=(302,),
        allowed="fed_a_staff",
        outsider="fed_b_staff",
        static=True,  # the outsider's form refuses station A's ids as not among its choices
        prepare=prepare,
        foreign_ids={"fund": fund_of_b, "units": lambda w: [w.union_b.pk]},
    ),
    AccessCase(
        name="assistance:campaign_detail",
        url=_url("campaign_detail"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="assistance:campaign_detail",
        url=lambda w: (
            reverse("assistance:campaign_detail", args=[w.extra["campaign"].pk]) + "?format=xlsx"
        ),
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
        id="assistance:campaign_detail-xlsx",
    ),
    *_pages("campaign_build", "planning", lambda w: {"by_head_count": ""}),
    *_pages(
        "campaign_site_add",
        "planning",
        lambda w: {"name": "甲二号工地", "address": "", "workers": "30"},
    ),
    *_pages(
        "line_add",
        "campaign",
        lambda w: {"name": "甲站临时慰问", "people": "3", "unit": w.union_a.pk},
        foreign_ids={"unit": lambda w: w.union_b.pk},
    ),
    *_pages("campaign_start", "planning", lambda w: {}),
    *_pages("campaign_close", "campaign", lambda w: {}),
    *_pages(
        "line_distribute",
        "line",
        _distribute_data,
        allowed="station_a_staff",
        outsider="station_b_staff",
    ),
    # the API
    AccessCase(
        name="api:assistance:campaign-list",
        url=lambda w: reverse("api:assistance:campaign-list"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: CAMPAIGN,
        api=True,
        prepare=prepare,
    ),
    AccessCase(
        name="api:assistance:campaign-detail",
        url=_url("campaign-detail", api=True),
        allowed="station_a_staff",
        outsider="station_b_staff",
        api=True,
        prepare=prepare,
    ),
    AccessCase(
        name="api:assistance:campaign-lines",
        url=_url("campaign-lines", api=True),
        allowed="station_a_staff",
        outsider="station_b_staff",
        api=True,
        prepare=prepare,
    ),
    AccessCase(
        name="api:assistance:line-distribute",
        url=_url("line-distribute", "line", api=True),
        method="post",
        data=lambda w: {
            "distributed_on": _today(),
            "signed_by": "甲会员一",
            "signature": fx.signature(),
        },
        allowed="station_a_staff",
        outsider="station_b_staff",
        api=True,
        prepare=prepare,
    ),
    # the report (its kit serves the page, the workbook and the endpoint)
    AccessCase(
        name="reports:assistance_campaigns",
        url=lambda w: reverse("reports:assistance_campaigns") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="reports:assistance_campaigns_export",
        url=lambda w: reverse("reports:assistance_campaigns_export") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="api:reports:assistance_campaigns",
        url=lambda w: reverse("api:reports:assistance_campaigns") + f"?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
        api=True,
        prepare=prepare,
    ),
]
