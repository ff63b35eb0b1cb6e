"""Every refusal of a claim, a redemption or an order: a message for people, and a code of
its own for programs (the API's ``code``), raised as a ``ValidationError`` on the field it
is about, so that nothing is written."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    # claims
    "not_open": _("该活动尚未开始领取"),
    "closed": _("该活动已截止领取"),
    "not_member": _("您还不是在会会员，不能领取"),
    "not_in_scope": _("您所在工会不在该活动范围内"),
    "not_eligible": _("该活动仅限特定会员领取，您不在领取范围内"),
    "unknown_item": _("该活动没有这个物品"),
    "sold_out": _("已领完"),
    "key_reused": _("该请求编号已用于另一次领取，请刷新页面后重新领取"),
    "limit_reached": _("您已领取过（每人限领 %(limit)s 份）"),
    # redemptions
    "unknown_code": _("券码无效，或不属于您可以核销的活动"),
    "already_redeemed": _("该券已于 %(when)s 核销，不能重复使用"),
    "expired": _("该券已过期（有效期至 %(when)s）"),
    "void": _("该券已作废"),
    "supplier_redeems": _("该券由供应商“%(supplier)s”核销"),
    "supplier_inactive": _("供应商“%(supplier)s”已停止合作，不能核销"),
    # group-purchase orders
    "offer_not_open": _("该团购尚未开始接受订购"),
    "offer_closed": _("该团购已截止订购"),
    "offer_not_recorded": _("只有补录的往期团购可以补录订单"),
    "not_member_firm": _("该单位不是本工会的会员单位"),
    "over_firm_limit": _("超过每家单位限购数量（%(limit)s），该单位已订 %(ordered)s"),
    "over_stock": _("库存不足：剩余 %(remaining)s"),
    "already_ordered": _("该单位已订购本团购，请修改原订单"),
}


class Refusal(ValidationError):
    """A refusal that can be told again: its code, field and values are kept."""

    def __init__(self, code: str, field: str, values: dict[str, Any]) -> None:
        message = MESSAGES[code] % values if values else MESSAGES[code]
        super().__init__({field: ValidationError(message, code=code)})
        self.refusal = (code, field, values)
        self.refusal_code = code  # the API's ``code`` (api.errors)


def refuse(code: str, field: str = "__all__", **values: Any) -> Refusal:
    """The refusal ``code`` on ``field`` (its message filled with ``values``)."""
    return Refusal(code, field, {key: str(value) for key, value in values.items()})
