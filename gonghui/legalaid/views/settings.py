"""The legal-aid settings pages (under /legalaid/settings/): the eligibility rules of the
means test, the firms and lawyers retained (with each lawyer's current load), and the
engagements register the conflict check reads. They need ``LEGALAID_MANAGE`` held on the
root of the tree (403 without it anywhere, 404 when held only on a subtree)."""

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gonghui.accounts.roles import LEGALAID_MANAGE
from gonghui.core.district import DistrictFormView, DistrictMixin
from gonghui.legalaid.forms.settings import EndForm, EngagementForm, FirmForm, LawyerForm, RuleForm
from gonghui.legalaid.selectors import settings as selectors
from gonghui.legalaid.selectors.sources import entity_by_code, root_node
from gonghui.legalaid.services import eligibility, lawyers

SETTINGS = "legalaid:settings"


class ManageMixin(DistrictMixin):
    manage_action = LEGALAID_MANAGE


class SettingsView(ManageMixin, TemplateView):
    template_name = "legalaid/settings.html"
    title = _("法律援助设置")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            rules=selectors.rules(),
            firms=selectors.firms(),
            lawyers=selectors.lawyers_with_load(self.actor, LEGALAID_MANAGE),
            engagements=selectors.engagements(self.actor, LEGALAID_MANAGE)[:100],
        )
        return context


class _SettingFormView(DistrictFormView):
    manage_action = LEGALAID_MANAGE
    settings_url = SETTINGS
    template_name = "legalaid/setting_form.html"


class RuleCreateView(_SettingFormView):
    form_class = RuleForm
    title = _("新增法律援助条件")

    def call(self, data: dict[str, Any]) -> Any:
        return eligibility.rule_create(actor=self.actor, **data)


class RuleEndView(_SettingFormView):
    form_class = EndForm
    title = _("停止执行法律援助条件")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.rule = selectors.rule(kwargs["pk"])
        if self.rule is None:
            raise Http404

    def call(self, data: dict[str, Any]) -> Any:
        assert self.rule is not None
        return eligibility.rule_end(actor=self.actor, rule=self.rule, effective_to=data["on"])


class FirmCreateView(_SettingFormView):
    form_class = FirmForm
    title = _("登记律师事务所")

    def call(self, data: dict[str, Any]) -> Any:
        return lawyers.firm_create(actor=self.actor, **data)


class LawyerCreateView(_SettingFormView):
    form_class = LawyerForm
    title = _("登记援助律师")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "firms": selectors.firms(active_only=True),
            "accounts": selectors.lawyer_accounts(),
        }

    def call(self, data: dict[str, Any]) -> Any:
        return lawyers.lawyer_create(actor=self.actor, organization=root_node(), **data)


class LawyerUpdateView(_SettingFormView):
    form_class = LawyerForm
    title = _("修改援助律师")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.lawyer = (
            selectors.lawyers_with_load(request.user, LEGALAID_MANAGE)
            .filter(pk=kwargs["pk"])
            .first()
            if request.user.is_authenticated
            else None
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        if self.lawyer is None:
            raise Http404
        return {
            **super().get_form_kwargs(),
            "firms": selectors.firms(),
            "accounts": selectors.lawyer_accounts(self.lawyer),
            "editing": True,
        }

    def get_initial(self) -> dict[str, Any]:
        if self.lawyer is None:
            raise Http404
        fields = ("name", "firm", "specialities", "languages", "phone", "user", "active")
        return {name: getattr(self.lawyer, name) for name in fields}

    def call(self, data: dict[str, Any]) -> Any:
        if self.lawyer is None:
            raise Http404
        return lawyers.lawyer_update(actor=self.actor, lawyer=self.lawyer, **data)


class EngagementCreateView(_SettingFormView):
    form_class = EngagementForm
    title = _("登记利益冲突")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "lawyers": selectors.lawyers_with_load(self.actor, LEGALAID_MANAGE),
            "firms": selectors.firms(),
        }

    def call(self, data: dict[str, Any]) -> Any:
        code = data.pop("party_code")
        return lawyers.engagement_create(
            actor=self.actor,
            organization=root_node(),
            party=entity_by_code(self.actor, code),
            **data,
        )


class EngagementEndView(_SettingFormView):
    form_class = EndForm
    title = _("终止利益冲突登记")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.pk = kwargs["pk"]

    def call(self, data: dict[str, Any]) -> Any:
        engagement = selectors.engagements(self.actor, LEGALAID_MANAGE).filter(pk=self.pk).first()
        if engagement is None:
            raise Http404
        return lawyers.engagement_end(actor=self.actor, engagement=engagement, ends_on=data["on"])


urlpatterns: list[URLPattern] = [
    path("settings/", SettingsView.as_view(), name="settings"),
    path("settings/rules/new/", RuleCreateView.as_view(), name="rule_create"),
    path("settings/rules/<int:pk>/end/", RuleEndView.as_view(), name="rule_end"),
    path("settings/firms/new/", FirmCreateView.as_view(), name="firm_create"),
    path("settings/lawyers/new/", LawyerCreateView.as_view(), name="lawyer_create"),
    path("settings/lawyers/<int:pk>/", LawyerUpdateView.as_view(), name="lawyer_update"),
    path("settings/engagements/new/", EngagementCreateView.as_view(), name="engagement_create"),
    path("settings/engagements/<int:pk>/end/", EngagementEndView.as_view(), name="engagement_end"),
]
