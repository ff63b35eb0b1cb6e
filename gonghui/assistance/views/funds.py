"""Staff pages of funds (under /assistance/): the funds in scope with their balances, a
fund's ledger (filtered, paged, exported), donations with the donor's receipt,
allocations, the reversal of an entry, and a fund's statement for a period as a page, a
workbook and a PDF.

Reads go through ``assistance.selectors.funds``, writes through
``assistance.services.funds``; every page is scoped by the base views of ``core.views``
(a fund outside the user's subtree answers 404)."""

import logging
from functools import cached_property
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_MANAGE, ASSISTANCE_PAY, ASSISTANCE_VIEW
from gonghui.assistance.choices import EntryKind
from gonghui.assistance.forms.funds import (
    AllocationForm,
    DonationForm,
    FundFilterForm,
    FundForm,
    LedgerFilterForm,
    PeriodForm,
    ReverseForm,
)
from gonghui.assistance.selectors import funds as selectors
from gonghui.assistance.services.funds import (
    ALLOCATION_KINDS,
    DONATION_KINDS,
    REVERSIBLE_KINDS,
    allocation_record,
    donation_record,
    fund_create,
    fund_entry_reverse,
)
from gonghui.core.exports import ExportListMixin
from gonghui.core.scoping import allows
from gonghui.core.views import ServiceFormView, StaffDetailView, StaffListView
from gonghui.documents import xlsx
from gonghui.documents.fonts import FontMissing
from gonghui.documents.fund_exports import (
    LEDGER,
    statement_filename,
    statement_lines,
    statement_workbook,
)
from gonghui.documents.fund_pdf import receipt_pdf, statement_pdf
from gonghui.organizations.selectors import visible_nodes

logger = logging.getLogger(__name__)
PDF_MISSING_FONT = _("暂时无法生成 PDF：服务器缺少中文字体，请联系系统管理员。")


def fund_url(pk: Any) -> str:
    return reverse("assistance:fund_detail", args=[pk])


def _download(name: str) -> str:
    return f"attachment; filename=\"download\"; filename*=UTF-8''{quote(name)}"


# --- funds -----------------------------------------------------------------------------


class FundListView(StaffListView):
    """The funds managed in scope, each with its balance."""

    model = selectors.FUND_MODEL
    action = ASSISTANCE_VIEW
    template_name = "assistance/funds/fund_list.html"
    title = _("资金管理")

    @cached_property
    def filter_form(self) -> FundFilterForm:
        return FundFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.fund_list(
            actor=self.actor, action=self.action, **self.filter_form.filters()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            can_create=self.actor.has_action(ASSISTANCE_MANAGE),
        )
        return context


class FundCreateView(ServiceFormView):
    model = selectors.FUND_MODEL
    action = ASSISTANCE_MANAGE
    form_class = FundForm
    template_name = "assistance/funds/form.html"
    title = _("设立资金")
    submit_label = _("设立")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["nodes"] = visible_nodes(actor=self.actor, action=self.action).select_related(
            "station"
        )
        return kwargs

    def perform(self, form: Any) -> Any:
        fund = fund_create(actor=self.actor, **form.cleaned_data)
        messages.success(self.request, gettext("已设立资金：%(name)s") % {"name": fund.name})
        return fund

    def success_url_for(self, result: Any) -> str:
        return fund_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("assistance:fund_list")
        return context


class FundDetailView(ExportListMixin, StaffListView):
    """A fund and its ledger, newest entries first, filtered by day and kind; the
    filtered ledger exports (``?format=xlsx``, ``documents.fund_exports.LEDGER``)."""

    model = selectors.ENTRY_MODEL
    action = ASSISTANCE_VIEW
    export = LEDGER
    template_name = "assistance/funds/fund_detail.html"
    paginate_by = 30

    @cached_property
    def fund(self) -> Any:
        return self.scoped_get(
            selectors.FUND_MODEL.objects.select_related("organization"), pk=self.kwargs["pk"]
        )

    @property
    def title(self) -> str:
        return str(self.fund.name)

    @cached_property
    def filter_form(self) -> LedgerFilterForm:
        return LedgerFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.fund_entries(fund=self.fund, **self.filter_form.filters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        fund = self.fund
        can_pay = allows(self.actor, ASSISTANCE_PAY, fund)
        rows = [_ledger_row(entry, can_pay) for entry in context["object_list"]]
        context.update(
            fund=fund,
            rows=rows,
            filter_form=self.filter_form,
            can_pay=can_pay,
            takes_donations=fund.kind in DONATION_KINDS,
            takes_allocations=fund.kind in ALLOCATION_KINDS,
            ledger_total=selectors.ledger_total(fund),
        )
        return context


def _ledger_row(entry: Any, can_pay: bool) -> dict[str, Any]:
    """What the ledger shows of an entry: money in or out, whether it was reversed, and
    what the user may do with it (print the donation's receipt, reverse it)."""
    reversed_ = selectors.is_reversed(entry)
    donation = getattr(entry, "donation", None) if entry.kind == EntryKind.DONATION else None
    return {
        "entry": entry,
        "income": entry.amount if entry.amount > 0 else None,
        "outgo": -entry.amount if entry.amount < 0 else None,
        "reversed": reversed_,
        "reversible": can_pay and entry.kind in REVERSIBLE_KINDS and not reversed_,
        "receipt": donation.pk if donation is not None and can_pay and not reversed_ else None,
    }


# --- money in --------------------------------------------------------------------------


class FundFormView(ServiceFormView):
    """A form about one fund (``pk``), for a user who may pay from it."""

    model = selectors.FUND_MODEL
    action = ASSISTANCE_PAY
    template_name = "assistance/funds/form.html"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    @cached_property
    def fund(self) -> Any:
        return self.get_object()

    def success_url_for(self, result: Any) -> str:
        return fund_url(self.fund.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(fund=self.fund, cancel_url=fund_url(self.fund.pk))
        return context


class DonationRecordView(FundFormView):
    form_class = DonationForm
    submit_label = _("登记捐赠")

    @property
    def title(self) -> str:
        return gettext("登记捐赠：%(fund)s") % {"fund": self.fund.name}

    def perform(self, form: Any) -> Any:
        donation = donation_record(actor=self.actor, fund=self.fund, **form.cleaned_data)
        messages.success(
            self.request,
            gettext("已登记捐赠 %(amount)s 元，收据编号 %(number)s")
            % {"amount": donation.amount, "number": donation.receipt_number},
        )
        return donation


class AllocationRecordView(FundFormView):
    form_class = AllocationForm
    submit_label = _("登记拨入")

    @property
    def title(self) -> str:
        return gettext("登记拨入：%(fund)s") % {"fund": self.fund.name}

    def perform(self, form: Any) -> Any:
        entry = allocation_record(actor=self.actor, fund=self.fund, **form.cleaned_data)
        messages.success(
            self.request, gettext("已登记拨入 %(amount)s 元") % {"amount": entry.amount}
        )
        return entry


class EntryReverseView(ServiceFormView):
    """Correct an entry by an opposite one booked today, with the reason."""

    model = selectors.ENTRY_MODEL
    action = ASSISTANCE_PAY
    form_class = ReverseForm
    template_name = "assistance/funds/form.html"
    submit_label = _("冲正")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("fund", "fund__organization")

    @cached_property
    def entry(self) -> Any:
        return self.get_object()

    @property
    def title(self) -> str:
        return gettext("冲正第 %(id)s 号分录") % {"id": self.entry.pk}

    def perform(self, form: Any) -> Any:
        reversal = fund_entry_reverse(actor=self.actor, entry=self.entry, **form.cleaned_data)
        messages.success(
            self.request,
            gettext("已冲正第 %(id)s 号分录（%(amount)s 元）")
            % {"id": self.entry.pk, "amount": reversal.amount},
        )
        return reversal

    def success_url_for(self, result: Any) -> str:
        return fund_url(self.entry.fund_id)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entry = self.entry
        context.update(fund=entry.fund, entry=entry, cancel_url=fund_url(entry.fund_id))
        return context


# --- statement -------------------------------------------------------------------------


class FundStatementView(StaffDetailView):
    """A fund's statement for the period asked (``?start=&end=``; the year to date by
    default)."""

    model = selectors.FUND_MODEL
    action = ASSISTANCE_VIEW
    template_name = "assistance/funds/statement.html"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    @cached_property
    def period_form(self) -> PeriodForm:
        return PeriodForm(self.request.GET)

    def statement(self) -> selectors.Statement:
        start, end = self.period_form.period()
        return selectors.fund_statement(fund=self.object, start=start, end=end)

    @property
    def title(self) -> str:
        return gettext("资金收支表：%(fund)s") % {"fund": self.object.name}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        statement = self.statement()
        query = f"start={statement.start:%Y-%m-%d}&end={statement.end:%Y-%m-%d}"
        context.update(
            fund=self.object,
            statement=statement,
            lines=statement_lines(statement),
            period_form=self.period_form,
            query=query,
        )
        return context


class FundStatementXlsxView(FundStatementView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        statement = self.statement()
        content = statement_workbook(actor=self.actor, statement=statement)
        response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = _download(statement_filename(statement, "xlsx"))
        return response


class FundStatementPdfView(FundStatementView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        statement = self.statement()
        try:
            content = statement_pdf(statement)
        except FontMissing as error:
            logger.error("%s", error)
            messages.error(request, PDF_MISSING_FONT)
            return redirect(reverse("assistance:fund_statement", args=[self.object.pk]))
        response = HttpResponse(content, content_type="application/pdf")
        name = statement_filename(statement, "pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class DonationReceiptView(StaffDetailView):
    """The donor's receipt of a donation, as a PDF; a donation whose entry was reversed
    has no receipt (the page says so)."""

    model = selectors.DONATION_MODEL
    action = ASSISTANCE_PAY

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("fund", "fund__organization", "entry", "entry__reversed_by")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        donation = self.get_object()
        back = fund_url(donation.fund_id)
        if selectors.is_reversed(donation.entry):
            messages.error(request, gettext("该捐赠已冲正，收据作废，不能打印。"))
            return redirect(back)
        try:
            content = receipt_pdf(donation)
        except FontMissing as error:
            logger.error("%s", error)
            messages.error(request, PDF_MISSING_FONT)
            return redirect(back)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{donation.receipt_number}.pdf"'
        return response


urlpatterns = [
    path("funds/", FundListView.as_view(), name="fund_list"),
    path("funds/new/", FundCreateView.as_view(), name="fund_create"),
    path("funds/<int:pk>/", FundDetailView.as_view(), name="fund_detail"),
    path("funds/<int:pk>/donations/new/", DonationRecordView.as_view(), name="donation_record"),
    path(
        "funds/<int:pk>/allocations/new/",
        AllocationRecordView.as_view(),
        name="allocation_record",
    ),
    path("funds/<int:pk>/statement/", FundStatementView.as_view(), name="fund_statement"),
    path(
        "funds/<int:pk>/statement.xlsx",
        FundStatementXlsxView.as_view(),
        name="fund_statement_xlsx",
    ),
    path("funds/<int:pk>/statement.pdf", FundStatementPdfView.as_view(), name="fund_statement_pdf"),
    path("fund-entries/<int:pk>/reverse/", EntryReverseView.as_view(), name="entry_reverse"),
    path("donations/<int:pk>/receipt.pdf", DonationReceiptView.as_view(), name="donation_receipt"),
]
