"""Who may call each claim-campaign, redemption and supplier endpoint (run by
``core/tests/test_access.py``), on the records the pages' cases prepare (``access.py``):
union A's published campaign with a claimed voucher of an item without a supplier, a
draft with an item, and a supplier of station A. Union A's staff work on them (suppliers:
the federation role over station A), union B's staff (the federation role over station
B) are the outsiders, and a member account holds no benefits action."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.benefits.services import suppliers
from gonghui.benefits.tests.access import DRAFT, SUPPLIER, TITLE, prepare
from gonghui.core.testing import AccessCase, World


def _url(name: str, key: str = "", *extra: Any) -> Callable[[World], str]:
    if not key:
        return lambda w: reverse(f"api:benefits:{name}")
    return lambda w: reverse(f"api:benefits:{name}", args=[w.extra[key].pk, *extra])


def _code_url(w: World) -> str:
    return reverse("api:benefits:voucher-lookup", args=[w.extra["voucher"].code])


def _api(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"api:benefits:{name}",
        url=url,
        allowed=kwargs.pop("allowed", "union_a_staff"),
        outsider=kwargs.pop("outsider", "union_b_staff"),
        prepare=kwargs.pop("prepare", prepare),
        api=True,
        **kwargs,
    )


def _write(name: str, url: Any, data: Any, method: str = "post", **kwargs: Any) -> AccessCase:
    kwargs.setdefault("id", f"api:benefits:{name}-{method}")
    kwargs.setdefault("success", (200,))
    return _api(name, url, method=method, data=data, **kwargs)


def _supplier(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    return _api(name, url, allowed="fed_a_staff", outsider="fed_b_staff", **kwargs)


def _when(days: int) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


def _campaign_data(w: World) -> dict[str, Any]:
    return {
        "organization": w.union_a.pk,
        "title": "甲公司中秋月饼",
        "opens_at": _when(1),
        "closes_at": _when(2),
        "ends_at": _when(30),
        "per_member_limit": 1,
        "fund": w.extra["published"].fund_id,
    }


def _with_supplier_b(world: World) -> None:
    """The pages' records and a supplier of station B, whose id the prober sends."""
    prepare(world)
    world.extra["supplier_b"] = suppliers.supplier_create(
        actor=world.system, organization=world.station_b, name="乙区影城"
    )
    world.hide("b", "乙区影城")


ACCESS_CASES = [
    _api("campaign-list", _url("campaign-list"), listing=True, hidden=lambda w: TITLE),
    _write(
        "campaign-list",
        _url("campaign-list"),
        _campaign_data,
        success=(201,),
        id="api:benefits:campaign-list-post",
    ),
    _api("campaign-detail", _url("campaign-detail", "published")),
    _write(
        "campaign-detail",
        _url("campaign-detail", "draft"),
        lambda w: {"title": DRAFT, "per_member_limit": 2},
        method="patch",
    ),
    _write(
        "campaign-item-add",
        _url("campaign-item-add", "draft"),
        lambda w: {"name": "月饼", "kind": "food", "stock": 50, "unit_value": "20.00"},
        success=(201,),
        foreign_ids={"supplier": lambda w: w.extra["supplier_b"].pk},
        prepare=_with_supplier_b,
    ),
    _write(
        "campaign-step",
        _url("campaign-step", "draft", "cancel"),
        lambda w: {"reason": "改期"},
    ),
    _write(
        "campaign-step",
        _url("campaign-step", "draft", "publish"),
        lambda w: {},
        id="api:benefits:campaign-step-publish-post",
    ),
    _api("campaign-voucher-list", _url("campaign-voucher-list", "published")),
    _write("redeem", _url("redeem"), lambda w: {"code": w.extra["voucher"].code}),
    _api("voucher-lookup", _code_url),
    _supplier("supplier-list", _url("supplier-list"), listing=True, hidden=lambda w: SUPPLIER),
    _supplier("supplier-detail", _url("supplier-detail", "supplier")),
]
