"""Reads of the member's legal-aid pages: where an online application goes, the status
of a case in plain words, and the reason the worker was given."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.legalaid.choices import Status
from gonghui.legalaid.models import LegalAidCase
from gonghui.organizations.models import Organization
from gonghui.portal.selectors import membership_current

CASE_MODEL = LegalAidCase

STATUS_EXPLAINED = {
    Status.RECEIVED: _("申请已收到，工会将在 7 个工作日内决定是否给予援助。"),
    Status.WAITING: _("请按要求补充材料；补充材料期间审查期限暂停计算。"),
    Status.ACCEPTED: _("已决定给予法律援助，正在为您指派律师。"),
    Status.ACTING: _("律师正在为您办理，办理进展会在这里更新。"),
    Status.CLOSED: _("案件已办结。欢迎您评价本次服务。"),
    Status.REFUSED: _("您的申请未获批准，理由见下方。如有疑问可拨打 12351 职工服务热线。"),
    Status.WITHDRAWN: _("申请已撤回。"),
}


def receiving_node(person: Any) -> Organization | None:
    """Where an online application goes: the service station of the member's union, or
    the federation when the union has none (or the worker is not a member)."""
    membership = membership_current(person)
    if membership is not None:
        union = membership.union
        if union.station_id is not None:
            return union.station
    return Organization.objects.filter(parent__isnull=True).order_by("path").first()


def cases_of(user: Any) -> Any:
    return (
        LegalAidCase.objects.for_owner(user)
        .select_related("lawyer")
        .order_by("-received_on", "-pk")
    )


def attachments_of(case: LegalAidCase) -> list[Any]:
    from gonghui.core.attachments.models import Attachment

    return list(Attachment.objects.of(case).order_by("created_at", "pk"))
