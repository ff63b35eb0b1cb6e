"""Amounts of agreements and payments follow core.rules.money: at most two places, not
negative, not above what the column holds; refused naming the field, nothing written."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import AuditEntry
from gonghui.core.testing import build_world
from gonghui.disputes.models import Agreement, Payment
from gonghui.disputes.services.agreements import agreement_record, payment_record
from gonghui.disputes.tests.access_api import (
    SIGNED_ON,
    apply,
    committee_at,
    prepare_effective,
    prepare_mediating,
)

pytestmark = pytest.mark.django_db


def _refused(call: Any) -> dict[str, list[str]]:
    before = (Agreement.objects.count(), Payment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        call()
    after = (Agreement.objects.count(), Payment.objects.count(), AuditEntry.objects.count())
    assert after == before
    return refused.value.message_dict


@pytest.mark.parametrize(
    ("amount", "message"),
    [("100.005", "金额最多保留两位小数"), ("-1", "金额不能为负数"), ("1e20", "金额不能超过")],
)
def test_an_agreed_amount_breaking_the_money_rule_is_refused(amount: str, message: str) -> None:
    world = build_world()
    prepare_mediating(world)
    case = world.extra["case"]

    errors = _refused(
        lambda: agreement_record(
            actor=world.system, case=case, terms="支付工资", amount=amount, excess_note="另付"
        )
    )

    assert message in errors["amount"][0]


@pytest.mark.parametrize(
    ("amount", "message"), [("0", "支付金额应大于零"), ("0.001", "支付金额最多保留两位小数")]
)
def test_a_payment_breaking_the_money_rule_is_refused(amount: str, message: str) -> None:
    world = build_world()
    prepare_effective(world)
    agreement = world.extra["agreement"]

    errors = _refused(
        lambda: payment_record(
            actor=world.system, case=agreement.case, paid_on=SIGNED_ON, amount=amount
        )
    )

    assert errors == {"amount": [message]}


def test_each_bad_claim_amount_is_named_with_its_number() -> None:
    world = build_world()
    committee = committee_at(world)
    claims = [
        {"kind": "wages", "amount": "10000.00"},
        {"kind": "wages", "amount": "12.345"},
        {"kind": "wages", "amount": "-5"},
    ]

    errors = _refused(lambda: apply(world, committee, claims=claims, employer=None))

    assert errors == {
        "claims.2.amount": ["第2项请求的金额最多保留两位小数"],
        "claims.3.amount": ["第3项请求的金额不能为负数"],
        "employer": ["请填写被申请单位"],
    }
