"""The membership report (``/reports/membership/``): members on the period's last day by
kind of employment, age, sex, station, union and employer; joins and leaves in the
period by union and status; joins of new-employment-form workers by platform. The
figures are ``members.statistics``; the definitions are in ``docs/members.md``."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import MEMBERS_VIEW
from gonghui.core.reports import registry
from gonghui.core.reports.declarations import (
    Chart,
    Column,
    Definition,
    Figure,
    Kind,
    Report,
    Table,
)
from gonghui.core.scoping import Actor
from gonghui.members import statistics
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.models import Organization
from gonghui.organizations.selectors import visible_nodes


@dataclass(frozen=True)
class MembershipFigures:
    active: statistics.ActiveMembers
    joins: statistics.Joins
    leaves: statistics.Leaves
    platform: statistics.PlatformJoins


def membership_figures(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> MembershipFigures:
    """Members active on ``end``; joins, leaves and platform joins in [start, end]."""
    return MembershipFigures(
        active=statistics.active_members(actor=actor, on=end, node=node),
        joins=statistics.joins(actor=actor, start=start, end=end, node=node),
        leaves=statistics.leaves(actor=actor, start=start, end=end, node=node),
        platform=statistics.platform_joins(actor=actor, start=start, end=end, node=node),
    )


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def _count_table(
    key: str,
    title: str,
    label: str,
    rows: list[statistics.Row],
    total: int,
    *,
    chart: Chart | None = None,
    linked: bool = False,
    wide: bool = False,
) -> Table:
    """Members per row with their share; ``linked``: the rows' keys are nodes."""
    return Table(
        key,
        title,
        [
            Column("label", label, Kind.TEXT),
            Column("members", _("在会人数")),
            Column("share", _("占比"), Kind.RATE),
        ],
        [[r.label, r.count, _share(r.count, total)] for r in rows],
        chart=chart,
        links=[r.key for r in rows] if linked else None,
        wide=wide,
    )


def _flow_table(
    key: str,
    title: str,
    headers: list[str],
    rows: list[statistics.FlowRow],
    *,
    linked: bool = True,
) -> Table:
    label, *counts = headers
    keys = ["total", "transfers", "crossing"]
    return Table(
        key,
        title,
        [Column("label", label, Kind.TEXT)]
        + [Column(k, h) for k, h in zip(keys, counts, strict=True)],
        [[r.label, r.total, r.transfers, r.crossing] for r in rows],
        chart=None if linked else Chart("bar", ["total", "crossing"]),
        links=[r.key for r in rows] if linked else None,
        wide=linked,
    )


def summary(f: MembershipFigures) -> list[Figure]:
    return [
        Figure("active", _("在会会员"), f.active.total),
        Figure("joins", _("入会（含转入）"), f.joins.total),
        Figure("transfers_in", _("其中转入"), f.joins.transfers),
        Figure("new_members", _("新增会员（不含统计范围内转会）"), f.joins.new_members),
        Figure("leaves", _("离会（含转出）"), f.leaves.total),
        Figure("left_scope", _("离开统计范围（不含统计范围内转会）"), f.leaves.left_scope),
        Figure("platform_joins", _("新就业形态劳动者入会"), f.platform.total),
        Figure("platform_new_members", _("其中新增会员"), f.platform.new_members),
    ]


def tables(f: MembershipFigures) -> list[Table]:
    active, total = f.active, f.active.total
    pie, bar = Chart("pie", ["members"]), Chart("bar", ["members"])
    return [
        _count_table("by_kind", _("按用工形式"), _("用工形式"), active.by_kind, total, chart=pie),
        _count_table("by_age", _("按年龄段"), _("年龄段"), active.by_age, total, chart=bar),
        _count_table("by_sex", _("按性别"), _("性别"), active.by_sex, total, chart=pie),
        _count_table(
            "by_station",
            _("按服务站"),
            _("服务站"),
            active.by_station,
            total,
            chart=bar,
            linked=True,
        ),
        _count_table(
            "by_union", _("按工会"), _("工会"), active.by_union, total, linked=True, wide=True
        ),
        _count_table(
            "by_employer",
            _("按工作单位"),
            _("工作单位（法人单位）"),
            active.by_employer,
            total,
            wide=True,
        ),
        _flow_table(
            "joins_by_union",
            _("入会（按工会）"),
            [_("工会"), _("入会"), _("其中转入"), _("新增会员")],
            f.joins.by_union,
        ),
        Table(
            "leaves_by_status",
            _("离会（按状态）"),
            [Column("label", _("会籍状态"), Kind.TEXT), Column("leaves", _("离会人数"))],
            [[r.label, r.count] for r in f.leaves.by_status],
            chart=Chart("bar", ["leaves"]),
        ),
        _flow_table(
            "leaves_by_union",
            _("离会（按工会）"),
            [_("工会"), _("离会"), _("其中转出"), _("离开统计范围")],
            f.leaves.by_union,
        ),
        _flow_table(
            "platform_joins",
            _("新就业形态劳动者入会"),
            [_("平台类别"), _("入会"), _("其中转入"), _("新增会员")],
            f.platform.by_platform,
            linked=False,
        ),
    ]


DEFINITIONS = [
    Definition(
        gettext_lazy("在会会员"),
        gettext_lazy(
            "统计截止日已入会且未离会的会籍。转会时原会籍在新会籍开始当日结束，当日只计入新工会。"
        ),
    ),
    Definition(
        gettext_lazy("入会、新增会员"),
        gettext_lazy(
            "入会：统计期内开始的会籍，含从其他工会转入（对接收工会而言是入会）。新增会员：其中"
            "从统计范围以外加入的人员；对全区而言，区内转会不是新增会员，对服务站或工会而言，"
            "从范围外转入计为新增。"
        ),
    ),
    Definition(
        gettext_lazy("离开统计范围"),
        gettext_lazy("统计期内结束的会籍，不含转入本范围内其他工会的转会。"),
    ),
    Definition(
        gettext_lazy("统计范围（工会、服务站）"),
        gettext_lazy(
            "按会籍所在工会当时的隶属关系统计：在会会员按统计截止日，入会按入会日期，离会按离会前"
            "最后一天，转会的另一方按其当日所在工会；工会之后的迁移、合并不改变已过去的数字。"
        ),
    ),
    Definition(
        gettext_lazy("工作单位、用工形式、年龄"),
        gettext_lazy(
            "工作单位按职工当前登记信息统计；用工形式和平台类别按会籍开始时的记录统计；年龄按统计截止日计算。"
        ),
    ),
]

REPORT = registry.register(
    Report(
        name="membership",
        title=gettext_lazy("会员统计"),
        action=MEMBERS_VIEW,
        figures=membership_figures,
        summary=summary,
        tables=tables,
        nodes=lambda actor: visible_nodes(actor=actor, action=MEMBERS_VIEW),
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]) | Q(union_kind=UnionKind.JOINT),
        definitions=DEFINITIONS,
        description=gettext_lazy(
            "会员：截止日的在会会员，统计期内的入会、离会和新就业形态劳动者入会。"
        ),
        start_label=gettext_lazy("入会离会起始日"),
        end_label=gettext_lazy("统计截止日（在会人数统计日）"),
    )
)
