"""Forms of the campaign pages, and ``ReceiptForm``: the receipt part of a form (a drawn
signature or a scan of the signed sheet), shown by ``assistance/_receipt_form.html`` and
shared with the payment of aid. Amounts are text fields: the services check them
(``core.rules.money``) and say in Chinese what is wrong with which."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import (
    CampaignScope,
    CampaignStatus,
    LineStatus,
    Occasion,
    ReceiptMethod,
    Tier,
)
from gonghui.core.forms import DateField, ScopedModelChoiceField, ScopedModelMultipleChoiceField

ALL = [("", _("全部"))]
NONE = [("", _("请选择"))]


def _money(label: Any, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
    field.queryset = queryset


class CampaignFilterForm(forms.Form):
    """The list's filters, always bound; invalid filters are ignored."""

    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    occasion = forms.ChoiceField(
        label=_("慰问类别"), choices=ALL + Occasion.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=ALL + CampaignStatus.choices, required=False
    )

    def __init__(self, data: QueryDict) -> None:
        super().__init__(data)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


class LineFilterForm(CampaignFilterForm):
    year = None  # type: ignore[assignment]
    occasion = None  # type: ignore[assignment]
    status = forms.ChoiceField(label=_("状态"), choices=ALL + LineStatus.choices, required=False)


class CampaignForm(forms.Form):
    organization = ScopedModelChoiceField(label=_("组织单位"), queryset=None)
    name = forms.CharField(label=_("活动名称"), max_length=120)
    occasion = forms.ChoiceField(label=_("慰问类别"), choices=NONE + Occasion.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    starts_on = DateField(label=_("开始日期"))
    ends_on = DateField(label=_("结束日期"))
    fund = ScopedModelChoiceField(label=_("支出科目"), queryset=None)
    budget = _money(_("预算（元）"), required=True)
    cash_per_head = _money(_("每人慰问金（元）"), initial="0")
    goods = forms.CharField(label=_("慰问品"), max_length=200, required=False)
    goods_value_per_head = _money(_("每份慰问品价值（元）"), initial="0")
    scope = forms.ChoiceField(
        label=_("慰问范围"), choices=CampaignScope.choices, widget=forms.RadioSelect
    )
    units = ScopedModelMultipleChoiceField(
        label=_("慰问单位"),
        queryset=None,
        required=False,
        help_text=_("按单位慰问时选择；名单为所选单位及其下属工会的在会会员"),
    )
    tier = forms.ChoiceField(
        label=_("困难类别"),
        choices=NONE + Tier.choices,
        required=False,
        help_text=_("按困难职工档案慰问时选择；名单为该类别在档的困难职工"),
    )

    def __init__(self, *args: Any, nodes: Any, funds: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organization", nodes)
        _set_queryset(self, "fund", funds)
        _set_queryset(self, "units", units)
        self.fields["year"].initial = timezone.localdate().year


class SiteForm(forms.Form):
    name = forms.CharField(label=_("站点名称"), max_length=120)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    workers = forms.IntegerField(label=_("职工人数"), min_value=1, max_value=10_000_000)


class BuildForm(forms.Form):
    by_head_count = forms.BooleanField(
        label=_("按单位人数生成（每个单位一行）"),
        required=False,
        help_text=_("不勾选时，每名在会会员一行"),
    )


class LineForm(forms.Form):
    name = forms.CharField(label=_("领取人/对象"), max_length=120)
    unit = ScopedModelChoiceField(label=_("单位"), queryset=None, required=False)
    site = ScopedModelChoiceField(label=_("站点"), queryset=None, required=False)
    people = forms.IntegerField(label=_("人数"), min_value=1, initial=1, max_value=10_000_000)
    person_times = forms.IntegerField(
        label=_("人次"), min_value=1, required=False, max_value=100_000_000
    )
    sets = forms.IntegerField(
        label=_("慰问品份数"), min_value=0, required=False, max_value=100_000_000
    )
    cash = _money(_("慰问金（元）"), help_text=_("不填时按每人标准计算"))
    goods_value = _money(_("慰问品价值（元）"), help_text=_("不填时按每份价值计算"))

    def __init__(self, *args: Any, units: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "unit", units)
        _set_queryset(self, "site", sites)
        if not sites.exists():
            del self.fields["site"]


class ReceiptForm(forms.Form):
    """The worker's receipt: who signed and when, and either the signature drawn on the
    pad (``static/js/signature.js`` writes a PNG data URL into ``signature``) or a scan of
    the signed sheet. The service (``receipts.receipt_record``) refuses a receipt with
    neither, naming the field."""

    method = forms.ChoiceField(
        label=_("签收方式"),
        choices=ReceiptMethod.choices,
        initial=ReceiptMethod.SIGNATURE,
        widget=forms.RadioSelect,
    )
    signed_by = forms.CharField(label=_("签收人"), max_length=50)
    signed_on = DateField(label=_("签收日期"))
    signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=3_000_000)
    scan = forms.FileField(label=_("签收单扫描件"), required=False)

    receipt_fields = ("method", "signed_by", "signed_on", "signature", "scan")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()

    def receipt(self) -> dict[str, Any]:
        """The cleaned receipt fields, as ``receipt_record`` takes them."""
        data = self.cleaned_data
        return {
            "method": data.get("method", ""),
            "signed_by": data.get("signed_by", ""),
            "signature": data.get("signature") or None,
            "scan": data.get("scan"),
        }


class DistributeForm(ReceiptForm):
    """Handing a line out: the receipt (its date is the day of distribution), and the
    person-times and sets actually reached (a group line's season of summer drinks)."""

    person_times = forms.IntegerField(label=_("人次"), min_value=1, max_value=100_000_000)
    sets = forms.IntegerField(label=_("慰问品份数"), min_value=0, max_value=100_000_000)

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person_times"].initial = line.person_times
        self.fields["sets"].initial = line.sets
        self.fields["signed_on"].label = _("发放（签收）日期")
        if line.person_id is not None:
            self.fields["signed_by"].initial = line.name
        else:
            self.fields["signed_by"].help_text = _(
                "整体发放的，由站点或单位的联系人签收，或上传签收单扫描件"
            )
