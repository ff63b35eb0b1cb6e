"""The input forms of the ticket's workflow steps. They only parse; the step's apply
(``hotline.services.tickets``) says what is wrong, on the field it names, in Chinese."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.accounts.roles import HOTLINE_DISPATCH
from gonghui.core.forms import ScopedModelChoiceField
from gonghui.disputes.choices import Topic
from gonghui.disputes.models import MediationCommittee
from gonghui.hotline.models import ReturnReason
from gonghui.organizations.forms import NodeChoiceField
from gonghui.organizations.models import Organization


def text(label: Any, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class DispatchForm(forms.Form):
    # the service checks that the unit lies in the dispatcher's scope
    unit = NodeChoiceField(
        label=_("承办单位"),
        queryset=Organization.objects.all(),
        required=False,
        action=HOTLINE_DISPATCH,
    )

    def __init__(self, *args: Any, nodes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if nodes is not None:  # the page: the dispatcher's nodes (a re-shown form names
            field = self.fields["unit"]  # only what they may see)
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = nodes


class AssignForm(forms.Form):
    handler = ScopedModelChoiceField(
        label=_("承办人"), queryset=User.objects.filter(is_active=True), required=False
    )

    def __init__(self, *args: Any, handlers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if handlers is not None:
            field = self.fields["handler"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = handlers


class ContactForm(forms.Form):
    note = text(_("联系情况"), help_text=_("何时以何种方式联系来电人，了解到的情况"))


class HoldForm(forms.Form):
    reason = text(_("挂起原因"), rows=2)


class ConfirmForm(forms.Form):
    """A step with nothing to fill in: the page asks to confirm."""


class CompleteForm(forms.Form):
    answer = text(_("答复内容"), rows=4, help_text=_("向来电人答复的办理结果"))


YES_NO = (("", _("请选择")), ("yes", _("是")), ("no", _("否")))


def _yes_no(label: Any, missing: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        error_messages={"required": missing, "invalid_choice": missing},
    )


class CallbackForm(forms.Form):
    contacted = _yes_no(_("是否联系来电人"), _("请选择是否联系来电人"))
    solved = _yes_no(_("问题是否解决"), _("请选择问题是否解决"))
    satisfied = _yes_no(_("来电人是否满意"), _("请选择来电人是否满意"))
    note = text(_("回访情况"), rows=2)


class CloseForm(forms.Form):
    note = text(_("说明"), rows=2)


class ReturnForm(forms.Form):
    reason = ScopedModelChoiceField(
        label=_("退回理由"), queryset=ReturnReason.objects.filter(active=True), required=False
    )
    note = text(_("说明"), rows=2)


class ConsultationForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("咨询事项"),
        choices=Topic.choices,
        error_messages={"required": _("请选择咨询事项"), "invalid_choice": _("请选择咨询事项")},
    )


class MediationForm(forms.Form):
    committee = ScopedModelChoiceField(
        label=_("调解委员会"),
        queryset=MediationCommittee.objects.filter(active=True),
        required=False,
    )
    employer_name = forms.CharField(label=_("被申请单位"), required=False, max_length=120)
    facts = text(_("事实与理由"), help_text=_("不填写即用诉求内容"))

    def __init__(self, *args: Any, committees: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if committees is not None:  # the page: the committees of the ticket's unit and above
            field = self.fields["committee"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = committees
