"""Staff pages of representatives' proposals (under /bargaining/proposals/): the list,
one proposal with its answer and the steps the user may take, one page for every step,
and entering a proposal for a representative."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BARGAINING_CONGRESS, BARGAINING_VIEW
from gonghui.bargaining.forms import congress as forms
from gonghui.bargaining.selectors import congress as selectors
from gonghui.bargaining.services import proposals as services
from gonghui.bargaining.views.congress import _ChildFormView, session_url
from gonghui.core.views import StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView


def proposal_url(pk: Any) -> str:
    return reverse("bargaining:proposal_detail", args=[pk])


class ProposalListView(StaffListView):
    model = selectors.PROPOSAL_MODEL
    action = BARGAINING_VIEW
    template_name = "bargaining/proposal_list.html"
    title = _("职代会提案")
    sortable = ("submitted_on", "number")
    default_sort = "-submitted_on"

    @cached_property
    def filter_form(self) -> forms.ProposalFilterForm:
        return forms.ProposalFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.proposal_list(actor=self.actor, **self.filter_form.filters()).order_by(
            *self.get_ordering()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "filter_form": self.filter_form}


class ProposalDetailView(StaffDetailView):
    model = selectors.PROPOSAL_MODEL
    action = BARGAINING_VIEW
    template_name = "bargaining/proposal_detail.html"
    context_object_name = "proposal"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("session", "session__term__congress", "representative")

    @property
    def title(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(actions=offers(self.actor, self.object), timeline=timeline(self.object))
        return context


class ProposalStepView(StepView):
    model = selectors.PROPOSAL_MODEL
    step_from_url = True
    template_name = "bargaining/step.html"
    object_name = "record"
    success_message = _("已办理")

    def call_service(self, data: dict[str, Any]) -> Any:
        return self.take_step(data)

    def object_url(self, pk: Any) -> str:
        return proposal_url(pk)


class ProposalCreateView(_ChildFormView):
    """A proposal a representative handed in on paper, entered by the union."""

    model = selectors.SESSION_MODEL
    form_class = forms.StaffProposalForm
    title = _("代代表登记提案")
    submit_label = _("登记")
    action = BARGAINING_CONGRESS

    def parent_url(self) -> str:
        return session_url(self.parent.pk)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["representatives"] = selectors.representatives_serving(self.parent.term)
        return kwargs

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        if data["representative"] is None:
            raise ValidationError({"representative": gettext("请选择提案代表")})
        result = services.proposal_submit(
            self.actor,
            session=self.parent,
            title=data["title"],
            content=data["content"],
            representative=data["representative"],
        )
        messages.success(self.request, gettext("已登记提案 %(n)s") % {"n": result.number})
        return result

    def success_url_for(self, result: Any) -> str:
        return proposal_url(result.pk)


urlpatterns: list[URLPattern] = [
    path("proposals/", ProposalListView.as_view(), name="proposal_list"),
    path("proposals/<int:pk>/", ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/<slug:step>/", ProposalStepView.as_view(), name="proposal_step"),
    path("sessions/<int:pk>/proposals/new/", ProposalCreateView.as_view(), name="proposal_create"),
]
