"""The worker's receipt (签收) of aid paid or of a campaign's line: a signature drawn on
a phone or tablet at the counter (a PNG the page's canvas sends as a data URL) or a scan
of the signed sheet (PDF or image), stored through the kit's attachments and recorded
once per record."""

import base64
import binascii
import io
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from gonghui.assistance.choices import Document, ReceiptMethod
from gonghui.assistance.models import AidApplication, DistributionLine, Receipt
from gonghui.core import audit, rules
from gonghui.core.attachments.content import AttachmentRefused
from gonghui.core.attachments.services import attachment_upload
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor

DATA_URL_PREFIX = "data:image/png;base64,"
SIGNATURE_MAX_BYTES = 2 * 1024 * 1024


def _signature_png(data_url: Any) -> bytes:
    """The PNG of a drawn signature, refused when missing, not a PNG, or blank."""
    text = str(data_url or "").strip()
    if not text.startswith(DATA_URL_PREFIX):
        raise ValidationError({"signature": _("请职工在签名框内签名")})
    try:
        raw = base64.b64decode(text[len(DATA_URL_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError({"signature": _("签名图像无效，请重新签名")}) from exc
    if not raw or len(raw) > SIGNATURE_MAX_BYTES:
        raise ValidationError({"signature": _("签名图像无效，请重新签名")})
    try:
        image = Image.open(io.BytesIO(raw))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError({"signature": _("签名图像无效，请重新签名")}) from exc
    if image.format != "PNG" or _is_blank(image):
        raise ValidationError({"signature": _("签名框是空白的，请职工签名")})
    return raw


def _is_blank(image: Image.Image) -> bool:
    """No stroke: every pixel transparent, or (without alpha) every pixel white."""
    rgba = image.convert("RGBA")
    if rgba.getchannel("A").getbbox() is None:
        return True
    inked = Image.eval(rgba.convert("L"), lambda v: 255 if v < 250 else 0)
    return inked.getbbox() is None


def receipt_record(
    *,
    actor: Actor,
    record: AidApplication | DistributionLine,
    method: str,
    signed_by: Any,
    signed_on: date | None,
    signature: Any = None,
    scan: File | None = None,  # type: ignore[type-arg]
) -> Receipt:
    """Record ``record``'s receipt. The caller (a workflow step, a campaign service) has
    checked the record may be signed for now and locked it."""
    errors = rules.Errors()
    name = errors.check(
        rules.required_text, signed_by, "signed_by", label=_("签收人"), max_length=50
    )
    day = errors.check(rules.past_date, signed_on, "signed_on", label=_("签收日期"))
    if method not in ReceiptMethod.values:
        errors.add("method", _("请选择签收方式"))
    png = errors.check(_signature_png, signature) if method == ReceiptMethod.SIGNATURE else None
    if method == ReceiptMethod.SCAN and scan is None:
        errors.add("scan", _("请上传签收单扫描件"))
    errors.raise_any()
    assert name is not None and day is not None  # noqa: S101 (raise_any refused otherwise)
    if Receipt.objects.filter(**_link(record)).exists():
        raise ValidationError({"method": _("该记录已签收")})
    with transaction.atomic():
        if method == ReceiptMethod.SIGNATURE:
            file: File = ContentFile(png or b"", name="signature.png")  # type: ignore[type-arg]
            kind = Document.SIGNATURE
        else:
            file, kind = scan, Document.SIGNED_SHEET  # type: ignore[assignment]
        try:
            attachment = attachment_upload(actor=actor, record=record, kind=kind, file=file)
        except AttachmentRefused as exc:
            field = "signature" if method == ReceiptMethod.SIGNATURE else "scan"
            raise ValidationError({field: exc.message}) from exc
        receipt = Receipt.objects.create(
            **_link(record),
            method=method,
            signed_on=day,
            signed_by=name,
            attachment=attachment,
            recorded_by_id=actor.pk,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=receipt,
            organization=attachment.organization,
            changes={"record": f"{record._meta.label}:{record.pk}", "method": method},
            message=_("签收：%(name)s") % {"name": name},
        )
    return receipt


def _link(record: AidApplication | DistributionLine) -> dict[str, Any]:
    if isinstance(record, AidApplication):
        return {"application": record}
    return {"line": record}
