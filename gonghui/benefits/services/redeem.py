"""Redeeming a voucher, exactly once: by the account of the supplier of its item (a
cinema's cashier scanning the member's QR code), or, for an item without a supplier, by
the staff of the member's union or above. The voucher's row is locked while it is
checked and marked, so two scans of one code at the same instant redeem it once."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import BENEFITS_REDEEM
from gonghui.benefits.choices import CODE_ALPHABET, CODE_LENGTH, VoucherStatus
from gonghui.benefits.models import Voucher
from gonghui.benefits.services.refusals import refuse
from gonghui.core import audit
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor

# what people mistype for the letters Crockford's base 32 leaves out
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def normalize_code(value: Any) -> str:
    """A typed or scanned code as stored: upper case, without spaces and dashes."""
    text = "".join(str(value or "").split()).replace("-", "").upper().translate(_READ_AS)
    if len(text) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in text):
        return ""
    return text


def _stamp(when: Any) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")


def voucher_find(*, actor: Actor, code: Any) -> Voucher:
    """The voucher of ``code`` among those the actor may redeem (unknown otherwise)."""
    text = normalize_code(code)
    voucher = (
        Voucher.objects.for_actor(actor, BENEFITS_REDEEM)
        .select_related("item__supplier", "campaign", "person", "union")
        .filter(code=text)
        .first()
        if text
        else None
    )
    if voucher is None:
        raise refuse("unknown_code", "code")
    return voucher


def _check(actor: Actor, voucher: Voucher) -> None:
    supplier = voucher.item.supplier
    if supplier is not None and not supplier.accounts.filter(pk=actor.pk).exists():
        raise refuse("supplier_redeems", "code", supplier=supplier.name)
    if supplier is not None and not supplier.active:
        raise refuse("supplier_inactive", "code", supplier=supplier.name)
    if voucher.status == VoucherStatus.REDEEMED:
        raise refuse("already_redeemed", "code", when=_stamp(voucher.redeemed_at))
    if voucher.status == VoucherStatus.VOID:
        raise refuse("void", "code")
    if voucher.status == VoucherStatus.EXPIRED or timezone.now() >= voucher.campaign.ends_at:
        raise refuse("expired", "code", when=_stamp(voucher.campaign.ends_at))


@transaction.atomic
def voucher_redeem(*, actor: Actor, code: Any) -> Voucher:
    """Mark the voucher of ``code`` redeemed by ``actor``; refused (its own code, nothing
    written) for a code unknown or foreign to the actor, used, void or expired."""
    found = voucher_find(actor=actor, code=code)
    voucher = (
        Voucher.objects.select_for_update(of=("self",))
        .select_related("item__supplier", "campaign", "person", "union")
        .get(pk=found.pk)
    )
    _check(actor, voucher)
    voucher.status = VoucherStatus.REDEEMED
    voucher.redeemed_at = timezone.now()
    voucher.redeemed_by_id = actor.pk
    voucher.save(update_fields=["status", "redeemed_at", "redeemed_by"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=voucher,
        organization=voucher.union,
        changes={"status": [VoucherStatus.ISSUED, VoucherStatus.REDEEMED]},
        message=_("核销：%(item)s") % {"item": voucher.item.name},
    )
    return voucher
