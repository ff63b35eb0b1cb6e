"""Staff pages of legal-aid cases (under /legalaid/cases/): the list (a lawyer's: the
cases assigned to them), receiving an application at the window (or from a consultation
or a mediation case), one case with its review clock, means test, conflict check, stages,
documents, history and the steps the user may take, and one page for every step."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import (
    DISPUTES_CONSULT,
    DISPUTES_VIEW,
    HOTLINE_HANDLE,
    LEGALAID_DECIDE,
    LEGALAID_RECEIVE,
    LEGALAID_VIEW,
)
from gonghui.core import disclosure
from gonghui.core.views import ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView
from gonghui.legalaid.choices import Channel, Status
from gonghui.legalaid.forms.cases import CaseFilterForm, CaseForm
from gonghui.legalaid.selectors import cases as selectors
from gonghui.legalaid.selectors import sources
from gonghui.legalaid.services import cases as services
from gonghui.legalaid.services.lawyers import conflicts


def case_url(pk: Any) -> str:
    return reverse("legalaid:case_detail", args=[pk])


class CaseListView(StaffListView):
    model = selectors.CASE_MODEL
    action = LEGALAID_VIEW
    template_name = "legalaid/case_list.html"
    title = _("法律援助案件")
    sortable = ("received_on", "due_on", "number")
    default_sort = "-received_on"

    @cached_property
    def filter_form(self) -> CaseFilterForm:
        return CaseFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.case_list(actor=self.actor, **self.filter_form.filters()).order_by(
            *self.get_ordering()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            can_receive=self.actor.has_action(LEGALAID_RECEIVE),
        )
        return context


class CaseCreateView(ServiceFormView):
    """An application taken at a window; ``?consultation=<id>``, ``?mediation=<id>`` or
    ``?ticket=<id>`` takes it from that record (filled in from it, and linked to it)."""

    model = selectors.CASE_MODEL
    action = LEGALAID_RECEIVE
    form_class = CaseForm
    template_name = "legalaid/case_form.html"
    title = _("受理法律援助申请")

    @cached_property
    def consultation(self) -> Any:
        pk = self.request.GET.get("consultation")
        if not pk:
            return None
        found = sources.consultation_for(actor=self.actor, pk=pk, action=DISPUTES_CONSULT)
        if found is None:
            raise Http404
        return found

    @cached_property
    def mediation_case(self) -> Any:
        pk = self.request.GET.get("mediation")
        if not pk:
            return None
        found = sources.mediation_case_for(actor=self.actor, pk=pk, action=DISPUTES_VIEW)
        if found is None:
            raise Http404
        return found

    @cached_property
    def ticket(self) -> Any:
        pk = self.request.GET.get("ticket")
        if not pk:
            return None
        found = sources.ticket_for(actor=self.actor, pk=pk, action=HOTLINE_HANDLE)
        if found is None:
            raise Http404
        return found

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["nodes"] = sources.receiving_nodes(self.actor)
        return kwargs

    def _sources(self) -> dict[str, Any]:
        return {
            "consultation": self.consultation,
            "mediation_case": self.mediation_case,
            "ticket": self.ticket,
        }

    @cached_property
    def contact(self) -> dict[str, str]:
        return sources.contact_from(**self._sources())

    @cached_property
    def reveal(self) -> bool:
        """Whether the form shows the source's ID number and phone (audited)."""
        node = sources.source_node(**self._sources())
        return node is not None and disclosure.policy_for(self.actor, node).visible

    def get_initial(self) -> dict[str, Any]:
        initial = sources.initial_from(**self._sources())
        shown = {key: value for key, value in self.contact.items() if value}
        if shown and self.reveal and self.request.method == "GET":
            record = self.consultation or self.mediation_case or self.ticket
            disclosure.record(
                actor=self.actor,
                objects=[record],
                fields=sorted(shown),
                purpose=gettext("由咨询、调解案件或工单登记法律援助申请"),
            )
            initial.update(shown)
        return initial

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        channel = Channel.WINDOW
        if self.consultation is not None:
            channel = Channel.CONSULTATION
        elif self.mediation_case is not None:
            channel = Channel.MEDIATION
        elif self.ticket is not None:
            channel = Channel.HOTLINE
        result = services.case_receive(
            actor=self.actor,
            organization=data["organization"],
            channel=channel,
            received_on=data["received_on"],
            name=data["name"],
            # left blank: the source's, which this user may not see
            id_number=data["id_number"] or self.contact["id_number"],
            phone=data["phone"] or self.contact["phone"],
            matter=data["matter"],
            facts=data["facts"],
            opposing_name=data["opposing_name"],
            opposing_party=sources.entity_by_code(self.actor, data["opposing_code"]),
            amount_claimed=data["amount_claimed"],
            statuses=data["statuses"],
            household_size=data["household_size"],
            household_income=data["household_income"],
            consultation=self.consultation,
            mediation_case=self.mediation_case,
            ticket=self.ticket,
        )
        messages.success(
            self.request,
            gettext("已受理申请 %(n)s，审查期限至 %(day)s")
            % {"n": result.number, "day": result.due_on},
        )
        return result

    def success_url_for(self, result: Any) -> str:
        return case_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            **self._sources(),
            contact_hidden=any(self.contact.values()) and not self.reveal,
        )
        return context


class CaseDetailView(StaffDetailView):
    model = selectors.CASE_MODEL
    action = LEGALAID_VIEW
    template_name = "legalaid/case_detail.html"
    context_object_name = "case"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.case_detail(actor=self.actor)

    @property
    def title(self) -> str:
        return gettext("法律援助案件 %(number)s") % {"number": self.object.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        case: Any = self.object
        policy = disclosure.policy_for(self.actor, case.organization)
        # the lawyer acting for the worker reaches them by phone
        contact = policy.visible or selectors.acts_for(self.actor, case)
        shown = [name for name, on in (("id_number", policy.visible), ("phone", contact)) if on]
        if shown and (case.id_number or case.phone):
            disclosure.record(
                actor=self.actor,
                objects=[case],
                fields=shown,
                purpose=gettext("法律援助案件详情页"),
            )
        deciding = case.status == Status.ACCEPTED and self.actor.has_action(LEGALAID_DECIDE)
        context.update(
            id_number=policy.id_number(case.id_number),
            phone=disclosure.Policy(visible=contact).phone(case.phone),
            pii_masked=not policy.visible,
            assessment=services.assessment(case),
            candidates=_candidates(case) if deciding else [],
            actions=offers(self.actor, case),
            timeline=timeline(case),
        )
        return context


def _candidates(case: Any) -> list[tuple[Any, list[Any]]]:
    """The lawyers the case may go to, each with what the conflict check finds."""
    return [(lawyer, conflicts(case, lawyer)) for lawyer in selectors.lawyers_for(case)[:20]]


class CaseStepView(StepView):
    model = selectors.CASE_MODEL
    step_from_url = True
    template_name = "legalaid/step.html"
    object_name = "record"
    success_message = _("已办理")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization", "lawyer")

    def call_service(self, data: dict[str, Any]) -> Any:
        return self.take_step(data)

    def object_url(self, pk: Any) -> str:
        return case_url(pk)


urlpatterns: list[URLPattern] = [
    path("cases/", CaseListView.as_view(), name="case_list"),
    path("cases/new/", CaseCreateView.as_view(), name="case_create"),
    path("cases/<int:pk>/", CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/<slug:step>/", CaseStepView.as_view(), name="case_step"),
]
