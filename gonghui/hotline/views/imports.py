"""The import page (/hotline/tickets/import/): upload the platform's export; every bad row
is shown with its row number and field and nothing is written, or every row is written
and the page says what was created, updated (with the fields) and left unchanged."""

from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import HOTLINE_DISPATCH
from gonghui.core.views import ServiceFormView
from gonghui.hotline.forms.tickets import ImportForm
from gonghui.hotline.selectors import tickets as selectors
from gonghui.hotline.services.imports import (
    ImportFileError,
    field_label,
    headers,
    read_workbook,
    ticket_import,
)


class TicketImportView(ServiceFormView):
    model = selectors.TICKET_MODEL
    action = HOTLINE_DISPATCH
    form_class = ImportForm
    template_name = "hotline/ticket_import.html"
    title = _("导入工单")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "nodes": selectors.dispatch_nodes(self.actor)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        needed, optional = headers()
        context.update(needed_headers="、".join(needed), optional_headers="、".join(optional))
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        try:
            rows = read_workbook(data["file"].read())
        except ImportFileError as exc:
            form.add_error("file", exc.message)
            return self.form_invalid(form)
        result = ticket_import(
            actor=self.actor,
            organization=data["organization"],
            rows=rows,
            dry_run=data["dry_run"],
        )
        errors = [
            {"row": e.row, "field": field_label(e.field), "message": e.message}
            for e in result.errors
        ]
        updated = [
            {"number": u["number"], "fields": "、".join(field_label(f) for f in u["fields"])}
            for u in result.updated
        ]
        context = self.get_context_data(form=form, result=result, errors=errors, updated=updated)
        return self.render_to_response(context)


urlpatterns: list[URLPattern] = [
    path("tickets/import/", TicketImportView.as_view(), name="ticket_import"),
]
