"""The staff side of attachments: upload to a record (POST, back to the record's page with
a message) and the one download view. The record is reached through its own queryset with
the action its model declares: 403 for a user who holds the action nowhere, the one 404
for an unknown id and one outside the user's scope."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from gonghui.core.attachments import services
from gonghui.core.attachments.content import AttachmentRefused
from gonghui.core.attachments.forms import AttachmentForm
from gonghui.core.attachments.rules import rules_for
from gonghui.core.scoping import Actor, OutOfScope, signed_in


def _actor(request: HttpRequest) -> Actor:
    """The signed-in user (``LoginRequiredMixin`` has sent the anonymous to sign in)."""
    actor = signed_in(request.user)
    if actor is None:
        raise PermissionDenied
    return actor


def _record(request: HttpRequest, key: str, pk: int) -> Model:
    try:
        record, _rules = services.record_of(actor=_actor(request), key=key, pk=pk, upload=True)
    except OutOfScope as exc:
        raise Http404 from exc
    return record


def _back(request: HttpRequest, record: Model) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    page = getattr(record, "get_absolute_url", None)
    return str(page()) if page else reverse("core:home")


class AttachmentUploadView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, key: str, pk: int) -> HttpResponse:
        record = _record(request, key, pk)
        form = AttachmentForm(request.POST, request.FILES, kinds=rules_for(type(record)).kinds)
        if not form.is_valid():
            errors = [str(e) for field in form.errors.values() for e in field]
            messages.error(request, _("附件未上传：%(why)s") % {"why": "；".join(errors)})
            return redirect(_back(request, record))
        try:
            services.attachment_upload(
                actor=_actor(request),
                record=record,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
            )
        except AttachmentRefused as exc:
            messages.error(request, _("附件未上传：%(why)s") % {"why": exc.message})
        else:
            messages.success(request, _("附件已上传"))
        return redirect(_back(request, record))


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        if not services.may_read_some(request.user):
            raise PermissionDenied
        try:
            attachment, file = services.attachment_open(actor=_actor(request), pk=pk)
        except OutOfScope as exc:
            raise Http404 from exc
        return FileResponse(
            file, as_attachment=True, filename=attachment.name, content_type=attachment.mime
        )
