"""``{% attachments_panel record %}``: a record's attachments and, for a user who may add
to it, the upload form (``core.attachments``)."""

from typing import Any

from django import template
from django.conf import settings
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext

from gonghui.core.attachments.forms import AttachmentForm
from gonghui.core.attachments.rules import model_key, rules_for
from gonghui.core.attachments.services import attachments_of
from gonghui.core.scoping import allows

register = template.Library()


@register.inclusion_tag("core/attachments/_panel.html", takes_context=True)
def attachments_panel(context: Any, record: Model) -> dict[str, Any]:
    request = context["request"]
    rules = rules_for(type(record))
    rows = attachments_of(actor=request.user, record=record)
    may_upload = allows(request.user, rules.upload_action, record)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "attachments": [{"attachment": a, "kind_label": rules.kind_label(a.kind)} for a in rows],
        "upload_url": (
            reverse("core:attachment_upload", args=[model_key(type(record)), record.pk])
            if may_upload
            else ""
        ),
        # ids of their own on the record's page; labels end with the full-width colon
        "form": AttachmentForm(
            kinds=rules.kinds, auto_id="attachment-%s", label_suffix=gettext("：")
        ),
        "next": request.get_full_path(),
        "max_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
    }
