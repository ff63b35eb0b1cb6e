"""The staff home, a workbench: what needs the user (``core.workbench`` tiles, each a count
linking to the list that shows the same number) and the year's key figures of their
subtree with a small chart per report (``core.reports``: the linked report page shows
the same run)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gonghui.accounts.selectors import STAFF, audience
from gonghui.core import workbench
from gonghui.core.reports import registry
from gonghui.core.reports.formats import display
from gonghui.core.reports.forms import default_period
from gonghui.core.reports.runs import run
from gonghui.core.reports.views import page_table


@dataclass(frozen=True)
class YearFigures:
    """One report's headline figures of the year to date over the user's scope, and its
    first chart, for the workbench (the report's own page, linked, shows the same run)."""

    report: Any
    summary: list[tuple[Any, str]]
    chart: Any
    url: str


FIGURES_SHOWN = 4  # headline figures of each report on the workbench


def year_figures(actor: Any) -> list[YearFigures]:
    start, end = default_period(None, None)
    shown = []
    for report in registry.for_user(actor):
        reading = run(report=report, actor=actor, node=None, start=start, end=end)
        charted = [page_table(t) for t in reading.tables if t.chart is not None and t.rows]
        shown.append(
            YearFigures(
                report=report,
                summary=[
                    (f.label, display(f.value, f.kind)) for f in reading.summary[:FIGURES_SHOWN]
                ],
                chart=charted[0] if charted else None,
                url=reverse(f"reports:{report.name}"),
            )
        )
    return shown


class HomeView(LoginRequiredMixin, TemplateView):
    """The workbench: what needs the user (``core.workbench`` tiles, each a count linking
    to the list that shows it) and the year's key figures of their subtree with charts."""

    template_name = "core/home.html"
    title = _("工作台")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        # staff, mediators and lawyers (a mediator's tiles count their committees' cases,
        # a lawyer's their own cases)
        if audience(user) == STAFF:
            context["counts"] = workbench.counts_for(user)
            context["figures"] = year_figures(user)
            context["year"] = timezone.localdate().year
        return context
