"""Who may open the member's aid pages and endpoints (run by ``core/tests/test_access.py``):
``allowed`` is a member of union A (their account linked to their record) who applied for
aid and was paid aid earlier; ``outsider`` is another member (no record, no application:
404 for an application, lists without the owner's); staff accounts get 403."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.services.aid import aid_apply, publication_create
from gonghui.assistance.tests.fixtures import aid_kinds
from gonghui.core.testing import AccessCase, World
from gonghui.core.workflow import take
from gonghui.portal.tests.access import OTHER_MEMBER, OWNER, PORTAL_LOGIN, STAFF, prepare_members

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf(name: str = "诊断证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name: str = "户口簿.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def owner_person(world: World) -> Any:
    return world.extra[OWNER].membership.person


def member_applies(world: World, **changes: Any) -> Any:
    """The owner applies for temporary hardship aid in the round open this year."""
    kinds = world.extra["kinds"]
    values: dict[str, Any] = {
        "actor": world.user(OWNER),
        "person": owner_person(world),
        "kind": kinds["temporary"],
        "round": kinds["round"],
        "cause": "illness",
        "reason": "住院手术，家庭收入不足",
        "amount_requested": "1500",
        "bank_name": "工商银行",
        "bank_account": "6222020000007654321",
    }
    values.update(changes)
    return aid_apply(**values)


def paid_aid(world: World) -> Any:
    """Medical aid of the owner taken through every level, published ten days ago and
    paid today."""
    application = member_applies(
        world,
        kind=world.extra["kinds"]["medical"],
        round=None,
        amount_requested="2000",
        cause="accident",
        applied_on=timezone.localdate() - timedelta(days=12),
    )
    take(world.user("union_a_staff"), application, "accept")
    take(world.user("station_a_staff"), application, "check")
    take(world.user("fed_staff"), application, "approve", on=application.applied_on)
    publication_create(
        actor=world.user("fed_staff"),
        organization=world.federation,
        title="医疗救助公示",
        applications=[application],
        starts_on=timezone.localdate() - timedelta(days=10),
    )
    return take(
        world.user("fed_staff"),
        application,
        "pay",
        paid_on=timezone.localdate(),
        method="bank",
        reference="P-9",
    )


def prepare_aid(world: World) -> None:
    prepare_members(world)
    world.extra["kinds"] = aid_kinds()
    world.extra["paid"] = paid_aid(world)
    world.extra["aid"] = member_applies(world)
    world.hide("a", world.extra["aid"].number, world.extra["paid"].number)


def _page(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": OWNER,
        "outsider": OTHER_MEMBER,
        "unprivileged": STAFF,
        "anonymous_redirect": PORTAL_LOGIN,
        "prepare": prepare_aid,
    }
    values.update(kwargs)
    return AccessCase(name=name, url=url, **values)


def _api(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    return _page(name, url, api=True, **kwargs)


def _aid(name: str, *extra: Any) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.extra["aid"].pk, *extra])


def _apply_form(world: World) -> dict[str, Any]:
    return {
        "kind": world.extra["kinds"]["temporary"].pk,
        "cause": "illness",
        "reason": "再次住院",
        "amount_requested": "800",
        "doc1-kind": "diagnosis",
        "doc1-photos": pdf(),
    }


def _apply_json(world: World) -> dict[str, Any]:
    return {
        "kind": world.extra["kinds"]["temporary"].pk,
        "cause": "illness",
        "reason": "再次住院",
        "amount_requested": "800.00",
    }


ACCESS_CASES = [
    _page(
        "portal:aid_list",
        lambda w: reverse("portal:aid_list"),
        listing=True,
        hidden=lambda w: w.extra["paid"].number,
    ),
    _page("portal:aid_apply", lambda w: reverse("portal:aid_apply"), static=True),
    _page(
        "portal:aid_apply",
        lambda w: reverse("portal:aid_apply"),
        id="portal:aid_apply-post",
        method="post",
        data=_apply_form,
        success=(302,),
        static=True,  # another member without a record is told so, on the same page
    ),
    _page("portal:aid_detail", _aid("portal:aid_detail")),
    _page(
        "portal:aid_upload",
        _aid("portal:aid_upload"),
        method="post",
        data=lambda w: {"kind": "household_register", "photos": png()},
        success=(302,),
    ),
    _page(
        "portal:aid_step",
        _aid("portal:aid_step", "withdraw"),
        method="post",
        success=(302,),
    ),
    _api("api:portal:aid-kind-list", lambda w: reverse("api:portal:aid-kind-list"), static=True),
    _api(
        "api:portal:aid-received",
        lambda w: reverse("api:portal:aid-received"),
        listing=True,
        hidden=lambda w: w.extra["paid"].number,
    ),
    _api(
        "api:portal:aid-list",
        lambda w: reverse("api:portal:aid-list"),
        listing=True,
        hidden=lambda w: w.extra["aid"].number,
    ),
    _api(
        "api:portal:aid-list",
        lambda w: reverse("api:portal:aid-list"),
        id="aid-apply-api",
        method="post",
        data=_apply_json,
        success=(201,),
    ),
    _api("api:portal:aid-detail", _aid("api:portal:aid-detail")),
    _api("api:portal:aid-document", _aid("api:portal:aid-document")),
    _api(
        "api:portal:aid-step",
        _aid("api:portal:aid-step", "withdraw"),
        method="post",
        data=lambda w: {"reason": "已由单位解决"},
    ),
]
