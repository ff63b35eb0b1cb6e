"""The staff page and the workbook of every report (``/reports/<name>/`` and
``/reports/<name>/export.xlsx``): one view each, for any report of the registry.

Both read the node (``?node=``; 404 outside the reader's scope for the report's action)
and the period from the one report form, run the report once and present the run."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from gonghui.core.reports import exports
from gonghui.core.reports.declarations import Kind, Report, Table
from gonghui.core.reports.formats import display
from gonghui.core.reports.forms import ReportForm
from gonghui.core.reports.runs import Run, run
from gonghui.core.scoping import Actor
from gonghui.core.views import ScopedMixin
from gonghui.documents import xlsx

PAGE_ROWS = 30  # rows of a long table shown on the page; the workbook has them all


def chosen_node(report: Report, actor: Actor, pk: Any) -> Any:
    """The node named by ``pk`` among those the actor may read the report on, or None
    when no node is asked; ``Http404`` for an unknown or out-of-scope node."""
    if pk in (None, ""):
        return None
    try:
        return report.nodes(actor).get(pk=int(pk))
    except (ValueError, TypeError, report.nodes(actor).model.DoesNotExist) as exc:
        raise Http404 from exc


def chart_data(table: Table) -> dict[str, Any] | None:
    """What ``static/js/reports.js`` draws: the first column's labels and one series per
    chart column."""
    if table.chart is None:
        return None
    keys = [column.key for column in table.columns]
    series = []
    for key in table.chart.series:
        index = keys.index(key)
        data = [_number(row[index]) for row in table.rows]
        series.append({"name": str(table.columns[index].label), "data": data})
    return {
        "type": table.chart.kind,
        "categories": [str(row[0]) for row in table.rows],
        "series": series,
    }


def _number(value: Any) -> int | float:
    return value if isinstance(value, int) else float(value or 0)


@dataclass(frozen=True)
class PageTable:
    table: Table
    headers: list[tuple[str, bool]]  # label, numeric
    rows: list[tuple[Any, list[tuple[str, bool]]]]  # link, cells (text, numeric)
    cut: int
    chart: dict[str, Any] | None

    @property
    def chart_id(self) -> str:
        return f"chart-{self.table.key}"


def page_table(table: Table) -> PageTable:
    kinds = [column.kind for column in table.columns]
    links = list(table.links or [None] * len(table.rows))
    rows = [
        (link, [(display(v, k), k != Kind.TEXT) for v, k in zip(row, kinds, strict=True)])
        for link, row in zip(links, table.rows, strict=True)
    ]
    return PageTable(
        table=table,
        headers=[(str(c.label), c.kind != Kind.TEXT) for c in table.columns],
        rows=rows[:PAGE_ROWS],
        cut=max(len(rows) - PAGE_ROWS, 0),
        chart=chart_data(table),
    )


class ReportMixin(ScopedMixin):
    """The report (given by the URL module), the node, the form and the run."""

    report: Report | None = None

    def the_report(self) -> Report:
        assert self.report is not None
        return self.report

    @cached_property
    def node(self) -> Any:
        return chosen_node(self.the_report(), self.actor, self.request.GET.get("node"))

    def node_choices(self) -> list[Any]:
        report = self.the_report()
        nodes = report.nodes(self.actor)
        if report.menu is not None:
            menu = report.menu
            if self.node is not None:
                menu |= Q(pk=self.node.pk)
            nodes = nodes.filter(menu).distinct()
        return list(nodes.order_by("path"))

    @cached_property
    def form(self) -> ReportForm:
        return ReportForm(
            self.request.GET or None, report=self.the_report(), nodes=self.node_choices()
        )

    @cached_property
    def run(self) -> Run:
        start, end = self.form.period()
        return run(report=self.the_report(), actor=self.actor, node=self.node, start=start, end=end)


class ReportPageView(ReportMixin, TemplateView):
    template_name = "core/reports/page.html"

    @property
    def title(self) -> Any:
        return self.the_report().title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report_run = self.run
        query = self.request.GET.copy()
        query.pop("node", None)
        context.update(
            report=self.the_report(),
            filter_form=self.form,
            node=self.node,
            run=report_run,
            figures=report_run.figures,
            summary=[(f.label, display(f.value, f.kind)) for f in report_run.summary],
            tables=[page_table(t) for t in report_run.tables],
            export_query=self.request.GET.urlencode(),
            query_without_node=query.urlencode(),
            page_rows=PAGE_ROWS,
        )
        return context


class ReportExportView(ReportMixin, View):
    """The workbook of the period asked for; a period the form refuses is sent back to the
    page, which says why, never silently replaced by the default one."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.form.is_bound and not self.form.is_valid():
            page = reverse(f"reports:{self.the_report().name}")
            return redirect(f"{page}?{request.GET.urlencode()}")
        report_run = self.run
        response = HttpResponse(exports.workbook(report_run), content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=exports.filename(report_run)
        )
        return response
