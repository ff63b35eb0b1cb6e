"""Staff pages of aid (under /assistance/aid/): the list with its export, applying for a
worker, one application with its checks, documents, objections, receipt, history and
the steps the user may take, one page for every step, the approval form as PDF; the
publications (公示) with their PDF, and the bank's payment list."""

import logging
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import (
    ASSISTANCE_APPROVE,
    ASSISTANCE_FILE,
    ASSISTANCE_PAY,
    ASSISTANCE_VIEW,
)
from gonghui.assistance.exports import AID, PAYMENTS
from gonghui.assistance.forms.aid import AidFilterForm, AidForm, PublicationForm
from gonghui.assistance.selectors import aid as selectors
from gonghui.assistance.selectors.files import person_to_file
from gonghui.assistance.services.aid import aid_apply, publication_create
from gonghui.core import disclosure
from gonghui.core.exports import ExportListMixin, workbook
from gonghui.core.views import ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView
from gonghui.documents.aid_pdf import approval_pdf, publication_pdf
from gonghui.documents.fonts import FontMissing

logger = logging.getLogger(__name__)
PDF_MISSING_FONT = _("暂时无法生成 PDF：服务器缺少中文字体，请联系系统管理员。")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def aid_url(pk: Any) -> str:
    return reverse("assistance:aid_detail", args=[pk])


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


class AidListView(ExportListMixin, StaffListView):
    model = selectors.APPLICATION_MODEL
    action = ASSISTANCE_VIEW
    export = AID
    template_name = "assistance/aid_list.html"
    title = _("帮扶申请")
    default_sort = "-applied_on"

    @cached_property
    def filter_form(self) -> AidFilterForm:
        return AidFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.aid_list(actor=self.actor, **self.filter_form.filters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.actor
        context.update(
            filter_form=self.filter_form,
            can_apply=user.has_action(ASSISTANCE_FILE),
            can_publish=user.has_action(ASSISTANCE_APPROVE),
            can_pay=user.has_action(ASSISTANCE_PAY),
        )
        return context


class AidCreateView(ServiceFormView):
    model = selectors.APPLICATION_MODEL
    action = ASSISTANCE_FILE
    form_class = AidForm
    template_name = "assistance/aid_form.html"
    title = _("代职工申请帮扶")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(kinds=selectors.kind_choices(), rounds=selectors.round_choices())
        return kwargs

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        person = person_to_file(actor=self.actor, id_number=data["id_number"])
        if person is None:
            raise ValidationError({"id_number": gettext("在您管理的工会中未找到该身份证号的会员")})
        result = aid_apply(
            actor=self.actor,
            person=person,
            kind=data["kind"],
            round=data["round"],
            cause=data["cause"],
            reason=data["reason"],
            amount_requested=data["amount_requested"],
            applied_on=data["applied_on"],
            bank_name=data["bank_name"],
            bank_account=data["bank_account"],
        )
        messages.success(
            self.request, gettext("已登记帮扶申请 %(n)s，待服务站审核") % {"n": result.number}
        )
        return result

    def success_url_for(self, result: Any) -> str:
        return aid_url(result.pk)


class AidDetailView(StaffDetailView):
    model = selectors.APPLICATION_MODEL
    action = ASSISTANCE_VIEW
    template_name = "assistance/aid_detail.html"
    context_object_name = "application"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.aid_detail(actor=self.actor)

    @property
    def title(self) -> str:
        return gettext("帮扶申请 %(number)s") % {"number": self.object.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application: Any = self.object
        policy = disclosure.policy_for(self.actor, application.organization)
        if policy.visible:
            purpose = gettext("帮扶申请详情页")
            disclosure.record(
                actor=self.actor, objects=[application], fields=["bank_account"], purpose=purpose
            )
            disclosure.record(
                actor=self.actor,
                objects=[application.person],
                fields=["id_number"],
                purpose=purpose,
            )
        seen, unseen = selectors.duplicates_seen(actor=self.actor, application=application)
        context.update(
            id_number=policy.id_number(application.person.id_number),
            account=policy.account(application.bank_account),
            pii_masked=not policy.visible,
            duplicates=seen,
            duplicates_elsewhere=unseen,
            checklist=selectors.checklist(application),
            receipt=getattr(application, "receipt", None),
            actions=offers(self.actor, application),
            timeline=timeline(application),
        )
        return context


class AidStepView(StepView):
    model = selectors.APPLICATION_MODEL
    step_from_url = True
    template_name = "assistance/step.html"
    object_name = "record"
    success_message = _("已办理")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("person", "organization", "kind")

    def call_service(self, data: dict[str, Any]) -> Any:
        return self.take_step(data)

    def object_url(self, pk: Any) -> str:
        return aid_url(pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["receipt_step"] = self.step.name == "sign_for"
        if self.step.name == "approve":
            seen, unseen = selectors.duplicates_seen(actor=self.actor, application=self.subject)
            context.update(duplicates=seen, duplicates_elsewhere=unseen)
        return context


class AidApprovalPdfView(StaffDetailView):
    """The approval form as a PDF: the ID number as the reader may see it (audited)."""

    model = selectors.APPLICATION_MODEL
    action = ASSISTANCE_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.aid_detail(actor=self.actor)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application = self.get_object()
        policy = disclosure.policy_for(self.actor, application.organization)
        try:
            content = approval_pdf(
                application,
                id_number=policy.id_number(application.person.id_number),
                decided=selectors.decision_days(application),
            )
        except FontMissing as error:
            logger.error("%s", error)
            messages.error(request, PDF_MISSING_FONT)
            return redirect(aid_url(application.pk))
        if policy.visible:
            disclosure.record(
                actor=self.actor,
                objects=[application.person],
                fields=["id_number"],
                purpose=gettext("打印帮扶审批表"),
            )
        return _pdf(content, application.number)


# --- publications ----------------------------------------------------------------------


class PublicationListView(StaffListView):
    model = selectors.PUBLICATION_MODEL
    action = ASSISTANCE_VIEW
    template_name = "assistance/publication_list.html"
    title = _("帮扶公示")
    default_sort = "-starts_on"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.publication_list(actor=self.actor)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_publish"] = self.actor.has_action(ASSISTANCE_APPROVE)
        return context


class PublicationCreateView(ServiceFormView):
    """Publish approved aid: the approved applications the user may publish, all ticked;
    the publishing node is the highest node the user publishes for."""

    model = selectors.PUBLICATION_MODEL
    action = ASSISTANCE_APPROVE
    form_class = PublicationForm
    template_name = "assistance/publication_form.html"
    title = _("发布帮扶公示")

    @cached_property
    def choices(self) -> QuerySet[Any]:
        return selectors.publishable(actor=self.actor)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["choices"] = self.choices
        return kwargs

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        result = publication_create(
            actor=self.actor,
            organization=selectors.publisher(actor=self.actor),
            title=data["title"],
            applications=list(data["applications"]),
            starts_on=data["starts_on"],
        )
        messages.success(self.request, gettext("已发布公示 %(n)s") % {"n": result.number})
        return result

    def success_url_for(self, result: Any) -> str:
        return reverse("assistance:publication_detail", args=[result.pk])


class PublicationDetailView(StaffDetailView):
    model = selectors.PUBLICATION_MODEL
    action = ASSISTANCE_VIEW
    template_name = "assistance/publication_detail.html"
    context_object_name = "publication"

    @property
    def title(self) -> str:
        return str(self.object.title)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.publication_rows(self.object)
        return context


class PublicationPdfView(StaffDetailView):
    model = selectors.PUBLICATION_MODEL
    action = ASSISTANCE_VIEW

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        publication = self.get_object()
        try:
            content = publication_pdf(publication, list(selectors.publication_rows(publication)))
        except FontMissing as error:
            logger.error("%s", error)
            messages.error(request, PDF_MISSING_FONT)
            return redirect(reverse("assistance:publication_detail", args=[publication.pk]))
        return _pdf(content, publication.number)


class PaymentListView(StaffListView):
    """Aid ready to pay (published, the period over, no open objection); ``?format=xlsx``
    is the bank's list, account and ID numbers masked unless the user may see them."""

    model = selectors.APPLICATION_MODEL
    action = ASSISTANCE_PAY
    template_name = "assistance/payment_list.html"
    title = _("待发放帮扶")
    default_sort = "organization__name_sort"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.payable(actor=self.actor)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "xlsx":
            rows = selectors.payable(actor=self.actor)
            content = workbook(actor=self.actor, parts=[(PAYMENTS, rows)])
            response = HttpResponse(content, content_type=XLSX)
            response["Content-Disposition"] = 'attachment; filename="payments.xlsx"'
            return response
        return super().get(request, *args, **kwargs)


urlpatterns: list[URLPattern] = [
    path("aid/", AidListView.as_view(), name="aid_list"),
    path("aid/new/", AidCreateView.as_view(), name="aid_create"),
    path("aid/payments/", PaymentListView.as_view(), name="payment_list"),
    path("aid/<int:pk>/", AidDetailView.as_view(), name="aid_detail"),
    path("aid/<int:pk>/approval.pdf", AidApprovalPdfView.as_view(), name="aid_approval_pdf"),
    path("aid/<int:pk>/<slug:step>/", AidStepView.as_view(), name="aid_step"),
    path("publications/", PublicationListView.as_view(), name="publication_list"),
    path("publications/new/", PublicationCreateView.as_view(), name="publication_create"),
    path("publications/<int:pk>/", PublicationDetailView.as_view(), name="publication_detail"),
    path("publications/<int:pk>/list.pdf", PublicationPdfView.as_view(), name="publication_pdf"),
]
