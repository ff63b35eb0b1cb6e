"""``manage.py import_members FILE --union CODE [--dry-run] [--update] [--report PATH]``: the
staff page's roster import, run in place (no Celery), recorded as a ``RosterImport`` like any
other. The error report is stored encrypted like every upload; ``--report`` writes a
readable copy (the operator gave the file, so it is not masked)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from gonghui.members.models import RosterImport
from gonghui.members.services.roster import roster_import_create, roster_import_run
from gonghui.organizations.models import Organization

ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = "Import a roster (.xlsx or .csv with the template's headers) into a union."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the roster file (.xlsx or .csv)")
        parser.add_argument("--union", required=True, help="the union's organisation code")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--update",
            action="store_true",
            help="update people already registered (name, phone, employer), not refuse them",
        )
        parser.add_argument("--report", help="where to write the error report (.xlsx), if any")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        union = Organization.objects.filter(code=options["union"]).first()
        if union is None:
            raise CommandError(_("没有组织代码为 %(code)s 的工会") % {"code": options["union"]})
        try:
            record = roster_import_create(
                actor=None,
                union=union,
                file_name=path.name,
                content=path.read_bytes(),
                dry_run=options["dry_run"],
                update=options["update"],
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        record = roster_import_run(pk=record.pk, on_progress=self._progress)
        self._report(record, options["report"])

    def _progress(self, count: int, total: int) -> None:
        self.stderr.write(_("已检查 %(count)s / %(total)s 行") % {"count": count, "total": total})

    def _report(self, record: RosterImport, target: str | None) -> None:
        if record.error_report:
            self._print_errors(record)
            self.stderr.write(_location(record, target))
        if record.status == RosterImport.Status.FAILED:
            raise CommandError(record.message)
        self.stdout.write(self.style.SUCCESS(record.message))

    def _print_errors(self, record: RosterImport) -> None:
        """The first errors, from the report's list of errors."""
        with record.error_report.open("rb") as handle:
            details = CalamineWorkbook.from_filelike(handle).get_sheet_by_index(1).to_python()
        for row, column, reason in details[1 : ERRORS_SHOWN + 1]:
            self.stderr.write(
                _("第 %(row)s 行 %(column)s：%(reason)s")
                % {"row": int(str(row).split(".")[0]), "column": column, "reason": reason}
            )
        if len(details) > ERRORS_SHOWN + 1:
            self.stderr.write(_("……共 %(count)s 条错误") % {"count": len(details) - 1})


def _location(record: RosterImport, target: str | None) -> str:
    """Where the report can be had: written to ``target``, or on the import's page."""
    if not target:
        return _("错误报告可在导入页面下载（第 %(pk)s 次导入），或加 --report 文件名 保存一份") % {
            "pk": record.pk
        }
    with record.error_report.open("rb") as handle:
        Path(target).write_bytes(handle.read())
    return _("错误报告：%(path)s") % {"path": target}
