"""One JSON endpoint per report, ``/api/v1/reports/<name>/``: the figures of the page,
for the reader's scope or the subtree of ``node`` (404 outside it) and a period (default:
the year to date). Every report answers the same shape: its summary figures and tables,
each value typed by its ``kind`` (counts and rates as numbers, a rate as a fraction or
null, money as a decimal string with two places)."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses, id_field
from gonghui.core.reports.declarations import Kind, Report
from gonghui.core.reports.formats import json_value
from gonghui.core.reports.forms import default_period, period_error
from gonghui.core.reports.runs import Run, run

KINDS = [kind.value for kind in Kind]


@extend_schema_field(
    {"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True}  # type: ignore[arg-type]
)
class ValueField(serializers.JSONField):
    """A figure or a cell: a number, a text (money as a decimal string) or null."""


class NodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=KINDS)
    value = ValueField(allow_null=True)


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=KINDS)


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.ListField(child=ValueField(allow_null=True)))


class DefinitionSerializer(serializers.Serializer):
    term = serializers.CharField()
    text = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    report = serializers.CharField()
    title = serializers.CharField()
    node = NodeSerializer(allow_null=True, help_text="null: the user's whole scope")
    start = serializers.DateField()
    end = serializers.DateField()
    made_at = serializers.DateTimeField()
    figures = FigureSerializer(many=True)
    tables = TableSerializer(many=True)
    definitions = DefinitionSerializer(many=True)


def report_data(report_run: Run) -> dict[str, Any]:
    report, node = report_run.report, report_run.node
    tables = []
    for table in report_run.tables:
        kinds = [column.kind for column in table.columns]
        tables.append(
            {
                "key": table.key,
                "title": str(table.title),
                "columns": [
                    {"key": c.key, "label": str(c.label), "kind": c.kind.value}
                    for c in table.columns
                ],
                "rows": [
                    [json_value(v, k) for v, k in zip(row, kinds, strict=True)]
                    for row in table.rows
                ],
            }
        )
    return {
        "report": report.name,
        "title": str(report.title),
        "node": {"id": node.pk, "name": node.name} if node is not None else None,
        "start": report_run.start,
        "end": report_run.end,
        "made_at": report_run.made_at,
        "figures": [
            {
                "key": f.key,
                "label": str(f.label),
                "kind": f.kind.value,
                "value": json_value(f.value, f.kind),
            }
            for f in report_run.summary
        ],
        "tables": tables,
        "definitions": [{"term": str(d.term), "text": str(d.text)} for d in report.definitions],
    }


class QuerySerializer(serializers.Serializer):
    node = id_field(required=False, help_text="id of a node; default: the whole scope")
    start = DateField(required=False, help_text="default: 1 January of the end's year")
    end = DateField(required=False, help_text="default: today")


class ReportApi(ScopedAPIView):
    """A report's figures (the subclass of each report sets ``report``)."""

    report: Report | None = None

    def the_report(self) -> Report:
        assert self.report is not None
        return self.report

    def get(self, request: Request) -> Response:
        report = self.the_report()
        query = self.validated_query(QuerySerializer)
        error = period_error(query.get("start"), query.get("end"))
        if error:
            raise ValidationError({error[0]: [str(error[1])]})
        node = None
        if "node" in query:
            node = self.chosen(report.nodes(self.actor), field="node", pks=[query["node"]])[0]
        start, end = default_period(query.get("start"), query.get("end"))
        report_run = run(report=report, actor=self.actor, node=node, start=start, end=end)
        return Response(ReportSerializer(report_data(report_run)).data)


def api_view_for(report: Report) -> type[ReportApi]:
    """The endpoint of one report: its own class, so the schema names and describes it."""

    @extend_schema(
        summary=f"Report: {report.name}",
        description=str(report.description or ""),
        parameters=[QuerySerializer],
        responses={200: ReportSerializer, **error_responses(400, 401, 403, 404)},
        tags=["reports"],
    )
    def get(self: ReportApi, request: Request) -> Response:
        return ReportApi.get(self, request)

    name = "".join(part.title() for part in report.name.replace("-", "_").split("_"))
    attributes = {"report": report, "action": report.action, "get": get}
    return type(f"{name}ReportApi", (ReportApi,), attributes)
