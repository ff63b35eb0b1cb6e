"""The workflow of join applications: submitted by a worker, reviewed by the union's
staff (approve, reject, ask for information), answered or withdrawn by the worker."""

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import MEMBERS_REVIEW
from gonghui.core.workflow import OWNER, Step, Workflow, register
from gonghui.members.choices import ApplicationStatus as S
from gonghui.members.forms_staff import ApproveForm, RejectForm, RequestInfoForm
from gonghui.members.models import JoinApplication
from gonghui.members.services import applications as steps

OPEN = frozenset({S.SUBMITTED, S.NEEDS_INFO})

APPLICATIONS = register(
    Workflow(
        name="join_application",
        model=JoinApplication,
        noun=_("申请"),
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
