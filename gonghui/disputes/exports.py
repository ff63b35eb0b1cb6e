"""The columns of the disputes lists' exports (``core.exports``): the filtered case list
and consultation list. A consultation's phone is masked unless the user may see the
personal data of the node that took it."""

from django.utils.translation import gettext_lazy

from gonghui.core.exports import Column, Export

CASES = Export(
    what=gettext_lazy("调解案件"),
    organization=lambda case: case.committee.organization,
    columns=(
        Column(gettext_lazy("案件编号"), lambda c: c.number),
        Column(gettext_lazy("调解委员会"), lambda c: c.committee.name),
        Column(gettext_lazy("被申请单位"), lambda c: c.employer_name),
        Column(gettext_lazy("申请人数"), lambda c: c.applicant_count),
        Column(gettext_lazy("请求金额（元）"), lambda c: c.claimed, number_format="#,##0.00"),
        Column(gettext_lazy("状态"), lambda c: c.get_status_display()),
        Column(gettext_lazy("申请日期"), lambda c: c.applied_on),
        Column(gettext_lazy("受理日期"), lambda c: c.accepted_on),
        Column(gettext_lazy("调解期限"), lambda c: c.extended_to or c.deadline),
        Column(gettext_lazy("结果"), lambda c: c.get_outcome_display()),
        Column(gettext_lazy("结案日期"), lambda c: c.closed_on),
    ),
)

CONSULTATIONS = Export(
    what=gettext_lazy("咨询登记"),
    purpose=gettext_lazy("导出咨询登记"),
    organization=lambda consultation: consultation.organization,
    columns=(
        Column(gettext_lazy("咨询日期"), lambda c: c.held_on),
        Column(gettext_lazy("受理单位"), lambda c: c.organization.name),
        Column(gettext_lazy("咨询方式"), lambda c: c.get_channel_display()),
        Column(gettext_lazy("咨询事项"), lambda c: c.get_topic_display()),
        Column(gettext_lazy("人次"), lambda c: c.people),
        Column(gettext_lazy("职工姓名"), lambda c: c.worker_name),
        Column(gettext_lazy("联系电话"), lambda c: c.phone, personal="phone"),
        Column(gettext_lazy("用人单位"), lambda c: c.employer_name),
        Column(gettext_lazy("处理结果"), lambda c: c.get_outcome_display()),
    ),
)
