"""The membership statistics page and its Excel download (under /members/statistics/).

Both read ``members.statistics`` for the actor's scope or one subtree (``?node=``, 404
when outside the scope) and build the same tables, so the workbook holds what the page
shows (the page cuts long tables short; the workbook has every row)."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from gonghui.accounts.roles import MEMBERS_VIEW
from gonghui.core.views import ScopedMixin
from gonghui.documents import xlsx
from gonghui.members import statistics
from gonghui.members.models import Membership
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.forms import CoverageForm
from gonghui.organizations.models import Organization
from gonghui.organizations.selectors import visible_nodes, year_to_date

PAGE_ROWS = 30  # rows of a long table shown on the page; the workbook has them all


class StatisticsForm(CoverageForm):
    """The coverage page's form (scope, a day, a period) with this page's labels."""

    def __init__(self, data: Any = None, *, nodes: list[Organization]) -> None:
        super().__init__(data, nodes=nodes)
        self.fields["on"].label = gettext_lazy("在会人数统计日")
        self.fields["start"].label = gettext_lazy("入会离会起始日")
        self.fields["end"].label = gettext_lazy("入会离会截止日")


@dataclass(frozen=True)
class Table:
    """A titled table: ``rows`` of cells; ``links`` (same length, optional) hold the node
    a row's first cell opens the page on."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    links: list[Any] | None = None
    wide: bool = False  # a long list of names: the full width of the page

    def shown(self) -> list[tuple[Any, list[Any]]]:
        links = self.links or [None] * len(self.rows)
        return list(zip(links, self.rows, strict=True))[:PAGE_ROWS]

    @property
    def cut(self) -> int:
        return max(len(self.rows) - PAGE_ROWS, 0)


@dataclass(frozen=True)
class Figures:
    node: Organization | None
    active: statistics.ActiveMembers
    joins: statistics.Joins
    leaves: statistics.Leaves
    platform: statistics.PlatformJoins


def _share(count: int, total: int) -> str:
    return f"{count * 100 / total:.1f}%" if total else "—"


def _count_table(
    title: str,
    label: str,
    rows: list[statistics.Row],
    total: int,
    *,
    linked: bool = False,
    wide: bool = False,
) -> Table:
    """Members per row with their share; ``linked``: the rows' keys are nodes."""
    return Table(
        title,
        [label, _("在会人数"), _("占比")],
        [[r.label, r.count, _share(r.count, total)] for r in rows],
        links=[r.key for r in rows] if linked else None,
        wide=wide,
    )


def _flow_table(
    title: str, headers: list[str], rows: list[statistics.FlowRow], *, linked: bool = True
) -> Table:
    return Table(
        title,
        headers,
        [[r.label, r.total, r.transfers, r.crossing] for r in rows],
        links=[r.key for r in rows] if linked else None,
        wide=linked,
    )


def active_tables(active: statistics.ActiveMembers) -> list[Table]:
    total = active.total
    return [
        _count_table(_("按用工形式"), _("用工形式"), active.by_kind, total),
        _count_table(_("按年龄段"), _("年龄段"), active.by_age, total),
        _count_table(_("按性别"), _("性别"), active.by_sex, total),
        _count_table(_("按服务站"), _("服务站"), active.by_station, total, linked=True),
        _count_table(_("按工会"), _("工会"), active.by_union, total, linked=True, wide=True),
        _count_table(
            _("按工作单位"), _("工作单位（法人单位）"), active.by_employer, total, wide=True
        ),
    ]


def flow_tables(figures: Figures) -> list[Table]:
    joins, leaves, platform = figures.joins, figures.leaves, figures.platform
    return [
        _flow_table(
            _("入会（按工会）"),
            [_("工会"), _("入会"), _("其中转入"), _("新增会员")],
            joins.by_union,
        ),
        Table(
            _("离会（按状态）"),
            [_("会籍状态"), _("离会人数")],
            [[r.label, r.count] for r in leaves.by_status],
        ),
        _flow_table(
            _("离会（按工会）"),
            [_("工会"), _("离会"), _("其中转出"), _("离开统计范围")],
            leaves.by_union,
        ),
        _flow_table(
            _("新就业形态劳动者入会"),
            [_("平台类别"), _("入会"), _("其中转入"), _("新增会员")],
            platform.by_platform,
            linked=False,
        ),
    ]


def summary_rows(figures: Figures) -> list[list[Any]]:
    active, joins, leaves, platform = (
        figures.active,
        figures.joins,
        figures.leaves,
        figures.platform,
    )
    scope = figures.node.name if figures.node else _("全部管辖范围")
    period = f"{joins.start:%Y-%m-%d} — {joins.end:%Y-%m-%d}"
    return [
        [_("统计范围"), scope],
        [_("在会人数统计日"), active.on],
        [_("在会会员"), active.total],
        [_("统计期"), period],
        [_("入会（含转入）"), joins.total],
        [_("其中转入"), joins.transfers],
        [_("新增会员（不含统计范围内转会）"), joins.new_members],
        [_("离会（含转出）"), leaves.total],
        [_("离开统计范围（不含统计范围内转会）"), leaves.left_scope],
        [_("新就业形态劳动者入会"), platform.total],
        [_("其中新增会员"), platform.new_members],
    ]


class StatisticsMixin(ScopedMixin):
    """The scope (``?node=``), the day, the period and the figures."""

    model = Membership
    action = MEMBERS_VIEW

    @cached_property
    def node(self) -> Organization | None:
        pk = self.request.GET.get("node")
        return self.scoped_get(Organization.objects.all(), pk=pk) if pk else None

    def node_choices(self) -> list[Organization]:
        summary_nodes = Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]) | Q(
            union_kind=UnionKind.JOINT
        )
        if self.node is not None:
            summary_nodes |= Q(pk=self.node.pk)
        nodes = visible_nodes(actor=self.request.user, action=MEMBERS_VIEW)
        return list(nodes.filter(summary_nodes).order_by("path"))

    @cached_property
    def form(self) -> StatisticsForm:
        return StatisticsForm(self.request.GET or None, nodes=self.node_choices())

    def dates(self) -> tuple[date, date, date]:
        """(the day, the period's start, its end): today and the year to date by
        default."""
        on = self.form.value("on") or timezone.localdate()
        start, end = self.form.period()
        end = end or timezone.localdate()
        start = start or year_to_date(end)[0]
        return on, start, end

    @cached_property
    def figures(self) -> Figures:
        user, node = self.request.user, self.node
        on, start, end = self.dates()
        return Figures(
            node=node,
            active=statistics.active_members(actor=user, on=on, node=node),
            joins=statistics.joins(actor=user, start=start, end=end, node=node),
            leaves=statistics.leaves(actor=user, start=start, end=end, node=node),
            platform=statistics.platform_joins(actor=user, start=start, end=end, node=node),
        )


class StatisticsView(StatisticsMixin, TemplateView):
    template_name = "members/statistics.html"
    title = gettext_lazy("会员统计")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        figures = self.figures
        query = self.request.GET.copy()
        query.pop("node", None)
        context.update(
            filter_form=self.form,
            node=figures.node,
            figures=figures,
            active_tables=active_tables(figures.active),
            flow_tables=flow_tables(figures),
            export_query=self.request.GET.urlencode(),
            query_without_node=query.urlencode(),
            page_rows=PAGE_ROWS,
        )
        return context


class StatisticsExportView(StatisticsMixin, View):
    """The page's tables as a workbook: a summary sheet and one sheet per table."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        figures = self.figures
        tables = [*active_tables(figures.active), *flow_tables(figures)]
        sheets = [xlsx.Sheet(_("概况"), [_("指标"), _("数值")], summary_rows(figures))]
        sheets += [xlsx.Sheet(t.title, t.headers, t.rows) for t in tables]
        response = HttpResponse(xlsx.workbook_bytes(sheets), content_type=xlsx.CONTENT_TYPE)
        filename = _("会员统计-%(day)s.xlsx") % {"day": f"{figures.active.on:%Y%m%d}"}
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=filename
        )
        return response
