"""Legal-aid cases: the application (at the window, on the portal, from a consultation
or a mediation case), and the work of each step of the case workflow
(``legalaid.workflows``), taken by the one engine (``core.workflow.take``): it scopes,
locks the case, checks the state and the guards, writes the history and the audit.

The review runs 7 working days from receipt (``core.deadlines``); asking the worker for
documents pauses it and their arrival resumes it with the days that were left. A decision
taken after the deadline needs the reason it was late."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import (
    DISPUTES_CONSULT,
    DISPUTES_VIEW,
    HOTLINE_HANDLE,
    LEGALAID_DECIDE,
    LEGALAID_RECEIVE,
)
from gonghui.core import audit, deadlines, pii, rules
from gonghui.core.models import AuditAction, NoticeKind
from gonghui.core.notices import Text, notice_send
from gonghui.core.numbering import next_number
from gonghui.core.scoping import NOT_FOUND, Actor, OutOfScope, require
from gonghui.core.workflow import Done, begin
from gonghui.disputes.models import Consultation, MediationCase
from gonghui.hotline.models import Ticket
from gonghui.legalaid.choices import (
    WON,
    ApplicantStatus,
    Channel,
    Matter,
    Outcome,
    StageKind,
)
from gonghui.legalaid.models import Lawyer, LegalAidCase, Stage
from gonghui.legalaid.services import eligibility, lawyers
from gonghui.members.models import Person
from gonghui.organizations.models import LegalEntity, Organization

FACTS_MAX = 10_000
TEXT_MAX = 2_000


def case_url(case: LegalAidCase) -> str:
    return reverse("legalaid:case_detail", args=[case.pk])


def _worker_notice(case: LegalAidCase, title: Any, body: Any = "") -> Any:
    """A notice to the worker: their account, else their record, else their phone."""

    def send() -> Any:
        url = reverse("portal:legalaid_detail", args=[case.pk])
        if case.applicant_user_id:
            return notice_send(user=case.applicant_user, title=title, body=body, url=url)
        if case.person is not None:
            return notice_send(person=case.person, title=title, body=body, url=url)
        if case.phone:
            return notice_send(phone=case.phone, title=title, body=body)
        return None

    return send


# --- the application ---------------------------------------------------------------------


def _statuses(values: Any, errors: rules.Errors) -> list[str]:
    codes = [str(code) for code in (values or [])]
    unknown = [code for code in codes if code not in ApplicantStatus.values]
    if unknown:
        errors.add("statuses", _("申请人身份无效：%(code)s") % {"code": unknown[0]})
    return [code for code in dict.fromkeys(codes) if code in ApplicantStatus.values]


def _household(size: Any, income: Any, errors: rules.Errors) -> tuple[int | None, Decimal | None]:
    if size in (None, "") and income in (None, ""):
        return None, None
    people = errors.check(rules.count, size, "household_size", label=_("家庭人口"), minimum=1)
    money = errors.check(rules.money, income, "household_income", label=_("家庭月收入"))
    return people, money


def _applicant_person(applicant_user: Actor | None, id_number: str) -> Person | None:
    """The worker's record: a member applying online is their own record (another's ID
    number is refused: it would lend them that worker's hardship status and case); staff
    at a window find the record by the ID number."""
    if applicant_user is not None:
        own = Person.objects.filter(user=applicant_user.pk).first()
        if own is not None and id_number and own.id_number != id_number:
            raise ValidationError({"id_number": _("请填写本人的身份证号")})
        return own
    if not id_number:
        return None
    return Person.objects.filter(id_number_index=pii.blind_index(id_number)).first()


def _source(
    actor: Actor,
    consultation: Consultation | None,
    mediation_case: MediationCase | None,
    ticket: Ticket | None = None,
) -> None:
    """The consultation, mediation case or hotline ticket an application comes from must
    be the actor's; a consultation or a ticket becomes one application."""
    try:
        if consultation is not None:
            require(actor, DISPUTES_CONSULT, consultation)
        if mediation_case is not None:
            require(actor, DISPUTES_VIEW, mediation_case)
        if ticket is not None:
            require(actor, HOTLINE_HANDLE, ticket)
    except OutOfScope as exc:
        raise ValidationError({"source": str(NOT_FOUND)}) from exc
    if consultation is not None:
        taken = LegalAidCase.objects.filter(consultation=consultation).first()
        if taken is not None:
            raise ValidationError(
                {"source": _("该咨询已登记法律援助申请 %(number)s") % {"number": taken.number}}
            )
    if ticket is not None:
        taken = LegalAidCase.objects.filter(ticket=ticket).first()
        if taken is not None:
            raise ValidationError(
                {"source": _("该工单已登记法律援助申请 %(number)s") % {"number": taken.number}}
            )


@transaction.atomic
def case_receive(
    *,
    actor: Actor,
    organization: Organization,
    channel: str,
    name: str,
    matter: str,
    facts: str,
    opposing_name: str = "",
    opposing_party: LegalEntity | None = None,
    id_number: str = "",
    phone: str = "",
    statuses: list[str] | None = None,
    household_size: Any = None,
    household_income: Any = None,
    amount_claimed: Any = None,
    received_on: date | None = None,
    applicant_user: Actor | None = None,
    consultation: Consultation | None = None,
    mediation_case: MediationCase | None = None,
    ticket: Ticket | None = None,
) -> LegalAidCase:
    """Record an application received on ``received_on`` (default today) by
    ``organization``; the 7-working-day review starts that day. Staff receive at a node
    of their scope; a worker applying online (``applicant_user`` is the actor) files with
    the node the portal sends applications to."""
    if applicant_user is None:
        require(actor, LEGALAID_RECEIVE, organization)
    errors = rules.Errors()
    worker = errors.check(rules.required_text, name, "name", label=_("申请人姓名"), max_length=50)
    number = (
        errors.check(rules.normalized, pii.normalize_id_number, id_number, "id_number")
        if id_number
        else ""
    )
    mobile = errors.check(rules.normalized, pii.normalize_phone, phone, "phone") if phone else ""
    if matter not in Matter.values:
        errors.add("matter", _("请选择援助事项"))
    if channel not in Channel.values:
        errors.add("channel", _("申请渠道无效"))
    text = errors.check(
        rules.required_text, facts, "facts", label=_("案情及请求"), max_length=FACTS_MAX
    )
    party = opposing_party.name if opposing_party is not None else str(opposing_name or "").strip()
    errors.check(rules.required_text, party, "opposing_name", label=_("对方当事人"), max_length=120)
    codes = _statuses(statuses, errors)
    size, income = _household(household_size, household_income, errors)
    amount = None
    if amount_claimed not in (None, ""):
        amount = errors.check(rules.money, amount_claimed, "amount_claimed", label=_("涉案金额"))
    day = received_on or timezone.localdate()
    errors.check(rules.past_date, day, "received_on", label=_("收到申请日期"))
    errors.raise_any()
    _source(actor, consultation, mediation_case, ticket)
    person = _applicant_person(applicant_user, number or "")
    case = LegalAidCase(
        number=next_number("legalaid", f"FY{day:%Y}", width=5),
        organization=organization,
        channel=channel,
        received_on=day,
        received_by_id=None if applicant_user is not None else actor.pk,
        applicant_user_id=applicant_user.pk if applicant_user is not None else None,
        person=person,
        name=worker or "",
        id_number=number or "",
        phone=mobile or "",
        statuses=codes,
        household_size=size,
        household_income=income,
        matter=matter,
        facts=text or "",
        opposing_party=opposing_party,
        opposing_name=party,
        amount_claimed=amount,
        consultation=consultation,
        mediation_case=mediation_case,
        ticket=ticket,
    )
    case.last_event_on = day
    deadlines.start(case, day)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:  # the same consultation or ticket, received twice at once
        raise ValidationError({"source": _("该来源已登记法律援助申请")}) from exc
    begin(actor, case, "apply")
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=case,
        organization=organization,
        message=_("收到法律援助申请"),
    )
    _worker_notice(
        case,
        Text(gettext_lazy("您的法律援助申请 %(number)s 已收到"), number=case.number),
        Text(gettext_lazy("我们将在 %(day)s 前作出是否给予援助的决定。"), day=case.due_on),
    )()
    return case


def assessment(case: LegalAidCase) -> eligibility.Assessment:
    """The means test of the case by the rules in force on the day it was received."""
    return eligibility.assess(
        statuses=eligibility.statuses_of(case.person, case.statuses, case.received_on),
        matter=case.matter,
        household_size=case.household_size,
        household_income=case.household_income,
        on=case.received_on,
    )


# --- the review --------------------------------------------------------------------------


def _event_day(case: LegalAidCase, value: Any, field: str, label: Any) -> date:
    """The day a step is dated: not in the future, and not before the latest step
    recorded on the case (so that a pause, a decision or a closing cannot be slipped
    into a past that has been counted). Becomes the case's latest step day."""
    day = rules.past_date(value or timezone.localdate(), field, label=label)
    floor = case.last_event_on or case.received_on
    if day < floor:
        raise ValidationError(
            {
                field: _("%(label)s不能早于本案上一步办理的日期 %(day)s")
                % {"label": label, "day": floor}
            }
        )
    case.last_event_on = day
    return day


def _decision_day(case: LegalAidCase, decided_on: Any, late_reason: Any) -> tuple[date, str]:
    """The decision's day and, when it is late (dated after the deadline while the clock
    runs), its reason."""
    errors = rules.Errors()
    day = errors.check(_event_day, case, decided_on, "decided_on", _("决定日期"))
    reason = str(late_reason or "").strip()
    running = case.paused_on is None and case.due_on is not None
    late = running and day is not None and day > case.due_on  # type: ignore[operator]
    if late and not reason:
        errors.add(
            "late_reason",
            _("审查期限已于 %(day)s 届满，逾期作出决定须说明理由") % {"day": case.due_on},
        )
    errors.raise_any()
    assert day is not None
    return day, reason if late else ""


def request_documents(
    actor: Actor, case: LegalAidCase, *, waiting_for: str, on: date | None = None
) -> Done:
    """Ask the worker for documents: the review's clock stops until they arrive."""
    text = rules.required_text(
        waiting_for, "waiting_for", label=_("需补充的材料"), max_length=TEXT_MAX
    )
    day = _event_day(case, on, "on", _("通知日期"))
    if case.due_on is not None and day > case.due_on:
        raise ValidationError(
            {
                "on": _("审查期限已于 %(day)s 届满，不能再暂停计时；请作出决定并说明逾期理由")
                % {"day": case.due_on}
            }
        )
    left = deadlines.pause(case, day)
    case.waiting_for = text
    notice = _worker_notice(
        case,
        Text(gettext_lazy("法律援助申请 %(number)s 需要补充材料"), number=case.number),
        text,
    )
    return Done(
        note=_("需补充：%(what)s（审查期限剩余 %(days)d 个工作日）") % {"what": text, "days": left},
        notices=[notice],
    )


def documents_in(actor: Actor, case: LegalAidCase, *, on: date | None = None) -> Done:
    """The documents arrived: the clock runs again with the days that were left."""
    day = _event_day(case, on, "on", _("收到材料日期"))
    deadline = deadlines.resume(case, day)
    return Done(note=_("材料已补齐，审查期限至 %(day)s") % {"day": deadline.day})


def accept(
    actor: Actor,
    case: LegalAidCase,
    *,
    decided_on: date | None = None,
    late_reason: str = "",
    note: str = "",
) -> Done:
    """Give legal aid: the means test must pass by the rules (status, exemption, line)."""
    day, reason = _decision_day(case, decided_on, late_reason)
    result = assessment(case)
    if not result.passed:
        raise ValidationError(
            {
                "status": _("经济困难审查未通过（%(result)s：%(basis)s），不能给予援助")
                % {"result": result.label, "basis": result.basis}
            }
        )
    case.means_result, case.means_basis = result.result, result.basis[:200]
    case.decided_on, case.decided_by_id, case.late_reason = day, actor.pk, reason
    case.statuses = eligibility.statuses_of(case.person, case.statuses, case.received_on)
    notice = _worker_notice(
        case,
        Text(gettext_lazy("您的法律援助申请 %(number)s 已受理"), number=case.number),
        Text(gettext_lazy("我们将为您指派律师，律师会与您联系。")),
    )
    return Done(note=str(note or "").strip() or result.basis, notices=[notice])


def refuse(
    actor: Actor,
    case: LegalAidCase,
    *,
    reason: str,
    decided_on: date | None = None,
    late_reason: str = "",
) -> Done:
    """Refuse legal aid with the reason the worker reads."""
    text = rules.required_text(reason, "reason", label=_("不予援助的理由"), max_length=TEXT_MAX)
    day, late = _decision_day(case, decided_on, late_reason)
    result = assessment(case)
    case.means_result, case.means_basis = result.result, result.basis[:200]
    case.decided_on, case.decided_by_id, case.late_reason = day, actor.pk, late
    case.refusal_reason = text
    if case.paused_on is not None:  # refused while waiting for documents: the clock stops
        case.paused_on, case.paused_days_left = None, None
    notice = _worker_notice(
        case,
        Text(gettext_lazy("您的法律援助申请 %(number)s 未获批准"), number=case.number),
        text,
    )
    return Done(note=text, notices=[notice])


# --- the lawyer --------------------------------------------------------------------------


def _lawyer_checked(
    actor: Actor, case: LegalAidCase, lawyer: Lawyer | None, waiver: Any, on: date
) -> str:
    if lawyer is None:
        raise ValidationError({"lawyer": _("请选择承办律师")})
    try:
        require(actor, LEGALAID_DECIDE, lawyer)
    except OutOfScope as exc:
        raise ValidationError({"lawyer": str(NOT_FOUND)}) from exc
    if not lawyer.active:
        raise ValidationError({"lawyer": _("该律师已不在聘")})
    found = lawyers.conflicts(case, lawyer, on)
    blocking = [str(c) for c in found if c.blocking]
    if blocking:
        raise ValidationError(
            {"lawyer": _("存在利益冲突，不能指派该律师：%(what)s") % {"what": "；".join(blocking)}}
        )
    text = str(waiver or "").strip()
    if found and not text:
        raise ValidationError(
            {
                "conflict_waiver": _("存在可能的利益冲突（%(what)s），指派须记录豁免理由")
                % {"what": "；".join(str(c) for c in found)}
            }
        )
    return text if found else ""


def _lawyer_notice(case: LegalAidCase, lawyer: Lawyer) -> Any:
    def send() -> Any:
        if lawyer.user_id is None:
            return None
        return notice_send(
            user=lawyer.user,
            title=Text(gettext_lazy("指派法律援助案件 %(number)s"), number=case.number),
            body=Text(gettext_lazy("援助事项：%(matter)s"), matter=case.get_matter_display()),
            url=case_url(case),
            kind=NoticeKind.ASSIGNMENT,
        )

    return send


def assign(
    actor: Actor,
    case: LegalAidCase,
    *,
    lawyer: Lawyer | None,
    conflict_waiver: str = "",
    on: date | None = None,
) -> Done:
    """Assign the accepted case to a lawyer after the conflict check."""
    day = _event_day(case, on, "on", _("指派日期"))
    waiver = _lawyer_checked(actor, case, lawyer, conflict_waiver, day)
    assert lawyer is not None
    case.lawyer, case.assigned_on, case.conflict_waiver = lawyer, day, waiver
    notices = [
        _lawyer_notice(case, lawyer),
        _worker_notice(
            case,
            Text(gettext_lazy("法律援助案件 %(number)s 已指派律师"), number=case.number),
            Text(gettext_lazy("承办律师：%(lawyer)s"), lawyer=str(lawyer)),
        ),
    ]
    note = _("指派 %(lawyer)s") % {"lawyer": lawyer}
    if waiver:
        note += _("；利益冲突豁免：%(why)s") % {"why": waiver}
    return Done(note=note, notices=notices)


def reassign(
    actor: Actor,
    case: LegalAidCase,
    *,
    lawyer: Lawyer | None,
    reason: str,
    conflict_waiver: str = "",
) -> Done:
    """Hand the case to another lawyer, with the reason."""
    text = rules.required_text(reason, "reason", label=_("更换律师的理由"), max_length=TEXT_MAX)
    if lawyer is not None and lawyer.pk == case.lawyer_id:
        raise ValidationError({"lawyer": _("请选择另一位律师")})
    day = timezone.localdate()
    waiver = _lawyer_checked(actor, case, lawyer, conflict_waiver, day)
    assert lawyer is not None
    previous = case.lawyer
    case.lawyer, case.conflict_waiver = lawyer, waiver
    note = _("由 %(old)s 改为 %(new)s：%(why)s") % {"old": previous, "new": lawyer, "why": text}
    return Done(note=note, notices=[_lawyer_notice(case, lawyer)])


# --- the stages and the end --------------------------------------------------------------


def _open_stage(case: LegalAidCase) -> Stage | None:
    return case.stages.filter(ended_on__isnull=True).order_by("-started_on", "-id").first()


def stage(
    actor: Actor, case: LegalAidCase, *, kind: str, started_on: date | None, note: str = ""
) -> Done:
    """Begin a stage (advice, negotiation ... enforcement): the one under way ends that day."""
    errors = rules.Errors()
    if kind not in StageKind.values:
        errors.add("kind", _("请选择办案阶段"))
    day = errors.check(_event_day, case, started_on, "started_on", _("开始日期"))
    errors.raise_any()
    assert day is not None
    current = _open_stage(case)
    last_start = current.started_on if current else case.assigned_on
    if last_start and day < last_start:
        raise ValidationError(
            {
                "started_on": _("开始日期不能早于 %(day)s（上一阶段开始或指派律师的日期）")
                % {"day": last_start}
            }
        )
    if current is not None:
        current.ended_on = day
        current.save(update_fields=["ended_on"])
    row = Stage.objects.create(
        case=case,
        kind=kind,
        started_on=day,
        note=str(note or "").strip()[:TEXT_MAX],
        recorded_by_id=actor.pk,
    )
    return Done(note=_("%(stage)s，自 %(day)s") % {"stage": row.get_kind_display(), "day": day})


def close(
    actor: Actor,
    case: LegalAidCase,
    *,
    outcome: str,
    recovered: Any,
    closed_on: date | None,
    summary: str,
) -> Done:
    """Close the case with its outcome and the money recovered for the worker."""
    errors = rules.Errors()
    if outcome not in Outcome.values:
        errors.add("outcome", _("请选择结果"))
    amount = errors.check(
        rules.money,
        recovered if recovered not in (None, "") else "0",
        "recovered",
        label=_("挽回金额"),
    )
    day = errors.check(_event_day, case, closed_on, "closed_on", _("结案日期"))
    text = errors.check(
        rules.required_text, summary, "summary", label=_("结案说明"), max_length=TEXT_MAX
    )
    current = _open_stage(case)
    floor = (
        max(d for d in (case.assigned_on, current.started_on if current else None) if d)
        if case.assigned_on
        else None
    )
    if day is not None and floor is not None and day < floor:
        errors.add("closed_on", _("结案日期不能早于 %(day)s") % {"day": floor})
    if amount and outcome == Outcome.LOST:
        errors.add("recovered", _("败诉的案件没有挽回金额"))
    errors.raise_any()
    if current is not None:
        current.ended_on = day
        current.save(update_fields=["ended_on"])
    case.outcome, case.recovered, case.closed_on = outcome, amount, day
    case.closing_summary = text or ""
    notice = _worker_notice(
        case,
        Text(gettext_lazy("法律援助案件 %(number)s 已结案"), number=case.number),
        Text(gettext_lazy("欢迎您对本次法律援助服务作出评价。")),
    )
    won = _("（胜诉）") if outcome in WON else ""
    return Done(
        note=_("%(outcome)s%(won)s，挽回 %(amount)s 元")
        % {"outcome": Outcome(outcome).label, "won": won, "amount": amount},
        notices=[notice],
    )


def link_mediation(actor: Actor, case: LegalAidCase, *, number: str) -> Done:
    """Link the mediation case of the same dispute (both pages show the other)."""
    text = str(number or "").strip()
    if not text:
        raise ValidationError({"number": _("请填写调解案件编号")})
    found = MediationCase.objects.for_actor(actor, DISPUTES_VIEW).filter(number=text).first()
    if found is None:
        raise ValidationError({"number": _("未找到该调解案件，或不在您的管理范围内")})
    case.mediation_case = found
    return Done(note=_("关联调解案件 %(number)s") % {"number": found.number})


def withdraw(actor: Actor, case: LegalAidCase, *, reason: str) -> Done:
    """The worker withdraws the application (told at the window, or on the portal)."""
    text = rules.required_text(reason, "reason", label=_("撤回原因"), max_length=TEXT_MAX)
    case.paused_on, case.paused_days_left = None, None
    return Done(note=text)


def rate(actor: Actor, case: LegalAidCase, *, rating: Any, comment: str = "") -> Done:
    """The worker's rating of the service (1 to 5), given on the portal or by phone."""
    score = rules.count(rating, "rating", label=_("评价"), minimum=1)
    if score > 5:
        raise ValidationError({"rating": _("评价为 1 至 5 分")})
    if case.rating is not None:
        raise ValidationError({"rating": _("该案件已评价")})
    case.rating, case.rating_comment = score, str(comment or "").strip()[:TEXT_MAX]
    case.rated_on = timezone.localdate()
    return Done(note=_("%(score)d 分") % {"score": score})


def may_rate(case: LegalAidCase) -> Any:
    return _("该案件已评价") if case.rating is not None else None
