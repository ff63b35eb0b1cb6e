"""The consultation and mediation statistics page and its Excel download (under
/disputes/statistics/).

Both read ``disputes.statistics`` for the actor's scope or one subtree (``?node=``, 404
when outside the scope) and a period (default: the year to date), and build the same
tables, so the workbook holds what the page shows."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django import forms
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from gonghui.accounts.roles import DISPUTES_VIEW
from gonghui.core.views import ScopedMixin
from gonghui.disputes import statistics
from gonghui.disputes.models import MediationCase
from gonghui.documents import xlsx
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.forms import CoverageForm
from gonghui.organizations.models import Organization
from gonghui.organizations.selectors import visible_nodes, year_to_date


class StatisticsForm(CoverageForm):
    """The coverage page's form (scope and period) with this page's labels; the day is
    not asked (overdue cases are counted today)."""

    def __init__(self, data: Any = None, *, nodes: list[Organization]) -> None:
        super().__init__(data, nodes=nodes)
        self.fields["on"].widget = forms.HiddenInput()
        self.fields["start"].label = gettext_lazy("统计起始日")
        self.fields["end"].label = gettext_lazy("统计截止日")


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Figures:
    node: Organization | None
    consultations: statistics.Consultations
    mediation: statistics.Mediation


def summary_rows(figures: Figures) -> list[list[Any]]:
    c, m = figures.consultations, figures.mediation
    rate = statistics.rate_text
    return [
        [_("统计范围"), figures.node.name if figures.node else _("全部管辖范围")],
        [_("统计期"), f"{c.start:%Y-%m-%d} — {c.end:%Y-%m-%d}"],
        [_("咨询人次"), c.total],
        [_("咨询满意率"), rate(c.satisfaction_rate)],
        [_("受理调解申请人数"), m.applicants_accepted],
        [_("结案人数"), m.applicants_closed],
        [_("结案率"), rate(m.closure_rate)],
        [_("受理案件数"), m.cases_accepted],
        [_("结案件数"), m.cases_closed],
        [_("案件结案率"), rate(m.case_closure_rate)],
        [_("协议金额（元）"), m.amount_agreed],
        [_("履行金额（元）"), m.amount_fulfilled],
        [_("统计期内结案件数"), m.closed_in_period],
        [
            _("平均结案天数"),
            "—" if m.average_days is None else f"{m.average_days:.1f}",
        ],
        [_("当前超期案件（%(day)s）") % {"day": f"{m.at:%Y-%m-%d}"}, m.overdue],
    ]


def tables(figures: Figures) -> list[Table]:
    c, m = figures.consultations, figures.mediation
    return [
        Table(
            _("咨询（按方式）"),
            [_("咨询方式"), _("人次")],
            [[r.label, r.count] for r in c.by_channel],
        ),
        Table(
            _("咨询（按事项）"),
            [_("咨询事项"), _("人次")],
            [[r.label, r.count] for r in c.by_topic],
        ),
        Table(
            _("调解（按层级）"),
            [_("调解委员会"), _("受理人数"), _("结案人数"), _("受理件数"), _("结案件数")],
            [
                [
                    r.label,
                    r.applicants_accepted,
                    r.applicants_closed,
                    r.cases_accepted,
                    r.cases_closed,
                ]
                for r in m.by_tier
            ],
        ),
        Table(
            _("结案（按结果）"),
            [_("结果"), _("件数")],
            [[r.label, r.count] for r in m.by_outcome],
        ),
    ]


class StatisticsMixin(ScopedMixin):
    """The scope (``?node=``), the period and the figures."""

    model = MediationCase
    action = DISPUTES_VIEW

    @cached_property
    def node(self) -> Organization | None:
        pk = self.request.GET.get("node")
        return self.scoped_get(Organization.objects.all(), pk=pk) if pk else None

    def node_choices(self) -> list[Organization]:
        summary_nodes = Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]) | Q(
            mediation_committees__active=True
        )
        if self.node is not None:
            summary_nodes |= Q(pk=self.node.pk)
        nodes = visible_nodes(actor=self.request.user, action=DISPUTES_VIEW)
        return list(nodes.filter(summary_nodes).distinct().order_by("path"))

    @cached_property
    def form(self) -> StatisticsForm:
        return StatisticsForm(self.request.GET or None, nodes=self.node_choices())

    def period(self) -> tuple[date, date]:
        """The chosen period; the year to date by default."""
        start, end = self.form.period()
        end = end or timezone.localdate()
        start = start or year_to_date(end)[0]
        return start, end

    @cached_property
    def figures(self) -> Figures:
        user, node = self.request.user, self.node
        start, end = self.period()
        return Figures(
            node=node,
            consultations=statistics.consultations(actor=user, start=start, end=end, node=node),
            mediation=statistics.mediation(actor=user, start=start, end=end, node=node),
        )


class StatisticsView(StatisticsMixin, TemplateView):
    template_name = "disputes/statistics.html"
    title = gettext_lazy("调解统计")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        figures = self.figures
        context.update(
            filter_form=self.form,
            node=figures.node,
            figures=figures,
            summary=summary_rows(figures),
            tables=tables(figures),
            satisfaction_rate=statistics.rate_text(figures.consultations.satisfaction_rate),
            closure_rate=statistics.rate_text(figures.mediation.closure_rate),
            export_query=self.request.GET.urlencode(),
        )
        return context


class StatisticsExportView(StatisticsMixin, View):
    """The page's tables as a workbook: a summary sheet and one sheet per table."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        figures = self.figures
        sheets = [xlsx.Sheet(_("概况"), [_("指标"), _("数值")], summary_rows(figures))]
        sheets += [xlsx.Sheet(t.title, t.headers, t.rows) for t in tables(figures)]
        response = HttpResponse(xlsx.workbook_bytes(sheets), content_type=xlsx.CONTENT_TYPE)
        c = figures.consultations
        filename = _("调解统计-%(start)s-%(end)s.xlsx") % {
            "start": f"{c.start:%Y%m%d}",
            "end": f"{c.end:%Y%m%d}",
        }
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=filename
        )
        return response
