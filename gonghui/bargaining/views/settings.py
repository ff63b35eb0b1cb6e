"""The bargaining rules page (under /bargaining/settings/): the rules in force from each
day on, and a form for a new one. It needs ``BARGAINING_MANAGE`` held on the root of the
tree (403 without it anywhere, 404 when held only on a subtree)."""

from typing import Any

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gonghui.accounts.roles import BARGAINING_MANAGE
from gonghui.bargaining.forms.settings import PolicyForm
from gonghui.bargaining.selectors.policy import policies, policy_on
from gonghui.bargaining.services.policy import policy_create
from gonghui.core.district import DistrictFormView, DistrictMixin

SETTINGS = "bargaining:settings"


class SettingsView(DistrictMixin, TemplateView):
    manage_action = BARGAINING_MANAGE
    template_name = "bargaining/settings.html"
    title = _("职代会与集体协商设置")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(policies=policies(), in_force=policy_on())
        return context


class PolicyCreateView(DistrictFormView):
    manage_action = BARGAINING_MANAGE
    settings_url = SETTINGS
    template_name = "bargaining/setting_form.html"
    form_class = PolicyForm
    title = _("登记新规则")

    def call(self, data: dict[str, Any]) -> Any:
        return policy_create(self.actor, **data)


urlpatterns: list[URLPattern] = [
    path("settings/", SettingsView.as_view(), name="settings"),
    path("settings/policies/new/", PolicyCreateView.as_view(), name="policy_create"),
]
