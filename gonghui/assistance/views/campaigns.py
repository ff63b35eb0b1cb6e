"""Staff pages of condolence campaigns (under /assistance/): the list, the creation form,
a campaign's page (progress, sites, the distribution list filtered by status and exported
as xlsx, the steps ``available`` offers), building the list, adding a site or a line by
hand, and handing a line out with the worker's signature drawn on the pad (or the scan
of the signed sheet). Reads go through ``selectors.campaigns``, writes through
``services.campaigns``."""

from functools import cached_property
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db.models import QuerySet
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_DISTRIBUTE, ASSISTANCE_MANAGE, ASSISTANCE_VIEW
from gonghui.assistance.choices import CampaignStatus, LineStatus
from gonghui.assistance.forms import campaigns as forms
from gonghui.assistance.selectors import campaigns as selectors
from gonghui.assistance.selectors.campaigns import Campaign, DistributionLine
from gonghui.assistance.services import campaigns as services
from gonghui.core.exports import Column, Export, ExportListMixin
from gonghui.core.scoping import allows
from gonghui.core.views import ServiceFormView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView


def campaign_url(pk: Any) -> str:
    return reverse("assistance:campaign_detail", args=[pk])


def _receipt_of(line: Any) -> Any:
    return getattr(line, "receipt", None)


LINES = Export(
    what=_("慰问发放名单"),
    columns=(
        Column(_("序号"), lambda line: line.pk),
        Column(_("领取人/对象"), lambda line: line.name),
        Column(_("单位"), lambda line: line.unit.name if line.unit else ""),
        Column(_("站点"), lambda line: line.site.name if line.site else ""),
        Column(_("人数"), lambda line: line.people),
        Column(_("人次"), lambda line: line.person_times),
        Column(_("慰问品份数"), lambda line: line.sets),
        Column(_("慰问金（元）"), lambda line: line.cash, number_format="#,##0.00"),
        Column(_("慰问品价值（元）"), lambda line: line.goods_value, number_format="#,##0.00"),
        Column(_("状态"), lambda line: str(line.get_status_display())),
        Column(_("发放日期"), lambda line: line.distributed_on),
        Column(_("签收人"), lambda line: r.signed_by if (r := _receipt_of(line)) else ""),
    ),
    organization=lambda line: line.campaign.organization,
)


class CampaignListView(StaffListView):
    """Campaigns in scope, filtered by year, occasion and status."""

    model = Campaign
    action = ASSISTANCE_VIEW
    template_name = "assistance/campaigns/list.html"
    title = _("慰问活动")
    sortable = ("starts_on", "year", "budget")
    default_sort = "-starts_on"

    @cached_property
    def filter_form(self) -> forms.CampaignFilterForm:
        return forms.CampaignFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        rows = selectors.campaign_list(actor=self.actor, **self.filter_form.filters())
        return rows.order_by(*self.get_ordering())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form, can_create=self.actor.has_action(ASSISTANCE_MANAGE)
        )
        return context


class CampaignCreateView(ServiceFormView):
    model = Campaign
    action = ASSISTANCE_MANAGE
    form_class = forms.CampaignForm
    template_name = "assistance/campaigns/form.html"
    title = _("新建慰问活动")
    submit_label = _("创建")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            nodes=selectors.organization_choices(self.actor),
            funds=selectors.fund_choices(self.actor),
            units=selectors.unit_choices(self.actor),
        )
        return kwargs

    def perform(self, form: Any) -> Any:
        data = dict(form.cleaned_data)
        campaign = services.campaign_create(
            actor=self.actor,
            organization=data.pop("organization"),
            fund=data.pop("fund"),
            units=list(data.pop("units") or []),
            **data,
        )
        messages.success(self.request, gettext("已创建慰问活动 %(n)s") % {"n": campaign.number})
        return campaign

    def success_url_for(self, result: Any) -> str:
        return campaign_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("assistance:campaign_list")
        return context


class CampaignDetailView(ExportListMixin, StaffListView):
    """A campaign: its figures against the budget, its sites, the steps the user may take,
    and its distribution list (``?status=``; ``?format=xlsx`` exports the filtered list)."""

    model = DistributionLine
    action = ASSISTANCE_VIEW
    export = LINES
    template_name = "assistance/campaigns/detail.html"

    @cached_property
    def campaign(self) -> Campaign:
        rows = selectors.campaign_detail(actor=self.actor)
        return self.scoped_get(rows, pk=self.kwargs["pk"])  # type: ignore[no-any-return]

    @property
    def title(self) -> str:
        return str(self.campaign.name)

    @cached_property
    def filter_form(self) -> forms.LineFilterForm:
        return forms.LineFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        status = self.filter_form.filters().get("status", "")
        return selectors.line_list(actor=self.actor, campaign=self.campaign, status=status)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign, user = self.campaign, self.actor
        distributing = campaign.status == CampaignStatus.DISTRIBUTING
        open_ = campaign.status != CampaignStatus.CLOSED
        manage = open_ and allows(user, ASSISTANCE_MANAGE, campaign)
        context.update(
            campaign=campaign,
            progress=selectors.campaign_progress(campaign),
            sites=selectors.campaign_sites(campaign),
            filter_form=self.filter_form,
            actions=offers(user, campaign),
            timeline=timeline(campaign),
            can_manage=manage,
            can_distribute=distributing and allows(user, ASSISTANCE_DISTRIBUTE, campaign),
            planned=LineStatus.PLANNED,
        )
        return context


class CampaignFormView(ServiceFormView):
    """A form about one campaign (``pk``), shown with it; 404 outside the user's scope."""

    model = Campaign
    action = ASSISTANCE_MANAGE
    template_name = "assistance/campaigns/form.html"
    success_message: Any = ""

    @cached_property
    def subject(self) -> Any:
        return self.get_object()

    def success_url_for(self, result: Any) -> str:
        return campaign_url(self.subject.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(campaign=self.subject, cancel_url=campaign_url(self.subject.pk))
        return context


class CampaignBuildView(CampaignFormView):
    form_class = forms.BuildForm
    title = _("生成发放名单")
    submit_label = _("生成")

    def perform(self, form: Any) -> Any:
        added = services.campaign_list_build(
            actor=self.actor,
            campaign=self.subject,
            by_head_count=form.cleaned_data["by_head_count"],
        )
        messages.success(self.request, gettext("已生成发放名单：新增 %(n)d 条") % {"n": added})
        return added


class CampaignSiteAddView(CampaignFormView):
    form_class = forms.SiteForm
    title = _("添加慰问站点")
    submit_label = _("添加")

    def perform(self, form: Any) -> Any:
        site = services.campaign_site_add(
            actor=self.actor, campaign=self.subject, **form.cleaned_data
        )
        messages.success(self.request, gettext("已添加站点 %(name)s") % {"name": site.name})
        return site


class LineAddView(CampaignFormView):
    form_class = forms.LineForm
    title = _("添加发放明细")
    submit_label = _("添加")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            units=selectors.unit_choices(self.actor),
            sites=selectors.campaign_sites(self.subject),
        )
        return kwargs

    def perform(self, form: Any) -> Any:
        line = services.line_add(actor=self.actor, campaign=self.subject, **form.cleaned_data)
        messages.success(self.request, gettext("已添加发放明细 %(name)s") % {"name": line.name})
        return line


def signature_errors(form: Any) -> list[tuple[str, Any, Any]]:
    """The errors of the signature (a hidden input the pad fills) for the summary above
    the form, which lists the visible fields only: each links to the pad."""
    if form is None or not form.errors.get("signature"):
        return []
    anchor = f"{form['signature'].auto_id}_pad"
    return [(anchor, gettext("签名"), error) for error in form.errors["signature"]]


class LineDistributeView(ServiceFormView):
    """Hand one line out: the receipt signed on the pad (a phone or tablet at the counter)
    or the scan of the signed sheet, and the person-times and sets reached."""

    model = DistributionLine
    action = ASSISTANCE_DISTRIBUTE
    form_class = forms.DistributeForm
    template_name = "assistance/campaigns/distribute.html"
    title = _("登记发放")
    submit_label = _("确认发放")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.line_detail(actor=self.actor, action=self.action)

    @cached_property
    def line(self) -> Any:
        return self.get_object()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["line"] = self.line
        return kwargs

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        line = services.line_distribute(
            actor=self.actor,
            line=self.line,
            distributed_on=data["signed_on"],
            person_times=data["person_times"],
            sets=data["sets"],
            **form.receipt(),
        )
        messages.success(self.request, gettext("已登记发放：%(name)s") % {"name": line.name})
        return line

    def success_url_for(self, result: Any) -> str:
        return campaign_url(self.line.campaign_id)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            line=self.line,
            campaign=self.line.campaign,
            cancel_url=campaign_url(self.line.campaign_id),
            row_errors=signature_errors(context.get("form")),
        )
        return context


class CampaignStepView(StepView):
    model = Campaign
    form_class = django_forms.Form
    template_name = "assistance/campaigns/form.html"
    object_name = "campaign"

    def object_url(self, pk: Any) -> str:
        return campaign_url(pk)


class CampaignStartView(CampaignStepView):
    step_name = "start"
    success_message = _("慰问活动已开始发放")

    def call_service(self, data: dict[str, Any]) -> Any:
        return services.campaign_start(actor=self.actor, campaign=self.subject)


class CampaignCloseView(CampaignStepView):
    step_name = "close"
    success_message = _("慰问活动已结束")

    def call_service(self, data: dict[str, Any]) -> Any:
        return services.campaign_close(actor=self.actor, campaign=self.subject)


urlpatterns: list[URLPattern] = [
    path("campaigns/", CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/new/", CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaigns/<int:pk>/build/", CampaignBuildView.as_view(), name="campaign_build"),
    path("campaigns/<int:pk>/sites/new/", CampaignSiteAddView.as_view(), name="campaign_site_add"),
    path("campaigns/<int:pk>/lines/new/", LineAddView.as_view(), name="line_add"),
    path("campaigns/<int:pk>/start/", CampaignStartView.as_view(), name="campaign_start"),
    path("campaigns/<int:pk>/close/", CampaignCloseView.as_view(), name="campaign_close"),
    path(
        "campaigns/lines/<int:pk>/distribute/",
        LineDistributeView.as_view(),
        name="line_distribute",
    ),
]
