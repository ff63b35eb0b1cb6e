"""The form that records a past campaign from a workbook (``views.history``): the
campaign, its one item and an .xlsx of its coupons, one row each: 身份证号, 领取日期,
核销日期 (blank: never redeemed). The file is checked (``core.uploads``) and read here;
the rows go to ``services.history.campaign_record_past``, which checks them."""

import io
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from python_calamine import CalamineWorkbook

from gonghui.benefits.choices import PER_MEMBER_LIMIT_MAX, ItemKind
from gonghui.benefits.services.history import PastClaim
from gonghui.core import uploads
from gonghui.core.forms import DateField, ScopedModelChoiceField

MAX_ROWS = 50_000
LIMITS = uploads.Limits(rows=MAX_ROWS + 1, columns=10, file_bytes=20 * uploads.MB)
HEADERS = ("身份证号", "领取日期", "核销日期")


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip().replace("/", "-"))


def read_claims(content: bytes, item: str) -> list[PastClaim]:
    """The rows of the workbook's first sheet below its header, or every bad row."""
    try:
        uploads.check_spreadsheet(io.BytesIO(content), LIMITS)
        rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        grid = rows.to_python(skip_empty_area=False)
    except uploads.UploadRefused as exc:
        raise ValidationError(exc.message) from exc
    except Exception as exc:  # noqa: BLE001 - whatever calamine cannot read is no workbook
        raise ValidationError(_("文件不是有效的 Excel 表格，请上传 .xlsx 文件")) from exc
    if not grid or [str(c).strip() for c in grid[0][:3]] != list(HEADERS):
        raise ValidationError(_("第一行应为表头：%(h)s") % {"h": "、".join(HEADERS)})
    claims, errors = [], []
    for number, row in enumerate(grid[1:], start=2):
        cells = [*row, "", "", ""][:3]
        if all(c in (None, "") for c in cells):
            continue
        try:
            claimed = _day(cells[1])
            redeemed = _day(cells[2])
        except ValueError:
            errors.append(_("第 %(row)s 行：日期无法识别") % {"row": number})
            continue
        if claimed is None:
            errors.append(_("第 %(row)s 行：请填写领取日期") % {"row": number})
            continue
        claims.append(PastClaim(str(cells[0]).strip(), item, claimed, redeemed, number))
    if errors:
        raise ValidationError(errors)
    if not claims:
        raise ValidationError(_("表格中没有领取记录"))
    return claims


class PastCampaignForm(forms.Form):
    organization = ScopedModelChoiceField(label=gettext_lazy("主办单位"), queryset=None)
    title = forms.CharField(label=gettext_lazy("活动名称"), max_length=100)
    description = forms.CharField(
        label=gettext_lazy("活动说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    opens_on = DateField(label=gettext_lazy("开始领取日期"))
    closes_on = DateField(label=gettext_lazy("截止领取日期"))
    ends_on = DateField(label=gettext_lazy("券有效期至"))
    per_member_limit = forms.IntegerField(
        label=gettext_lazy("每人限领"), min_value=1, max_value=PER_MEMBER_LIMIT_MAX, initial=1
    )
    fund = ScopedModelChoiceField(label=gettext_lazy("列支预算"), queryset=None)
    item_name = forms.CharField(label=gettext_lazy("物品名称"), max_length=60)
    item_kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=ItemKind.choices)
    unit_value = forms.DecimalField(
        label=gettext_lazy("单价/面值（元）"), min_value=0, max_digits=10, decimal_places=2
    )
    file = forms.FileField(
        label=gettext_lazy("领取记录（.xlsx）"),
        help_text=gettext_lazy("第一行为表头：身份证号、领取日期、核销日期（未核销留空）"),
    )

    def __init__(self, *args: Any, nodes: Any = None, funds: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = nodes  # type: ignore[attr-defined]
        self.fields["fund"].queryset = funds  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and data.get("item_name"):
            try:
                data["claims"] = read_claims(upload.read(), data["item_name"])
            except ValidationError as exc:
                self.add_error("file", exc)
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        item = {
            "name": data.pop("item_name"),
            "kind": data.pop("item_kind"),
            "unit_value": data.pop("unit_value"),
        }
        data.pop("file", None)
        return {**data, "items": [item]}
