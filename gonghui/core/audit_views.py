from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import AUDIT_VIEW
from gonghui.core.forms import AuditFilterForm
from gonghui.core.models import AuditEntry
from gonghui.core.views import StaffListView


class AuditListView(StaffListView):
    """The audit log, filtered per object, per user, per action and per date."""

    model = AuditEntry
    action = AUDIT_VIEW
    template_name = "core/audit_list.html"
    title = _("审计日志")
    sortable = ("time", "actor_name", "action")
    default_sort = "-time"

    def filter_form(self) -> AuditFilterForm:
        if not hasattr(self, "_filter_form"):
            self._filter_form = AuditFilterForm(self.request.GET or None)
        return self._filter_form

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        form = self.filter_form()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["content_type"]:
                queryset = queryset.filter(content_type=data["content_type"])
            for key in ("object_id", "actor_name", "action"):
                if data[key]:
                    queryset = queryset.filter(**{key: data[key]})
            if data["since"]:
                queryset = queryset.filter(time__date__gte=data["since"])
            if data["until"]:
                queryset = queryset.filter(time__date__lte=data["until"])
        return queryset.select_related("content_type", "organization")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form()
        return context
