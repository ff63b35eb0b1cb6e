"""Access cases of the member API (run by ``core/tests/test_access.py``): a member account
that owns the record, another member (404, or a list without the owner's rows), a staff
account (403). Signing in, the employer search and the areas are public (listed in
``core/tests/test_access.py``)."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from gonghui.core.models import Notice
from gonghui.core.testing import AccessCase, World
from gonghui.portal.tests.access import (
    OTHER_MEMBER,
    OWNER,
    STAFF,
    prepare_application,
    prepare_members,
    prepare_needs_info,
)


def _application_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"api:portal:{name}", kwargs={"pk": w.extra["application"].pk})


def _notice_url(world: World) -> str:
    notice = Notice.objects.filter(user=world.user(OWNER)).first()
    assert notice is not None
    return reverse("api:portal:notice-read", kwargs={"pk": notice.pk})


def _case(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": OWNER,
        "outsider": OTHER_MEMBER,
        "unprivileged": STAFF,
        "api": True,
        "prepare": prepare_application,
    }
    values.update(kwargs)
    return AccessCase(name=f"api:portal:{name}", url=url, **values)


ACCESS_CASES = [
    _case(
        "me",
        lambda w: reverse("api:portal:me"),
        prepare=prepare_members,
        listing=True,
        hidden=lambda w: w.extra[OWNER].membership.number,
    ),
    _case(
        "application-list",
        lambda w: reverse("api:portal:application-list"),
        listing=True,
        hidden=lambda w: w.extra["application"].number,
    ),
    _case("application-detail", _application_url("application-detail")),
    _case(
        "application-resubmit",
        _application_url("application-resubmit"),
        method="post",
        prepare=prepare_needs_info,
        data=lambda w: {"note": "已补充劳动合同"},
    ),
    _case("application-withdraw", _application_url("application-withdraw"), method="post"),
    _case(
        "notice-list",
        lambda w: reverse("api:portal:notice-list"),
        listing=True,
        hidden=lambda w: w.extra["application"].union.name,
    ),
    _case("notice-read", _notice_url, method="post"),
]
