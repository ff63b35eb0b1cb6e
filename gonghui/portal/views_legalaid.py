"""The member's legal-aid pages (法律援助): my applications, applying from a phone with
photos of documents, and one case's progress (status in plain words, the deadline of the
review, the reason for a refusal, the lawyer, the stages, more documents, withdrawing,
and rating the service when it is closed). Ownership is the owner rule (``for_owner``)
through ``OwnedMixin``: another member's case answers 404. Writes go through
``legalaid.services.cases``, ``attachment_upload_own`` and the workflow engine."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gonghui.core import pii
from gonghui.core.attachments.content import AttachmentRefused
from gonghui.core.attachments.services import attachment_upload_own
from gonghui.core.workflow import OWNER, available, take, timeline
from gonghui.legalaid.choices import Channel
from gonghui.legalaid.forms.cases import ApplicationFields
from gonghui.legalaid.forms.steps import RateForm
from gonghui.legalaid.services.cases import case_receive
from gonghui.portal import selectors, selectors_legalaid
from gonghui.portal.views import MemberMixin, OwnedMixin, put_errors
from gonghui.portal.views_aid import PhotosField

OWNER_STEPS = {"cancel": ("reason",), "rate": ("rating", "comment")}


class LegalAidApplyForm(ApplicationFields):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=20)
    phone = forms.CharField(label=_("手机号"), max_length=20)
    photos = PhotosField(
        label=_("证明材料（照片或 PDF）"),
        required=False,
        help_text=_("身份证、劳动合同、工资条、工伤认定书等，可一次选择多张"),
    )

    field_order = [
        "name",
        "id_number",
        "phone",
        "matter",
        "facts",
        "opposing_name",
        "amount_claimed",
        "statuses",
        "household_size",
        "household_income",
        "photos",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["opposing_code"]
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["amount_claimed"].widget.attrs.update(inputmode="decimal", step="0.01")
        self.fields["household_income"].widget.attrs.update(inputmode="decimal", step="0.01")


class CaseMixin(OwnedMixin):
    model = selectors_legalaid.CASE_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("lawyer", "lawyer__firm", "organization").prefetch_related(
            "stages"
        )


class LegalAidListView(CaseMixin, TemplateView):
    template_name = "portal/legalaid_list.html"
    title = _("我的法律援助")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cases"] = list(self.get_queryset().order_by("-received_on", "-pk")[:50])
        return context


class LegalAidApplyView(MemberMixin, TemplateView):
    """Apply for legal aid for myself; the service station of my union receives it."""

    template_name = "portal/legalaid_apply.html"
    title = _("申请法律援助")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            person = selectors.person_of(self.request.user)
            initial = (
                {
                    "name": person.name,
                    "id_number": person.id_number,
                    "phone": pii.display_phone(person.phone),
                }
                if person
                else {}
            )
            context["form"] = LegalAidApplyForm(initial=initial)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = LegalAidApplyForm(request.POST, request.FILES)
        if form.is_valid():
            case = self._apply(form)
            if case is not None:
                messages.success(
                    request,
                    gettext("法律援助申请已提交，编号 %(number)s") % {"number": case.number},
                )
                return redirect("portal:legalaid_detail", pk=case.pk)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response

    def _apply(self, form: LegalAidApplyForm) -> Any:
        data = form.cleaned_data
        person = selectors.person_of(self.request.user)
        node = selectors_legalaid.receiving_node(person)
        if node is None:
            form.add_error(None, gettext("暂无受理单位，请拨打 12351 职工服务热线。"))
            return None
        try:
            with transaction.atomic():
                case = case_receive(
                    actor=self.actor,
                    applicant_user=self.actor,
                    organization=node,
                    channel=Channel.PORTAL,
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    matter=data["matter"],
                    facts=data["facts"],
                    opposing_name=data["opposing_name"],
                    amount_claimed=data["amount_claimed"],
                    statuses=data["statuses"],
                    household_size=data["household_size"],
                    household_income=data["household_income"],
                )
                for upload in data.get("photos") or []:
                    attachment_upload_own(
                        actor=self.actor, record=case, kind="evidence", file=upload
                    )
        except ValidationError as exc:
            put_errors(form, exc)
            return None
        except AttachmentRefused as exc:
            form.add_error("photos", exc.message)
            return None
        return case


class UploadForm(forms.Form):
    photos = PhotosField(label=_("补充材料（照片或 PDF）"), required=True)


class LegalAidDetailView(CaseMixin, TemplateView):
    template_name = "portal/legalaid_detail.html"
    title = _("法律援助")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        case = self.get_object()
        rules = case.attachment_rules
        may_add = bool(rules.owner_may_add and rules.owner_may_add(case))
        steps = [s.name for s in available(self.request.user, case) if s.action == OWNER]
        context.update(
            case=case,
            explained=selectors_legalaid.STATUS_EXPLAINED.get(case.status, ""),
            upload_form=kwargs.get("upload_form") or (UploadForm() if may_add else None),
            attachments=[
                (a, rules.kind_label(a.kind)) for a in selectors_legalaid.attachments_of(case)
            ],
            may_cancel="cancel" in steps,
            rate_form=kwargs.get("rate_form") or (RateForm() if "rate" in steps else None),
            timeline=timeline(case),
        )
        return context


class LegalAidUploadView(LegalAidDetailView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.get_object()
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    for upload in form.cleaned_data["photos"]:
                        attachment_upload_own(
                            actor=self.actor, record=case, kind="evidence", file=upload
                        )
            except ValidationError as exc:
                put_errors(form, exc)
            except AttachmentRefused as exc:
                form.add_error("photos", exc.message)
            else:
                messages.success(
                    request,
                    gettext("已上传 %(n)d 个文件") % {"n": len(form.cleaned_data["photos"])},
                )
                return redirect("portal:legalaid_detail", pk=case.pk)
        response = self.render_to_response(self.get_context_data(upload_form=form))
        response.status_code = 400
        return response


class LegalAidStepView(LegalAidDetailView):
    """Withdraw my application, or rate the service: the engine decides whether I may."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        step = str(kwargs.get("step", ""))
        if step not in OWNER_STEPS:
            raise Http404
        case = self.get_object()
        data: dict[str, Any] = {name: request.POST.get(name, "") for name in OWNER_STEPS[step]}
        try:
            take(self.actor, case, step, **data)
        except ValidationError as exc:
            if step == "rate":
                form = RateForm(request.POST)
                form.is_valid()
                put_errors(form, exc)
                response = self.render_to_response(self.get_context_data(rate_form=form))
                response.status_code = 400
                return response
            messages.error(request, " ".join(exc.messages))
        else:
            done = {"cancel": gettext("申请已撤回"), "rate": gettext("感谢您的评价")}
            messages.success(request, done[step])
        return redirect("portal:legalaid_detail", pk=case.pk)
