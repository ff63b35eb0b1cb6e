"""One reading of a report: the figures of a node and a period for an actor, presented as
its summary and tables. The page, the workbook and the JSON endpoint all present a run."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.reports.declarations import Figure, Report, Table
from gonghui.core.scoping import Actor


@dataclass(frozen=True)
class Run:
    report: Report
    actor: Actor
    node: Any  # an organisation node, or None for the actor's whole scope
    start: date
    end: date
    made_at: datetime

    @cached_property
    def figures(self) -> Any:
        return self.report.run(actor=self.actor, start=self.start, end=self.end, node=self.node)

    @cached_property
    def summary(self) -> list[Figure]:
        return self.report.summary(self.figures)

    @cached_property
    def tables(self) -> list[Table]:
        return self.report.tables(self.figures)

    @property
    def scope_name(self) -> str:
        return str(self.node.name) if self.node is not None else _("全部管辖范围")

    @property
    def caption(self) -> str:
        """The title line: the report, the node, the period and when it was made."""
        return _("%(title)s · %(scope)s · %(start)s — %(end)s · 生成于 %(made)s") % {
            "title": self.report.title,
            "scope": self.scope_name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "made": f"{timezone.localtime(self.made_at):%Y-%m-%d %H:%M}",
        }


def run(*, report: Report, actor: Actor, node: Any, start: date, end: date) -> Run:
    """The run of ``report`` for the signed-in reader of a page or the API."""
    return Run(report, actor, node, start, end, timezone.now())
