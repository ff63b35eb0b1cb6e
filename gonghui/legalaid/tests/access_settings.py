"""Who may open the legal-aid settings (run by ``core/tests/test_access.py``): the
federation's staff over the whole district; station staff hold no manage action (403);
the federation role over station B only is outside (404), as for the calendar."""

from typing import Any

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.legalaid.choices import Holder, Side
from gonghui.legalaid.services import lawyers
from gonghui.legalaid.tests.fixtures import LICENCES, eligibility_rules, firm, lawyer


def prepare(world: World) -> None:
    world.extra["rules"] = eligibility_rules(world)
    world.extra["lawyer"] = lawyer(world)
    world.extra["firm"] = firm(world, "新登记律师事务所")
    world.extra["engagement"] = lawyers.engagement_create(
        actor=world.system,
        organization=world.federation,
        holder=Holder.FEDERATION,
        side=Side.FOR,
        party_name="某商会",
        starts_on=world.extra["rules"][0].effective_from,
    )


def _case(name: str, method: str = "get", data: Any = None, **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"legalaid:{name}",
        url=kwargs.pop("url", lambda w: reverse(f"legalaid:{name}")),
        method=method,
        data=data,
        success=(302,) if method == "post" else (200,),
        unprivileged="station_a_staff",
        outsider="fed_b_staff",
        prepare=prepare,
        id=f"legalaid:{name}-{method}",
        **kwargs,
    )


def _pk(key: str, index: int | None = None) -> Any:
    def pk(w: World) -> Any:
        row = w.extra[key] if index is None else w.extra[key][index]
        return row.pk

    return pk


def _lawyer_form(w: World) -> dict[str, Any]:
    return {
        "name": "孙律师",
        "licence_number": LICENCES[2],
        "firm": w.extra["firm"].pk,
        "specialities": ["work_injury"],
        "languages": ["mandarin"],
        "active": "on",
    }


ACCESS_CASES = [
    _case("settings"),
    _case("rule_create"),
    _case(
        "rule_create",
        "post",
        lambda w: {
            "kind": "income",
            "monthly_line": "2420",
            "basis": "新标准",
            "effective_from": "2026-01-01",
        },
    ),
    _case("rule_end", url=lambda w: reverse("legalaid:rule_end", args=[_pk("rules", 0)(w)])),
    _case(
        "rule_end",
        "post",
        lambda w: {"on": "2026-06-30"},
        url=lambda w: reverse("legalaid:rule_end", args=[_pk("rules", 0)(w)]),
    ),
    _case("firm_create"),
    _case("firm_create", "post", lambda w: {"name": "另一律师事务所"}),
    _case("lawyer_create"),
    _case("lawyer_create", "post", _lawyer_form),
    _case(
        "lawyer_update", url=lambda w: reverse("legalaid:lawyer_update", args=[_pk("lawyer")(w)])
    ),
    _case(
        "lawyer_update",
        "post",
        lambda w: {**_lawyer_form(w), "firm": w.extra["lawyer"].firm_id},
        url=lambda w: reverse("legalaid:lawyer_update", args=[_pk("lawyer")(w)]),
    ),
    _case("engagement_create"),
    _case(
        "engagement_create",
        "post",
        lambda w: {
            "holder": "firm",
            "firm": w.extra["lawyer"].firm_id,
            "side": "for",
            "party_name": "丙公司",
            "starts_on": "2026-01-01",
        },
    ),
    _case(
        "engagement_end",
        url=lambda w: reverse("legalaid:engagement_end", args=[_pk("engagement")(w)]),
    ),
    _case(
        "engagement_end",
        "post",
        lambda w: {"on": "2026-10-01"},
        url=lambda w: reverse("legalaid:engagement_end", args=[_pk("engagement")(w)]),
    ),
]
