"""The member export's columns (``core.exports``): a union's memberships, any status. ID
numbers and phones are masked and the birth date is the age band unless the actor may
see the union's personal data; an ended membership of a former union shows no phone or
employer (``Membership.shows_whereabouts``)."""

from typing import Any

from django.utils.translation import gettext_lazy

from gonghui.core.exports import Column, Export
from gonghui.members.models import Membership, Person


def _employer_name(membership: Membership) -> str:
    if not membership.shows_whereabouts:
        return ""
    person = membership.person
    return person.employer.name if person.employer else person.employer_name


def _disclosed(membership: Membership) -> Membership:
    """What the audit names for a row shown unmasked, without holding the row."""
    return Membership(
        pk=membership.pk,
        number=membership.number,
        union_id=membership.union_id,
        person=Person(name=membership.person.name),
    )


MEMBERS = Export(
    what=gettext_lazy("会员名册"),
    purpose=gettext_lazy("导出会员名册"),
    organization=lambda membership: membership.union,
    disclosed=_disclosed,
    columns=(
        Column(gettext_lazy("会员编号"), lambda m: m.number),
        Column(gettext_lazy("姓名"), lambda m: m.person.name),
        Column(gettext_lazy("身份证号"), lambda m: m.person.id_number, personal="id_number"),
        Column(
            gettext_lazy("手机号"),
            lambda m: m.person.phone if m.shows_whereabouts else "",
            personal="phone",
        ),
        Column(gettext_lazy("性别"), lambda m: m.person.get_sex_display()),
        Column(
            gettext_lazy("出生日期"),
            lambda m: m.person.birth_date,
            personal="birth",
            audited="birth_date",
        ),
        Column(gettext_lazy("工作单位"), _employer_name),
        Column(gettext_lazy("用工形式"), lambda m: m.person.get_employment_kind_display()),
        Column(gettext_lazy("平台类别"), lambda m: m.person.get_platform_display()),
        Column(gettext_lazy("入会日期"), lambda m: m.started_on),
        Column(gettext_lazy("会籍状态"), lambda m: m.get_status_display()),
    ),
)


def _union_name(row: Any) -> str:
    return str(row.union.name) if row.union_id else ""


MEMBER_LIST = Export(
    what=gettext_lazy("会员列表"),
    purpose=gettext_lazy("导出会员列表"),
    organization=lambda membership: membership.union,
    disclosed=_disclosed,
    columns=(
        *MEMBERS.columns[:2],
        Column(gettext_lazy("工会"), _union_name),
        *MEMBERS.columns[2:],
    ),
)


APPLICATIONS = Export(
    what=gettext_lazy("入会申请"),
    purpose=gettext_lazy("导出入会申请"),
    organization=lambda application: application.union,
    columns=(
        Column(gettext_lazy("申请编号"), lambda a: a.number),
        Column(gettext_lazy("姓名"), lambda a: a.name),
        Column(gettext_lazy("身份证号"), lambda a: a.id_number, personal="id_number"),
        Column(gettext_lazy("手机号"), lambda a: a.phone, personal="phone"),
        Column(gettext_lazy("用工形式"), lambda a: a.get_employment_kind_display()),
        Column(
            gettext_lazy("工作单位"),
            lambda a: a.employer.name if a.employer_id else a.employer_name,
        ),
        Column(gettext_lazy("申请的工会"), _union_name),
        Column(gettext_lazy("状态"), lambda a: a.get_status_display()),
        Column(gettext_lazy("提交时间"), lambda a: a.created_at),
    ),
)
