"""The workflow of a mediation case: applied; accepted (the 15-day period runs) or
declined; sessions, the agreement, its signatures and payments, an extension agreed by
both parties; closed with an outcome, or transferred one tier up; a failed case handed to
arbitration."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import DISPUTES_MEDIATE
from gonghui.core.deadlines import Rule
from gonghui.core.workflow import Step, Workflow, register
from gonghui.disputes import forms
from gonghui.disputes.choices import MEDIATION_DAYS
from gonghui.disputes.choices import CaseStatus as S
from gonghui.disputes.models import MediationCase
from gonghui.disputes.selectors import planned_sessions, seated_mediators
from gonghui.disputes.services import agreements, cases

OPEN = frozenset({S.APPLIED, S.MEDIATING})
MEDIATING = frozenset({S.MEDIATING})
WITH_AGREEMENT = frozenset({S.MEDIATING, S.CLOSED})


def _seated(case: MediationCase) -> dict[str, Any]:
    return {"mediators": seated_mediators(case)}


def _scheduling(case: MediationCase) -> dict[str, Any]:
    assigned = case.mediators.first()
    return {"mediators": seated_mediators(case), "assigned": assigned}


def _planned(case: MediationCase) -> dict[str, Any]:
    return {"planned": planned_sessions(case)}


def _signed(case: MediationCase) -> dict[str, Any]:
    agreement = case.agreement
    return {
        "initial": {
            "parties_signed_on": agreement.parties_signed_on,
            "mediator_signed_on": agreement.mediator_signed_on,
            "sealed_on": agreement.sealed_on,
        }
    }


def _reminded(case: MediationCase) -> list[Any]:
    """The assigned mediators, else the committee's seated mediators."""
    assigned = [user for user in case.mediators.all() if user.is_active]
    if assigned:
        return assigned
    return [
        seat.user for seat in case.committee.members.all() if seat.active and seat.user.is_active
    ]


MEDIATION_PERIOD = Rule(
    days=MEDIATION_DAYS,
    working_days=False,
    running=MEDIATING,
    recipients=_reminded,
    url=lambda case: reverse("disputes:case_detail", args=[case.pk]),
    noun=_("调解案件"),
    prefetch=("mediators", "committee__members__user"),
)


def _step(name: str, sources: frozenset[str], target: str | None, label: Any, **kw: Any) -> Step:
    return Step(name, sources, target, DISPUTES_MEDIATE, label, **kw)


CASES = register(
    Workflow(
        name="mediation_case",
        model=MediationCase,
        noun=_("案件"),
        organization=lambda case: case.committee.organization,
        deadlines=(MEDIATION_PERIOD,),
        steps=(
            _step("apply", frozenset(), S.APPLIED, _("申请调解")),
            _step(
                "accept",
                frozenset({S.APPLIED}),
                S.MEDIATING,
                _("受理"),
                input=forms.AcceptForm,
                form_kwargs=_seated,
                apply=cases.accept,
                url="disputes:case_accept",
            ),
            _step(
                "decline",
                frozenset({S.APPLIED}),
                S.DECLINED,
                _("不予受理"),
                input=forms.DeclineForm,
                apply=cases.decline,
                url="disputes:case_decline",
            ),
            _step(
                "schedule",
                MEDIATING,
                None,
                _("安排调解"),
                input=forms.ScheduleForm,
                form_kwargs=_scheduling,
                apply=cases.schedule,
                url="disputes:session_schedule",
                submit=_("安排"),
                wrong_state=_("案件受理后才能安排调解"),
            ),
            _step(
                "session",
                MEDIATING,
                None,
                _("记录调解"),
                input=forms.SessionForm,
                form_kwargs=_planned,
                apply=cases.session,
                url="disputes:session_log",
                submit=_("保存"),
                wrong_state=_("案件受理后才能记录调解"),
            ),
            _step(
                "cancel_session",
                MEDIATING,
                None,
                _("取消调解安排"),
                guard=cases.may_cancel_session,
                input=forms.SessionCancelForm,
                form_kwargs=_planned,
                apply=cases.session_cancel,
                url="disputes:session_cancel",
                submit=_("取消安排"),
                wrong_state=_("只有调解中的案件可以取消调解安排"),
            ),
            _step(
                "agreement",
                MEDIATING,
                None,
                _("制作调解协议书"),
                guard=agreements.may_record,
                apply=agreements.record,
                url="disputes:agreement_record",
                submit=_("制作"),
                wrong_state=_("只有调解中的案件可以制作调解协议书"),
            ),
            _step(
                "sign",
                WITH_AGREEMENT,
                None,
                _("签字盖章"),
                guard=agreements.may_sign,
                input=forms.SignForm,
                form_kwargs=_signed,
                apply=agreements.sign,
                url="disputes:agreement_sign",
                submit=_("保存"),
            ),
            _step(
                "payment",
                WITH_AGREEMENT,
                None,
                _("登记履行"),
                guard=agreements.may_record_payment,
                input=forms.PaymentForm,
                apply=agreements.payment,
                url="disputes:payment_record",
                submit=_("登记"),
            ),
            _step(
                "extend",
                MEDIATING,
                None,
                _("延长调解期限"),
                input=forms.ExtendForm,
                apply=cases.extend,
                url="disputes:case_extend",
                submit=_("延长"),
                wrong_state=_("只有调解中的案件可以延长期限"),
            ),
            _step(
                "close",
                MEDIATING,
                S.CLOSED,
                _("结案"),
                input=forms.CloseForm,
                apply=cases.close,
                url="disputes:case_close",
            ),
            _step(
                "transfer",
                OPEN,
                S.TRANSFERRED,
                _("移交上级"),
                guard=cases.may_transfer_up,
                input=forms.TransferForm,
                apply=cases.transfer_up,
                url="disputes:case_transfer",
                submit=_("移交"),
            ),
            _step(
                "arbitration",
                frozenset({S.CLOSED}),
                None,
                _("移送仲裁"),
                guard=cases.may_hand_to_arbitration,
                input=forms.ArbitrationForm,
                apply=cases.hand_to_arbitration,
                url="disputes:case_arbitration",
                submit=_("移送"),
                wrong_state=_("只有调解不成的案件可以移送仲裁"),
            ),
        ),
    )
)
