"""Staff pages of consultations and mediation committees (the case pages are in
``views_cases``).

Reads go through ``disputes.selectors``, writes through ``disputes.services``; every page
is scoped by the base views of ``core.views``."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import (
    DISPUTES_CONSULT,
    DISPUTES_MANAGE,
    DISPUTES_MEDIATE,
    DISPUTES_VIEW,
    LEGALAID_RECEIVE,
)
from gonghui.core.exports import ExportListMixin
from gonghui.core.scoping import allows
from gonghui.core.views import ServiceFormView, StaffListView
from gonghui.disputes import selectors
from gonghui.disputes.choices import ConsultationOutcome
from gonghui.disputes.exports import CONSULTATIONS
from gonghui.disputes.forms import (
    CommitteeFilterForm,
    CommitteeForm,
    ConsultationFilterForm,
    ConsultationForm,
    SeatForm,
)
from gonghui.disputes.models import Consultation, MediationCommittee
from gonghui.disputes.services.committees import committee_create, committee_seat
from gonghui.disputes.services.consultations import consultation_log
from gonghui.organizations.models import Organization

# --- consultations ---------------------------------------------------------------------


class ConsultationListView(ExportListMixin, StaffListView):
    """Consultations logged in scope, filtered by channel, topic and dates; the filtered
    list exports (``?format=xlsx``, ``disputes.exports.CONSULTATIONS``)."""

    model = Consultation
    action = DISPUTES_VIEW
    export = CONSULTATIONS
    template_name = "disputes/consultation_list.html"
    title = _("咨询登记")
    sortable = tuple(sorted(selectors.SORTABLE_CONSULTATION_FIELDS))
    default_sort = "-held_on"

    @cached_property
    def filter_form(self) -> ConsultationFilterForm:
        nodes = Organization.objects.for_actor(self.actor, self.action).select_related("station")
        return ConsultationFilterForm(self.request.GET, nodes=nodes)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.consultation_list(
            actor=self.actor,
            action=self.action,
            sort=self.current_sort(),
            **self.filter_form.filters(),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.actor
        context.update(
            filter_form=self.filter_form,
            can_log=user.has_action(DISPUTES_CONSULT),
            can_apply=user.has_action(DISPUTES_MEDIATE),
            may_seek_legal_aid=user.has_action(LEGALAID_RECEIVE),
        )
        return context


class ConsultationLogView(ServiceFormView):
    """The quick log: one screen, the usual answers preselected; saves and starts again."""

    model = Consultation
    action = DISPUTES_CONSULT
    form_class = ConsultationForm
    template_name = "disputes/consultation_form.html"
    title = _("登记咨询")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["nodes"] = selectors.consultation_nodes(actor=self.actor, action=self.action)
        return kwargs

    def perform(self, form: Any) -> Consultation:
        data = dict(form.cleaned_data)
        organization: Organization = data.pop("organization")
        result = consultation_log(
            actor=self.actor,
            organization=organization,
            channel=data.pop("channel"),
            topic=data.pop("topic"),
            held_on=data.pop("held_on"),
            **data,
        )
        messages.success(self.request, gettext("已登记咨询：%(row)s") % {"row": result})
        return result

    def success_url_for(self, result: Any) -> str:
        if "another" in self.request.POST:
            return reverse("disputes:consultation_log")
        if result.outcome == ConsultationOutcome.MEDIATION and self.actor.has_action(
            DISPUTES_MEDIATE
        ):
            # "to mediation": the application opens filled in from the consultation
            return f"{reverse('disputes:case_apply')}?consultation={result.pk}"
        return reverse("disputes:consultation_list")


# --- committees ------------------------------------------------------------------------


class CommitteeListView(StaffListView):
    """Committees of the three tiers in scope, with their seated mediators."""

    model = MediationCommittee
    action = DISPUTES_VIEW
    template_name = "disputes/committee_list.html"
    title = _("调解委员会")
    default_sort = "tier"
    sortable = ("tier",)

    @cached_property
    def filter_form(self) -> CommitteeFilterForm:
        return CommitteeFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.committee_list(
            actor=self.actor, action=self.action, **self.filter_form.filters()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.actor
        rows = [(c, allows(user, DISPUTES_MANAGE, c.organization)) for c in context["object_list"]]
        context.update(
            rows=rows, filter_form=self.filter_form, can_manage=user.has_action(DISPUTES_MANAGE)
        )
        return context


class CommitteeCreateView(ServiceFormView):
    model = MediationCommittee
    action = DISPUTES_MANAGE
    form_class = CommitteeForm
    template_name = "disputes/simple_form.html"
    title = _("设立调解委员会")
    submit_label = _("设立")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["nodes"] = (
            Organization.objects.for_actor(self.actor, self.action)
            .select_related("station")
            .order_by("path")
        )
        return kwargs

    def perform(self, form: Any) -> MediationCommittee:
        result = committee_create(actor=self.actor, **form.cleaned_data)
        messages.success(self.request, gettext("已设立 %(name)s") % {"name": result.name})
        return result

    def success_url_for(self, result: Any) -> str:
        return reverse("disputes:committee_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("disputes:committee_list")
        return context


class CommitteeSeatView(ServiceFormView):
    """Seat a mediator (a mediator or staff user serving a node in scope)."""

    model = MediationCommittee
    action = DISPUTES_MANAGE
    form_class = SeatForm
    template_name = "disputes/simple_form.html"
    submit_label = _("聘任")

    @cached_property
    def committee(self) -> MediationCommittee:
        return self.get_object()  # type: ignore[no-any-return]

    @property
    def title(self) -> str:
        return gettext("聘任调解员：%(name)s") % {"name": self.committee.name}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["users"] = selectors.mediator_candidates(actor=self.actor, action=self.action)
        return kwargs

    def perform(self, form: Any) -> MediationCommittee:
        committee_seat(actor=self.actor, committee=self.committee, **form.cleaned_data)
        messages.success(
            self.request, gettext("已聘任 %(user)s") % {"user": form.cleaned_data["user"]}
        )
        return self.committee

    def success_url_for(self, result: Any) -> str:
        return reverse("disputes:committee_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(committee=self.committee, cancel_url=reverse("disputes:committee_list"))
        return context
