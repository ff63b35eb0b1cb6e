"""The columns of the ticket list's export (``core.exports``): the filtered list as a
workbook. The caller's phone is masked unless the user may see the personal data of the
ticket's unit (an unmasked export is audited by the kit)."""

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from gonghui.core.exports import Column, Export


def local(moment: datetime | None) -> Any:
    """A time as the district reads it, without its zone (a workbook cell has none)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


TICKETS = Export(
    what=gettext_lazy("热线工单"),
    purpose=gettext_lazy("导出热线工单"),
    organization=lambda ticket: ticket.organization,
    columns=(
        Column(gettext_lazy("来源"), lambda t: t.source),
        Column(gettext_lazy("工单编号"), lambda t: t.number),
        Column(pgettext_lazy("ticket", "受理时间"), lambda t: local(t.received_at)),
        Column(gettext_lazy("来电人"), lambda t: t.caller_name),
        Column(gettext_lazy("来电号码"), lambda t: t.caller_phone, personal="phone"),
        Column(gettext_lazy("诉求类别"), lambda t: t.get_category_display()),
        Column(gettext_lazy("诉求内容"), lambda t: t.request),
        Column(gettext_lazy("承办单位"), lambda t: t.organization.name),
        Column(gettext_lazy("状态"), lambda t: t.get_status_display()),
        Column(gettext_lazy("退回次数"), lambda t: t.returns),
        Column(gettext_lazy("办结时间"), lambda t: local(t.completed_at)),
        Column(gettext_lazy("答复内容"), lambda t: t.answer),
        Column(gettext_lazy("超时"), lambda t: "是" if getattr(t, "overdue", False) else ""),
    ),
)
