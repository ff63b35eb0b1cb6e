"""The workflow of an aid application: a member's application waits for the union to
accept it (an application staff enter is filed at once); the station checks and the
federation approves, each able to send it back or reject it with a reason; approved aid
is published, objections stop it until resolved (upheld: revoked, its grant returned to
the fund); then it is paid and signed for."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import (
    ASSISTANCE_APPROVE,
    ASSISTANCE_FILE,
    ASSISTANCE_PAY,
)
from gonghui.assistance.choices import AidStatus as S
from gonghui.assistance.forms.campaigns import ReceiptForm
from gonghui.assistance.forms.steps import (
    ApproveForm,
    ObjectionForm,
    OpinionForm,
    PayForm,
    ReasonForm,
    ResolutionForm,
)
from gonghui.assistance.models import AidApplication
from gonghui.assistance.services import aid, levels
from gonghui.assistance.workflows_levels import level_steps
from gonghui.core.workflow import OWNER, Step, Workflow, register

URL = "assistance:aid_step"


def _step(
    name: str, sources: set[str], target: str | None, action: str, label: Any, **kw: Any
) -> Step:
    return Step(name, frozenset(sources), target, action, label, url=URL, url_names_step=True, **kw)


AID = register(
    Workflow(
        name="aid_application",
        model=AidApplication,
        noun=_("帮扶申请"),
        organization=lambda application: application.organization,
        steps=(
            Step("apply", frozenset(), S.APPLIED, OWNER, _("网上申请")),
            Step("file", frozenset(), S.FILED, ASSISTANCE_FILE, _("工会代为申请")),
            _step(
                "accept",
                {S.APPLIED},
                S.FILED,
                ASSISTANCE_FILE,
                _("工会受理并上报"),
                guard=aid.documents_guard,
                input=OpinionForm,
                apply=aid.accept,
            ),
            _step(
                "return_to_applicant",
                {S.APPLIED},
                S.SENT_BACK,
                ASSISTANCE_FILE,
                _("退回补充材料"),
                input=ReasonForm,
                apply=levels.send_back,
            ),
            _step(
                "accept_reject",
                {S.APPLIED},
                S.REJECTED,
                ASSISTANCE_FILE,
                _("不予受理"),
                input=ReasonForm,
                apply=levels.reject,
            ),
            *level_steps(
                url=URL,
                states=S,
                documents=aid.documents_guard,
                approve=aid.approve,
                approve_input=ApproveForm,
                approved_label=_("总工会批准"),
            ),
            _step(
                "revoke",
                {S.APPROVED, S.PUBLISHED},
                S.REVOKED,
                ASSISTANCE_APPROVE,
                _("撤销帮扶"),
                input=ReasonForm,
                apply=aid.revoke,
            ),
            Step(
                "resubmit_own",
                frozenset({S.SENT_BACK}),
                S.APPLIED,
                OWNER,
                _("补充材料后重新提交"),
                apply=aid.resubmit_own,
            ),
            Step(
                "withdraw",
                frozenset({S.APPLIED, S.SENT_BACK}),
                S.WITHDRAWN,
                OWNER,
                _("撤回申请"),
                apply=aid.withdraw,
            ),
            Step(
                "publish",
                frozenset({S.APPROVED}),
                S.PUBLISHED,
                ASSISTANCE_APPROVE,
                _("公示"),
                apply=aid.publish,
            ),
            _step(
                "object",
                {S.PUBLISHED},
                S.OBJECTED,
                ASSISTANCE_APPROVE,
                _("登记公示异议"),
                input=ObjectionForm,
                apply=aid.object_,
            ),
            _step(
                "dismiss_objection",
                {S.OBJECTED},
                S.PUBLISHED,
                ASSISTANCE_APPROVE,
                _("异议不成立"),
                input=ResolutionForm,
                apply=aid.dismiss_objection,
            ),
            _step(
                "uphold_objection",
                {S.OBJECTED},
                S.REVOKED,
                ASSISTANCE_APPROVE,
                _("异议成立，撤销帮扶"),
                input=ResolutionForm,
                apply=aid.uphold_objection,
            ),
            _step(
                "pay",
                {S.PUBLISHED},
                S.PAID,
                ASSISTANCE_PAY,
                _("登记发放"),
                guard=aid.payable_guard,
                input=PayForm,
                apply=aid.pay,
            ),
            _step(
                "sign_for",
                {S.PAID},
                None,
                ASSISTANCE_PAY,
                _("职工签收"),
                guard=aid.receipt_guard,
                input=ReceiptForm,
                apply=aid.sign_for,
                wrong_state=_("帮扶发放后才能签收"),
            ),
        ),
    )
)
