"""Staff pages of hotline tickets (under /hotline/tickets/): the list with its filters and
overdue flags, registering a ticket, one ticket with its clocks, returns, links,
attachments, history and the steps the user may take, and one page for every step."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import HOTLINE_DISPATCH, HOTLINE_VIEW, LEGALAID_RECEIVE
from gonghui.core import disclosure
from gonghui.core.exports import ExportListMixin
from gonghui.core.views import ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers
from gonghui.core.workflow.views import StepView
from gonghui.hotline.exports import TICKETS
from gonghui.hotline.forms.tickets import TicketFilterForm, TicketForm
from gonghui.hotline.selectors import tickets as selectors
from gonghui.hotline.selectors.sections import ticket_sections
from gonghui.hotline.services.tickets import ticket_register


def ticket_url(pk: Any) -> str:
    return reverse("hotline:ticket_detail", args=[pk])


class TicketListView(ExportListMixin, StaffListView):
    """The filtered list exports (``?format=xlsx``, ``hotline.exports.TICKETS``)."""

    model = selectors.TICKET_MODEL
    action = HOTLINE_VIEW
    export = TICKETS
    template_name = "hotline/ticket_list.html"
    title = _("热线工单")
    sortable = ("received_at", "number", "status")
    default_sort = "-received_at"

    @cached_property
    def filter_form(self) -> TicketFilterForm:
        return TicketFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        rows = selectors.ticket_list(actor=self.actor, **self.filter_form.filters())
        return rows.order_by(self.current_sort(), "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            can_register=self.actor.has_action(HOTLINE_DISPATCH),
        )
        return context


class TicketRegisterView(ServiceFormView):
    model = selectors.TICKET_MODEL
    action = HOTLINE_DISPATCH
    form_class = TicketForm
    template_name = "hotline/ticket_form.html"
    title = _("登记工单")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "nodes": selectors.dispatch_nodes(self.actor)}

    def perform(self, form: Any) -> Any:
        data = form.ticket_fields()
        organization = data.pop("organization")
        result = ticket_register(actor=self.actor, organization=organization, **data)
        messages.success(self.request, gettext("已登记工单 %(t)s") % {"t": result})
        return result

    def success_url_for(self, result: Any) -> str:
        return ticket_url(result.pk)


class TicketDetailView(StaffDetailView):
    model = selectors.TICKET_MODEL
    action = HOTLINE_VIEW
    template_name = "hotline/ticket_detail.html"
    context_object_name = "ticket"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.ticket_detail(actor=self.actor)

    @property
    def title(self) -> str:
        return gettext("热线工单 %(ticket)s") % {"ticket": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ticket: Any = self.object
        policy = disclosure.policy_for(self.actor, ticket.organization)
        if policy.visible and ticket.caller_phone:
            disclosure.record(
                actor=self.actor,
                objects=[ticket],
                fields=["caller_phone"],
                purpose=gettext("热线工单详情页"),
            )
        shown = ticket_sections(self.actor, ticket)
        context.update(
            caller_phone=policy.phone(ticket.caller_phone),
            pii_masked=not policy.visible,
            clocks=selectors.ticket_clocks(ticket),
            returns=selectors.ticket_returns(ticket),
            sections=shown,
            # a worker's dispute heard on the hotline may become a legal-aid application
            may_seek_legal_aid=self.actor.has_action(LEGALAID_RECEIVE)
            and not any(section.key == "legal_aid" for section, _rows in shown),
            actions=offers(self.actor, ticket),
            timeline=timeline(ticket),
        )
        return context


class TicketStepView(StepView):
    model = selectors.TICKET_MODEL
    step_from_url = True
    template_name = "hotline/step.html"
    object_name = "ticket"
    success_message = _("已办理")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.step.name == "dispatch":
            kwargs["nodes"] = selectors.dispatch_nodes(self.actor)
        return kwargs

    def call_service(self, data: dict[str, Any]) -> Any:
        return self.take_step(data)

    def object_url(self, pk: Any) -> str:
        return ticket_url(pk)


urlpatterns: list[URLPattern] = [
    path("tickets/", TicketListView.as_view(), name="ticket_list"),
    path("tickets/new/", TicketRegisterView.as_view(), name="ticket_register"),
    path("tickets/<int:pk>/", TicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/<slug:step>/", TicketStepView.as_view(), name="ticket_step"),
]
