"""What a member sees of the campaigns: those of the nodes above their union (the owner
rule of ``Campaign``), what is left of each item, and their own vouchers with QR codes."""

import io

import segno
from django.db.models import QuerySet

from gonghui.benefits.choices import CampaignStatus
from gonghui.benefits.models import Campaign, Voucher
from gonghui.core.scoping import Visitor

CAMPAIGN_MODEL = Campaign
VOUCHER_MODEL = Voucher


def campaigns_for_member(member: Visitor) -> QuerySet[Campaign]:
    return (
        Campaign.objects.for_owner(member)
        .filter(status=CampaignStatus.PUBLISHED)
        .select_related("organization")
        .order_by("closes_at", "pk")
    )


def vouchers_of_member(member: Visitor) -> QuerySet[Voucher]:
    return Voucher.objects.for_owner(member).select_related("item__supplier", "campaign")


def voucher_qr(code: str) -> segno.QRCode:
    """The QR code of a voucher's code: a full QR code (``segno.make`` would choose a
    Micro QR code for a code this short, which the scanners of phones do not read)."""
    return segno.make_qr(code, error="m")


def qr_svg(voucher: Voucher) -> str:
    """The voucher's code as a QR code (SVG, inline in the page), what the supplier scans,
    with the quiet zone of four modules the standard asks for."""
    out = io.BytesIO()
    voucher_qr(voucher.code).save(
        out, kind="svg", scale=6, border=4, xmldecl=False, svgns=True, omitsize=True
    )
    return out.getvalue().decode()
