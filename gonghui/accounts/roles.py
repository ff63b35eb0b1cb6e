"""Roles and the actions each grants on the subtree of the node where it is held.

An action is a string ``<app>.<verb>``. The personal-data action is not granted by a role
but by the ``can_view_personal_data`` flag of an assignment.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FEDERATION_STAFF = "federation_staff", _("总工会工作人员")
    STATION_STAFF = "station_staff", _("服务站工作人员")
    UNION_STAFF = "union_staff", _("基层工会工作人员")
    MEDIATOR = "mediator", _("调解员")
    LAWYER = "lawyer", _("律师")
    SUPPLIER = "supplier", _("供应商")
    MEMBER = "member", _("会员")


ORG_VIEW = "organizations.view"
ORG_CHANGE = "organizations.change"
ORG_FOUND = "organizations.found"
ORG_RESTRUCTURE = "organizations.restructure"
ORG_EXPORT = "organizations.export"
MEMBERS_VIEW = "members.view"
MEMBERS_REVIEW = "members.review"
MEMBERS_IMPORT = "members.import"
MEMBERS_EXPORT = "members.export"
DISPUTES_VIEW = "disputes.view"
DISPUTES_CONSULT = "disputes.consult"
DISPUTES_MEDIATE = "disputes.mediate"
DISPUTES_MANAGE = "disputes.manage"  # committees and their mediators
ASSISTANCE_VIEW = "assistance.view"
ASSISTANCE_FILE = "assistance.file"  # the union's level: file a worker, accept an application
ASSISTANCE_CHECK = "assistance.check"  # the service station's level
ASSISTANCE_APPROVE = "assistance.approve"  # the federation's level, and publication
ASSISTANCE_PAY = "assistance.pay"  # payments, receipts of aid, donations, fund entries
ASSISTANCE_DISTRIBUTE = "assistance.distribute"  # a campaign's distribution and receipts
ASSISTANCE_MANAGE = "assistance.manage"  # kinds of aid, rounds, income lines, campaigns
LEGALAID_VIEW = "legalaid.view"
LEGALAID_RECEIVE = "legalaid.receive"  # take an application at a window, ask for documents
LEGALAID_DECIDE = "legalaid.decide"  # accept or refuse, assign the lawyer (the federation)
LEGALAID_REPRESENT = "legalaid.represent"  # a case's stages, outcome and closure
LEGALAID_MANAGE = "legalaid.manage"  # the lawyers retained, the eligibility rules
HOTLINE_VIEW = "hotline.view"
HOTLINE_HANDLE = "hotline.handle"  # contact the caller, hold, complete, call back, return
HOTLINE_DISPATCH = "hotline.dispatch"  # register, import and dispatch tickets
HOTLINE_MANAGE = "hotline.manage"  # service levels and the reasons for returning
BARGAINING_VIEW = "bargaining.view"
BARGAINING_CONGRESS = "bargaining.congress"  # congresses, terms, sessions, votes, proposals
BARGAINING_NEGOTIATE = "bargaining.negotiate"  # the steps of a bargaining process
BARGAINING_GUIDE = "bargaining.guide"  # the federation's guidance on a process
BARGAINING_MANAGE = "bargaining.manage"  # the rules: managers' cap, renewal lead time
BENEFITS_VIEW = "benefits.view"
BENEFITS_RUN = "benefits.run"  # claim campaigns: items, stock, publishing, closing
BENEFITS_REDEEM = "benefits.redeem"  # redeem a voucher (a supplier, or the union itself)
BENEFITS_ORDER = "benefits.order"  # a member firm's group-purchase order, through its union
BENEFITS_MANAGE = "benefits.manage"  # suppliers and group-purchase offers (the federation)
CALENDAR_MANAGE = "core.manage_calendar"
AUDIT_VIEW = "core.view_audit"
PII_VIEW = "core.view_personal_data"

MEMBER_STAFF_ACTIONS = frozenset({MEMBERS_VIEW, MEMBERS_REVIEW, MEMBERS_IMPORT, MEMBERS_EXPORT})
DISPUTE_STAFF_ACTIONS = frozenset({DISPUTES_VIEW, DISPUTES_CONSULT, DISPUTES_MEDIATE})
ASSISTANCE_UNION_ACTIONS = frozenset({ASSISTANCE_VIEW, ASSISTANCE_FILE, ASSISTANCE_DISTRIBUTE})
HOTLINE_UNION_ACTIONS = frozenset({HOTLINE_VIEW, HOTLINE_HANDLE})
BARGAINING_UNION_ACTIONS = frozenset({BARGAINING_VIEW, BARGAINING_CONGRESS, BARGAINING_NEGOTIATE})
BENEFITS_UNION_ACTIONS = frozenset({BENEFITS_VIEW, BENEFITS_RUN, BENEFITS_REDEEM, BENEFITS_ORDER})
STAFF_ROLES = frozenset({Role.FEDERATION_STAFF, Role.STATION_STAFF, Role.UNION_STAFF})
# roles that reach the rows assigned to the user (a mediator's committees, a lawyer's
# cases) on a model declaring ``assignee_condition`` (core.scoping), not a subtree
ASSIGNEE_ROLES = frozenset({Role.MEDIATOR, Role.LAWYER, Role.SUPPLIER})

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.FEDERATION_STAFF: frozenset(
        {ORG_VIEW, ORG_CHANGE, ORG_FOUND, ORG_RESTRUCTURE, ORG_EXPORT, AUDIT_VIEW}
    )
    | MEMBER_STAFF_ACTIONS
    | DISPUTE_STAFF_ACTIONS
    | ASSISTANCE_UNION_ACTIONS
    | {ASSISTANCE_CHECK, ASSISTANCE_APPROVE, ASSISTANCE_PAY, ASSISTANCE_MANAGE}
    | {DISPUTES_MANAGE, CALENDAR_MANAGE}
    | {LEGALAID_VIEW, LEGALAID_RECEIVE, LEGALAID_DECIDE, LEGALAID_REPRESENT, LEGALAID_MANAGE}
    | HOTLINE_UNION_ACTIONS
    | {HOTLINE_DISPATCH, HOTLINE_MANAGE}
    | BARGAINING_UNION_ACTIONS
    | {BARGAINING_GUIDE, BARGAINING_MANAGE}
    | BENEFITS_UNION_ACTIONS
    | {BENEFITS_MANAGE},
    Role.STATION_STAFF: frozenset({ORG_VIEW, ORG_CHANGE, ORG_FOUND, ORG_EXPORT, AUDIT_VIEW})
    | MEMBER_STAFF_ACTIONS
    | DISPUTE_STAFF_ACTIONS
    | ASSISTANCE_UNION_ACTIONS
    | {ASSISTANCE_CHECK, DISPUTES_MANAGE}
    | {LEGALAID_VIEW, LEGALAID_RECEIVE}
    | HOTLINE_UNION_ACTIONS
    | {HOTLINE_DISPATCH}
    | BARGAINING_UNION_ACTIONS
    | {BARGAINING_GUIDE}
    | BENEFITS_UNION_ACTIONS,
    Role.UNION_STAFF: frozenset({ORG_VIEW, ORG_CHANGE, ORG_EXPORT})
    | MEMBER_STAFF_ACTIONS
    | DISPUTE_STAFF_ACTIONS
    | ASSISTANCE_UNION_ACTIONS
    | {LEGALAID_VIEW, LEGALAID_RECEIVE}
    | HOTLINE_UNION_ACTIONS
    | BARGAINING_UNION_ACTIONS
    | BENEFITS_UNION_ACTIONS,
    # a mediator's disputes actions reach only what is assigned to them (the cases of the
    # committees they sit on: disputes.models.MediationCaseQuerySet.assignee_condition)
    Role.MEDIATOR: frozenset({DISPUTES_VIEW, DISPUTES_CONSULT, DISPUTES_MEDIATE}),
    # a lawyer's legal-aid actions reach only the cases assigned to them
    # (legalaid.models.LegalAidQuerySet.assignee_condition)
    Role.LAWYER: frozenset({LEGALAID_VIEW, LEGALAID_REPRESENT}),
    # a supplier's account reaches only the vouchers of the items it supplies
    # (benefits.models.VoucherQuerySet.assignee_condition): it scans and redeems them
    Role.SUPPLIER: frozenset({BENEFITS_VIEW, BENEFITS_REDEEM}),
    Role.MEMBER: frozenset(),
}


def roles_granting(action: str) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]
