"""Staff pages of mediation cases: the lists (all, overdue), the application form, a
case's page with its action forms, each action's own page (shown again with the errors
of a refused action) and the agreement PDF.

ID numbers and phones of the applicants are masked through ``core.disclosure`` unless the
user may see them on the committee's organisation; each unmasked view is audited."""

import logging
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import DISPUTES_MEDIATE, DISPUTES_VIEW, LEGALAID_RECEIVE
from gonghui.core import disclosure
from gonghui.core.exports import ExportListMixin
from gonghui.core.forms import filled_rows, row_errors
from gonghui.core.search import PostedSearchMixin
from gonghui.core.sections import sections_for
from gonghui.core.views import ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView
from gonghui.disputes import forms, selectors
from gonghui.disputes.exports import CASES
from gonghui.disputes.models import Consultation, MediationCase
from gonghui.disputes.services.agreements import agreement_record, agreement_sign, payment_record
from gonghui.disputes.services.cases import (
    case_accept,
    case_apply,
    case_close,
    case_decline,
    case_extend,
    case_hand_to_arbitration,
    case_transfer_up,
    session_call_off,
    session_log,
    session_schedule,
)
from gonghui.documents.agreement_pdf import agreement_print
from gonghui.documents.fonts import FontMissing

PII_FIELDS = ("id_number", "phone")
logger = logging.getLogger(__name__)


def case_url(pk: Any) -> str:
    return reverse("disputes:case_detail", args=[pk])


class CaseListView(ExportListMixin, PostedSearchMixin, StaffListView):
    """Cases in scope with their deadline; overdue ones are marked. One query per page
    (plus the count) whatever the number of cases; the filtered list exports
    (``?format=xlsx``, ``disputes.exports.CASES``)."""

    model = MediationCase
    action = DISPUTES_VIEW
    export = CASES
    template_name = "disputes/case_list.html"
    title = _("调解案件")
    sortable = tuple(sorted(selectors.SORTABLE_CASE_FIELDS))
    default_sort = "-applied_on"
    only_overdue = False

    @cached_property
    def filter_form(self) -> forms.CaseFilterForm:
        committees = selectors.committee_choices(actor=self.actor, action=self.action)
        # the search may hold an ID number: posted, never in the URL (core.search)
        return forms.CaseFilterForm(self.search_data(), committees=committees)

    def base_queryset(self) -> QuerySet[Any]:
        # the selector sorts, also by the annotated effective deadline (``due_on``)
        return MediationCase.objects.all()

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        filters = self.filter_form.filters()
        if self.only_overdue:
            filters["overdue"] = True
        return selectors.case_list(
            actor=self.actor, action=self.action, sort=self.current_sort(), **filters
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.actor
        context.update(filter_form=self.filter_form, can_apply=user.has_action(DISPUTES_MEDIATE))
        return context


class OverdueCaseListView(CaseListView):
    """Cases still being mediated after their effective deadline, oldest deadline first."""

    template_name = "disputes/case_list.html"
    title = _("超期案件")
    default_sort = "due_on"
    only_overdue = True


class CaseApplyView(ServiceFormView):
    """An application taken down by staff (written or oral): several applicants and claims
    on one page (formsets with a few blank rows)."""

    model = MediationCase
    action = DISPUTES_MEDIATE
    form_class = forms.CaseApplyForm
    template_name = "disputes/case_apply.html"
    title = _("登记调解申请")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["committees"] = selectors.committee_choices(actor=self.actor, action=self.action)
        return kwargs

    @cached_property
    def consultation(self) -> Consultation | None:
        """The consultation the application comes from (``?consultation=``, kept in the
        form on POST): read in scope, so another union's answers 404."""
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        pk = source.get("consultation") or ""
        if not pk:
            return None
        rows = Consultation.objects.select_related("person", "employer", "organization")
        return self.scoped_get(rows, pk=pk)  # type: ignore[no-any-return]

    def applicants_from(self) -> list[dict[str, Any]] | None:
        """The consulting worker as the first applicant row; the phone and ID number only
        for a reader who may see them (an audited disclosure)."""
        source = self.consultation
        if source is None or self.request.method == "POST":
            return None
        visible = disclosure.can_see(self.actor, source.organization)
        rows = selectors.applicants_from(source, visible=visible)
        purpose = gettext("咨询转调解申请")
        if visible and rows and rows[0].get("phone"):
            disclosure.record(actor=self.actor, objects=[source], fields=["phone"], purpose=purpose)
        if visible and rows and rows[0].get("id_number") and source.person is not None:
            disclosure.record(
                actor=self.actor, objects=[source.person], fields=["id_number"], purpose=purpose
            )
        return rows

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.consultation is not None:
            initial.update(selectors.application_from(self.consultation))
        return initial

    @cached_property
    def formsets(self) -> tuple[Any, Any]:
        data = self.request.POST if self.request.method == "POST" else None
        return (
            forms.applicant_formset(
                data, rows=self.request.GET.get("rows"), initial=self.applicants_from()
            ),
            forms.ClaimFormSet(data, prefix="claims"),
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        applicants, claims = self.formsets
        if form.is_valid() and applicants.is_valid() and claims.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def perform(self, form: Any) -> MediationCase:
        applicants, claims = self.formsets
        data = form.cleaned_data
        result = case_apply(
            actor=self.actor,
            committee=data["committee"],
            applicants=filled_rows(applicants),
            claims=filled_rows(claims),
            facts=data["facts"],
            employer_name=data["employer_name"],
            employer_agent=data["employer_agent"],
            applied_on=data["applied_on"],
            oral=data["oral"],
            consultation=self.consultation,
        )
        messages.success(self.request, gettext("已登记调解申请 %(n)s") % {"n": result.number})
        return result

    def success_url_for(self, result: Any) -> str:
        return case_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        applicants, claims = self.formsets
        context["applicant_formset"], context["claim_formset"] = applicants, claims
        context["consultation"] = self.consultation
        if self.request.method == "POST":
            context["row_errors"] = [
                *row_errors(applicants, gettext("申请人")),
                *row_errors(claims, gettext("请求事项")),
            ]
        return context


class CaseDetailView(StaffDetailView):
    """Everything about a case: parties (masked unless permitted), claims, deadline,
    sessions, agreement and fulfilment, and the forms of what can be done next."""

    model = MediationCase
    action = DISPUTES_VIEW
    template_name = "disputes/case_detail.html"
    context_object_name = "case"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.case_detail(actor=self.actor, action=self.action)

    @property
    def title(self) -> str:
        return gettext("调解案件 %(number)s") % {"number": self.object.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        case: MediationCase = self.object
        user = self.actor
        policy = disclosure.policy_for(user, case.committee.organization)
        applicants = list(case.applicants.all())
        if policy.visible and applicants:
            disclosure.record(
                actor=user, objects=[case], fields=PII_FIELDS, purpose=gettext("调解案件详情页")
            )
        context.update(
            applicants=[
                (a, policy.id_number(a.id_number), policy.phone(a.phone)) for a in applicants
            ],
            pii_masked=not policy.visible,
            amounts=selectors.case_amounts(case),
            agreement=getattr(case, "agreement", None),
            actions=offers(user, case),
            timeline=timeline(case),
            today=timezone.localdate(),
            sections=sections_for(user, case),
            may_seek_legal_aid=user.has_action(LEGALAID_RECEIVE),
        )
        return context


class AgreementPdfView(StaffDetailView):
    """The mediation agreement as a PDF, the document the parties sign: masked and marked
    as a copy by default; ``?full=1`` gives a user who may see personal data the full ID
    numbers (audited, ``documents.agreement_pdf.agreement_print``). A case without an
    agreement, or a server without the PDF font, answers with a message on the case page
    and writes nothing."""

    model = MediationCase
    action = DISPUTES_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.case_detail(actor=self.actor, action=self.action)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.get_object()
        if getattr(case, "agreement", None) is None:
            messages.error(request, gettext("该案件尚无调解协议书：请先“制作调解协议书”，再打印。"))
            return redirect(case_url(case.pk))
        try:
            printed = agreement_print(
                actor=self.actor, case=case, full=request.GET.get("full") == "1"
            )
        except FontMissing as error:
            logger.error("%s", error)
            messages.error(
                request, gettext("暂时无法生成 PDF：服务器缺少中文字体，请联系系统管理员。")
            )
            return redirect(case_url(case.pk))
        response = HttpResponse(printed.content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{printed.filename}"'
        return response


# --- actions ---------------------------------------------------------------------------


class CaseActionView(StepView):
    """One step on a case: its form page (errors of a refused step are shown here)."""

    model = MediationCase
    template_name = "disputes/case_action.html"
    object_name = "case"
    success_message: Any = _("已办理")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("committee", "committee__organization")

    @property
    def case(self) -> MediationCase:
        return self.subject  # type: ignore[no-any-return]

    def object_url(self, pk: Any) -> str:
        return case_url(pk)


class CaseAcceptView(CaseActionView):
    step_name = "accept"
    success_message = _("已受理，调解期限已计算")

    def call_service(self, data: dict[str, Any]) -> Any:
        return case_accept(
            actor=self.actor,
            case=self.case,
            on=data["accepted_on"],
            mediators=list(data["mediators"]),
        )


class CaseDeclineView(CaseActionView):
    step_name = "decline"
    success_message = _("已不予受理")

    def call_service(self, data: dict[str, Any]) -> Any:
        return case_decline(actor=self.actor, case=self.case, reason=data["decline_reason"])


class CaseExtendView(CaseActionView):
    step_name = "extend"
    success_message = _("已延长调解期限")

    def call_service(self, data: dict[str, Any]) -> Any:
        return case_extend(
            actor=self.actor,
            case=self.case,
            until=data["extended_to"],
            note=data["extension_note"],
        )


class SessionScheduleView(CaseActionView):
    step_name = "schedule"
    success_message = _("已安排调解，申请人将收到通知")

    def call_service(self, data: dict[str, Any]) -> Any:
        return session_schedule(actor=self.actor, case=self.case, **data)


class SessionLogView(CaseActionView):
    step_name = "session"
    success_message = _("已记录调解")

    def call_service(self, data: dict[str, Any]) -> Any:
        return session_log(
            actor=self.actor,
            case=self.case,
            held_on=data["held_on"],
            summary=data["summary"],
            session=data.get("session"),
        )


class SessionCancelView(CaseActionView):
    step_name = "cancel_session"
    success_message = _("已取消调解安排，申请人将收到通知")

    def call_service(self, data: dict[str, Any]) -> Any:
        return session_call_off(
            actor=self.actor,
            case=self.case,
            session=data["session"],
            reason=data["cancel_reason"],
        )


class AgreementRecordView(CaseActionView):
    """The agreed terms, amount and payment schedule (instalments in a formset)."""

    form_class = forms.AgreementForm
    template_name = "disputes/agreement_form.html"
    step_name = "agreement"
    success_message = _("已制作调解协议书，请打印后由双方和调解员签字、调解委员会盖章")

    @cached_property
    def instalments(self) -> Any:
        data = self.request.POST if self.request.method == "POST" else None
        return forms.InstalmentFormSet(data, prefix="instalments")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if form.is_valid() and self.instalments.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def call_service(self, data: dict[str, Any]) -> Any:
        return agreement_record(
            actor=self.actor,
            case=self.case,
            terms=data["terms"],
            amount=data["amount"],
            excess_note=data["excess_note"],
            instalments=filled_rows(self.instalments),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["instalment_formset"] = self.instalments
        return context


class AgreementSignView(CaseActionView):
    step_name = "sign"
    success_message = _("已记录签字盖章")

    def call_service(self, data: dict[str, Any]) -> Any:
        return agreement_sign(actor=self.actor, case=self.case, **data)


class PaymentRecordView(CaseActionView):
    step_name = "payment"
    success_message = _("已登记履行")

    def call_service(self, data: dict[str, Any]) -> Any:
        return payment_record(actor=self.actor, case=self.case, **data)


class CaseCloseView(CaseActionView):
    step_name = "close"
    success_message = _("已结案")

    def call_service(self, data: dict[str, Any]) -> Any:
        return case_close(
            actor=self.actor,
            case=self.case,
            outcome=data["outcome"],
            on=data["closed_on"],
            note=data["closing_note"],
        )


class CaseArbitrationView(CaseActionView):
    step_name = "arbitration"
    success_message = _("已移送劳动人事争议仲裁院")

    def call_service(self, data: dict[str, Any]) -> Any:
        return case_hand_to_arbitration(actor=self.actor, case=self.case, on=data["handed_on"])


class CaseTransferView(CaseActionView):
    step_name = "transfer"
    success_message = _("已移交上级调解委员会")

    def call_service(self, data: dict[str, Any]) -> Any:
        return case_transfer_up(actor=self.actor, case=self.case, reason=data["reason"])

    def success_url_for(self, result: Any) -> str:
        user = self.actor
        if MediationCase.objects.for_actor(user, DISPUTES_VIEW).filter(pk=result.pk).exists():
            return case_url(result.pk)
        return case_url(self.case.pk)
