"""The assistance settings pages (under /assistance/settings/): kinds of aid and their
standards, application rounds, income lines, required documents and the policy. The
settings are the district's: the pages need ``ASSISTANCE_MANAGE`` held on the root of the
tree (403 without it anywhere, 404 when held only on a subtree, as the calendar)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from gonghui.accounts.roles import ASSISTANCE_MANAGE
from gonghui.assistance.forms.reference import (
    AidKindForm,
    AidRoundForm,
    IncomeLineForm,
    PolicyForm,
    RequiredDocumentForm,
)
from gonghui.assistance.selectors import reference as selectors
from gonghui.assistance.services import reference as services
from gonghui.core.district import DistrictFormView, DistrictMixin

SETTINGS = "assistance:settings"


class ManageMixin(DistrictMixin):
    manage_action = ASSISTANCE_MANAGE


class SettingsView(ManageMixin, TemplateView):
    template_name = "assistance/settings.html"
    title = _("帮扶设置")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(selectors.reference_data())
        return context


class _SettingFormView(DistrictFormView):
    manage_action = ASSISTANCE_MANAGE
    settings_url = SETTINGS
    template_name = "assistance/setting_form.html"


class KindCreateView(_SettingFormView):
    form_class = AidKindForm
    title = _("新增帮扶项目")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "funds": selectors.funds()}

    def call(self, data: dict[str, Any]) -> Any:
        return services.aid_kind_create(actor=self.actor, **data)


class KindUpdateView(_SettingFormView):
    form_class = AidKindForm
    title = _("修改帮扶项目")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.kind = selectors.kind(kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        if self.kind is None:
            raise Http404
        return {**super().get_form_kwargs(), "funds": selectors.funds(), "editing": True}

    def get_initial(self) -> dict[str, Any]:
        k = self.kind
        if k is None:
            raise Http404
        fields = ("name", "category", "standard", "amount_mode", "fixed_amount", "min_amount")
        rest = ("max_amount", "annual_cap", "in_rounds", "needs_file", "fund", "active")
        return {name: getattr(k, name) for name in (*fields, *rest)}

    def call(self, data: dict[str, Any]) -> Any:
        if self.kind is None:
            raise Http404
        return services.aid_kind_update(actor=self.actor, kind=self.kind, **data)


class RoundCreateView(_SettingFormView):
    form_class = AidRoundForm
    title = _("新增申请批次")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "kinds": selectors.round_kinds()}

    def call(self, data: dict[str, Any]) -> Any:
        return services.aid_round_create(actor=self.actor, **data)


class IncomeLineCreateView(_SettingFormView):
    form_class = IncomeLineForm
    title = _("新增收入标准")

    def call(self, data: dict[str, Any]) -> Any:
        return services.income_line_set(actor=self.actor, **data)


class DocumentAddView(_SettingFormView):
    form_class = RequiredDocumentForm
    title = _("新增必备材料")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "kinds": selectors.kinds()}

    def call(self, data: dict[str, Any]) -> Any:
        return services.required_document_add(actor=self.actor, **data)


class DocumentRemoveView(ManageMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = selectors.document(pk)
        if row is None:
            raise Http404
        services.required_document_remove(actor=self.actor, row=row)
        messages.success(request, gettext("已从必备材料清单中删除"))
        return redirect(SETTINGS)


class PolicyView(_SettingFormView):
    form_class = PolicyForm
    title = _("设置帮扶政策")

    def call(self, data: dict[str, Any]) -> Any:
        return services.policy_set(actor=self.actor, **data)


urlpatterns: list[URLPattern] = [
    path("settings/", SettingsView.as_view(), name="settings"),
    path("settings/kinds/new/", KindCreateView.as_view(), name="kind_create"),
    path("settings/kinds/<int:pk>/", KindUpdateView.as_view(), name="kind_update"),
    path("settings/rounds/new/", RoundCreateView.as_view(), name="round_create"),
    path("settings/lines/new/", IncomeLineCreateView.as_view(), name="income_line_create"),
    path("settings/documents/new/", DocumentAddView.as_view(), name="document_add"),
    path(
        "settings/documents/<int:pk>/remove/", DocumentRemoveView.as_view(), name="document_remove"
    ),
    path("settings/policy/", PolicyView.as_view(), name="policy_set"),
]
