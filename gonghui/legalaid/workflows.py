"""The workflow of a legal-aid case: received; documents asked for (the review's clock
paused) and supplied; accepted or refused within 7 working days; assigned to a lawyer
after the conflict check (reassigned with a reason); the lawyer records its stages and
closes it with the outcome and the money recovered; the worker rates the service. The
worker may withdraw an application not yet assigned."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import (
    LEGALAID_DECIDE,
    LEGALAID_RECEIVE,
    LEGALAID_REPRESENT,
)
from gonghui.core.deadlines import Rule
from gonghui.core.workflow import OWNER, Step, Workflow, register
from gonghui.legalaid.choices import REVIEW_WORKING_DAYS
from gonghui.legalaid.choices import Status as S
from gonghui.legalaid.forms import steps as forms
from gonghui.legalaid.models import LegalAidCase
from gonghui.legalaid.selectors.cases import deciders, lawyers_for
from gonghui.legalaid.services import cases

URL = "legalaid:case_step"
BEFORE_ASSIGNMENT = frozenset({S.RECEIVED, S.WAITING, S.ACCEPTED})
OPEN = frozenset({S.RECEIVED, S.WAITING, S.ACCEPTED, S.ACTING})

REVIEW = Rule(
    days=REVIEW_WORKING_DAYS,
    working_days=True,
    running=frozenset({S.RECEIVED}),
    recipients=deciders,
    url=lambda case: reverse("legalaid:case_detail", args=[case.pk]),
    noun=_("法律援助申请"),
    prefetch=("organization",),
)


def _lawyers(case: LegalAidCase) -> dict[str, Any]:
    return {"lawyers": lawyers_for(case)}


def _step(
    name: str, sources: frozenset[str], target: str | None, action: str, label: Any, **kw: Any
) -> Step:
    return Step(name, sources, target, action, label, url=URL, url_names_step=True, **kw)


CASES = register(
    Workflow(
        name="legal_aid_case",
        model=LegalAidCase,
        noun=_("法律援助案件"),
        organization=lambda case: case.organization,
        deadlines=(REVIEW,),
        steps=(
            Step("apply", frozenset(), S.RECEIVED, LEGALAID_RECEIVE, _("申请法律援助")),
            _step(
                "request_documents",
                frozenset({S.RECEIVED}),
                S.WAITING,
                LEGALAID_RECEIVE,
                _("通知补充材料"),
                input=forms.RequestDocumentsForm,
                apply=cases.request_documents,
                submit=_("通知"),
            ),
            _step(
                "documents_in",
                frozenset({S.WAITING}),
                S.RECEIVED,
                LEGALAID_RECEIVE,
                _("材料已补齐"),
                input=forms.DocumentsInForm,
                apply=cases.documents_in,
                submit=_("确认"),
            ),
            _step(
                "accept",
                frozenset({S.RECEIVED}),
                S.ACCEPTED,
                LEGALAID_DECIDE,
                _("给予援助"),
                input=forms.AcceptForm,
                apply=cases.accept,
                wrong_state=_("材料齐全、待审查的申请才能作出给予援助的决定"),
            ),
            _step(
                "refuse",
                frozenset({S.RECEIVED, S.WAITING}),
                S.REFUSED,
                LEGALAID_DECIDE,
                _("不予援助"),
                input=forms.RefuseForm,
                apply=cases.refuse,
            ),
            _step(
                "assign",
                frozenset({S.ACCEPTED}),
                S.ACTING,
                LEGALAID_DECIDE,
                _("指派律师"),
                input=forms.AssignForm,
                form_kwargs=_lawyers,
                apply=cases.assign,
                submit=_("指派"),
            ),
            _step(
                "reassign",
                frozenset({S.ACTING}),
                None,
                LEGALAID_DECIDE,
                _("更换律师"),
                input=forms.ReassignForm,
                form_kwargs=_lawyers,
                apply=cases.reassign,
                submit=_("更换"),
            ),
            _step(
                "stage",
                frozenset({S.ACTING}),
                None,
                LEGALAID_REPRESENT,
                _("记录办案阶段"),
                input=forms.StageForm,
                apply=cases.stage,
                submit=_("保存"),
                wrong_state=_("指派律师后才能记录办案阶段"),
            ),
            _step(
                "link_mediation",
                OPEN,
                None,
                LEGALAID_RECEIVE,
                _("关联调解案件"),
                input=forms.LinkMediationForm,
                apply=cases.link_mediation,
                submit=_("关联"),
            ),
            _step(
                "close",
                frozenset({S.ACTING}),
                S.CLOSED,
                LEGALAID_REPRESENT,
                _("结案"),
                input=forms.CloseForm,
                apply=cases.close,
            ),
            _step(
                "withdraw",
                BEFORE_ASSIGNMENT,
                S.WITHDRAWN,
                LEGALAID_RECEIVE,
                _("职工撤回申请"),
                input=forms.ReasonForm,
                apply=cases.withdraw,
                submit=_("撤回"),
            ),
            _step(
                "cancel",
                BEFORE_ASSIGNMENT,
                S.WITHDRAWN,
                OWNER,
                _("撤回申请"),
                input=forms.ReasonForm,
                apply=cases.withdraw,
                submit=_("撤回"),
            ),
            _step(
                "rate",
                frozenset({S.CLOSED}),
                None,
                OWNER,
                _("评价服务"),
                guard=cases.may_rate,
                input=forms.RateForm,
                apply=cases.rate,
                submit=_("提交评价"),
            ),
            _step(
                "record_rating",
                frozenset({S.CLOSED}),
                None,
                LEGALAID_RECEIVE,
                _("登记职工评价"),
                guard=cases.may_rate,
                input=forms.RateForm,
                apply=cases.rate,
                submit=_("登记"),
            ),
        ),
    )
)
