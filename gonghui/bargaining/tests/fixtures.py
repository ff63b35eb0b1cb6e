"""Records the bargaining tests share: union A's congress with a term, its
representatives and a session, and a contract brought to a given step."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from gonghui.bargaining.choices import CongressKind, CongressScope, ContractKind, Group, Side
from gonghui.bargaining.models import Congress, Contract, Representative, Session, Term, Vote
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.services import contracts
from gonghui.core.testing import World
from gonghui.core.workflow import take

TERM_START = date(2022, 1, 10)
ELECTED = date(2022, 1, 10)
HELD = date(2022, 3, 15)

# 50 representatives: 40 front-line, 2 technicians, 6 middle and 2 senior managers (16%)
SLATE = (
    [Group.FRONT_LINE] * 40
    + [Group.TECHNICIAN] * 2
    + [Group.MIDDLE_MANAGER] * 6
    + [Group.SENIOR_MANAGER] * 2
)


def congress(world: World, kind: str = CongressKind.CONGRESS) -> Congress:
    return congresses.congress_create(
        world.system,
        organization=world.union_a,
        name="甲科技有限公司职工代表大会",
        kind=kind,
        scope=CongressScope.UNIT,
    )


def term(world: World, body: Congress | None = None) -> Term:
    return congresses.term_create(
        world.system,
        congress=body or congress(world),
        number=1,
        starts_on=TERM_START,
        ends_on=TERM_START.replace(year=TERM_START.year + 5) - timedelta(days=1),
        entities=[world.entity_a],
    )


def elect(world: World, of: Term, groups: Sequence[str] | None = None) -> list[Representative]:
    rows = [{"name": f"代表{n:02d}", "group": g} for n, g in enumerate(groups or SLATE)]
    return congresses.representatives_elect(world.system, term=of, elected_on=ELECTED, rows=rows)


def session(world: World, of: Term, number: int = 1, held_on: date = HELD) -> Session:
    return congresses.session_create(
        world.system,
        term=of,
        number=number,
        held_on=held_on,
        proposals_open_on=held_on - timedelta(days=30),
        proposals_close_on=held_on - timedelta(days=1),
    )


def attended(world: World, of: Session, reps: list[Representative], present: int) -> Session:
    return congresses.attendance_record(
        world.system, of, present_ids=[rep.pk for rep in reps[:present]]
    )


def contract(world: World, **overrides: Any) -> Contract:
    values: dict[str, Any] = {
        "organization": world.union_a,
        "kind": ContractKind.COMPREHENSIVE,
        "title": "甲科技有限公司集体合同",
        "employer": "甲科技有限公司",
        "entities": [world.entity_a],
        "opened_on": date(2022, 1, 4),
    }
    values.update(overrides)
    return contracts.contract_open(world.system, **values)


NEGOTIATORS: list[dict[str, Any]] = [
    {"side": Side.WORKERS, "name": "张主席", "position": "工会主席", "chief": True},
    {"side": Side.WORKERS, "name": "王代表", "position": "职工代表"},
    {"side": Side.WORKERS, "name": "赵代表", "position": "职工代表"},
    {"side": Side.EMPLOYER, "name": "刘总", "position": "总经理", "chief": True},
    {"side": Side.EMPLOYER, "name": "陈经理", "position": "人力资源经理"},
    {"side": Side.EMPLOYER, "name": "孙经理", "position": "财务经理"},
]


def negotiated(world: World, c: Contract | None = None) -> Contract:
    """A contract through step 4 (the formal meeting on 2022-02-20)."""
    c = c or contract(world)
    actor = world.system
    take(actor, c, "name_representatives", negotiators=NEGOTIATORS, named_on=date(2022, 1, 5))
    take(
        actor,
        c,
        "offer",
        offered_by=Side.WORKERS,
        offer="就工资增长进行协商",
        offered_on=date(2022, 1, 6),
    )
    take(actor, c, "answer", answered_on=date(2022, 1, 20))
    take(
        actor, c, "prepare", preparation="调研企业经营状况，初步沟通", prepared_on=date(2022, 2, 1)
    )
    return take(actor, c, "meet", minutes="双方就草案达成一致", met_on=date(2022, 2, 20))


def passing_vote(world: World, c: Contract) -> Vote:
    of = term(world)
    reps = elect(world, of)
    s = attended(world, session(world, of), reps, 45)
    return congresses.vote_record(
        world.system, s, item="审议集体合同草案", yes=40, no=3, abstain=2, contract=c
    )


def signed(world: World) -> Contract:
    c = negotiated(world)
    vote = passing_vote(world, c)
    take(world.system, c, "adopt", vote=vote)
    return take(
        world.system,
        c,
        "sign",
        signed_on=date(2022, 3, 20),
        term_start=date(2022, 4, 1),
        term_end=date(2025, 3, 31),
        sealed=True,
    )


def in_force(world: World, opened: date) -> Contract:
    """Union A's contract opened on ``opened`` and taken through the eight steps in the
    three weeks after it (adopted by its own congress's vote), for three years from the
    fifteenth day: in force, and due for renewal when ``opened`` is about three years ago."""
    from gonghui.core import calendar

    def day(n: int) -> date:
        return opened + timedelta(days=n)

    c = contract(world, opened_on=opened, title="甲科技有限公司集体合同（续签前）")
    a = world.system
    take(a, c, "name_representatives", negotiators=NEGOTIATORS, named_on=day(1))
    take(a, c, "offer", offered_by=Side.WORKERS, offer="要约", offered_on=day(2))
    take(a, c, "answer", answered_on=day(5))
    take(a, c, "prepare", preparation="准备", prepared_on=day(8))
    take(a, c, "meet", minutes="纪要", met_on=day(10))
    body = congresses.term_create(
        a,
        congress=congress(world),
        number=1,
        starts_on=day(-10),
        ends_on=calendar.years_after(day(-10), 5) - timedelta(days=1),
        entities=[world.entity_a],
    )
    reps = elect_on(world, body, day(-10))
    s = congresses.session_create(a, term=body, number=1, held_on=day(12))
    attended(world, s, reps, len(reps))
    vote = congresses.vote_record(a, s, item="审议草案", yes=len(reps), no=0, abstain=0, contract=c)
    take(a, c, "adopt", vote=vote)
    end = calendar.years_after(day(15), 3) - timedelta(days=1)
    take(a, c, "sign", signed_on=day(14), term_start=day(15), term_end=end, sealed=True)
    take(a, c, "report", department="区人社局", reported_on=day(16), received_on=day(16))
    take(a, c, "take_effect", approved_on=day(20))
    return take(a, c, "publish", published_on=day(22), filed_on=day(22))


def elect_on(world: World, of: Term, on: date, n: int = 5) -> list[Representative]:
    rows = [{"name": f"代表{i:02d}", "group": Group.FRONT_LINE} for i in range(n)]
    return congresses.representatives_elect(world.system, term=of, elected_on=on, rows=rows)
