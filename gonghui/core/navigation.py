"""The staff navigation: one entry per module, shown when the user holds its action."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import AUDIT_VIEW, ORG_VIEW


@dataclass(frozen=True)
class Module:
    label: str | Promise
    url_name: str
    action: str
    prefix: str


MODULES = [
    Module(_("组织建设"), "organizations:tree", ORG_VIEW, "/organizations/"),
    Module(_("覆盖统计"), "organizations:coverage", ORG_VIEW, "/organizations/coverage/"),
    Module(_("审计日志"), "core:audit_list", AUDIT_VIEW, "/audit/"),
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
