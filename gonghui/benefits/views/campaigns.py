"""Staff pages of claim campaigns (under /benefits/campaigns/): the list, a campaign with
its items' stock and vouchers, creating and changing a draft, its items, and one page for
every step the engine offers."""

from functools import cached_property
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_RUN, BENEFITS_VIEW
from gonghui.benefits.forms import campaigns as forms
from gonghui.benefits.selectors import campaigns as selectors
from gonghui.benefits.services import campaigns as services
from gonghui.core.scoping import allows
from gonghui.core.views import ChildFormView, ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView

VOUCHERS_SHOWN = 50


def campaign_url(pk: Any) -> str:
    return reverse("benefits:campaign_detail", args=[pk])


class CampaignListView(StaffListView):
    model = selectors.CAMPAIGN_MODEL
    action = BENEFITS_VIEW
    template_name = "benefits/campaign_list.html"
    title = _("普惠活动")
    sortable = ("opens_at", "number")
    default_sort = "-opens_at"

    @cached_property
    def filter_form(self) -> forms.CampaignFilterForm:
        return forms.CampaignFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.campaign_list(actor=self.actor, **self.filter_form.filters()).order_by(
            *self.get_ordering()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "filter_form": self.filter_form,
            "may_create": self.request.user.has_action(BENEFITS_RUN),  # type: ignore[union-attr]
        }


class CampaignDetailView(StaffDetailView):
    model = selectors.CAMPAIGN_MODEL
    action = BENEFITS_VIEW
    template_name = "benefits/campaign_detail.html"
    context_object_name = "campaign"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization", "fund", "reserve_entry", "refund_entry")

    @property
    def title(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign = self.object
        vouchers = selectors.vouchers_of(actor=self.actor, campaign=campaign)
        runs = allows(self.actor, BENEFITS_RUN, campaign)
        context.update(
            actions=offers(self.actor, campaign),
            timeline=timeline(campaign),
            stock=selectors.item_stock(campaign, self.actor),
            runs=runs,  # the budget and the steps are for those who run it
            total_value=services.total_value(campaign) if runs else None,
            reserved=-campaign.reserve_entry.amount if runs and campaign.reserve_entry else None,
            vouchers=vouchers[:VOUCHERS_SHOWN],
            voucher_count=vouchers.count(),
            editable=campaign.status == "draft" and self.request.user.has_action(BENEFITS_RUN),  # type: ignore[union-attr]
            open_now=selectors.open_now(campaign),
        )
        return context


class CampaignCreateView(ServiceFormView):
    model = selectors.CAMPAIGN_MODEL
    action = BENEFITS_RUN
    form_class: type[Any] = forms.CampaignForm
    template_name = "benefits/form.html"
    title = _("新建普惠活动")

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
        return services.campaign_create(actor=self.actor, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        messages.success(self.request, gettext("已创建，请添加物品后发布"))
        return campaign_url(result.pk)


class _CampaignFormView(ChildFormView):
    """A form on a draft campaign reached through the scope of ``benefits.run``."""

    model = selectors.CAMPAIGN_MODEL
    action = BENEFITS_RUN
    template_name = "benefits/form.html"

    def parent_url(self) -> str:
        return campaign_url(self.parent.pk)

    def success_url_for(self, result: Any) -> str:
        return self.parent_url()


class CampaignChangeView(_CampaignFormView):
    form_class = forms.CampaignForm
    title = _("修改活动")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "funds": selectors.budget_lines(self.actor)}

    def get_initial(self) -> dict[str, Any]:
        fields = [name for name in services.CAMPAIGN_FIELDS if name != "fund"]
        return {
            **{name: getattr(self.parent, name) for name in fields},
            "fund": self.parent.fund_id,
        }

    def perform(self, form: Any) -> Any:
        return services.campaign_change(actor=self.actor, campaign=self.parent, **form.cleaned_data)


class ItemAddView(_CampaignFormView):
    form_class = forms.ItemForm
    title = _("添加物品")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "suppliers": selectors.suppliers_for(self.actor)}

    def perform(self, form: Any) -> Any:
        return services.item_add(actor=self.actor, campaign=self.parent, **form.cleaned_data)


class ItemRemoveView(_CampaignFormView):
    form_class = django_forms.Form
    title = _("删除物品")
    submit_label = _("删除")

    @cached_property
    def item(self) -> Any:
        return self.scoped_get(selectors.ITEM_MODEL.objects.all(), pk=self.kwargs["item"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "intro": str(self.item)}

    def perform(self, form: Any) -> Any:
        if self.item.campaign_id != self.parent.pk:
            raise Http404
        services.item_remove(actor=self.actor, item=self.item)
        return self.parent


class CampaignStepView(StepView):
    model = selectors.CAMPAIGN_MODEL
    step_from_url = True
    form_class = django_forms.Form
    template_name = "benefits/step.html"
    object_name = "record"
    success_message = _("已办理")

    def call_service(self, data: dict[str, Any]) -> Any:
        return self.take_step(data)

    def object_url(self, pk: Any) -> str:
        return campaign_url(pk)


urlpatterns: list[URLPattern] = [
    path("campaigns/", CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/new/", CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaigns/<int:pk>/change/", CampaignChangeView.as_view(), name="campaign_change"),
    path("campaigns/<int:pk>/items/new/", ItemAddView.as_view(), name="item_add"),
    path(
        "campaigns/<int:pk>/items/<int:item>/remove/",
        ItemRemoveView.as_view(),
        name="item_remove",
    ),
    path("campaigns/<int:pk>/<slug:step>/", CampaignStepView.as_view(), name="campaign_step"),
]
