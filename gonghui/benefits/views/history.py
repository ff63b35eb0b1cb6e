"""Staff page that records a campaign held before the platform from a workbook of its
coupons (``services.history.campaign_record_past``; the form reads the file)."""

from typing import Any

from django.contrib import messages
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_RUN
from gonghui.benefits.forms.history import PastCampaignForm
from gonghui.benefits.selectors import campaigns as selectors
from gonghui.benefits.services.history import campaign_record_past
from gonghui.core.views import ServiceFormView


class CampaignRecordView(ServiceFormView):
    model = selectors.CAMPAIGN_MODEL
    action = BENEFITS_RUN
    form_class = PastCampaignForm
    template_name = "benefits/campaign_record.html"
    title = _("补录历史活动")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "nodes": selectors.running_nodes(self.actor),
            "funds": selectors.budget_lines(self.actor),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "cancel_url": reverse("benefits:campaign_list"),
        }

    def perform(self, form: Any) -> Any:
        return campaign_record_past(actor=self.actor, **form.service_arguments())

    def success_url_for(self, result: Any) -> str:
        messages.success(self.request, gettext("已补录，活动已结束"))
        return reverse("benefits:campaign_detail", args=[result.pk])


urlpatterns: list[URLPattern] = [
    path("campaigns/record/", CampaignRecordView.as_view(), name="campaign_record"),
]
