"""The workflows of membership: join applications (submitted by a worker, reviewed by the
union's staff - approve, reject, ask for information - answered or withdrawn by the
worker), and memberships (started; ended as lapsed, withdrawn or deceased by the union's
staff, or transferred out by the system when another union admits the person)."""

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import MEMBERS_REVIEW
from gonghui.core.workflow import OWNER, SYSTEM, Step, Workflow, register
from gonghui.members.choices import ApplicationStatus as S
from gonghui.members.choices import MembershipStatus as M
from gonghui.members.forms_staff import ApproveForm, RejectForm, RequestInfoForm
from gonghui.members.models import JoinApplication, Membership
from gonghui.members.services import applications as steps
from gonghui.members.services import memberships

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


ACTIVE = frozenset({M.ACTIVE})
ENDED = _("该会籍已结束")


def _ending(name: str, target: str, label: object, action: str = MEMBERS_REVIEW) -> Step:
    return Step(
        name,
        ACTIVE,
        target,
        action,
        label,
        apply=memberships.ending,
        url="members:membership_end" if action != SYSTEM else "",
        wrong_state=ENDED,
    )


MEMBERSHIPS = register(
    Workflow(
        name="membership",
        model=Membership,
        noun=_("会籍"),
        organization=lambda membership: membership.union,
        steps=(
            Step("start", frozenset(), M.ACTIVE, MEMBERS_REVIEW, _("入会")),
            _ending("lapse", M.LAPSED, _("会籍失效")),
            _ending("withdraw", M.WITHDRAWN, _("退会")),
            _ending("decease", M.DECEASED, _("会员去世")),
            _ending("transfer_out", M.TRANSFERRED_OUT, _("转出"), SYSTEM),
            _ending("union_dissolved", M.LAPSED, _("工会撤销"), SYSTEM),
        ),
    )
)
# the steps a union's staff take to end a membership (one page: ``membership_end``)
ENDINGS = tuple(step.name for step in MEMBERSHIPS.steps if step.url == "members:membership_end")
ENDING_STATUSES = [
    (str(step.target), M(str(step.target)).label)
    for step in MEMBERSHIPS.steps
    if step.name in ENDINGS
]
