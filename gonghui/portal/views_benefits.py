"""A member's universal benefits (普惠): the campaigns open to them, each with what is left
of its items (refreshed while the page is open, so nobody claims what is gone) and a claim
button; the voucher with its QR code to show the supplier on a phone; my vouchers.

A claim carries an idempotency key made when the page was drawn: pressing twice, or the
browser sending the form again after a lost answer, claims once. Writes go through
``benefits.services.claims``."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from gonghui.benefits.choices import Channel
from gonghui.benefits.selectors import campaigns as campaign_selectors
from gonghui.benefits.selectors import portal as selectors
from gonghui.benefits.services.claims import voucher_claim
from gonghui.portal.views import MemberMixin, OwnedMixin

# how old the counts the open claim pages poll may be (shared by all the members polling)
STOCK_FRESH_SECONDS = 2


class CampaignMixin(OwnedMixin):
    model = selectors.CAMPAIGN_MODEL

    def refine_queryset(self, queryset: Any) -> Any:
        return queryset.select_related("organization")


class CampaignListView(MemberMixin, TemplateView):
    template_name = "portal/benefit_list.html"
    title = _("普惠活动")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            campaigns=list(selectors.campaigns_for_member(self.actor)[:50]),
            vouchers=list(selectors.vouchers_of_member(self.actor).order_by("-claimed_at")[:50]),
        )
        return context


class CampaignDetailView(CampaignMixin, TemplateView):
    template_name = "portal/benefit_detail.html"
    title = _("普惠活动")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign = self.get_object()
        left = campaign_selectors.remaining_by_item(campaign)
        items = [(item, left.get(item.pk, 0)) for item in campaign.items.order_by("position")]
        mine = list(selectors.vouchers_of_member(self.actor).filter(campaign=campaign))
        context.update(
            campaign=campaign,
            items=items,
            mine=mine,
            reached=len(mine) >= campaign.per_member_limit,
            open_now=campaign_selectors.open_now(campaign),
            now=timezone.now(),
            key=uuid.uuid4().hex,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        campaign = self.get_object()
        try:
            claimed = voucher_claim(
                actor=self.actor,
                campaign=campaign,
                item_id=request.POST.get("item"),
                idempotency_key=request.POST.get("key"),
                channel=Channel.PORTAL,
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
            return redirect("portal:benefit_detail", pk=campaign.pk)
        if not claimed.replayed:
            messages.success(request, gettext("领取成功，请向供应商出示二维码"))
        return redirect("portal:voucher_detail", pk=claimed.voucher.pk)


class StockView(CampaignMixin, View):
    """What is left of each item now, for the open page to refresh its counts."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        campaign = self.get_object()
        left = campaign_selectors.remaining_by_item(campaign, fresh_for=STOCK_FRESH_SECONDS)
        return JsonResponse({"items": {str(pk): n for pk, n in left.items()}})


class VoucherDetailView(OwnedMixin, TemplateView):
    model = selectors.VOUCHER_MODEL
    template_name = "portal/voucher_detail.html"
    title = _("领取凭证")

    def refine_queryset(self, queryset: Any) -> Any:
        return queryset.select_related("item__supplier", "campaign")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        voucher = self.get_object()
        context.update(voucher=voucher, qr=mark_safe(selectors.qr_svg(voucher)))  # noqa: S308
        return context
