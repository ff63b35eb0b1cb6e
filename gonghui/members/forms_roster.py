"""Forms of the roster pages: the upload and the list's union filter."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import MEMBERS_IMPORT
from gonghui.core.forms import DateField
from gonghui.core.uploads import MB
from gonghui.members.models import RosterImport
from gonghui.members.roster.columns import MAX_ROWS
from gonghui.members.roster.reading import LIMITS
from gonghui.organizations.forms import NodeChoiceField
from gonghui.organizations.models import Organization, OrganizationQuerySet

MAX_UPLOAD_MB = LIMITS.file_bytes // MB  # the reader's own limit, said before the upload


class RosterImportForm(forms.Form):
    union = NodeChoiceField(
        label=_("导入到工会"),
        kind="union",
        action=MEMBERS_IMPORT,
        queryset=Organization.objects.none(),
        empty_label=_("请选择工会"),
    )
    file = forms.FileField(
        label=_("名册文件"),
        error_messages={
            "required": _("请选择名册文件"),
            "empty": _("文件是空的，请选择填写好的名册文件"),
        },
    )
    dry_run = forms.BooleanField(
        label=_("只检查，不导入"),
        required=False,
        widget=forms.CheckboxInput(attrs={"style": "width: auto"}),
        help_text=_("检查每一行并生成错误报告，不写入任何数据"),
    )
    update_existing = forms.BooleanField(
        label=_("更新已登记人员"),
        required=False,
        widget=forms.CheckboxInput(attrs={"style": "width: auto"}),
        help_text=_(
            "已是本工会会员或已登记的人员，用文件中的姓名、手机号和单位更新其信息，而不是报错"
        ),
    )

    def __init__(self, *args: Any, unions: OrganizationQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions  # type: ignore[attr-defined]
        # formatted per request, in the language of the request
        self.fields["file"].help_text = _(
            "Excel（.xlsx）或 CSV 文件，表头与模板一致，最多 %(max)s 行"
        ) % {"max": f"{MAX_ROWS:,}"}
        only = list(unions[:2])
        if len(only) == 1:  # staff of one union: no choice to make
            self.fields["union"].initial = only[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("文件超过 %(max)s MB，请拆分后分批导入") % {"max": MAX_UPLOAD_MB}
            )
        return upload


class RosterFilterForm(forms.Form):
    union = NodeChoiceField(
        label=_("工会"),
        kind="union",
        action=MEMBERS_IMPORT,
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("全部"),
    )

    status = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部")), *RosterImport.Status.choices],
        required=False,
    )
    since = DateField(label=_("上传日期自"), required=False)

    def __init__(self, data: Any = None, *, unions: OrganizationQuerySet) -> None:
        super().__init__(data)
        self.fields["union"].queryset = unions  # type: ignore[attr-defined]

    def chosen_union(self) -> Organization | None:
        """The chosen union (among those in scope), or None."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get("union")  # type: ignore[no-any-return]

    def filters(self) -> dict[str, Any]:
        """The valid filters, for ``roster_imports`` (an invalid one is ignored)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
