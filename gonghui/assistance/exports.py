"""The exports of aid (``core.exports``): the filtered list, and the bank's payment list
whose ID and account numbers are masked unless the user may see personal data."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.exports import Column, Export

MONEY_FORMAT = "#,##0.00"

AID = Export(
    what=_("帮扶申请"),
    columns=(
        Column(_("申请编号"), lambda a: a.number),
        Column(_("职工"), lambda a: a.person.name),
        Column(_("身份证号"), lambda a: a.person.id_number, personal="id_number"),
        Column(_("所在工会"), lambda a: a.organization.name),
        Column(_("帮扶项目"), lambda a: a.kind.name),
        Column(_("批次"), lambda a: a.round.name if a.round else ""),
        Column(_("致困原因"), lambda a: a.get_cause_display()),
        Column(_("申请日期"), lambda a: a.applied_on),
        Column(_("申请金额（元）"), lambda a: a.amount_requested, number_format=MONEY_FORMAT),
        Column(_("核定金额（元）"), lambda a: a.amount, number_format=MONEY_FORMAT),
        Column(_("状态"), lambda a: a.get_status_display()),
        Column(_("发放日期"), lambda a: a.paid_on),
    ),
    organization=lambda a: a.organization,
)

PAYMENTS = Export(
    what=_("帮扶资金发放清单"),
    columns=(
        Column(_("申请编号"), lambda a: a.number),
        Column(_("姓名"), lambda a: a.person.name),
        Column(_("身份证号"), lambda a: a.person.id_number, personal="id_number"),
        Column(_("开户银行"), lambda a: a.bank_name),
        Column(_("银行账号"), lambda a: a.bank_account, personal="account", audited="bank_account"),
        Column(_("金额（元）"), lambda a: a.granted, number_format=MONEY_FORMAT),
        Column(_("帮扶项目"), lambda a: a.kind.name),
        Column(_("所在工会"), lambda a: a.organization.name),
    ),
    organization=lambda a: a.organization,
    purpose=_("导出帮扶资金发放清单"),
)
