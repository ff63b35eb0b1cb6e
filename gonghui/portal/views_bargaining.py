"""A workers' congress representative's pages (职代会提案): the sessions open to my
proposals now, my proposals with their answers, submitting one from a phone, and rating
an answer. A proposal is mine by the owner rule (``for_owner``) through ``OwnedMixin``:
another representative's answers 404; a member who holds no seat sees an empty page and
cannot submit. Writes go through ``bargaining.services.proposals`` and the engine."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gonghui.bargaining.forms.congress import ProposalForm
from gonghui.bargaining.forms.steps import RateForm
from gonghui.bargaining.selectors import congress as selectors
from gonghui.bargaining.services.proposals import proposal_submit
from gonghui.core.workflow import OWNER, available, take, timeline
from gonghui.portal.views import MemberMixin, OwnedMixin, put_errors


class ProposalMixin(OwnedMixin):
    model = selectors.PROPOSAL_MODEL

    def refine_queryset(self, queryset: Any) -> Any:
        return queryset.select_related("session", "session__term__congress", "representative")


class ProposalListView(ProposalMixin, TemplateView):
    template_name = "portal/proposal_list.html"
    title = _("我的职代会提案")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            proposals=list(self.get_queryset().order_by("-submitted_on", "-pk")[:50]),
            sessions=selectors.open_sessions(self.actor),
        )
        return context


class ProposalSubmitView(MemberMixin, TemplateView):
    """Submit a proposal to a session open today in a term where I hold a seat."""

    template_name = "portal/proposal_submit.html"
    title = _("提交职代会提案")

    def session(self) -> Any:
        pk = str(self.kwargs.get("session", ""))
        for session in selectors.open_sessions(self.actor):
            if str(session.pk) == pk:
                return session
        raise Http404

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ProposalForm())
        context["session"] = self.session()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        session = self.session()
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                proposal = proposal_submit(self.actor, session=session, **form.cleaned_data)
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(
                    request, gettext("提案已提交，编号 %(n)s") % {"n": proposal.number}
                )
                return redirect("portal:proposal_detail", pk=proposal.pk)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response


class ProposalDetailView(ProposalMixin, TemplateView):
    template_name = "portal/proposal_detail.html"
    title = _("职代会提案")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        proposal = self.get_object()
        steps = [s.name for s in available(self.request.user, proposal) if s.action == OWNER]
        context.update(
            proposal=proposal,
            rate_form=kwargs.get("rate_form") or (RateForm() if "rate" in steps else None),
            timeline=timeline(proposal),
        )
        return context


class ProposalRateView(ProposalDetailView):
    """Rate the answer: the engine decides whether I may."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        proposal = self.get_object()
        form = RateForm(request.POST)
        form.is_valid()
        data = {
            "satisfaction": form.cleaned_data.get("satisfaction", ""),
            "note": form.cleaned_data.get("note", ""),
        }
        try:
            take(self.actor, proposal, "rate", **data)
        except ValidationError as exc:
            put_errors(form, exc)
            response = self.render_to_response(self.get_context_data(rate_form=form))
            response.status_code = 400
            return response
        messages.success(request, gettext("感谢您的评价"))
        return redirect("portal:proposal_detail", pk=proposal.pk)
