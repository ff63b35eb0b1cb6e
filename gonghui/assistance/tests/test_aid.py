"""Aid applications: the kind's rules (round, fixed amount or band, cap, on file), the
three levels, the duplicate-benefit guard, the fund's grant, publication, objections,
payment and the receipt."""

import base64
import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image, ImageDraw

from gonghui.assistance.choices import AidStatus
from gonghui.assistance.models import AidApplication, FundEntry, Receipt
from gonghui.assistance.services.aid import aid_apply, publication_create
from gonghui.assistance.tests.fixtures import aid_kinds, income_lines, member, warmth_fund
from gonghui.core.testing import build_world
from gonghui.core.workflow import available, take

pytestmark = pytest.mark.django_db


def _errors(call: Any, *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.message_dict


def _setup(balance: str = "50000") -> tuple[Any, Any, dict[str, Any]]:
    world = build_world()
    income_lines()
    fund = warmth_fund(world, balance)
    kinds = aid_kinds(fund)
    return world, member(world), kinds


def _apply(world: Any, person: Any, kinds: dict[str, Any], **changes: Any) -> AidApplication:
    fields: dict[str, Any] = {
        "actor": world.user("union_a_staff"),
        "person": person,
        "kind": kinds["temporary"],
        "round": kinds["round"],
        "cause": "illness",
        "reason": "住院治疗，家庭收入骤减。",
        "amount_requested": "2000",
        "bank_name": "工商银行",
        "bank_account": "6222 0200 0000 1234 567",
    }
    fields.update(changes)
    return aid_apply(**fields)


def _approved(world: Any, application: AidApplication, **data: Any) -> AidApplication:
    take(world.user("station_a_staff"), application, "check")
    return take(world.user("fed_staff"), application, "approve", **data)  # type: ignore[no-any-return]


def _signature() -> str:
    image = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
    ImageDraw.Draw(image).line((10, 40, 190, 45), fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _blank() -> str:
    out = io.BytesIO()
    Image.new("RGBA", (200, 80), (0, 0, 0, 0)).save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_staff_file_at_once_and_a_member_waits_for_the_union() -> None:
    world, person, kinds = _setup()
    by_staff = _apply(world, person, kinds)
    assert by_staff.status == AidStatus.FILED
    assert by_staff.filed_by == world.user("union_a_staff")
    assert by_staff.bank_account == "6222020000001234567"

    person.user = world.user("member")
    person.save()
    own = _apply(world, person, kinds, actor=world.user("member"), amount_requested="1000")
    assert own.status == AidStatus.APPLIED
    assert [s.name for s in available(world.user("member"), own)] == ["withdraw"]
    take(world.user("union_a_staff"), own, "accept")
    own.refresh_from_db()
    assert own.status == AidStatus.FILED


def test_the_kinds_rules_refuse_with_the_field_named() -> None:
    world, person, kinds = _setup()
    closed = _errors(_apply, world, person, kinds, round=kinds["closed"])
    assert "受理时间" in closed["round"][0]
    assert (
        "两位小数"
        in _errors(_apply, world, person, kinds, amount_requested="1000.005")["amount_requested"][0]
    )
    assert "amount_requested" in _errors(_apply, world, person, kinds, amount_requested="-5")
    assert (
        "之间"
        in _errors(_apply, world, person, kinds, amount_requested="100")["amount_requested"][0]
    )
    fixed = _errors(
        _apply, world, person, kinds, kind=kinds["medical"], round=None, amount_requested="1500"
    )
    assert "定额" in fixed["amount_requested"][0]
    assert not AidApplication.objects.exists()


def test_the_cap_per_person_per_year_counts_what_is_pending_and_granted() -> None:
    world, person, kinds = _setup()
    _apply(world, person, kinds, amount_requested="3000")
    over = _errors(_apply, world, person, kinds, amount_requested="2500")
    assert "上限" in over["amount_requested"][0]
    assert _apply(world, person, kinds, amount_requested="2000").amount_requested == Decimal("2000")


def test_a_worker_without_membership_cannot_apply() -> None:
    world, _person, kinds = _setup()
    from gonghui.members.models import Person

    outsider = Person.objects.create(
        name="无会籍", id_number="110105199003070011", birth_date=timezone.localdate(), sex="M"
    )
    assert "person" in _errors(_apply, world, outsider, kinds)


def test_approval_needs_three_different_people_in_order() -> None:
    world, person, kinds = _setup()
    application = _apply(world, person, kinds)
    assert "status" in _errors(take, world.user("fed_staff"), application, "approve")
    take(world.user("station_a_staff"), application, "check")
    assert "status" in _errors(take, world.user("station_a_staff"), application, "check")
    approved = take(world.user("fed_staff"), application, "approve", amount="1500")
    assert approved.status == AidStatus.APPROVED
    assert approved.amount == Decimal("1500")


def test_another_kind_for_the_same_cause_in_the_year_needs_a_reason() -> None:
    world, person, kinds = _setup()
    _approved(world, _apply(world, person, kinds))
    second = _apply(world, person, kinds, kind=kinds["medical"], round=None)
    take(world.user("station_a_staff"), second, "check")
    errors = _errors(take, world.user("fed_staff"), second, "approve")
    assert "临时致困帮扶" in errors["duplicate_note"][0]
    approved = take(world.user("fed_staff"), second, "approve", duplicate_note="医疗费另计")
    assert approved.duplicate_note == "医疗费另计"


def test_a_grant_from_the_fund_is_posted_and_refused_beyond_its_balance() -> None:
    world, person, kinds = _setup(balance="5000")
    application = _apply(
        world, person, kinds, kind=kinds["warmth"], round=None, amount_requested="4000"
    )
    _approved(world, application)
    fund = kinds["warmth"].fund
    fund.refresh_from_db()
    assert fund.balance == Decimal("1000")

    other = member(world, name="王重病")
    second = _apply(world, other, kinds, kind=kinds["warmth"], round=None, amount_requested="3000")
    take(world.user("station_a_staff"), second, "check")
    errors = _errors(take, world.user("fed_staff"), second, "approve")
    assert "余额" in errors["amount"][0]
    second.refresh_from_db()
    fund.refresh_from_db()
    assert second.status == AidStatus.CHECKED
    assert fund.balance == Decimal("1000")
    assert FundEntry.objects.filter(fund=fund).count() == 2


def test_publication_objection_payment_and_receipt() -> None:
    world, person, kinds = _setup()
    applied = timezone.localdate() - timedelta(days=12)
    application = _approved(world, _apply(world, person, kinds, applied_on=applied), on=applied)
    fed = world.user("fed_staff")
    assert "status" in _errors(
        take, fed, application, "pay", paid_on=timezone.localdate(), method="bank"
    )

    past = timezone.localdate() - timedelta(days=10)
    publication_create(
        actor=fed,
        organization=world.federation,
        title="2026年第一批帮扶公示",
        applications=[application],
        starts_on=past,
    )
    application.refresh_from_db()
    assert application.status == AidStatus.PUBLISHED
    assert application.publication is not None
    assert application.publication.ends_on == past + timedelta(days=4)

    take(
        fed,
        application,
        "object",
        raised_on=timezone.localdate(),
        raised_by="匿名",
        content="家有两套房",
    )
    assert "status" in _errors(
        take, fed, application, "pay", paid_on=timezone.localdate(), method="bank"
    )
    take(fed, application, "dismiss_objection", resolution="经核实为租住")
    paid = take(
        fed, application, "pay", paid_on=timezone.localdate(), method="bank", reference="P-1"
    )
    assert paid.status == AidStatus.PAID

    blank = _errors(
        take,
        fed,
        paid,
        "sign_for",
        method="signature",
        signed_by="李困难",
        signed_on=timezone.localdate(),
        signature=_blank(),
    )
    assert "signature" in blank
    missing = _errors(
        take,
        fed,
        paid,
        "sign_for",
        method="signature",
        signed_by="李困难",
        signed_on=timezone.localdate(),
        signature="",
    )
    assert "signature" in missing
    assert not Receipt.objects.exists()
    take(
        fed,
        paid,
        "sign_for",
        method="signature",
        signed_by="李困难",
        signed_on=timezone.localdate(),
        signature=_signature(),
    )
    assert Receipt.objects.get(application=paid).attachment.kind == "signature"
    assert "status" in _errors(
        take,
        fed,
        paid,
        "sign_for",
        method="signature",
        signed_by="李困难",
        signed_on=timezone.localdate(),
        signature=_signature(),
    )


def test_an_upheld_objection_revokes_the_aid_and_returns_the_grant() -> None:
    world, person, kinds = _setup(balance="5000")
    application = _approved(
        world,
        _apply(world, person, kinds, kind=kinds["warmth"], round=None, amount_requested="3000"),
    )
    fed = world.user("fed_staff")
    publication_create(
        actor=fed, organization=world.federation, title="公示", applications=[application]
    )
    take(fed, application, "object", raised_on=timezone.localdate(), content="非本单位职工")
    take(fed, application, "uphold_objection", resolution="异议属实")
    application.refresh_from_db()
    fund = kinds["warmth"].fund
    fund.refresh_from_db()
    assert application.status == AidStatus.REVOKED
    assert fund.balance == Decimal("5000")


def test_dates_keep_their_order_from_application_to_payment() -> None:
    world, person, kinds = _setup()
    fed = world.user("fed_staff")
    today = timezone.localdate()
    application = _apply(world, person, kinds, applied_on=today - timedelta(days=12))
    take(world.user("station_a_staff"), application, "check")
    early = _errors(take, fed, application, "approve", on=today - timedelta(days=20))
    assert "申请日期" in early["on"][0]
    take(fed, application, "approve", on=today - timedelta(days=10))

    before = _errors(
        publication_create,
        actor=fed,
        organization=world.federation,
        title="公示",
        applications=[application],
        starts_on=today - timedelta(days=11),
    )
    assert "批准日期" in before["starts_on"][0]
    publication = publication_create(
        actor=fed,
        organization=world.federation,
        title="公示",
        applications=[application],
        starts_on=today - timedelta(days=10),
    )
    within = _errors(take, fed, application, "pay", paid_on=publication.ends_on, method="cash")
    assert "公示期" in within["paid_on"][0]
    paid = take(fed, application, "pay", paid_on=today, method="cash")
    assert paid.status == AidStatus.PAID


def test_the_step_endpoint_refuses_a_body_that_is_not_an_object() -> None:
    from django.urls import reverse
    from rest_framework.test import APIClient

    world, person, kinds = _setup()
    application = _apply(world, person, kinds)
    client = APIClient()
    client.force_authenticate(world.user("station_a_staff"))
    url = reverse("api:assistance:aid-step", args=[application.pk, "check"])
    assert client.post(url, [], format="json").status_code == 400
    assert client.post(url, "x", format="json").status_code == 400


def test_approved_aid_revoked_with_a_reason_returns_its_grant() -> None:
    world, person, kinds = _setup(balance="5000")
    application = _approved(
        world,
        _apply(world, person, kinds, kind=kinds["warmth"], round=None, amount_requested="3000"),
    )
    fund = kinds["warmth"].fund
    fed = world.user("fed_staff")
    assert "reason" in _errors(take, fed, application, "revoke", reason="")
    take(fed, application, "revoke", reason="重复申报")
    application.refresh_from_db()
    fund.refresh_from_db()
    assert application.status == AidStatus.REVOKED
    assert fund.balance == Decimal("5000")
