"""The member's aid pages (困难帮扶): my applications and what I received, applying with
photos of documents, and one application's progress (status in plain words, each level's
decision on the timeline, the reason it was sent back, the documents still missing, more
photos, and the steps the workflow offers its owner). Ownership is the owner rule
(``for_owner``) through ``OwnedMixin``: another member's application answers 404. Writes
go through ``assistance.services.aid``, ``core.attachments.services.attachment_upload_own``
and the workflow engine (``available``, ``take``)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gonghui.assistance.choices import AidStatus, AmountMode, Cause
from gonghui.assistance.services.aid import aid_apply
from gonghui.core import pii
from gonghui.core.attachments.content import AttachmentRefused, check
from gonghui.core.attachments.services import OWNER_TYPES, attachment_upload_own
from gonghui.core.workflow import OWNER, available, take, timeline
from gonghui.portal import selectors, selectors_aid
from gonghui.portal.views import MemberMixin, OwnedMixin, put_errors

DOCUMENT_ROWS = 3
OWNER_STEP_FIELDS = selectors_aid.OWNER_STEP_FIELDS


def standard_text(kind: Any) -> str:
    """A kind's amount standard in words: the fixed amount or the band, and the cap."""
    if kind.amount_mode == AmountMode.FIXED:
        amount = gettext("定额 %(amount)s 元") % {"amount": kind.fixed_amount}
    else:
        amount = gettext("%(low)s 至 %(high)s 元") % {
            "low": kind.min_amount,
            "high": kind.max_amount,
        }
    cap = gettext("每人每年不超过 %(cap)s 元") % {"cap": kind.annual_cap}
    return f"{amount}，{cap}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files at once, each a photo (JPEG, PNG) or a PDF within the size cap,
    recognised by its first bytes as the attachments kit does."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"})

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(_("请选择要上传的照片或 PDF 文件"))
            return []
        cleaned = [super(PhotosField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            try:
                detected = check(
                    upload, size=upload.size or 0, max_bytes=settings.ATTACHMENT_MAX_BYTES
                )
            except AttachmentRefused as exc:
                raise ValidationError(f"{upload.name}：{exc.message}") from exc
            if detected.mime not in OWNER_TYPES:
                raise ValidationError(
                    gettext("%(name)s：只能上传照片（JPEG、PNG）或 PDF 文件")
                    % {"name": upload.name}
                )
        return cleaned


class DocumentsForm(forms.Form):
    """Photos of one kind of document."""

    kind = forms.ChoiceField(label=_("材料类别"), required=False)
    photos = PhotosField(
        label=_("照片或 PDF"), required=False, help_text=_("可一次选择多张，每个文件不超过 20 MB")
    )

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = [("", _("请选择")), *selectors_aid.member_document_kinds()]
        self.fields["photos"].required = required
        kind.required = required

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("photos") and not data.get("kind"):
            self.add_error("kind", _("请选择材料类别"))
        return data

    def uploads(self) -> list[tuple[str, Any]]:
        data = self.cleaned_data
        return [(data["kind"], f) for f in data.get("photos") or []]


class AidApplyForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("帮扶项目"), queryset=selectors_aid.active_kinds(), empty_label=_("请选择")
    )
    cause = forms.ChoiceField(label=_("致困原因"), choices=[("", _("请选择")), *Cause.choices])
    reason = forms.CharField(
        label=_("申请理由"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("家庭情况、困难经过和需要帮助的事项"),
    )
    amount_requested = forms.DecimalField(
        label=_("申请金额（元）"),
        max_digits=14,
        decimal_places=4,
        help_text=_("按所选项目的标准填写（见上方“帮扶项目和标准”）"),
    )
    bank_name = forms.CharField(
        label=_("开户银行"), required=False, max_length=60, help_text=_("帮扶款转入本人账户")
    )
    bank_account = forms.CharField(label=_("银行账号"), required=False, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.queryset = selectors_aid.active_kinds()
        kind.label_from_instance = lambda k: k.name
        self.fields["amount_requested"].widget.attrs.update(inputmode="decimal", step="0.01")
        self.fields["bank_account"].widget.attrs.update(inputmode="numeric", autocomplete="off")


class AidMixin(OwnedMixin):
    model = selectors_aid.APPLICATION_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("kind", "round", "publication", "receipt").order_by(
            "-applied_on", "-pk"
        )


class AidListView(AidMixin, TemplateView):
    """我的帮扶: my applications, newest first; the aid paid to me and the campaign lines
    handed out to me."""

    template_name = "portal/aid_list.html"
    title = _("我的帮扶")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        shown = selectors_aid.RECEIVED_SHOWN
        context.update(
            applications=list(self.get_queryset()[:shown]),
            paid=list(selectors_aid.received_aid(user)[:shown]),
            lines=list(selectors_aid.received_lines(user)[:shown]),
        )
        return context


class AidApplyView(MemberMixin, TemplateView):
    """Apply for aid for myself, with photos of documents; the union receives it."""

    template_name = "portal/aid_apply.html"
    title = _("申请困难帮扶")

    def forms(self, data: Any = None, files: Any = None) -> dict[str, Any]:
        return {
            "form": AidApplyForm(data),
            "document_forms": [
                DocumentsForm(data, files, prefix=f"doc{n}") for n in range(1, DOCUMENT_ROWS + 1)
            ],
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        offers = selectors_aid.kind_offers()
        for offer in offers:
            offer.standard_text = standard_text(offer.kind)  # type: ignore[attr-defined]
        needs = selectors_aid.requirements()
        context.update(
            person=selectors.person_of(self.request.user),
            offers=offers,
            every_document=needs.every,
            cause_documents=[
                (label, needs.by_cause[value])
                for value, label in Cause.choices
                if value in needs.by_cause
            ],
        )
        for key, value in self.forms().items():
            context.setdefault(key, value)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bound = self.forms(request.POST, request.FILES)
        form, documents = bound["form"], bound["document_forms"]
        valid = [f.is_valid() for f in (form, *documents)]
        person = selectors.person_of(request.user)
        if person is None:
            form.add_error(None, gettext("您的账户还没有关联会员档案，请到所在工会申请帮扶。"))
        elif all(valid):
            application = self._apply(form, documents, person)
            if application is not None:
                messages.success(
                    request,
                    gettext("帮扶申请已提交，申请编号 %(number)s") % {"number": application.number},
                )
                return redirect("portal:aid_detail", pk=application.pk)
        return self.render_to_response(self.get_context_data(**bound))

    def _apply(self, form: AidApplyForm, documents: list[DocumentsForm], person: Any) -> Any:
        data = form.cleaned_data
        kind = data["kind"]
        try:
            with transaction.atomic():
                application = aid_apply(
                    actor=self.actor,
                    person=person,
                    kind=kind,
                    round=selectors_aid.round_for(kind),
                    cause=data["cause"],
                    reason=data["reason"],
                    amount_requested=data["amount_requested"],
                    bank_name=data["bank_name"],
                    bank_account=data["bank_account"],
                )
                for document in documents:
                    for document_kind, upload in document.uploads():
                        attachment_upload_own(
                            actor=self.actor, record=application, kind=document_kind, file=upload
                        )
        except ValidationError as exc:
            put_errors(form, exc, {"round": "kind"})
            return None
        except AttachmentRefused as exc:
            form.add_error(None, exc.message)
            return None
        return application


class AidDetailView(AidMixin, TemplateView):
    """One of my applications: its status explained, the decisions, what is missing,
    photos to add and the steps the workflow offers me."""

    template_name = "portal/aid_detail.html"
    title = _("帮扶申请")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application = self.get_object()
        rules = application.attachment_rules
        history = timeline(application)
        may_add = bool(rules.owner_may_add and rules.owner_may_add(application))
        upload_form = kwargs.get("upload_form") or (
            DocumentsForm(required=True) if may_add else None
        )
        steps = [s for s in available(self.request.user, application) if s.action == OWNER]
        context.update(
            application=application,
            explained=selectors_aid.STATUS_EXPLAINED.get(application.status, ""),
            standard=standard_text(application.kind),
            bank_account=pii.mask_account(application.bank_account),
            reason=selectors_aid.last_reason(application, history),
            checklist=selectors_aid.checklist(application),
            missing=selectors_aid.missing(application),
            attachments=[
                (a, rules.kind_label(a.kind)) for a in selectors_aid.attachments_of(application)
            ],
            upload_form=upload_form,
            steps=steps,
            resubmit="resubmit_own" in {s.name for s in steps},
            receipt=getattr(application, "receipt", None),
            timeline=history,
            paid=application.status == AidStatus.PAID,
        )
        return context


class AidUploadView(AidDetailView):
    """Add photos of documents to my application while the union has it or has sent it
    back (the model's ``owner_may_add``)."""

    template_name = "portal/aid_detail.html"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application = self.get_object()
        form = DocumentsForm(request.POST, request.FILES, required=True)
        if form.is_valid():
            try:
                with transaction.atomic():
                    for kind, upload in form.uploads():
                        attachment_upload_own(
                            actor=self.actor, record=application, kind=kind, file=upload
                        )
            except ValidationError as exc:
                put_errors(form, exc)
            except AttachmentRefused as exc:
                form.add_error("photos", exc.message)
            else:
                messages.success(
                    request, gettext("已上传 %(n)d 个文件") % {"n": len(form.uploads())}
                )
                return redirect("portal:aid_detail", pk=application.pk)
        response = self.render_to_response(self.get_context_data(upload_form=form))
        response.status_code = 400
        return response


class AidStepView(AidMixin, TemplateView):
    """Take a step the workflow offers the owner (resubmit after adding what was
    missing, withdraw): the engine decides whether it may be taken."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        if step not in OWNER_STEP_FIELDS:
            raise Http404
        application = self.get_object()
        field = OWNER_STEP_FIELDS[step]
        data: dict[str, Any] = {field: request.POST.get(field, "")}
        try:
            take(self.actor, application, step, **data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            done = {
                "resubmit_own": gettext("已重新提交，请等待工会受理"),
                "withdraw": gettext("申请已撤回"),
            }
            messages.success(request, done[step])
        return redirect("portal:aid_detail", pk=application.pk)
