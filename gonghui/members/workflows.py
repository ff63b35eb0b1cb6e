"""The workflow of join applications: submitted by a worker, reviewed by the union's
staff (approve, reject, ask for information), answered or withdrawn by the worker."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import MEMBERS_REVIEW
from gonghui.core import pii
from gonghui.core.workflow import OWNER, Step, Workflow, register
from gonghui.members.choices import ApplicationStatus as S
from gonghui.members.forms_staff import ApproveForm, RejectForm, RequestInfoForm
from gonghui.members.models import JoinApplication
from gonghui.members.services import applications as steps
from gonghui.members.services.signin import is_member_account


def own(actor: Any) -> Q:
    """A worker's own applications: theirs, or one left for their phone before they had an
    account (the portal claims it before acting on it)."""
    condition = Q(applicant=actor)
    if is_member_account(actor) and actor.phone:
        condition |= Q(applicant__isnull=True, phone_index=pii.blind_index(actor.phone))
    return condition


OPEN = frozenset({S.SUBMITTED, S.NEEDS_INFO})

APPLICATIONS = register(
    Workflow(
        name="join_application",
        model=JoinApplication,
        noun=_("申请"),
        owner=own,
        organization=lambda application: application.union,
        steps=(
            Step("submit", frozenset(), S.SUBMITTED, OWNER, _("提交申请")),
            Step(
                "approve",
                frozenset({S.SUBMITTED}),
                S.APPROVED,
                MEMBERS_REVIEW,
                _("批准入会"),
                input=ApproveForm,
                apply=steps.approve,
                url="members:application_approve",
                submit=_("批准"),
            ),
            Step(
                "request_info",
                frozenset({S.SUBMITTED}),
                S.NEEDS_INFO,
                MEMBERS_REVIEW,
                _("要求补充材料"),
                input=RequestInfoForm,
                apply=steps.request_info,
                url="members:application_request_info",
                submit=_("发送"),
            ),
            Step(
                "reject",
                OPEN,
                S.REJECTED,
                MEMBERS_REVIEW,
                _("不予批准"),
                input=RejectForm,
                apply=steps.reject,
                url="members:application_reject",
            ),
            Step(
                "resubmit",
                frozenset({S.NEEDS_INFO}),
                S.SUBMITTED,
                OWNER,
                _("补充信息后重新提交"),
                apply=steps.resubmit,
                wrong_state=_("申请当前不需要补充信息"),
            ),
            Step(
                "withdraw",
                OPEN,
                S.WITHDRAWN,
                OWNER,
                _("撤回申请"),
                apply=steps.withdraw,
                wrong_state=_("该申请已办结，不能撤回"),
            ),
        ),
    )
)
