"""The lawyer's reach (run by ``core/tests/test_access.py``): ``allowed`` is the lawyer
assigned to the case, ``outsider`` another lawyer retained by the federation (404 for the
case, lists without it), ``unprivileged`` a member (403). A lawyer's report counts their
own cases only: ``test_statistics.py``."""

from typing import Any

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.legalaid.tests.fixtures import acting, application, eligibility_rules, firm, lawyer

WORKER = "律师甲的当事人"


def prepare(world: World) -> None:
    eligibility_rules(world)
    mine = lawyer(world)
    lawyer(world, "乙所律师", at=firm(world, "乙律师事务所"), username="lawyer2", n=1)
    world.extra["acting"] = acting(world, mine, application(world, name=WORKER))
    world.hide("a", WORKER, world.extra["acting"].number)


def _case(name: str, url: Any, **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=name,
        url=url,
        allowed="lawyer",
        outsider="lawyer2",
        unprivileged="member",
        prepare=prepare,
        id=kwargs.pop("id", f"{name}-lawyer"),
        **kwargs,
    )


def _pk(name: str, *extra: Any) -> Any:
    return lambda w: reverse(name, args=[w.extra["acting"].pk, *extra])


ACCESS_CASES = [
    _case(
        "legalaid:case_list",
        lambda w: reverse("legalaid:case_list"),
        listing=True,
        hidden=lambda w: WORKER,
    ),
    _case("legalaid:case_detail", _pk("legalaid:case_detail")),
    _case("legalaid:case_step", _pk("legalaid:case_step", "stage")),
    _case(
        "legalaid:case_step",
        _pk("legalaid:case_step", "stage"),
        method="post",
        data=lambda w: {"kind": "negotiation", "started_on": "2026-11-05"},
        success=(302,),
        id="legalaid:case_step-lawyer-post",
    ),
    _case(
        "api:legalaid:case-list",
        lambda w: reverse("api:legalaid:case-list"),
        api=True,
        listing=True,
        hidden=lambda w: WORKER,
    ),
    _case("api:legalaid:case-detail", _pk("api:legalaid:case-detail"), api=True),
    _case(
        "api:legalaid:case-step",
        _pk("api:legalaid:case-step", "stage"),
        api=True,
        method="post",
        data=lambda w: {"kind": "negotiation", "started_on": "2026-11-05"},
    ),
]
