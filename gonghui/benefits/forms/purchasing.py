"""Forms of group purchasing: they parse; ``services.purchasing`` decides. The forms of
the workflow steps are the steps' inputs (``workflows_purchasing.py``): their fields are
the keyword arguments of the steps' apply functions, on the page and in the API alike."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_MANAGE, BENEFITS_ORDER
from gonghui.benefits.models.purchasing import OfferStatus, Unit
from gonghui.core.forms import DateField, ScopedModelChoiceField, TypeaheadSelect, datetime_field

ALL = [("", _("全部"))]
# a union's staff choose among their few firms in a list; more than this, by a search
SELECT_MAX = 50


class OfferForm(forms.Form):
    """A new offer or a draft's changes (``organization`` only when creating)."""

    organization = ScopedModelChoiceField(label=_("发起单位"), queryset=None)
    product = forms.CharField(label=_("产品名称"), max_length=100)
    supplier = ScopedModelChoiceField(label=_("供应商"), queryset=None)
    unit = forms.ChoiceField(label=_("单位"), choices=[("", _("请选择")), *Unit.choices])
    unit_price = forms.DecimalField(
        label=_("单价（元）"), min_value=0, max_digits=10, decimal_places=2
    )
    quantity = forms.IntegerField(label=_("可供数量"), min_value=1, max_value=1_000_000)
    per_firm_limit = forms.IntegerField(label=_("每家单位限购"), min_value=1, max_value=1_000_000)
    opens_at = datetime_field(_("开始订购时间"))
    closes_at = datetime_field(_("截止订购时间"))
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("质量标准、送货方式、付款方式等"),
    )

    def __init__(self, *args: Any, nodes: Any = None, suppliers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("supplier", suppliers)
        if nodes is None:
            del self.fields["organization"]
        else:
            self._choices("organization", nodes)

    def _choices(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class OfferFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("编号或产品名称")}),
    )
    status = forms.ChoiceField(label=_("状态"), choices=ALL + OfferStatus.choices, required=False)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class OrderForm(forms.Form):
    """A firm's order: the firm among those the user orders for, and the quantity."""

    typeahead_action = BENEFITS_ORDER  # whose firms the typeahead offers, past SELECT_MAX
    entity = ScopedModelChoiceField(label=_("订购单位"), queryset=None)
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=1_000_000)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(self, *args: Any, firms: Any, limit: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = firms
        if firms.count() > SELECT_MAX:
            field.widget = TypeaheadSelect(kind="entity", action=self.typeahead_action)
        if limit is not None:
            self.fields["quantity"].help_text = _("每家单位限购 %(limit)s") % {"limit": limit}


class OrderRecordForm(OrderForm):
    """An order of the past recorded from paper: the firm, the quantity and its days (the
    later days only as far as the order went)."""

    typeahead_action = BENEFITS_MANAGE
    ordered_on = DateField(label=_("下单日期"))
    confirmed_on = DateField(label=_("确认日期"), required=False)
    delivered_on = DateField(label=_("送货日期"), required=False)
    paid_on = DateField(label=_("付款日期"), required=False)
    payment_reference = forms.CharField(
        label=_("付款凭证号"), required=False, max_length=60, help_text=_("已付款时填写")
    )
    field_order = [
        "entity",
        "quantity",
        "ordered_on",
        "confirmed_on",
        "delivered_on",
        "paid_on",
        "payment_reference",
        "note",
    ]


# --- the steps' inputs -----------------------------------------------------------------------


class OrderChangeForm(forms.Form):
    quantity = forms.IntegerField(label=_("新的数量"), min_value=1, max_value=1_000_000)


class OrderCancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), required=False, max_length=200)


class OfferCancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)


class DeliverForm(forms.Form):
    delivered_on = DateField(label=_("送货日期"), initial=timezone.localdate)


class PayForm(forms.Form):
    paid_on = DateField(label=_("付款日期"), initial=timezone.localdate)
    payment_reference = forms.CharField(
        label=_("付款凭证号"), max_length=60, help_text=_("转账流水号或收据号")
    )
