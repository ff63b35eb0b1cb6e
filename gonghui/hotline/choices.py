"""Sources, statuses, categories and service-level measures of hotline tickets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    CITY = "12345", _("12345 市民热线")
    UNION = "12351", _("12351 职工热线")


class TicketStatus(models.TextChoices):
    RECEIVED = "received", _("待派单")
    DISPATCHED = "dispatched", _("已派单")
    IN_PROGRESS = "in_progress", _("办理中")
    ON_HOLD = "on_hold", _("挂起")
    RETURNED = "returned", _("已退回")
    COMPLETED = "completed", _("已办结")
    CALLED_BACK = "called_back", _("已回访")
    CLOSED = "closed", _("已关闭")


# a unit works the ticket in these states (the handler's steps, the clocks run or pause)
AT_UNIT = (TicketStatus.DISPATCHED, TicketStatus.IN_PROGRESS, TicketStatus.ON_HOLD)
OPEN = (TicketStatus.RECEIVED, TicketStatus.RETURNED, *AT_UNIT)


class Category(models.TextChoices):
    WAGES = "wages", _("劳动报酬")
    CONTRACT = "contract", _("劳动合同")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    INJURY = "injury", _("工伤")
    DISMISSAL = "dismissal", _("解除或终止劳动关系")
    HOURS = "hours", _("工时与休息休假")
    MEMBERSHIP = "membership", _("入会与会员服务")
    ASSISTANCE = "assistance", _("困难帮扶")
    LEGAL_AID = "legal_aid", _("法律援助")
    POLICY = "policy", _("政策咨询")
    OTHER = "other", _("其他")


class Measure(models.TextChoices):
    """What a service level measures; each is one clock on the ticket (``core.clocks``)."""

    CONTACT = "contact", _("首次联系")  # from dispatch to the first contact with the caller
    HANDLING = "handling", _("办理响应")  # from dispatch to completion at the unit
    COMPLETION = "completion", _("办结")  # from receipt at the hotline to completion


MEASURE_ORDER = (Measure.CONTACT, Measure.HANDLING, Measure.COMPLETION)
# the clocks that belong to the unit the ticket is dispatched to: restarted on each dispatch
UNIT_CLOCKS = (Measure.CONTACT, Measure.HANDLING)
