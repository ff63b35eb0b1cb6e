"""Uploading and reading attachments: every read and write is scoped through the record's
own queryset (``for_actor`` with the model's declared action) and audited."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.attachments.content import AttachmentRefused, check
from gonghui.core.attachments.models import ATTACHMENT_DIR, Attachment, AttachmentQuerySet
from gonghui.core.attachments.rules import AttachmentRules, model_for, rules_for
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, OutOfScope, Visitor, require, signed_in
from gonghui.core.storage import EncryptedFileSystemStorage


def attachments_of(*, actor: Actor, record: Model) -> AttachmentQuerySet:
    """The record's attachments, for a user who may see the record (else none)."""
    rules = rules_for(type(record))
    queryset = type(record)._default_manager.all()
    if not queryset.for_actor(actor, rules.view_action).filter(pk=record.pk).exists():  # type: ignore[attr-defined]
        return Attachment.objects.none()
    return Attachment.objects.of(record).select_related("uploaded_by")


def record_of(*, actor: Actor, key: str, pk: Any, upload: bool = False) -> tuple[Model, Any]:
    """The record of the model named ``key`` (``app.model``) with this id, and its rules,
    for the staff page and the API alike: ``PermissionDenied`` when the actor holds the
    action (view, or upload) nowhere, ``OutOfScope`` when the model takes no attachments
    or the record is missing or outside the actor's scope."""
    try:
        model = model_for(key)
    except LookupError as exc:
        raise OutOfScope(pk) from exc
    rules = rules_for(model)
    action = rules.upload_action if upload else rules.view_action
    if not actor.has_action(action):
        raise PermissionDenied
    queryset = model._default_manager.all().for_actor(actor, action)  # type: ignore[attr-defined]
    try:
        record = queryset.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        record = None
    if record is None:
        raise OutOfScope(pk)
    return record, rules


def may_read_some(visitor: Visitor) -> bool:
    """Whether the actor holds the view action of any model that takes attachments: a
    download is refused with 403 from this alone, never from the attachment's row, so an
    id that exists and one that does not get the same answer."""
    actor = signed_in(visitor)
    if actor is None:
        return False
    models = [m for m in apps.get_models() if getattr(m, "attachment_rules", None) is not None]
    return any(actor.has_action(rules_for(model).view_action) for model in models)


def _stored_name(name: str, extension: str) -> str:
    stem = get_valid_filename(name.rsplit(".", 1)[0])[:150] or "file"
    return f"{stem}.{extension}"


@transaction.atomic
def attachment_upload(*, actor: Actor, record: Model, kind: str, file: File) -> Attachment:  # type: ignore[type-arg]
    """Attach ``file`` to ``record`` as ``kind``. Refuses (``AttachmentRefused``) an empty
    file, one over ``ATTACHMENT_MAX_BYTES`` or of a type not allowed, and a kind the model
    does not accept; nothing is stored then. ``OutOfScope`` outside the user's scope."""
    rules = rules_for(type(record))
    require(actor, rules.upload_action, record)
    return _store(actor=actor, record=record, rules=rules, kind=kind, file=file)


# what an owner may upload: photos of documents and PDF scans
OWNER_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


@transaction.atomic
def attachment_upload_own(*, actor: Actor, record: Model, kind: str, file: File) -> Attachment:  # type: ignore[type-arg]
    """A member attaches ``file`` (a photo or a PDF) to a record of their own, as
    ``attachment_upload`` does for staff: ``OutOfScope`` unless the record is the actor's
    by its model's owner rule (``for_owner``); a ``ValidationError`` on ``status`` unless
    the model's ``owner_may_add`` allows it in the record's present state (checked on the
    locked row); ``AttachmentRefused`` for a kind, size or type refused."""
    rules = rules_for(type(record))
    owned = type(record)._default_manager.all().for_owner(actor)  # type: ignore[attr-defined]
    locked = owned.select_for_update(of=("self",)).filter(pk=record.pk).first()
    if locked is None:
        raise OutOfScope(record.pk)
    if rules.owner_may_add is None or not rules.owner_may_add(locked):
        raise ValidationError({"status": _("当前状态下不能再补充材料")})
    return _store(actor=actor, record=locked, rules=rules, kind=kind, file=file, only=OWNER_TYPES)


def _store(
    *,
    actor: Actor,
    record: Model,
    rules: AttachmentRules,
    kind: str,
    file: File,  # type: ignore[type-arg]
    only: frozenset[str] | None = None,
) -> Attachment:
    if kind not in dict(rules.kinds):
        raise AttachmentRefused(_("附件类别无效"))
    detected = check(file, size=file.size or 0, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    if only is not None and detected.mime not in only:
        raise AttachmentRefused(_("只能上传照片（JPEG、PNG）或 PDF 文件"))
    organization = rules.organization(record)
    attachment = Attachment(
        record=record,
        organization=organization,
        organization_path=organization.path,
        kind=kind,
        name=_stored_name(str(file.name or ""), detected.extension),
        mime=detected.mime,
        size=file.size or 0,
        uploaded_by_id=actor.pk,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{detected.extension}", file, save=False)
    stored = str(attachment.file.name)
    try:
        attachment.save()
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=attachment,
            organization=organization,
            changes={"record": f"{record._meta.label}:{record.pk}", "kind": kind},
            message=_("上传附件：%(name)s（%(kind)s）")
            % {"name": attachment.name, "kind": rules.kind_label(kind)},
        )
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


def attachment_open(*, actor: Actor, pk: Any) -> tuple[Attachment, File]:  # type: ignore[type-arg]
    """The attachment and its decrypted file, for a user who may see its record; audited.
    ``OutOfScope`` alike for an unknown id and one outside the user's scope."""
    attachment = Attachment.objects.filter(pk=pk).select_related("content_type").first()
    model = attachment.content_type.model_class() if attachment else None
    if attachment is None or model is None:
        raise OutOfScope(pk)
    try:
        rules = rules_for(model)
    except LookupError as exc:
        raise OutOfScope(pk) from exc
    visible = model._default_manager.all().for_actor(actor, rules.view_action)  # type: ignore[attr-defined]
    if not visible.filter(pk=attachment.object_id).exists():
        raise OutOfScope(pk)
    audit.record(
        actor=actor,
        action=AuditAction.VIEW_PERSONAL_DATA,
        obj=attachment,  # the entry's organisation is the attachment's organization_id
        changes={},
        message=_("下载附件：%(name)s") % {"name": attachment.name},
    )
    return attachment, attachment.file.open("rb")


ORPHAN_AGE = timedelta(days=1)
ORPHAN_BATCH = 500  # names asked of the database at once


def orphans_delete(*, now: datetime | None = None) -> int:
    """Delete the stored attachment files no attachment row names, older than a day: what
    an upload wrote before its transaction was rolled back (the file is written before
    the row, and a rollback cannot remove it). Run daily by the scheduler."""
    storage = Attachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    if not isinstance(storage, EncryptedFileSystemStorage):
        return 0
    cutoff = (now or timezone.now()) - ORPHAN_AGE
    old = [
        name
        for name in storage.stored_names(ATTACHMENT_DIR)
        if storage.get_modified_time(name) < cutoff
    ]
    deleted = 0
    for start in range(0, len(old), ORPHAN_BATCH):
        batch = old[start : start + ORPHAN_BATCH]
        named = set(Attachment.objects.filter(file__in=batch).values_list("file", flat=True))
        for name in batch:
            if name not in named:
                storage.delete(name)
                deleted += 1
    if deleted:
        audit.record(
            actor=None,
            action=AuditAction.BULK,
            changes={"files": deleted},
            message="attachment orphans deleted",
        )
    return deleted
