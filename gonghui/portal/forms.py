"""Forms of the member pages. They only parse what was typed; the rules are the services'
(``members.services``), whose errors the views put back on the fields named here, so every
message names the field in Chinese and nothing typed is lost."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.members.choices import EmploymentKind, Platform
from gonghui.portal import selectors


def _text(label: Any, max_length: int, **attrs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs=attrs),
    )


def phone_field() -> forms.CharField:
    return _text(
        _("手机号"),
        32,
        type="tel",
        inputmode="tel",
        autocomplete="tel",
        placeholder=_("11位手机号码"),
    )


class CodeSignInForm(forms.Form):
    phone = phone_field()
    code = _text(
        _("验证码"),
        12,
        inputmode="numeric",
        autocomplete="one-time-code",
        placeholder=_("短信中的6位数字"),
    )


class PasswordSignInForm(forms.Form):
    phone = phone_field()
    password = forms.CharField(
        label=_("密码"),
        max_length=128,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class JoinForm(forms.Form):
    name = _text(_("姓名"), 50, autocomplete="name")
    id_number = _text(
        _("身份证号"), 24, autocomplete="off", autocapitalize="characters", spellcheck="false"
    )
    phone = phone_field()
    employment_kind = forms.ChoiceField(
        label=_("用工形式"),
        choices=EmploymentKind.choices,
        initial=EmploymentKind.EMPLOYEE,
        required=False,
        widget=forms.RadioSelect,
    )
    employer = _text(
        _("工作单位"),
        120,
        list="employer-options",
        autocomplete="off",
        placeholder=_("输入单位名称或统一社会信用代码"),
    )
    platform = forms.ChoiceField(
        label=_("平台类别"),
        choices=[("", _("请选择"))] + list(Platform.choices),
        required=False,
    )
    area = AreaChoiceField(
        label=_("所在区域（服务站）"),
        queryset=selectors.areas(),
        required=False,
        empty_label=_("请选择"),
        help_text=_("没有固定单位，或在列表中找不到您的单位时，请选择您工作所在的区域"),
    )
    consent = forms.BooleanField(label=_("我已阅读并同意个人信息处理说明"), required=False)

    def clean_employment_kind(self) -> str:
        return self.cleaned_data.get("employment_kind") or EmploymentKind.EMPLOYEE

    def clean_employer(self) -> str:
        return " ".join(str(self.cleaned_data.get("employer") or "").split())


class ResubmitForm(forms.Form):
    name = _text(_("姓名"), 50, autocomplete="name")
    phone = phone_field()
    employer_name = _text(_("工作单位名称"), 120)
    note = forms.CharField(
        label=_("补充说明"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("新密码"),
        max_length=128,
        required=False,
        strip=False,
        help_text=_("至少10位，不要只用数字，不要与手机号相近"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("再次输入新密码"),
        max_length=128,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") != data.get("password_again"):
            raise ValidationError({"password_again": _("两次输入的密码不一致")})
        return data
