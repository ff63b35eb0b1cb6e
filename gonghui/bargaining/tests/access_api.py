"""Who may call each staff endpoint of the bargaining API (run by
``core/tests/test_access.py``): union A's congress, sessions, proposals and contracts;
union A's staff are allowed, union B's are the outsiders (404 for a record, lists without
A's), a member account holds no bargaining action (403). Writes are also probed with
union B's ids (its union, its firm, its contract in a vote)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.services import proposals
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.testing import AccessCase, World

PROPOSAL_TITLE = "甲方代表提案：增设职工休息室"


def prepare_congress(world: World) -> None:
    """A congress of union A with its term (2022-), 50 representatives and a session
    held on 2022-03-15 whose attendance is not recorded yet."""
    term = f.term(world)
    world.extra["term"] = term
    world.extra["congress"] = term.congress
    world.extra["seats"] = f.elect(world, term)
    world.extra["session"] = f.session(world, term)
    world.hide("a", term.congress.name)


def prepare_vote(world: World) -> None:
    """The session attended (45 of 50), a draft of union A's to vote on, and one of
    union B's."""
    prepare_congress(world)
    f.attended(world, world.extra["session"], world.extra["seats"], 45)
    prepare_contract(world)
    theirs = f.contract(
        world,
        organization=world.union_b,
        entities=[world.entity_b],
        title="乙物流有限公司集体合同",
        employer="乙物流有限公司",
    )
    world.extra["contract_b"] = theirs
    world.hide("b", theirs.number)


def prepare_contract(world: World) -> None:
    contract = f.contract(world)
    world.extra["contract"] = contract
    world.hide("a", contract.number)


def prepare_proposal(world: World) -> None:
    """A term running now, a session open to proposals and a proposal union A's staff
    entered for a representative."""
    today = timezone.localdate()
    term = congresses.term_create(
        world.system,
        congress=f.congress(world),
        number=1,
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=900),
        entities=[world.entity_a],
    )
    seats = congresses.representatives_elect(
        world.system,
        term=term,
        elected_on=today - timedelta(days=200),
        rows=[{"name": f"代表{n}", "group": "front_line"} for n in range(10)],
    )
    session = congresses.session_create(
        world.system,
        term=term,
        number=1,
        held_on=today + timedelta(days=10),
        proposals_open_on=today - timedelta(days=5),
        proposals_close_on=today + timedelta(days=5),
    )
    proposal = proposals.proposal_submit(
        world.system,
        session=session,
        representative=seats[0],
        title=PROPOSAL_TITLE,
        content="车间缺少休息场所",
    )
    world.extra.update(session=session, seats=seats, proposal=proposal)
    world.hide("a", term.congress.name, proposal.number, PROPOSAL_TITLE)


def _pk(name: str, key: str, *extra: Any) -> Callable[[World], str]:
    return lambda w: reverse(f"api:bargaining:{name}", args=[w.extra[key].pk, *extra])


def _list(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"api:bargaining:{name}")


def _api(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": "union_a_staff",
        "outsider": "union_b_staff",
        "unprivileged": "member",
        "api": True,
    }
    values.update(kwargs)
    return AccessCase(name=f"api:bargaining:{name}", url=url, **values)


def _post(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    return _api(name, url, method="post", id=f"api:bargaining:{name}-post", **kwargs)


ACCESS_CASES = [
    _api(
        "congress-list",
        _list("congress-list"),
        prepare=prepare_congress,
        listing=True,
        hidden=lambda w: w.extra["congress"].name,
    ),
    _post(
        "congress-list",
        _list("congress-list"),
        data=lambda w: {
            "organization": w.union_a.pk,
            "name": "甲公司第二职代会",
            "kind": "congress",
            "scope": "unit",
        },
        success=(201,),
    ),
    _api("congress-detail", _pk("congress-detail", "congress"), prepare=prepare_congress),
    _post(
        "term-create",
        _pk("term-create", "congress"),
        prepare=prepare_congress,
        data=lambda w: {
            "number": 2,
            "starts_on": "2027-01-10",
            "ends_on": "2030-01-09",
            "entities": [w.entity_a.pk],
        },
        foreign_ids={"entities": lambda w: [w.entity_b.pk]},
        success=(201,),
    ),
    _api("term-detail", _pk("term-detail", "term"), prepare=prepare_congress),
    _post(
        "representative-elect",
        _pk("representative-elect", "term"),
        prepare=prepare_congress,
        data=lambda w: {
            "elected_on": "2022-06-01",
            "rows": [{"name": "补选代表", "group": "front_line", "entity": w.entity_a.pk}],
        },
        success=(201,),
    ),
    _post(
        "representative-leave",
        lambda w: reverse("api:bargaining:representative-leave", args=[w.extra["seats"][0].pk]),
        prepare=prepare_congress,
        data=lambda w: {"left_on": "2023-05-01", "left_reason": "调离本单位"},
    ),
    _post(
        "session-create",
        _pk("session-create", "term"),
        prepare=prepare_congress,
        data=lambda w: {"number": 2, "held_on": "2023-03-15"},
        success=(201,),
    ),
    _api("session-detail", _pk("session-detail", "session"), prepare=prepare_congress),
    _post(
        "session-attendance",
        _pk("session-attendance", "session"),
        prepare=prepare_congress,
        data=lambda w: {"present_ids": [seat.pk for seat in w.extra["seats"][:40]]},
    ),
    _post(
        "session-vote",
        _pk("session-vote", "session"),
        prepare=prepare_vote,
        data=lambda w: {
            "item": "审议集体合同草案",
            "yes": 40,
            "no": 3,
            "abstain": 2,
            "contract": w.extra["contract"].pk,
        },
        foreign_ids={"contract": lambda w: w.extra["contract_b"].pk},
        success=(201,),
    ),
    _api(
        "proposal-list",
        _list("proposal-list"),
        prepare=prepare_proposal,
        listing=True,
        hidden=lambda w: w.extra["proposal"].number,
    ),
    _post(
        "proposal-list",
        _list("proposal-list"),
        prepare=prepare_proposal,
        data=lambda w: {
            "session": w.extra["session"].pk,
            "representative": w.extra["seats"][1].pk,
            "title": "改善食堂",
            "content": "增加夜班餐",
        },
        success=(201,),
    ),
    _api("proposal-detail", _pk("proposal-detail", "proposal"), prepare=prepare_proposal),
    _post(
        "proposal-step",
        _pk("proposal-step", "proposal", "assign"),
        prepare=prepare_proposal,
        data=lambda w: {"department": "行政部"},
    ),
    _api(
        "contract-list",
        _list("contract-list"),
        prepare=prepare_contract,
        listing=True,
        hidden=lambda w: w.extra["contract"].number,
    ),
    _post(
        "contract-list",
        _list("contract-list"),
        data=lambda w: {
            "organization": w.union_a.pk,
            "kind": "wage",
            "title": "甲科技有限公司工资专项集体合同",
            "employer": "甲科技有限公司",
            "entities": [w.entity_a.pk],
        },
        foreign_ids={"entities": lambda w: [w.entity_b.pk]},
        success=(201,),
    ),
    _api("contract-detail", _pk("contract-detail", "contract"), prepare=prepare_contract),
    _post(
        "contract-step",
        _pk("contract-step", "contract", "name_representatives"),
        prepare=prepare_contract,
        data=lambda w: {"negotiators": f.NEGOTIATORS, "named_on": "2022-01-05"},
    ),
]
