"""Representatives' proposals to a session: submitted within its window (by the
representative on the portal, or entered by the union for them), assigned to a
department, answered, and rated by the representative. The steps after submission are
``bargaining.workflows.PROPOSALS``."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import BARGAINING_CONGRESS
from gonghui.bargaining.choices import Satisfaction
from gonghui.bargaining.models import Proposal, Representative, Session
from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, OutOfScope, require, signed_in
from gonghui.core.workflow import Done, begin

CONTENT_MAX = 5_000


def window_refusal(session: Session, day: date) -> str:
    """Why a proposal cannot be submitted to the session on ``day`` ('' when it can)."""
    if session.proposals_open_on is None or session.proposals_close_on is None:
        return _("本次会议未征集提案")
    if day < session.proposals_open_on:
        return _("提案征集自 %(day)s 开始") % {"day": session.proposals_open_on}
    if day > session.proposals_close_on:
        return _("提案征集已于 %(day)s 截止") % {"day": session.proposals_close_on}
    return ""


def seat_of(actor: Actor, session: Session) -> Representative | None:
    """The actor's own seat in the session's term, serving today (a member's account)."""
    return (
        Representative.objects.filter(term=session.term, person__user=actor.pk)
        .serving_on(timezone.localdate())
        .first()
    )


def proposal_submit(
    actor: Actor,
    *,
    session: Session,
    title: str,
    content: str,
    representative: Representative | None = None,
    submitted_on: date | None = None,
) -> Proposal:
    """A proposal to the session within its window. A representative submits their own,
    today (``representative`` None: the actor's seat); union staff enter one for a
    representative of the term, dated the day it was handed in (``submitted_on``, not in
    the future; today by default)."""
    user = signed_in(actor)
    if user is None:
        raise OutOfScope("proposal")
    entered_by_staff = representative is not None
    if representative is None:
        representative = seat_of(user, session)
        if representative is None:
            raise OutOfScope("proposal: not a representative")
    else:
        require(user, BARGAINING_CONGRESS, session)
        if representative.term_id != session.term_id:
            raise ValidationError({"representative": _("提案代表应为本届职工代表")})
    today = timezone.localdate()
    errors = rules.Errors()
    if submitted_on is not None and entered_by_staff:
        today = (
            errors.check(rules.past_date, submitted_on, "submitted_on", label=_("提交日期"))
            or today
        )
    title = errors.check(rules.required_text, title, "title", label=_("案由"), max_length=120) or ""
    content = (
        errors.check(
            rules.required_text, content, "content", label=_("提案内容"), max_length=CONTENT_MAX
        )
        or ""
    )
    refusal = window_refusal(session, today)
    if refusal:
        errors.add("session", refusal)
    if representative.elected_on > today or (
        representative.left_on is not None and representative.left_on <= today
    ):
        errors.add("representative", _("提交之日该代表不在任"))
    errors.raise_any()
    with transaction.atomic():
        proposal = Proposal.objects.create(
            number=next_number("bargaining.proposal", f"TA{today.year}-", 5),
            session=session,
            representative=representative,
            title=title,
            content=content,
            submitted_on=today,
        )
        begin(user, proposal, "submit")
        audit.record(
            actor=user,
            action=AuditAction.CREATE,
            obj=proposal,
            organization=session.term.congress.organization,
            after=audit.snapshot(proposal),
            message=_("提交职代会提案"),
        )
    return proposal


def _day(proposal: Proposal, value: Any, field: str, label: Any, floor: date) -> date:
    day = rules.past_date(value or timezone.localdate(), field, label=label)
    if day < floor:
        raise ValidationError(
            {field: _("%(label)s不能早于 %(day)s") % {"label": label, "day": floor}}
        )
    return day


def assign(actor: Actor, proposal: Proposal, *, department: str, assigned_on: Any = None) -> Done:
    errors = rules.Errors()
    text = errors.check(
        rules.required_text, department, "department", label=_("承办部门"), max_length=100
    )
    day = errors.check(
        _day, proposal, assigned_on, "assigned_on", _("交办日期"), proposal.submitted_on
    )
    errors.raise_any()
    proposal.department, proposal.assigned_on = text or "", day
    return Done(note=text or "")


def answer(actor: Actor, proposal: Proposal, *, answer: str, answered_on: Any = None) -> Done:
    errors = rules.Errors()
    text = errors.check(
        rules.required_text, answer, "answer", label=_("答复意见"), max_length=CONTENT_MAX
    )
    floor = proposal.assigned_on or proposal.submitted_on
    day = errors.check(_day, proposal, answered_on, "answered_on", _("答复日期"), floor)
    errors.raise_any()
    proposal.answer, proposal.answered_on = text or "", day
    return Done()


def decline(actor: Actor, proposal: Proposal, *, answer: str) -> Done:
    """Not registered as a proposal (a personal matter, outside the congress's remit):
    the representative reads why."""
    text = rules.required_text(answer, "answer", label=_("不予立案的理由"), max_length=CONTENT_MAX)
    proposal.answer, proposal.answered_on = text, timezone.localdate()
    return Done(note=text[:2000])


def not_rated(proposal: Proposal) -> Any:
    if proposal.satisfaction:
        return _("已评价")
    return None


def rate(actor: Actor, proposal: Proposal, *, satisfaction: str, note: str = "") -> Done:
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意程度")})
    proposal.satisfaction = satisfaction
    proposal.satisfaction_note = str(note or "").strip()[:500]
    return Done(note=str(Satisfaction(satisfaction).label))
