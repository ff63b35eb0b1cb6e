"""A report's workbook: a summary sheet and one sheet per table, each under a caption
line (the report, the node, the period and when it was made); numbers are numbers with a
number format (counts with thousands separators, money with two places, rates as
percentages), so the reader can compute with them."""

from django.utils.translation import gettext as _

from gonghui.core.reports.declarations import Kind
from gonghui.core.reports.formats import XLSX_FORMATS, cell
from gonghui.core.reports.runs import Run
from gonghui.documents import xlsx


def _summary_sheet(run: Run) -> xlsx.Sheet:
    rows = [
        [str(f.label), xlsx.Formatted(cell(f.value, f.kind), XLSX_FORMATS[f.kind])]
        for f in run.summary
    ]
    return xlsx.Sheet(_("概况"), [_("指标"), _("数值")], rows, caption=run.caption)


def workbook(run: Run) -> bytes:
    sheets = [_summary_sheet(run)]
    for table in run.tables:
        kinds = [column.kind for column in table.columns]
        sheets.append(
            xlsx.Sheet(
                table.title,
                [column.label for column in table.columns],
                [[cell(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows],
                caption=run.caption,
                formats=[XLSX_FORMATS[k] if k != Kind.TEXT else None for k in kinds],
            )
        )
    return xlsx.workbook_bytes(sheets)


def filename(run: Run) -> str:
    return _("%(title)s-%(start)s-%(end)s.xlsx") % {
        "title": run.report.title,
        "start": f"{run.start:%Y%m%d}",
        "end": f"{run.end:%Y%m%d}",
    }
