"""The staff navigation: modules grouped by area of work.

The top bar lists the groups the user may use; the entries of the current group appear as
a second row (the sub-navigation) on its pages; the home page shows every group with its
entries. An entry shows when the user holds its action, a group when it has an entry.
``User.has_action`` is cached on the user, so building the navigation costs no query
beyond loading the user's assignments once per request.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.accounts.roles import (
    ASSISTANCE_MANAGE,
    ASSISTANCE_VIEW,
    AUDIT_VIEW,
    BARGAINING_MANAGE,
    BARGAINING_VIEW,
    BENEFITS_MANAGE,
    BENEFITS_REDEEM,
    BENEFITS_VIEW,
    CALENDAR_MANAGE,
    DISPUTES_VIEW,
    HOTLINE_MANAGE,
    HOTLINE_VIEW,
    LEGALAID_MANAGE,
    LEGALAID_VIEW,
    MEMBERS_IMPORT,
    MEMBERS_VIEW,
    ORG_VIEW,
)


@dataclass(frozen=True)
class Module:
    label: str | Promise
    url_name: str
    action: str
    prefix: str


@dataclass(frozen=True)
class Group:
    label: str | Promise
    modules: tuple[Module, ...]


# "组织" and "会员" are also the names of a model and a role (singular in English): the
# group labels carry a context of their own
GROUPS = [
    Group(
        pgettext_lazy("navigation group", "组织"),
        (
            Module(_("组织建设"), "organizations:tree", ORG_VIEW, "/organizations/"),
            Module(_("覆盖统计"), "reports:coverage", ORG_VIEW, "/reports/coverage/"),
        ),
    ),
    Group(
        pgettext_lazy("navigation group", "会员"),
        (
            Module(_("会员名册"), "members:member_list", MEMBERS_VIEW, "/members/"),
            Module(
                _("入会审核"), "members:application_list", MEMBERS_VIEW, "/members/applications/"
            ),
            Module(_("会员统计"), "reports:membership", MEMBERS_VIEW, "/reports/membership/"),
            Module(_("名册导入"), "members:roster_import_list", MEMBERS_IMPORT, "/members/roster/"),
        ),
    ),
    Group(
        pgettext_lazy("navigation group", "权益维护"),
        (
            Module(
                _("咨询登记"),
                "disputes:consultation_list",
                DISPUTES_VIEW,
                "/disputes/consultations/",
            ),
            Module(_("调解案件"), "disputes:case_list", DISPUTES_VIEW, "/disputes/cases/"),
            Module(_("调解日程"), "disputes:session_week", DISPUTES_VIEW, "/disputes/sessions/"),
            Module(_("调解统计"), "reports:mediation", DISPUTES_VIEW, "/reports/mediation/"),
            Module(_("法律援助"), "legalaid:case_list", LEGALAID_VIEW, "/legalaid/cases/"),
            Module(_("法律援助统计"), "reports:legalaid", LEGALAID_VIEW, "/reports/legalaid/"),
            Module(_("法律援助设置"), "legalaid:settings", LEGALAID_MANAGE, "/legalaid/settings/"),
            Module(_("热线工单"), "hotline:ticket_list", HOTLINE_VIEW, "/hotline/tickets/"),
            Module(_("热线统计"), "reports:hotline", HOTLINE_VIEW, "/reports/hotline/"),
            Module(_("热线设置"), "hotline:settings", HOTLINE_MANAGE, "/hotline/settings/"),
        ),
    ),
    Group(
        pgettext_lazy("navigation group", "民主管理"),
        (
            Module(
                _("集体合同"), "bargaining:contract_list", BARGAINING_VIEW, "/bargaining/contracts/"
            ),
            Module(
                _("职代会"), "bargaining:congress_list", BARGAINING_VIEW, "/bargaining/congresses/"
            ),
            Module(
                _("职代会提案"),
                "bargaining:proposal_list",
                BARGAINING_VIEW,
                "/bargaining/proposals/",
            ),
            Module(
                _("职代会与集体协商统计"),
                "reports:bargaining",
                BARGAINING_VIEW,
                "/reports/bargaining/",
            ),
            Module(
                _("民主管理设置"), "bargaining:settings", BARGAINING_MANAGE, "/bargaining/settings/"
            ),
        ),
    ),
    Group(
        pgettext_lazy("navigation group", "困难帮扶"),
        (
            Module(
                _("困难职工档案"), "assistance:file_list", ASSISTANCE_VIEW, "/assistance/files/"
            ),
            Module(_("帮扶申请"), "assistance:aid_list", ASSISTANCE_VIEW, "/assistance/aid/"),
            Module(
                _("帮扶公示"),
                "assistance:publication_list",
                ASSISTANCE_VIEW,
                "/assistance/publications/",
            ),
            Module(_("资金"), "assistance:fund_list", ASSISTANCE_VIEW, "/assistance/funds/"),
            Module(
                _("慰问活动"), "assistance:campaign_list", ASSISTANCE_VIEW, "/assistance/campaigns/"
            ),
            Module(
                _("帮扶统计"),
                "reports:assistance_hardship",
                ASSISTANCE_VIEW,
                "/reports/assistance_hardship/",
            ),
            Module(
                _("资金统计"),
                "reports:assistance_funds",
                ASSISTANCE_VIEW,
                "/reports/assistance_funds/",
            ),
            Module(
                _("慰问统计"),
                "reports:assistance_campaigns",
                ASSISTANCE_VIEW,
                "/reports/assistance_campaigns/",
            ),
            Module(
                _("帮扶设置"), "assistance:settings", ASSISTANCE_MANAGE, "/assistance/settings/"
            ),
        ),
    ),
    Group(
        pgettext_lazy("navigation group", "普惠服务"),
        (
            Module(_("普惠活动"), "benefits:campaign_list", BENEFITS_VIEW, "/benefits/campaigns/"),
            Module(_("扫码核销"), "benefits:redeem", BENEFITS_REDEEM, "/benefits/redeem/"),
            Module(_("团购"), "benefits:offer_list", BENEFITS_VIEW, "/benefits/purchasing/"),
            Module(_("普惠服务统计"), "reports:benefits", BENEFITS_VIEW, "/reports/benefits/"),
            Module(_("供应商"), "benefits:supplier_list", BENEFITS_MANAGE, "/benefits/suppliers/"),
        ),
    ),
    Group(
        pgettext_lazy("navigation group", "系统"),
        (
            Module(_("审计日志"), "core:audit_list", AUDIT_VIEW, "/audit/"),
            Module(_("工作日历"), "core:calendar", CALENDAR_MANAGE, "/calendar/"),
        ),
    ),
]

MODULES = [module for group in GROUPS for module in group.modules]


def groups_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    """The groups with an entry the user may use, each with those entries (label, url,
    active). The active entry is the one with the most specific prefix of the path (the
    review queue /members/applications/ rather than the member list /members/); its group
    is active too."""
    groups = []
    active: dict[str, Any] | None = None
    active_group: dict[str, Any] | None = None
    longest = 0
    for group in GROUPS:
        entries: list[dict[str, Any]] = []
        item = {"label": group.label, "url": "", "active": False, "entries": entries}
        for module in group.modules:
            if not user.has_action(module.action):
                continue
            entry = {"label": module.label, "url": reverse(module.url_name), "active": False}
            entries.append(entry)
            if current_path.startswith(module.prefix) and len(module.prefix) > longest:
                active, active_group, longest = entry, item, len(module.prefix)
        if entries:
            item["url"] = entries[0]["url"]  # a group leads to its first entry
            groups.append(item)
    if active is not None and active_group is not None:
        active["active"] = active_group["active"] = True
    return groups
