"""Demo organisation tree: the federation, its service stations, and the unions with their
legal entities, chairs and contacts.

The tree is planned in memory first (every choice drawn from ``ctx.rng``), then written
through the organisation services in founding order, so codes follow founding dates and
every write is audited like a real one.

At full scale the plan aims at the reference figures of the 2020 and 2021 reports
(``TARGETS``; /work/shared/domain.md): the generator is the only code that knows them; the
statistics compute whatever the records say. Worker figures are the headcounts the
covered entities had reported by the day (``EntityCoverage``), so the plan gives some
firms a larger 2020 headcount and writes its correction in 2021 through
``legal_entity_update(reported_on=...)``; mergers and dissolutions are written on their
days, in date order with those reports.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gonghui.core.demo import DemoContext, mobile, person_name
from gonghui.organizations import selectors, services
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.demo.data import (
    FEDERATION_ADDRESS,
    FEDERATION_NAME,
    FULL,
    SMALL,
    STATIONS,
    D,
    EntityPlan,
    StationSpec,
    UnionPlan,
)
from gonghui.organizations.demo.plan import Planner
from gonghui.organizations.models import LegalEntity, Organization


@dataclass
class DemoTree:
    """What later demo modules need: the nodes, by station slug and by tag."""

    federation: Organization
    stations: dict[str, Organization]
    unions: list[Organization] = field(default_factory=list)
    featured: dict[str, Organization] = field(default_factory=dict)


def _write_stations(ctx: DemoContext, specs: Iterable[StationSpec]) -> DemoTree:
    federation = services.federation_create(actor=ctx.actor, name=FEDERATION_NAME)
    federation = services.union_update(
        actor=ctx.actor,
        union=federation,
        contact_name=person_name(ctx.rng),
        contact_phone=mobile(ctx.rng),
        address=FEDERATION_ADDRESS,
    )
    stations = {}
    for spec in specs:
        stations[spec.slug] = services.station_create(
            actor=ctx.actor,
            federation=federation,
            name=spec.name,
            chair_name=person_name(ctx.rng),
            chair_phone=mobile(ctx.rng),
            contact_name=person_name(ctx.rng),
            contact_phone=mobile(ctx.rng),
            address=f"{spec.area}{ctx.rng.choice(spec.streets)}{ctx.rng.randint(1, 30)}号",
        )
    return DemoTree(federation=federation, stations=stations)


def _found(
    ctx: DemoContext, plan: UnionPlan, parent: Organization, written: dict[int, LegalEntity]
) -> Organization:
    node = services.union_found(
        actor=ctx.actor,
        parent=parent,
        name=plan.name,
        union_kind=plan.kind,
        founded_on=plan.founded_on,
        chair_name=plan.chair[0],
        chair_phone=plan.chair[1],
        contact_name=plan.contact[0],
        contact_phone=plan.contact[1],
        address=plan.address,
        direct_workers=plan.direct_workers,
    )
    for entity in plan.entities:
        written[id(entity)] = services.legal_entity_attach(
            actor=ctx.actor,
            union=node,
            name=entity.name,
            credit_code=entity.credit_code,
            headcount=entity.headcount if entity.earlier is None else entity.earlier,
            industry=entity.industry,
            covered_since=entity.covered_since,
        )
    return node


def _end_union(ctx: DemoContext, plan: UnionPlan, nodes: dict[int, Organization]) -> None:
    assert plan.ended_on is not None
    if plan.merged_into is not None:
        services.union_merge(
            actor=ctx.actor,
            union=nodes[plan.index],
            into=nodes[plan.merged_into.index],
            on=plan.ended_on,
            reason=plan.end_reason,
        )
    else:
        services.union_dissolve(
            actor=ctx.actor, union=nodes[plan.index], on=plan.ended_on, reason=plan.end_reason
        )


def _report(ctx: DemoContext, entity: EntityPlan, written: dict[int, LegalEntity]) -> None:
    services.legal_entity_update(
        actor=ctx.actor,
        entity=LegalEntity.objects.get(pk=written[id(entity)].pk),
        headcount=entity.headcount,
        reported_on=entity.reported_on,
    )


def _write_unions(ctx: DemoContext, tree: DemoTree, plans: list[UnionPlan]) -> None:
    nodes: dict[int, Organization] = {}
    written: dict[int, LegalEntity] = {}
    joint_first = sorted(plans, key=lambda u: (u.founded_on, u.kind != UnionKind.JOINT, u.index))
    for done, plan in enumerate(joint_first, start=1):
        parent = nodes[plan.parent.index] if plan.parent else tree.stations[plan.station.slug]
        nodes[plan.index] = _found(ctx, plan, parent, written)
        if ctx.full and done % 500 == 0:
            ctx.log(f"  工会 {done}/{len(plans)}")
    # ends and headcount reports on their days, in date order (a day's reports first)
    events: list[tuple[date, int, int, Any]] = [
        (u.ended_on, 1, u.index, u) for u in plans if u.ended_on is not None
    ]
    events += [
        (e.reported_on, 0, i, e)
        for i, e in enumerate(e for u in plans for e in u.entities)
        if e.reported_on is not None
    ]
    for _day, kind, _order, item in sorted(events, key=lambda ev: ev[:3]):
        if kind == 1:
            _end_union(ctx, item, nodes)
        else:
            _report(ctx, item, written)
    tree.unions = [nodes[plan.index] for plan in plans]
    anchor = next(p for p in plans if p.tag == "anchor")
    joint = next(p for p in plans if p.kind == UnionKind.JOINT)
    member = min((p for p in plans if p.parent is joint), key=lambda p: (p.founded_on, p.index))
    for key, plan in (("anchor", anchor), ("joint", joint), ("member", member)):
        tree.featured[key] = Organization.objects.get(pk=nodes[plan.index].pk)


def _summary(ctx: DemoContext, tree: DemoTree, plans: list[UnionPlan]) -> list[str]:
    entities = sum(len(p.entities) for p in plans)
    joint = sum(p.kind == UnionKind.JOINT for p in plans)
    ended = sum(p.ended_on is not None for p in plans)
    day = D(2021, 11, 30)
    now = selectors.coverage(actor=ctx.actor, on=ctx.today)
    then = selectors.coverage(actor=ctx.actor, on=day)
    oct_2020 = selectors.coverage(actor=ctx.actor, on=D(2020, 10, 31))
    new = selectors.new_unions(actor=ctx.actor, start=D(2021, 1, 1), end=day)
    return [
        f"组织：总工会 1，服务站 {len(tree.stations)}，工会 {len(plans)}（联合会 {joint}，"
        f"已合并或撤销 {ended}），法人单位 {entities}",
        f"覆盖 {now.on}：工会 {now.unions}，法人单位 {now.legal_entities}，职工 {now.workers:,}",
        f"覆盖 {then.on}：工会 {then.unions}，法人单位 {then.legal_entities}，"
        f"职工 {then.workers:,}",
        f"覆盖 {oct_2020.on}：单独建会 {oct_2020.standalone}，法人单位 "
        f"{oct_2020.legal_entities}，职工 {oct_2020.workers:,}",
        f"2021-01-01..{day} 新建：{new.total}（单独建会 {new.standalone}：百人以上 "
        f"{new.standalone_large}、百人以下 {new.standalone_small}、加入联合会 "
        f"{new.joined_joint}；联合会 {new.joint}），职工 {new.workers:,}，同比 "
        f"{new.growth_percent}%",
    ]


def is_populated() -> bool:
    """Whether the database already holds an organisation tree (``core.demo``)."""
    return Organization.objects.filter(kind=NodeKind.FEDERATION).exists()


def build(ctx: DemoContext) -> None:
    spec = FULL if ctx.full else SMALL
    plans = Planner(ctx.rng, spec, ctx.today).plan()
    ctx.log(f"组织：{len(plans)} 个工会…")
    tree = _write_stations(ctx, STATIONS[: spec.stations])
    _write_unions(ctx, tree, plans)
    ctx.shared["organizations"] = tree
    ctx.summary.extend(_summary(ctx, tree, plans))
