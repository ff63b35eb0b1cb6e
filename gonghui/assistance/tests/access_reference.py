"""Who may open the assistance settings (run by ``core/tests/test_access.py``): the
federation's staff over the whole district; station staff hold no manage action (403);
the federation role over station B only is outside (404), as for the calendar."""

from datetime import date
from typing import Any

from django.urls import reverse

from gonghui.assistance.models import AidKind, RequiredDocument
from gonghui.core.testing import AccessCase, World


def prepare(world: World) -> None:
    world.extra["kind"] = AidKind.objects.create(
        code="temporary",
        name="临时致困帮扶",
        category="temporary",
        amount_mode="band",
        min_amount="500",
        max_amount="3000",
        annual_cap="5000",
        in_rounds=True,
    )
    world.extra["document"] = RequiredDocument.objects.create(
        subject="file", document="registration_form"
    )


def _case(name: str, method: str = "get", data: Any = None, **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"assistance:{name}",
        url=kwargs.pop("url", lambda w: reverse(f"assistance:{name}")),
        method=method,
        data=data,
        success=(302,) if method == "post" else (200,),
        unprivileged="station_a_staff",
        outsider="fed_b_staff",
        prepare=prepare,
        id=f"assistance:{name}-{method}",
        **kwargs,
    )


def _kind(w: World) -> dict[str, Any]:
    return {
        "name": "医疗救助",
        "category": "medical",
        "amount_mode": "fixed",
        "fixed_amount": "2000",
        "annual_cap": "2000",
        "active": "on",
    }


ACCESS_CASES = [
    _case("settings"),
    _case("kind_create"),
    _case("kind_create", "post", lambda w: {**_kind(w), "code": "medical"}),
    _case(
        "kind_update", url=lambda w: reverse("assistance:kind_update", args=[w.extra["kind"].pk])
    ),
    _case(
        "kind_update",
        "post",
        _kind,
        url=lambda w: reverse("assistance:kind_update", args=[w.extra["kind"].pk]),
    ),
    _case("round_create"),
    _case(
        "round_create",
        "post",
        lambda w: {
            "kind": w.extra["kind"].pk,
            "name": "第一批",
            "opens_on": date(2026, 3, 1).isoformat(),
            "closes_on": date(2026, 3, 31).isoformat(),
        },
    ),
    _case("income_line_create"),
    _case(
        "income_line_create",
        "post",
        lambda w: {"kind": "subsistence", "monthly_amount": "1395", "effective_from": "2026-09-01"},
    ),
    _case("document_add"),
    _case(
        "document_add",
        "post",
        lambda w: {"subject": "aid", "document": "diagnosis", "cause": "illness"},
    ),
    _case(
        "document_remove",
        "post",
        url=lambda w: reverse("assistance:document_remove", args=[w.extra["document"].pk]),
    ),
    _case("policy_set"),
    _case(
        "policy_set",
        "post",
        lambda w: {"effective_from": "2026-01-01", "publication_days": "7"},
    ),
]
