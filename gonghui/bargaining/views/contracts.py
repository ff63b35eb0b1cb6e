"""Staff pages of collective contracts (under /bargaining/contracts/): the list, opening a
process, one contract with its step bar, representatives, clocks, guidance, documents,
history and the steps the user may take, and one page for every step."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BARGAINING_NEGOTIATE, BARGAINING_VIEW
from gonghui.bargaining.forms.contracts import ContractFilterForm, ContractForm
from gonghui.bargaining.selectors import congress as congress_selectors
from gonghui.bargaining.selectors import contracts as selectors
from gonghui.bargaining.services import contracts as services
from gonghui.core.views import ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView


def contract_url(pk: Any) -> str:
    return reverse("bargaining:contract_detail", args=[pk])


class ContractListView(StaffListView):
    model = selectors.CONTRACT_MODEL
    action = BARGAINING_VIEW
    template_name = "bargaining/contract_list.html"
    title = _("集体合同")
    sortable = ("opened_on", "due_on", "term_end", "number")
    default_sort = "-opened_on"

    @cached_property
    def filter_form(self) -> ContractFilterForm:
        return ContractFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.contract_list(actor=self.actor, **self.filter_form.filters()).order_by(
            *self.get_ordering()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form, can_open=self.actor.has_action(BARGAINING_NEGOTIATE)
        )
        return context


class ContractCreateView(ServiceFormView):
    model = selectors.CONTRACT_MODEL
    action = BARGAINING_NEGOTIATE
    form_class = ContractForm
    template_name = "bargaining/form.html"
    title = _("启动集体协商")
    submit_label = _("启动")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["nodes"] = selectors.opening_nodes(self.actor)
        return kwargs

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        node = data["organization"]
        chosen, missing = selectors.entities_chosen(self.actor, node, form.codes())
        if missing:
            raise ValidationError(
                {
                    "credit_codes": gettext("以下代码不是该工会覆盖的单位：%(codes)s")
                    % {"codes": "、".join(missing)}
                }
            )
        result = services.contract_open(
            self.actor,
            organization=node,
            kind=data["kind"],
            title=data["title"],
            employer=data["employer_name"],
            entities=chosen,
            opened_on=data["opened_on"],
        )
        messages.success(self.request, gettext("已启动集体协商 %(n)s") % {"n": result.number})
        return result

    def success_url_for(self, result: Any) -> str:
        return contract_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("bargaining:contract_list")
        return context


class ContractDetailView(StaffDetailView):
    model = selectors.CONTRACT_MODEL
    action = BARGAINING_VIEW
    template_name = "bargaining/contract_detail.html"
    context_object_name = "contract"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.contract_detail(actor=self.actor)

    @property
    def title(self) -> str:
        return gettext("集体合同 %(number)s") % {"number": self.object.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        contract: Any = self.object
        context.update(
            negotiators=selectors.negotiators_of(contract),
            guidance=selectors.guidance_of(contract),
            clocks=selectors.clocks_of(contract),
            votes=congress_selectors.votes_for(contract),
            actions=offers(self.actor, contract),
            timeline=timeline(contract),
        )
        return context


class ContractStepView(StepView):
    model = selectors.CONTRACT_MODEL
    step_from_url = True
    template_name = "bargaining/step.html"
    object_name = "record"
    success_message = _("已办理")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    def call_service(self, data: dict[str, Any]) -> Any:
        return self.take_step(data)

    def success_url_for(self, result: Any) -> str:
        # a renewal opens a new contract: its page is next
        if getattr(result, "pk", None) and result.pk != self.subject.pk:
            return contract_url(result.pk)
        return contract_url(self.subject.pk)

    def object_url(self, pk: Any) -> str:
        return contract_url(pk)


urlpatterns: list[URLPattern] = [
    path("contracts/", ContractListView.as_view(), name="contract_list"),
    path("contracts/new/", ContractCreateView.as_view(), name="contract_create"),
    path("contracts/<int:pk>/", ContractDetailView.as_view(), name="contract_detail"),
    path("contracts/<int:pk>/<slug:step>/", ContractStepView.as_view(), name="contract_step"),
]
