"""The assistance settings: kinds of aid with a consistent standard, rounds that do not
overlap, income lines, required documents and the policy, each refused with the field
named and nothing written; only the federation manages them."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.assistance.models import AidKind, AidRound, AssistancePolicy, IncomeLine
from gonghui.assistance.services import reference
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world

pytestmark = pytest.mark.django_db


def _errors(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


def _band(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "code": "temporary",
        "name": "临时致困帮扶",
        "category": "temporary",
        "amount_mode": "band",
        "min_amount": "500",
        "max_amount": "3000",
        "annual_cap": "5000",
        "in_rounds": True,
    }
    fields.update(changes)
    return fields


def test_a_kinds_standard_must_hold_together() -> None:
    world = build_world()
    fed = world.user("fed_staff")
    assert "max_amount" in _errors(reference.aid_kind_create, actor=fed, **_band(max_amount="400"))
    assert "max_amount" in _errors(reference.aid_kind_create, actor=fed, **_band(annual_cap="1000"))
    assert "annual_cap" in _errors(reference.aid_kind_create, actor=fed, **_band(annual_cap="-1"))
    fixed = _band(amount_mode="fixed", code="medical")
    assert "fixed_amount" in _errors(reference.aid_kind_create, actor=fed, **fixed)
    assert not AidKind.objects.exists()
    kind = reference.aid_kind_create(actor=fed, **_band())
    assert "code" in _errors(reference.aid_kind_create, actor=fed, **_band())
    assert kind.min_amount == 500


def test_rounds_of_a_kind_do_not_overlap() -> None:
    world = build_world()
    fed = world.user("fed_staff")
    kind = reference.aid_kind_create(actor=fed, **_band())
    spring: dict[str, Any] = {
        "actor": fed,
        "kind": kind,
        "name": "上半年",
        "standard": "每户 2000 元",
    }
    reference.aid_round_create(opens_on=date(2026, 3, 1), closes_on=date(2026, 3, 31), **spring)

    overlap = _errors(
        reference.aid_round_create,
        opens_on=date(2026, 3, 20),
        closes_on=date(2026, 4, 10),
        **spring,
    )
    assert "上半年" in overlap["opens_on"][0]
    backwards = _errors(
        reference.aid_round_create, opens_on=date(2026, 9, 30), closes_on=date(2026, 9, 1), **spring
    )
    assert "closes_on" in backwards
    assert AidRound.objects.count() == 1


def test_only_the_federation_manages_the_settings() -> None:
    world = build_world()
    with pytest.raises(OutOfScope):
        reference.aid_kind_create(actor=world.user("station_a_staff"), **_band())
    with pytest.raises(OutOfScope):
        reference.aid_kind_create(actor=world.user("fed_b_staff"), **_band())


def test_lines_and_the_policy_through_the_pages() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.user("fed_staff"))

    bad = client.post(
        reverse("assistance:income_line_create"),
        {"kind": "subsistence", "monthly_amount": "1245.001", "effective_from": "2023-09-01"},
    )
    assert bad.status_code == 200 and "两位小数" in bad.content.decode()
    assert not IncomeLine.objects.exists()
    good = client.post(
        reverse("assistance:income_line_create"),
        {"kind": "subsistence", "monthly_amount": "1245", "effective_from": "2023-09-01"},
    )
    assert good.status_code == 302
    client.post(
        reverse("assistance:policy_set"), {"effective_from": "2026-01-01", "publication_days": "7"}
    )
    assert AssistancePolicy.objects.get().publication_days == 7
    page = client.get(reverse("assistance:settings")).content.decode()
    assert "1,245.00" in page and "公示 7 天" in page
