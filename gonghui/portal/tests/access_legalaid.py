"""Who may open the member's legal-aid pages (run by ``core/tests/test_access.py``):
``allowed`` is a member of union A who applied online; ``outsider`` another member (404
for the case, lists without it); staff accounts get 403. Applying (a POST naming no
record: any member may apply for themself) is tested in ``test_legalaid.py``."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.legalaid.tests.fixtures import application, eligibility_rules
from gonghui.portal.tests.access import OTHER_MEMBER, OWNER, PORTAL_LOGIN, STAFF, prepare_members
from gonghui.portal.tests.access_aid import png

FACTS = "网上申请：公司拖欠加班费"


def prepare(world: World) -> None:
    prepare_members(world)
    eligibility_rules(world)
    owner = world.user(OWNER)
    world.extra["legal"] = application(
        world, actor=owner, applicant_user=owner, channel="portal", facts=FACTS
    )
    world.hide("a", world.extra["legal"].number, FACTS)


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


def _case(name: str, *extra: Any) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.extra["legal"].pk, *extra])


ACCESS_CASES = [
    _page(
        "portal:legalaid_list",
        lambda w: reverse("portal:legalaid_list"),
        listing=True,
        hidden=lambda w: w.extra["legal"].number,
    ),
    _page("portal:legalaid_apply", lambda w: reverse("portal:legalaid_apply"), static=True),
    _page("portal:legalaid_detail", _case("portal:legalaid_detail")),
    _page(
        "portal:legalaid_upload",
        _case("portal:legalaid_upload"),
        method="post",
        data=lambda w: {"photos": png()},
        success=(302,),
    ),
    _page(
        "portal:legalaid_step",
        _case("portal:legalaid_step", "cancel"),
        method="post",
        data=lambda w: {"reason": "已与单位和解"},
        success=(302,),
    ),
    _page(
        "api:portal:legalaid-list",
        lambda w: reverse("api:portal:legalaid-list"),
        api=True,
        listing=True,
        hidden=lambda w: w.extra["legal"].number,
    ),
    _page("api:portal:legalaid-detail", _case("api:portal:legalaid-detail"), api=True),
    _page("api:portal:legalaid-document", _case("api:portal:legalaid-document"), api=True),
    _page(
        "api:portal:legalaid-step",
        _case("api:portal:legalaid-step", "cancel"),
        api=True,
        method="post",
        data=lambda w: {"reason": "已与单位和解"},
    ),
]
