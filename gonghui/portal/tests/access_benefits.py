"""Who may open a member's benefits pages (run by ``core/tests/test_access.py``):
``allowed`` is a member of union A holding a voucher of union A's open campaign;
``outsider`` the World's member account, which has no worker record (404 for the
campaign and the voucher, an empty list); staff accounts get 403."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from gonghui.benefits.tests import fixtures as fx
from gonghui.benefits.tests.test_claims import claim
from gonghui.core.testing import AccessCase, World
from gonghui.portal.tests.access import OTHER_MEMBER, OWNER, PORTAL_LOGIN, STAFF, prepare_members

TITLE = "甲公司夏送清凉"


def prepare(world: World) -> None:
    prepare_members(world)
    campaign = fx.published(world, organization=world.union_a, title=TITLE, per_member_limit=2)
    voucher = claim(world.user(OWNER), campaign).voucher
    world.extra.update(campaign=campaign, voucher=voucher, item=fx.first_item(campaign))
    world.hide("a", TITLE, voucher.code, voucher.code_display())


def _page(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": OWNER,
        "outsider": OTHER_MEMBER,
        "unprivileged": STAFF,
        "anonymous_redirect": PORTAL_LOGIN,
        "prepare": prepare,
    }
    values.update(kwargs)
    return AccessCase(name=name, url=url, **values)


def _pk(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.extra[key].pk])


ACCESS_CASES = [
    _page(
        "portal:benefit_list",
        lambda w: reverse("portal:benefit_list"),
        listing=True,
        hidden=lambda w: TITLE,
    ),
    _page("portal:benefit_detail", _pk("portal:benefit_detail", "campaign")),
    _page(
        "portal:benefit_detail",
        _pk("portal:benefit_detail", "campaign"),
        method="post",
        data=lambda w: {"item": w.extra["item"].pk, "key": "second"},
        success=(302,),
        id="portal:benefit_detail-post",
    ),
    _page("portal:benefit_stock", _pk("portal:benefit_stock", "campaign")),
    _page("portal:voucher_detail", _pk("portal:voucher_detail", "voucher")),
]
