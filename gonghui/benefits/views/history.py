"""Staff page that records a campaign held before the platform from a workbook of its
coupons (``services.history.campaign_record_past``; the form reads the file)."""

from typing import Any

from django.contrib import messages
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.benefits.forms.history import PastCampaignForm
from gonghui.benefits.services.history import campaign_record_past
from gonghui.benefits.views.campaigns import CampaignCreateView


class CampaignRecordView(CampaignCreateView):
    """The creation page's nodes and budget lines, the past campaign's form and service."""

    form_class = PastCampaignForm
    template_name = "benefits/campaign_record.html"
    title = _("补录历史活动")

    def perform(self, form: Any) -> Any:
        return campaign_record_past(actor=self.actor, **form.service_arguments())

    def success_url_for(self, result: Any) -> str:
        messages.success(self.request, gettext("已补录，活动已结束"))
        return reverse("benefits:campaign_detail", args=[result.pk])


urlpatterns: list[URLPattern] = [
    path("campaigns/record/", CampaignRecordView.as_view(), name="campaign_record"),
]
