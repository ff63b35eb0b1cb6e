"""Who may open each member page (run by ``core/tests/test_access.py``).

The member pages are for member accounts: anonymous visitors are sent to the portal's own
sign-in page, staff accounts get 403. ``allowed`` is a member who owns the record
(prepared here), ``outsider`` another member (404 for a record, or a list without the
owner's rows). The membership page needs a worker record linked to the account: the
World's ``member`` (no record) is refused there. Public pages (sign-in, code request,
join form, consent text, employer search) are listed in ``core/tests/test_access.py``."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.members.services.applications import application_request_info
from gonghui.portal.tests import factories

OWNER = "portal_owner"
OTHER_MEMBER = "member"  # the World's member account: no worker record, no application
OTHER_WITH_RECORD = "portal_other"
STAFF = "union_a_staff"  # reviews union A's applications in the staff pages, not here
PORTAL_LOGIN = "/portal/login/"


def prepare_application(world: World) -> None:
    """An application of the owner, submitted while signed in (union A reviews it)."""
    owner = factories.member(1)
    world.users[OWNER] = owner
    world.extra["application"] = factories.application(world, serial=1, actor=owner)


def prepare_needs_info(world: World) -> None:
    prepare_application(world)
    world.extra["application"] = application_request_info(
        actor=world.system, application=world.extra["application"], reason="请补充劳动合同首页"
    )


def prepare_members(world: World) -> None:
    """Two members with approved applications: each account is linked to its record."""
    for key, serial in ((OWNER, 1), (OTHER_WITH_RECORD, 2)):
        world.users[key] = factories.member(serial)
        world.extra[key] = factories.approved(world, serial=serial, actor=world.users[key])


def _application_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"portal:{name}", args=[w.extra["application"].pk])


def _member_number(world: World) -> str:
    return str(world.extra[OWNER].membership.number)


def _case(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": OWNER,
        "outsider": OTHER_MEMBER,
        "unprivileged": STAFF,
        "anonymous_redirect": PORTAL_LOGIN,
        "prepare": prepare_application,
    }
    values.update(kwargs)
    return AccessCase(name=f"portal:{name}", url=url, **values)


ACCESS_CASES = [
    _case(
        "home",
        lambda w: reverse("portal:home"),
        listing=True,
        hidden=lambda w: w.extra["application"].number,
    ),
    _case(
        "membership",
        lambda w: reverse("portal:membership"),
        prepare=prepare_members,
        outsider=OTHER_WITH_RECORD,
        unprivileged=OTHER_MEMBER,
        listing=True,
        hidden=_member_number,
    ),
    _case("application_detail", _application_url("application_detail")),
    _case(
        "application_resubmit",
        _application_url("application_resubmit"),
        method="post",
        prepare=prepare_needs_info,
        data=lambda w: {"name": "王小明", "phone": factories.phone(1), "note": "已补充"},
        success=(302,),
    ),
    _case(
        "application_withdraw",
        _application_url("application_withdraw"),
        method="post",
        success=(302,),
    ),
    _case(
        "notices",
        lambda w: reverse("portal:notices"),
        listing=True,
        hidden=lambda w: w.extra["application"].union.name,
    ),
    _case("password", lambda w: reverse("portal:password"), static=True),
    _case(
        "password",
        lambda w: reverse("portal:password"),
        method="post",
        data=lambda w: {"password": "x", "password_again": "y"},
        static=True,
        id="portal:password-post-refused",
    ),
]
