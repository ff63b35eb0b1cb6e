"""The staff navigation: one entry per module, shown when the user holds its action."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import (
    AUDIT_VIEW,
    CALENDAR_MANAGE,
    DISPUTES_VIEW,
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


MODULES = [
    Module(_("组织建设"), "organizations:tree", ORG_VIEW, "/organizations/"),
    Module(_("覆盖统计"), "organizations:coverage", ORG_VIEW, "/organizations/coverage/"),
    # the member list is /members/, so the more specific review queue comes after it
    Module(_("会员名册"), "members:member_list", MEMBERS_VIEW, "/members/"),
    Module(_("入会审核"), "members:application_list", MEMBERS_VIEW, "/members/applications/"),
    Module(_("会员统计"), "members:statistics", MEMBERS_VIEW, "/members/statistics/"),
    Module(_("名册导入"), "members:roster_import_list", MEMBERS_IMPORT, "/members/roster/"),
    Module(_("咨询登记"), "disputes:consultation_list", DISPUTES_VIEW, "/disputes/consultations/"),
    Module(_("调解案件"), "disputes:case_list", DISPUTES_VIEW, "/disputes/cases/"),
    Module(_("调解统计"), "disputes:statistics", DISPUTES_VIEW, "/disputes/statistics/"),
    Module(_("审计日志"), "core:audit_list", AUDIT_VIEW, "/audit/"),
    Module(_("工作日历"), "core:calendar", CALENDAR_MANAGE, "/calendar/"),
]


def modules_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    entries = []
    for module in MODULES:
        if user.has_action(module.action):
            entries.append(
                {
                    "label": module.label,
                    "url": reverse(module.url_name),
                    "active": current_path.startswith(module.prefix),
                }
            )
    # the most specific prefix wins when several match
    active = [e for e in entries if e["active"]]
    for extra in active[:-1]:
        extra["active"] = False
    return entries
