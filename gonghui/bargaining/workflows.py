"""The workflows of collective bargaining: the eight steps of a contract, and a
representative's proposal.

A contract's steps run in order; the only way back is ``reopen`` (to hold the formal
bargaining meeting again: a failed vote on the draft, the labour department's objection,
or the parties' decision), with its reason. Two statutory clocks run on the kit's
deadlines: the answer to the offer in ``OFFERED`` (20 days) and the report after signing
in ``SIGNED`` (10 days)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import (
    BARGAINING_CONGRESS,
    BARGAINING_GUIDE,
    BARGAINING_NEGOTIATE,
)
from gonghui.accounts.selectors import holders
from gonghui.bargaining.choices import OFFER_ANSWER_DAYS, OPEN, REPORT_DAYS, ProposalStatus
from gonghui.bargaining.choices import Status as S
from gonghui.bargaining.forms import steps as forms
from gonghui.bargaining.models import Contract, Proposal
from gonghui.bargaining.selectors.congress import votes_for
from gonghui.bargaining.services import contracts, proposals
from gonghui.core.deadlines import Rule
from gonghui.core.workflow import OWNER, SYSTEM, Step, Workflow, register


def _negotiators(contract: Contract) -> list[Any]:
    return list(holders(BARGAINING_NEGOTIATE, contract.organization, nearest=True))


ANSWER = Rule(
    days=OFFER_ANSWER_DAYS,
    working_days=False,
    running=frozenset({S.OFFERED}),
    recipients=_negotiators,
    url=contracts.contract_url,
    noun=_("集体协商要约的书面回应"),
    prefetch=("organization",),
)
REPORT = Rule(
    days=REPORT_DAYS,
    working_days=False,
    running=frozenset({S.SIGNED}),
    recipients=_negotiators,
    url=contracts.contract_url,
    noun=_("集体合同报送审查"),
    prefetch=("organization",),
)

N = BARGAINING_NEGOTIATE
URL = "bargaining:contract_step"
PROPOSAL_URL = "bargaining:proposal_step"


def _votes(contract: Contract) -> dict[str, Any]:
    return {"votes": votes_for(contract)}


def _step(
    name: str, sources: frozenset[str], target: str | None, action: str, label: Any, **kw: Any
) -> Step:
    """A contract step served by the one step page."""
    return Step(name, sources, target, action, label, url=URL, url_names_step=True, **kw)


def _proposal_step(
    name: str, sources: frozenset[str], target: str | None, action: str, label: Any, **kw: Any
) -> Step:
    return Step(name, sources, target, action, label, url=PROPOSAL_URL, url_names_step=True, **kw)


CONTRACTS = register(
    Workflow(
        name="collective_contract",
        model=Contract,
        noun=_("集体协商"),
        organization=lambda contract: contract.organization,
        deadlines=(ANSWER, REPORT),
        steps=(
            Step("open", frozenset(), S.OPENED, N, _("启动集体协商")),
            _step(
                "name_representatives",
                frozenset({S.OPENED}),
                S.NAMED,
                N,
                _("1 产生协商代表"),
                apply=contracts.name_representatives,
                input=forms.NameRepresentativesForm,
            ),
            _step(
                "offer",
                frozenset({S.NAMED, S.REFUSED}),
                S.OFFERED,
                N,
                _("2 提出协商要约"),
                apply=contracts.offer,
                wrong_state=_("产生协商代表后才能提出要约"),
                input=forms.OfferForm,
            ),
            _step(
                "answer",
                frozenset({S.OFFERED}),
                S.ANSWERED,
                N,
                _("2 登记对方同意协商"),
                apply=contracts.answer,
                input=forms.AnswerForm,
            ),
            _step(
                "refusal",
                frozenset({S.OFFERED}),
                S.REFUSED,
                N,
                _("2 登记对方拒绝协商"),
                apply=contracts.refusal,
                input=forms.RefusalForm,
            ),
            _step(
                "no_answer",
                frozenset({S.OFFERED}),
                S.REFUSED,
                N,
                _("2 登记对方逾期未回应"),
                guard=contracts.answer_overdue,
                apply=contracts.no_answer,
            ),
            _step(
                "prepare",
                frozenset({S.ANSWERED}),
                S.PREPARED,
                N,
                _("3 协商准备，初步沟通"),
                apply=contracts.prepare,
                wrong_state=_("对方书面同意协商后才能进行协商准备"),
                input=forms.PrepareForm,
            ),
            _step(
                "meet",
                frozenset({S.PREPARED}),
                S.NEGOTIATED,
                N,
                _("4 召开协商会议"),
                apply=contracts.meet,
                wrong_state=_("完成协商准备后才能召开正式协商会议"),
                input=forms.MeetForm,
            ),
            _step(
                "adopt",
                frozenset({S.NEGOTIATED}),
                S.ADOPTED,
                N,
                _("5 职代会审议通过"),
                apply=contracts.adopt,
                wrong_state=_("召开协商会议形成草案后才能提交职代会审议"),
                input=forms.AdoptForm,
                form_kwargs=_votes,
            ),
            _step(
                "sign",
                frozenset({S.ADOPTED}),
                S.SIGNED,
                N,
                _("6 首席代表签字、双方盖章"),
                apply=contracts.sign,
                wrong_state=_("职代会审议通过后才能签字"),
                input=forms.SignForm,
            ),
            _step(
                "report",
                frozenset({S.SIGNED}),
                S.REPORTED,
                N,
                _("7 报送人社部门审查"),
                apply=contracts.report,
                wrong_state=_("双方签字盖章后才能报送审查"),
                input=forms.ReportForm,
            ),
            _step(
                "take_effect",
                frozenset({S.REPORTED}),
                S.EFFECTIVE,
                N,
                _("7 登记合同生效"),
                apply=contracts.take_effect,
                input=forms.TakeEffectForm,
            ),
            Step(
                "lapse_review",
                frozenset({S.REPORTED}),
                S.EFFECTIVE,
                SYSTEM,
                _("审查期满未提出异议，合同生效"),
                guard=contracts.review_running,
                apply=contracts.lapse_review,
            ),
            _step(
                "publish",
                frozenset({S.EFFECTIVE}),
                S.FILED,
                N,
                _("8 公布实施，报总工会备案"),
                apply=contracts.publish,
                wrong_state=_("合同生效后才能公布和备案"),
                input=forms.PublishForm,
            ),
            _step(
                "reopen",
                frozenset({S.NEGOTIATED, S.ADOPTED, S.SIGNED, S.REPORTED}),
                S.PREPARED,
                N,
                _("退回重新协商"),
                apply=contracts.reopen,
                input=forms.ReopenForm,
                form_kwargs=_votes,
            ),
            _step(
                "guide",
                OPEN,
                None,
                BARGAINING_GUIDE,
                _("登记上级工会指导"),
                apply=contracts.guide,
                input=forms.GuideForm,
            ),
            _step(
                "abandon",
                OPEN,
                S.ABANDONED,
                N,
                _("终止协商"),
                apply=contracts.abandon,
                input=forms.ReasonForm,
            ),
            _step(
                "renew",
                frozenset({S.EFFECTIVE, S.FILED}),
                None,
                N,
                _("启动续签"),
                guard=lambda contract: contracts.renewal_refusal(contract) or None,
                apply=contracts.renew,
                input=forms.RenewForm,
            ),
        ),
    )
)

PROPOSALS = register(
    Workflow(
        name="congress_proposal",
        model=Proposal,
        noun=_("提案"),
        organization=lambda proposal: proposal.session.term.congress.organization,
        steps=(
            Step("submit", frozenset(), ProposalStatus.SUBMITTED, OWNER, _("提交提案")),
            _proposal_step(
                "assign",
                frozenset({ProposalStatus.SUBMITTED}),
                ProposalStatus.ASSIGNED,
                BARGAINING_CONGRESS,
                _("交办承办部门"),
                apply=proposals.assign,
                input=forms.AssignForm,
            ),
            _proposal_step(
                "decline",
                frozenset({ProposalStatus.SUBMITTED}),
                ProposalStatus.NOT_ACCEPTED,
                BARGAINING_CONGRESS,
                _("不予立案"),
                apply=proposals.decline,
                input=forms.DeclineForm,
            ),
            _proposal_step(
                "answer",
                frozenset({ProposalStatus.ASSIGNED}),
                ProposalStatus.ANSWERED,
                BARGAINING_CONGRESS,
                _("登记答复"),
                apply=proposals.answer,
                wrong_state=_("交办承办部门后才能登记答复"),
                input=forms.ProposalAnswerForm,
            ),
            Step(
                "rate",
                frozenset({ProposalStatus.ANSWERED}),
                None,
                OWNER,
                _("评价答复"),
                guard=proposals.not_rated,
                apply=proposals.rate,
                input=forms.RateForm,
            ),
            _proposal_step(
                "record_rating",
                frozenset({ProposalStatus.ANSWERED}),
                None,
                BARGAINING_CONGRESS,
                _("登记代表评价"),
                guard=proposals.not_rated,
                apply=proposals.rate,
                input=forms.RateForm,
            ),
        ),
    )
)
