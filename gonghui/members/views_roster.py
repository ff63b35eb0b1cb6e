"""Staff pages of roster import and export: the imports of the unions in scope, the
upload form, an import's page with its progress bar (which polls a small JSON status),
the template, an import's error report, and the export of a union's members.

Every page is scoped by the base views of ``core.views``; the work is done by
``members.services.roster``."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from gonghui.accounts.roles import MEMBERS_EXPORT, MEMBERS_IMPORT
from gonghui.core.scoping import Actor, allows
from gonghui.core.views import ScopedMixin, ServiceFormView, StaffDetailView, StaffListView
from gonghui.documents import xlsx
from gonghui.members.forms_roster import RosterFilterForm, RosterImportForm
from gonghui.members.models import RosterImport
from gonghui.members.roster import documents
from gonghui.members.roster.listing import roster_imports
from gonghui.members.services import roster
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization, OrganizationQuerySet

FINISHED = (RosterImport.Status.DONE, RosterImport.Status.FAILED, RosterImport.Status.CHECKED)


def import_url(pk: Any) -> str:
    return reverse("members:roster_import_detail", args=[pk])


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


def _unions(user: Actor, action: str) -> OrganizationQuerySet:
    return (
        Organization.objects.for_actor(user, action)
        .filter(kind=NodeKind.UNION)
        .select_related("station")
        .order_by("station__name_sort", "name_sort", "pk")
    )


class RosterImportListView(StaffListView):
    """The imports of the unions in scope, newest first, optionally of one union."""

    model = RosterImport
    action = MEMBERS_IMPORT
    template_name = "members/roster_import_list.html"
    title = _("名册导入")
    sortable = ("created_at", "status", "total_rows")
    default_sort = "-created_at"
    paginate_by = 30

    @cached_property
    def filter_form(self) -> RosterFilterForm:
        return RosterFilterForm(
            self.request.GET or None, unions=_unions(self.actor, MEMBERS_IMPORT)
        )

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return roster_imports(queryset, **self.filter_form.filters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        union = self.filter_form.chosen_union()
        user = self.actor
        context.update(
            filter_form=self.filter_form,
            union=union,
            can_export=union is not None and allows(user, MEMBERS_EXPORT, union),
        )
        return context


class RosterImportCreateView(ServiceFormView):
    """Upload a roster for a union; the import runs in the background."""

    model = RosterImport
    action = MEMBERS_IMPORT
    form_class = RosterImportForm
    template_name = "members/roster_import_form.html"
    title = _("导入会员名册")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["unions"] = _unions(self.actor, MEMBERS_IMPORT).active()
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        union = self.request.GET.get("union")
        return {"union": union} if union else {}

    def perform(self, form: Any) -> RosterImport:
        upload = form.cleaned_data["file"]
        record = roster.roster_import_start(
            actor=self.actor,
            union=form.cleaned_data["union"],
            file_name=upload.name,
            content=upload.read(),
            dry_run=form.cleaned_data["dry_run"],
            update=form.cleaned_data["update_existing"],
        )
        messages.success(self.request, gettext("文件已上传，正在后台检查和导入"))
        return record

    def success_url_for(self, result: Any) -> str:
        return import_url(result.pk)


class RosterImportDetailView(StaffDetailView):
    """An import: its options, progress bar while it runs, counts and error report."""

    model = RosterImport
    action = MEMBERS_IMPORT
    template_name = "members/roster_import_detail.html"
    context_object_name = "roster_import"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("union", "actor")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status"] = status_payload(self.object)
        return context


def status_payload(record: RosterImport) -> dict[str, Any]:
    total, done = record.total_rows, record.processed_rows
    finished = record.status in FINISHED
    percent = 100 if finished else (done * 100 // total if total else 0)
    if finished:
        text = record.message
    elif record.status == RosterImport.Status.PENDING:
        text = gettext("排队等待处理……")
    elif total and done >= total:
        text = gettext("已检查全部 %(total)s 行，正在写入数据库……") % {"total": f"{total:,}"}
    else:
        text = gettext("正在检查：%(done)s / %(total)s 行") % {
            "done": f"{done:,}",
            "total": f"{total:,}" if total else "…",
        }
    return {
        "status": record.status,
        "status_display": record.get_status_display(),
        "finished": finished,
        "percent": percent,
        "processed_rows": done,
        "total_rows": total,
        "created": record.created_count,
        "updated": record.updated_count,
        "errors": record.error_count,
        "text": text,
        "error_report_url": (
            reverse("members:roster_error_report", args=[record.pk]) if record.error_report else ""
        ),
    }


class RosterImportRecordView(ScopedMixin, View):
    """A view about one import of a union in scope (404 otherwise)."""

    model = RosterImport
    action = MEMBERS_IMPORT

    def record(self) -> RosterImport:
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])  # type: ignore[no-any-return]
        except RosterImport.DoesNotExist as exc:
            raise Http404 from exc


class RosterImportStatusView(RosterImportRecordView):
    """The import's progress as JSON, polled by the import's page every second."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        return JsonResponse(status_payload(self.record()))


class RosterErrorReportView(RosterImportRecordView):
    """The error report of an import (404 when it has none), masked as every export is."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.record()
        if not record.error_report:
            raise Http404
        filename = gettext("错误报告-%(name)s.xlsx") % {"name": record.file_name.rsplit(".", 1)[0]}
        return _attachment(roster.error_report_for(actor=self.actor, record=record), filename)


class RosterTemplateView(ScopedMixin, View):
    """The roster template to fill in."""

    model = RosterImport
    action = MEMBERS_IMPORT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _attachment(documents.template_bytes(), gettext("会员名册导入模板.xlsx"))


class MemberExportView(ScopedMixin, View):
    """A union's members as an Excel workbook (personal data masked unless permitted)."""

    model = Organization
    action = MEMBERS_EXPORT

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(kind=NodeKind.UNION)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            union = self.get_queryset().get(pk=kwargs["pk"])
        except Organization.DoesNotExist as exc:
            raise Http404 from exc
        content = roster.member_export(actor=self.actor, union=union)
        return _attachment(content, roster.export_filename(union))
