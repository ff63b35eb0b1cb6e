"""Staff pages of workers' congresses (under /bargaining/congresses/): the list, a
congress with its terms, a term with its representatives and sessions, a session with
its attendance, votes and proposals, and the forms that create each and record the
attendance and the votes."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BARGAINING_CONGRESS, BARGAINING_VIEW
from gonghui.bargaining.choices import CongressKind
from gonghui.bargaining.forms import congress as forms
from gonghui.bargaining.selectors import congress as selectors
from gonghui.bargaining.selectors import contracts as contract_selectors
from gonghui.bargaining.services import congress as services
from gonghui.core.views import ChildFormView, ServiceFormView, StaffDetailView, StaffListView


def congress_url(pk: Any) -> str:
    return reverse("bargaining:congress_detail", args=[pk])


def term_url(pk: Any) -> str:
    return reverse("bargaining:term_detail", args=[pk])


def session_url(pk: Any) -> str:
    return reverse("bargaining:session_detail", args=[pk])


class CongressListView(StaffListView):
    model = selectors.CONGRESS_MODEL
    action = BARGAINING_VIEW
    template_name = "bargaining/congress_list.html"
    title = _("职代会")
    sortable = ("name", "created_at")
    default_sort = "name"

    @cached_property
    def filter_form(self) -> forms.CongressFilterForm:
        return forms.CongressFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.congress_list(actor=self.actor, **self.filter_form.filters()).order_by(
            *self.get_ordering()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form, can_create=self.actor.has_action(BARGAINING_CONGRESS)
        )
        return context


class CongressCreateView(ServiceFormView):
    model = selectors.CONGRESS_MODEL
    action = BARGAINING_CONGRESS
    form_class = forms.CongressForm
    template_name = "bargaining/form.html"
    title = _("建立职代会制度")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["nodes"] = contract_selectors.opening_nodes(self.actor, BARGAINING_CONGRESS)
        return kwargs

    def perform(self, form: Any) -> Any:
        return services.congress_create(self.actor, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return congress_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "cancel_url": reverse("bargaining:congress_list"),
        }


class CongressDetailView(StaffDetailView):
    model = selectors.CONGRESS_MODEL
    action = BARGAINING_VIEW
    template_name = "bargaining/congress_detail.html"
    context_object_name = "congress"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    @property
    def title(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["terms"] = selectors.terms_of(self.object)
        context["can_change"] = self.actor.has_action(BARGAINING_CONGRESS)
        return context


class _ChildFormView(ChildFormView):
    """A bargaining form on a parent record (``core.views.ChildFormView``)."""

    action = BARGAINING_CONGRESS
    template_name = "bargaining/form.html"


class TermCreateView(_ChildFormView):
    model = selectors.CONGRESS_MODEL
    form_class = forms.TermForm
    title = _("登记职代会届次")

    def parent_url(self) -> str:
        return congress_url(self.parent.pk)

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        node = self.parent.organization
        chosen, missing = contract_selectors.entities_chosen(
            self.actor, node, forms.codes_of(data["credit_codes"] or ""), BARGAINING_CONGRESS
        )
        if missing:
            raise ValidationError(
                {
                    "credit_codes": gettext("以下代码不是召集单位覆盖的单位：%(codes)s")
                    % {"codes": "、".join(missing)}
                }
            )
        return services.term_create(
            self.actor,
            congress=self.parent,
            number=data["number"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            entities=chosen,
        )

    def success_url_for(self, result: Any) -> str:
        return term_url(result.pk)


class TermDetailView(StaffDetailView):
    model = selectors.TERM_MODEL
    action = BARGAINING_VIEW
    template_name = "bargaining/term_detail.html"
    context_object_name = "term"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("congress", "congress__organization")

    @property
    def title(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        term: Any = self.object
        representatives = list(selectors.representatives_of(term))
        serving = [rep for rep in representatives if rep.left_on is None]
        context.update(
            representatives=representatives,
            serving=len(serving),
            manager_share=services.manager_share([rep.group for rep in serving]),
            sessions=selectors.sessions_of(term),
            can_change=self.actor.has_action(BARGAINING_CONGRESS),
            assembly=term.congress.kind == CongressKind.ASSEMBLY,
        )
        return context


class ElectView(_ChildFormView):
    model = selectors.TERM_MODEL
    form_class = forms.ElectForm
    title = _("选举职工代表")
    submit_label = _("登记")

    def parent_url(self) -> str:
        return term_url(self.parent.pk)

    def perform(self, form: Any) -> Any:
        made = services.representatives_elect(self.actor, term=self.parent, **form.cleaned_data)
        messages.success(self.request, gettext("已登记职工代表 %(n)d 人") % {"n": len(made)})
        return self.parent

    def success_url_for(self, result: Any) -> str:
        return term_url(result.pk)


class LeaveView(_ChildFormView):
    model = selectors.REPRESENTATIVE_MODEL
    form_class = forms.LeaveForm
    title = _("终止代表资格")

    def parent_url(self) -> str:
        return term_url(self.parent.term_id)

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.representative_leave(
            self.actor, self.parent, left_on=data["left_on"], reason=data["reason"]
        )

    def success_url_for(self, result: Any) -> str:
        return term_url(result.term_id)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["intro"] = f"{self.parent.name} · {self.parent.get_group_display()}"
        return context


class SessionCreateView(_ChildFormView):
    model = selectors.TERM_MODEL
    form_class = forms.SessionForm
    title = _("登记职代会会议")

    def parent_url(self) -> str:
        return term_url(self.parent.pk)

    def perform(self, form: Any) -> Any:
        return services.session_create(self.actor, term=self.parent, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return session_url(result.pk)


class SessionDetailView(StaffDetailView):
    model = selectors.SESSION_MODEL
    action = BARGAINING_VIEW
    template_name = "bargaining/session_detail.html"
    context_object_name = "session"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("term", "term__congress", "term__congress__organization")

    @property
    def title(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session: Any = self.object
        context.update(
            attendance=selectors.attendance_of(session),
            votes=selectors.votes_of(session),
            proposals=selectors.proposal_list(actor=self.actor, session=session),
            can_change=self.actor.has_action(BARGAINING_CONGRESS),
        )
        return context


class AttendanceView(_ChildFormView):
    model = selectors.SESSION_MODEL
    form_class = forms.AttendanceForm
    title = _("登记出席情况")
    submit_label = _("登记")

    def parent_url(self) -> str:
        return session_url(self.parent.pk)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        assembly = self.parent.term.congress.kind == CongressKind.ASSEMBLY
        kwargs.update(
            assembly=assembly, serving=None if assembly else selectors.serving_at(self.parent)
        )
        return kwargs

    def perform(self, form: Any) -> Any:
        return services.attendance_record(self.actor, self.parent, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return session_url(result.pk)


class VoteView(_ChildFormView):
    model = selectors.SESSION_MODEL
    form_class = forms.VoteForm
    title = _("登记表决结果")
    submit_label = _("登记")

    def parent_url(self) -> str:
        return session_url(self.parent.pk)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["drafts"] = contract_selectors.drafts_for(self.parent.term.congress.organization)
        return kwargs

    def perform(self, form: Any) -> Any:
        vote = services.vote_record(self.actor, self.parent, **form.cleaned_data)
        if vote.passed:
            messages.success(self.request, gettext("表决通过"))
        else:
            messages.warning(self.request, gettext("表决未通过：%(why)s") % {"why": vote.failure})
        return vote

    def success_url_for(self, result: Any) -> str:
        return session_url(self.parent.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        s = self.parent
        if s.electorate is not None:
            context["intro"] = gettext(
                "应到 %(electorate)d 人，实到 %(present)d 人；赞成票须超过应到人数的半数方为通过"
            ) % {"electorate": s.electorate, "present": s.present}
        return context


urlpatterns: list[URLPattern] = [
    path("congresses/", CongressListView.as_view(), name="congress_list"),
    path("congresses/new/", CongressCreateView.as_view(), name="congress_create"),
    path("congresses/<int:pk>/", CongressDetailView.as_view(), name="congress_detail"),
    path("congresses/<int:pk>/terms/new/", TermCreateView.as_view(), name="term_create"),
    path("terms/<int:pk>/", TermDetailView.as_view(), name="term_detail"),
    path("terms/<int:pk>/elect/", ElectView.as_view(), name="term_elect"),
    path("terms/<int:pk>/sessions/new/", SessionCreateView.as_view(), name="session_create"),
    path("representatives/<int:pk>/leave/", LeaveView.as_view(), name="representative_leave"),
    path("sessions/<int:pk>/", SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/attendance/", AttendanceView.as_view(), name="session_attendance"),
    path("sessions/<int:pk>/votes/new/", VoteView.as_view(), name="session_vote"),
]
