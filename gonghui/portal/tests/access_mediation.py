"""Who may open the member's mediation pages and endpoints (run by
``core/tests/test_access.py``): ``allowed`` is a member of union A who applied for a case
before union A's committee; ``outsider`` is another member (no case, no membership: 404
for a case, lists without the owner's case); staff accounts get 403."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.disputes.tests.access_api import apply, committee_at, committee_of_b
from gonghui.portal.tests.access import OTHER_MEMBER, OWNER, PORTAL_LOGIN, STAFF, prepare_members


def prepare_mediation(world: World) -> None:
    """The owner (a member of union A) applied for mediation before union A's committee."""
    prepare_members(world)
    world.extra["committee"] = committee_at(world)
    world.extra["case"] = apply(world, world.extra["committee"], applicant_user=world.user(OWNER))


def _case(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": OWNER,
        "outsider": OTHER_MEMBER,
        "unprivileged": STAFF,
        "anonymous_redirect": PORTAL_LOGIN,
        "prepare": prepare_mediation,
    }
    values.update(kwargs)
    return AccessCase(name=name, url=url, **values)


def _apply_data(world: World) -> dict[str, Any]:
    return {
        "committee": world.extra["committee"].pk,
        "employer_name": "甲科技有限公司",
        "facts": "公司拖欠加班费。",
        "claims": [{"kind": "overtime", "amount": "2000.00"}],
    }


ACCESS_CASES = [
    _case(
        "portal:mediation_list",
        lambda w: reverse("portal:mediation_list"),
        listing=True,
        hidden=lambda w: w.extra["case"].number,
    ),
    _case(
        "portal:mediation_apply",
        lambda w: reverse("portal:mediation_apply"),
        listing=True,
        hidden=lambda w: w.extra["committee"].name,
    ),
    _case(
        "portal:mediation_detail",
        lambda w: reverse("portal:mediation_detail", args=[w.extra["case"].pk]),
    ),
    _case(
        "api:portal:mediation-committee-list",
        lambda w: reverse("api:portal:mediation-committee-list"),
        api=True,
        listing=True,
        hidden=lambda w: w.extra["committee"].name,
    ),
    _case(
        "api:portal:mediation-list",
        lambda w: reverse("api:portal:mediation-list"),
        api=True,
        listing=True,
        hidden=lambda w: w.extra["case"].number,
    ),
    _case(
        "api:portal:mediation-list",
        lambda w: reverse("api:portal:mediation-list"),
        id="mediation-apply-api",
        api=True,
        method="post",
        data=_apply_data,
        success=(201,),
        foreign_ids={"committee": committee_of_b},
    ),
    _case(
        "api:portal:mediation-detail",
        lambda w: reverse("api:portal:mediation-detail", kwargs={"pk": w.extra["case"].pk}),
        api=True,
    ),
]
