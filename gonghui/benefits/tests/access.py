"""Who may open each benefits staff page (run by ``core/tests/test_access.py``): union
A's campaigns (a published one with a claimed voucher of an item without a supplier, and
a draft), a supplier of station A with its cashier; union A's staff (suppliers: the
federation role over station A) work on them, union B's staff (the federation role over
station B) are the outsiders and members are refused."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.benefits.services import suppliers
from gonghui.benefits.tests import fixtures as fx
from gonghui.benefits.tests.test_claims import claim
from gonghui.core.testing import AccessCase, World

TITLE = "甲公司职工观影季"
DRAFT = "甲公司端午福筒"
SUPPLIER = "甲区洗衣店"


def prepare(world: World) -> None:
    item = fx.movie(world, name="馒头", supplier=None)
    published = fx.published(world, organization=world.union_a, title=TITLE, items=[item])
    draft = fx.campaign(world, organization=world.union_a, title=DRAFT)
    voucher = claim(fx.member(world)[0], published).voucher
    supplier = suppliers.supplier_create(
        actor=world.system, organization=world.station_a, name=SUPPLIER
    )
    world.extra.update(
        published=published,
        draft=draft,
        item=fx.first_item(draft),
        voucher=voucher,
        supplier=supplier,
    )
    world.hide("a", TITLE, DRAFT, SUPPLIER, published.number, draft.number, voucher.code)


def _url(name: str, key: str, *extra: Any) -> Any:
    return lambda w: reverse(f"benefits:{name}", args=[w.extra[key].pk, *extra])


def _item_url(w: World) -> str:
    return reverse("benefits:item_remove", args=[w.extra["draft"].pk, w.extra["item"].pk])


def _page(name: str, url: Any, **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"benefits:{name}",
        url=url,
        allowed=kwargs.pop("allowed", "union_a_staff"),
        outsider=kwargs.pop("outsider", "union_b_staff"),
        prepare=kwargs.pop("prepare", prepare),
        **kwargs,
    )


def _post(name: str, url: Any, data: Any, **kwargs: Any) -> AccessCase:
    return _page(
        name, url, method="post", data=data, success=(302,), id=f"benefits:{name}-post", **kwargs
    )


def _when(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _campaign_data(w: World) -> dict[str, Any]:
    return {
        "organization": w.union_a.pk,
        "title": "甲公司中秋月饼",
        "opens_at": _when(1),
        "closes_at": _when(2),
        "ends_at": _when(30),
        "per_member_limit": "1",
        "eligibility": "all",
        "fund": w.extra["published"].fund_id,
    }


def _supplier(name: str, url: Any, **kwargs: Any) -> AccessCase:
    return _page(name, url, allowed="fed_a_staff", outsider="fed_b_staff", **kwargs)


ACCESS_CASES = [
    _page(
        "campaign_list",
        lambda w: reverse("benefits:campaign_list"),
        listing=True,
        hidden=lambda w: TITLE,
    ),
    _page("campaign_create", lambda w: reverse("benefits:campaign_create"), static=True),
    _post(
        "campaign_create",
        lambda w: reverse("benefits:campaign_create"),
        _campaign_data,
        listing=True,
        hidden=lambda w: TITLE,
    ),
    _page("campaign_record", lambda w: reverse("benefits:campaign_record"), static=True),
    _page("campaign_detail", _url("campaign_detail", "published")),
    _page("campaign_change", _url("campaign_change", "draft")),
    _post(
        "campaign_change",
        _url("campaign_change", "draft"),
        lambda w: {k: v for k, v in _campaign_data(w).items() if k != "organization"},
    ),
    _page("item_add", _url("item_add", "draft")),
    _post(
        "item_add",
        _url("item_add", "draft"),
        lambda w: {"name": "月饼", "kind": "food", "stock": "50", "unit_value": "20"},
    ),
    _page("item_remove", _item_url),
    _post("item_remove", _item_url, lambda w: {}),
    _page("campaign_step", _url("campaign_step", "draft", "publish")),
    _post("campaign_step", _url("campaign_step", "draft", "cancel"), lambda w: {"reason": "改期"}),
    _page("redeem", lambda w: reverse("benefits:redeem"), static=True),
    _post(
        "redeem",
        lambda w: reverse("benefits:redeem"),
        lambda w: {"code": w.extra["voucher"].code},
        static=True,
    ),
    _supplier(
        "supplier_list",
        lambda w: reverse("benefits:supplier_list"),
        listing=True,
        hidden=lambda w: SUPPLIER,
    ),
    _supplier("supplier_create", lambda w: reverse("benefits:supplier_create"), static=True),
    _supplier(
        "supplier_create",
        lambda w: reverse("benefits:supplier_create"),
        method="post",
        data=lambda w: {"organization": w.station_a.pk, "name": "甲区影城", "active": "on"},
        success=(302,),
        id="benefits:supplier_create-post",
        listing=True,
        hidden=lambda w: SUPPLIER,
    ),
    _supplier("supplier_detail", _url("supplier_detail", "supplier")),
    _supplier("supplier_change", _url("supplier_change", "supplier")),
    _supplier(
        "supplier_change",
        _url("supplier_change", "supplier"),
        method="post",
        data=lambda w: {"name": SUPPLIER, "contact_name": "王经理", "active": "on"},
        success=(302,),
        id="benefits:supplier_change-post",
    ),
    _supplier("account_create", _url("account_create", "supplier")),
    _supplier(
        "account_create",
        _url("account_create", "supplier"),
        method="post",
        data=lambda w: {"username": "xiyi01", "password": "Xiyi-2026-Kassa", "display_name": ""},
        success=(302,),
        id="benefits:account_create-post",
    ),
]
