"""The redemption page (/benefits/redeem/), made for a phone: the supplier's cashier (or
the union's staff, for items without a supplier) scans the member's QR code with the
phone's camera (``static/js/redeem.js`` with the qr-scanner library) or types the code,
sees the voucher, and redeems it; the last redemptions of the account are listed."""

from typing import Any

from django.contrib import messages
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_REDEEM
from gonghui.benefits.forms import campaigns as forms
from gonghui.benefits.selectors import campaigns as selectors
from gonghui.benefits.services import redeem as services
from gonghui.core.views import ServiceFormView

RECENT = 20


class RedeemView(ServiceFormView):
    model = selectors.VOUCHER_MODEL
    action = BENEFITS_REDEEM
    form_class = forms.RedeemForm
    template_name = "benefits/redeem.html"
    title = _("扫码核销")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        recent = selectors.redeemed_by(actor=self.actor)[:RECENT]
        return {**super().get_context_data(**kwargs), "recent": recent}

    def perform(self, form: Any) -> Any:
        voucher = services.voucher_redeem(actor=self.actor, code=form.cleaned_data["code"])
        messages.success(
            self.request,
            gettext("核销成功：%(item)s（%(code)s）")
            % {"item": voucher.item.name, "code": voucher.code_display()},
        )
        return voucher

    def success_url_for(self, result: Any) -> str:
        return reverse("benefits:redeem")


urlpatterns: list[URLPattern] = [
    path("redeem/", RedeemView.as_view(), name="redeem"),
]
