"""The member's labour-dispute mediation pages: apply online (the member is the applicant),
my cases, and a case's progress (status, deadline, sessions, outcome, the agreement and
the payments received). Ownership is the owner rule (``for_owner``) through ``OwnedMixin``: a case
is the member's when they applied for it from their account; others' cases answer 404."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from gonghui.core.forms import ScopedModelChoiceField
from gonghui.core.workflow import timeline
from gonghui.disputes.choices import ClaimKind
from gonghui.disputes.models import MediationCase, MediationCommittee
from gonghui.disputes.services.cases import case_apply
from gonghui.portal import selectors
from gonghui.portal.views import MemberMixin, OwnedMixin, put_errors

CLAIM_ROWS = 3


class MediationApplyForm(forms.Form):
    committee = ScopedModelChoiceField(
        label=_("调解委员会"),
        queryset=MediationCommittee.objects.none(),
        empty_label=None,
        help_text=_("可选择本单位、所在服务站或区总工会的调解委员会"),
    )
    name = forms.CharField(label=_("申请人姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=24, required=False)
    employer = forms.CharField(
        label=_("被申请单位"), max_length=120, help_text=_("单位全称或统一社会信用代码")
    )
    facts = forms.CharField(
        label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )

    def __init__(self, *args: Any, user: Any, person: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["committee"]
        field.queryset = selectors.mediation_committees(user)
        if person is not None:
            # the member's own record: the name and ID number on file are used
            del self.fields["name"]
            del self.fields["id_number"]
        for n in range(1, CLAIM_ROWS + 1):
            self.fields[f"claim_kind_{n}"] = forms.ChoiceField(
                label=_("请求事项 %(n)d") % {"n": n},
                choices=[("", "—"), *ClaimKind.choices],
                required=n == 1,
            )
            self.fields[f"claim_amount_{n}"] = forms.DecimalField(
                label=_("请求金额（元）%(n)d") % {"n": n},
                required=n == 1,
                max_digits=12,
                decimal_places=2,
                min_value=0,
            )

    def claim_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"claim_kind_{n}"], self[f"claim_amount_{n}"]) for n in range(1, CLAIM_ROWS + 1)
        ]

    def claims(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {"kind": data[f"claim_kind_{n}"], "amount": data[f"claim_amount_{n}"] or 0}
            for n in range(1, CLAIM_ROWS + 1)
            if data.get(f"claim_kind_{n}")
        ]


class MediationApplyView(MemberMixin, FormView):
    """Apply for mediation: the signed-in member is the applicant."""

    template_name = "portal/mediation_apply.html"
    form_class = MediationApplyForm
    title = _("申请劳动争议调解")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, person=selectors.person_of(self.request.user))
        return kwargs

    def form_valid(self, form: MediationApplyForm) -> HttpResponse:
        user: Any = self.request.user
        person = selectors.person_of(user)
        data = form.cleaned_data
        applicant = {
            "person": person,
            "name": person.name if person else data["name"],
            "id_number": person.id_number if person else data["id_number"],
            "phone": user.phone,
        }
        try:
            employer = selectors.employer_find(data["employer"])
            case = case_apply(
                actor=self.actor,
                committee=data["committee"],
                applicants=[applicant],
                facts=data["facts"],
                claims=form.claims(),
                employer=employer,
                employer_name=data["employer"],
                applicant_user=self.actor,
            )
        except ValidationError as exc:
            put_errors(
                form, exc, {"applicants.1.name": "name", "applicants.1.id_number": "id_number"}
            )
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("调解申请已提交，案件编号 %(number)s") % {"number": case.number},
        )
        return redirect("portal:mediation_detail", pk=case.pk)


class MediationMixin(OwnedMixin):
    model = MediationCase

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("committee").order_by("-applied_on", "-pk")


class MediationListView(MediationMixin, TemplateView):
    """My mediation cases, newest first."""

    template_name = "portal/mediation_list.html"
    title = _("我的调解案件")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cases"] = list(self.get_queryset()[:50])
        return context


class MediationDetailView(MediationMixin, TemplateView):
    """A case's progress: status, deadline, sessions, outcome, agreement and payments."""

    template_name = "portal/mediation_detail.html"
    title = _("调解案件")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return (
            super()
            .refine_queryset(queryset)
            .select_related("agreement")
            .prefetch_related("claims", "sessions", "agreement__payments")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        case = self.get_object()
        agreement = getattr(case, "agreement", None)
        payments = list(agreement.payments.all()) if agreement else []
        context.update(
            case=case,
            claims=list(case.claims.all()),
            sessions=list(case.sessions.all()),
            agreement=agreement,
            payments=payments,
            paid_total=sum((p.amount for p in payments), 0),
            timeline=timeline(case),
            overdue=case.is_overdue,
        )
        return context
