"""Who may call the member's benefits endpoints (run by ``core/tests/test_access.py``), on
the records of the pages' cases (``access_benefits.py``): ``allowed`` is a member of union
A holding a voucher of union A's open campaign (two per member); ``outsider`` the World's
member account, which has no worker record (404 for the campaign and the voucher, empty
lists); staff accounts get 403. The prober claims with an item of union B's campaign."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from gonghui.benefits.tests import fixtures as fx
from gonghui.core.testing import AccessCase, World
from gonghui.portal.tests.access import OTHER_MEMBER, OWNER, STAFF
from gonghui.portal.tests.access_benefits import TITLE
from gonghui.portal.tests.access_benefits import prepare as prepare_pages

TITLE_B = "乙公司夏送清凉"


def prepare(world: World) -> None:
    prepare_pages(world)
    theirs = fx.published(world, organization=world.union_b, title=TITLE_B)
    world.extra["item_b"] = fx.first_item(theirs)
    world.hide("b", TITLE_B, theirs.number)


def _case(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": OWNER,
        "outsider": OTHER_MEMBER,
        "unprivileged": STAFF,
        "api": True,
        "prepare": prepare,
    }
    values.update(kwargs)
    return AccessCase(name=f"api:portal:{name}", url=url, **values)


def _pk(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(f"api:portal:{name}", args=[w.extra[key].pk])


ACCESS_CASES = [
    _case(
        "benefits-campaign-list",
        lambda w: reverse("api:portal:benefits-campaign-list"),
        listing=True,
        hidden=lambda w: TITLE,
    ),
    _case("benefits-campaign-detail", _pk("benefits-campaign-detail", "campaign")),
    _case(
        "benefits-claim",
        _pk("benefits-claim", "campaign"),
        method="post",
        data=lambda w: {"item": w.extra["item"].pk, "idempotency_key": "second"},
        success=(201,),
        foreign_ids={"item": lambda w: w.extra["item_b"].pk},
    ),
    _case(
        "benefits-voucher-list",
        lambda w: reverse("api:portal:benefits-voucher-list"),
        listing=True,
        hidden=lambda w: w.extra["voucher"].code,
    ),
    _case("benefits-voucher-detail", _pk("benefits-voucher-detail", "voucher")),
]
