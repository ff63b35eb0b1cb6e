"""The hotline settings pages (under /hotline/settings/): service levels per source and
the reasons for returning a ticket. They are the district's: the pages need
``HOTLINE_MANAGE`` held on the root of the tree (403 without it anywhere, 404 when held
only on a subtree, as the assistance settings)."""

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gonghui.accounts.roles import HOTLINE_MANAGE
from gonghui.core.district import DistrictFormView, DistrictMixin
from gonghui.hotline.forms.tickets import ReturnReasonForm, ServiceLevelForm
from gonghui.hotline.selectors import tickets as selectors
from gonghui.hotline.services import levels as services

SETTINGS = "hotline:settings"


class ManageMixin(DistrictMixin):
    manage_action = HOTLINE_MANAGE


class SettingsView(ManageMixin, TemplateView):
    template_name = "hotline/settings.html"
    title = _("热线设置")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(levels=selectors.service_levels(), reasons=selectors.return_reasons())
        return context


class _SettingFormView(DistrictFormView):
    manage_action = HOTLINE_MANAGE
    settings_url = SETTINGS
    template_name = "hotline/setting_form.html"


class LevelCreateView(_SettingFormView):
    form_class = ServiceLevelForm
    title = _("设置服务时限")

    def call(self, data: dict[str, Any]) -> Any:
        return services.service_level_set(actor=self.actor, **data)


class ReasonCreateView(_SettingFormView):
    form_class = ReturnReasonForm
    title = _("新增退回理由")

    def call(self, data: dict[str, Any]) -> Any:
        return services.return_reason_add(
            actor=self.actor, name=data["name"], position=data["position"] or 0
        )


class ReasonUpdateView(_SettingFormView):
    form_class = ReturnReasonForm
    title = _("修改退回理由")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.reason = selectors.return_reason(kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        if self.reason is None:
            raise Http404
        r = self.reason
        return {"name": r.name, "position": r.position, "active": r.active}

    def call(self, data: dict[str, Any]) -> Any:
        if self.reason is None:
            raise Http404
        return services.return_reason_update(
            actor=self.actor,
            reason=self.reason,
            name=data["name"],
            active=data["active"],
            position=data["position"] or 0,
        )


urlpatterns: list[URLPattern] = [
    path("settings/", SettingsView.as_view(), name="settings"),
    path("settings/levels/new/", LevelCreateView.as_view(), name="level_create"),
    path("settings/reasons/new/", ReasonCreateView.as_view(), name="reason_create"),
    path("settings/reasons/<int:pk>/", ReasonUpdateView.as_view(), name="reason_update"),
]
