"""What a report is: a figures function and how its figures are presented.

A report declares, once::

    Report(
        name="coverage",                       # /reports/coverage/, /api/v1/reports/coverage/
        title=_("覆盖统计"),
        action=ORG_VIEW,                       # who may read it (scoped to their subtree)
        figures=coverage_figures,              # (*, actor, start, end, node) -> anything
        summary=lambda f: [Figure(...), ...],  # the headline figures
        tables=lambda f: [Table(...), ...],    # each with an optional Chart
        definitions=[Definition(_("覆盖职工"), _("..."))],
        nodes=lambda actor: visible_nodes(actor=actor, action=ORG_VIEW),
        menu=Q(kind__in=[...]),                # nodes offered in the form's drop-down
    )

The page, the workbook and the JSON endpoint all present what ``summary`` and ``tables``
return, so they always show the same figures. Cells carry a ``Kind`` that says how they
are shown: counts with thousands separators, money with two places, rates as percentages
(the value is the fraction, ``None`` when there is nothing to rate).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from gonghui.core.scoping import Actor

Text = str | Promise


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"  # an integer, with thousands separators: 12,345
    MONEY = "money"  # yuan, two places: 1,234,567.80
    RATE = "rate"  # a fraction shown as a percentage with one place: 0.875 -> 87.5%
    NUMBER = "number"  # a decimal with one place: 9.5 (days on average)
    DATE = "date"


@dataclass(frozen=True)
class Figure:
    """One headline figure: a key for the API, a label, a value and its kind."""

    key: str
    label: Text
    value: Any
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class Column:
    key: str
    label: Text
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class Chart:
    """How a table is drawn: a bar or pie chart of the ``series`` columns (keys) against
    the first column's labels. The table is always shown too (the chart's fallback)."""

    kind: str = "bar"  # "bar", "pie"
    series: Sequence[str] = ()


@dataclass(frozen=True)
class Table:
    """A titled table. ``links`` (optional, one per row) hold the id of the node a row's
    first cell opens the report on; ``wide`` tables (long lists of names) take the page's
    width; the page shows the first ``PAGE_ROWS`` rows, the workbook and the API all."""

    key: str
    title: Text
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    chart: Chart | None = None
    links: Sequence[Any] | None = None
    wide: bool = False


@dataclass(frozen=True)
class Definition:
    """What a figure counts and as of when, shown under the report."""

    term: Text
    text: Text


FiguresFunction = Callable[..., Any]  # (*, actor, start, end, node) -> figures


@dataclass(frozen=True)
class Report:
    name: str
    title: Text
    action: str
    figures: FiguresFunction
    summary: Callable[[Any], list[Figure]]
    tables: Callable[[Any], list[Table]]
    nodes: Callable[[Any], QuerySet[Any]]
    definitions: Sequence[Definition] = ()
    menu: Q | None = None  # the nodes offered in the drop-down; None: every node
    description: Text = ""
    start_label: Text = ""
    end_label: Text = ""

    def run(self, *, actor: Actor, start: date, end: date, node: Any) -> Any:
        return self.figures(actor=actor, start=start, end=end, node=node)
