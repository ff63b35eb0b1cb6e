"""Hotline tickets: registering one, and the work of each step of the ticket workflow
(``hotline.workflows``), which the one engine (``core.workflow.take``) takes: it scopes,
locks the ticket, checks the state and the guard, and writes the history and the audit.

The clocks (``core.clocks``): the completion clock runs from the time the hotline received
the call; dispatching starts the unit's first-contact and handling clocks (again on each
dispatch); holding pauses and resuming resumes them; a return removes the unit's clocks;
contact and completion meet theirs. Each is counted as the service level of its source in
force when it starts says (``ServiceLevel``); a measure without a level has no clock."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import (
    DISPUTES_CONSULT,
    DISPUTES_MEDIATE,
    HOTLINE_DISPATCH,
    HOTLINE_HANDLE,
)
from gonghui.core import audit, clocks, pii, rules
from gonghui.core.models import AuditAction, NoticeKind, Sequence
from gonghui.core.notices import Text, notice_send
from gonghui.core.scoping import Actor, allows, require
from gonghui.core.workflow import Done, begin
from gonghui.hotline.choices import UNIT_CLOCKS, Category, Measure, Source
from gonghui.hotline.models import ReturnReason, Ticket, TicketReturn
from gonghui.hotline.services.levels import level_for
from gonghui.organizations.models import Organization

EARLIEST = date(1990, 1, 1)  # no hotline took a call before this day
REQUEST_MAX = 5000
ANSWER_MAX = 5000
NOTE_MAX = 2000
# the fields a ticket's registration (or an import) gives
FIELDS = (
    "source",
    "number",
    "received_at",
    "caller_name",
    "caller_phone",
    "request",
    "category",
)


def label(field: str) -> str:
    return str(Ticket._meta.get_field(field).verbose_name)  # type: ignore[union-attr]


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """The registration fields, checked: every refusal names its field."""
    errors = rules.Errors()
    cleaned = dict(data)
    if cleaned.get("source") not in Source.values:
        errors.add("source", _("请选择%(label)s") % {"label": label("source")})
    number = " ".join(str(cleaned.get("number") or "").split())
    cleaned["number"] = errors.check(
        rules.required_text, number, "number", label=label("number"), max_length=40
    )
    received = cleaned.get("received_at")
    if not isinstance(received, datetime):
        errors.add("received_at", _("请填写%(label)s") % {"label": label("received_at")})
    elif received > timezone.now():
        errors.add("received_at", _("%(label)s不能晚于现在") % {"label": label("received_at")})
    elif received.date() < EARLIEST:
        errors.add("received_at", _("%(label)s超出范围") % {"label": label("received_at")})
    cleaned["caller_name"] = " ".join(str(cleaned.get("caller_name") or "").split())[:50]
    if cleaned.get("caller_phone"):
        cleaned["caller_phone"] = errors.check(
            rules.normalized, pii.normalize_phone, cleaned["caller_phone"], "caller_phone"
        )
    else:
        cleaned["caller_phone"] = ""
    cleaned["request"] = errors.check(
        rules.required_text,
        cleaned.get("request"),
        "request",
        label=label("request"),
        max_length=REQUEST_MAX,
    )
    if cleaned.get("category") not in Category.values:
        errors.add("category", _("请选择%(label)s") % {"label": label("category")})
    errors.raise_any()
    return cleaned


TICKETS_LOCK = "hotline:tickets"


def lock_numbers() -> None:
    """Serialise the writers of new tickets (registering, importing): the check that a
    number is new and its insert happen under one row lock, so two writers of the same
    number never race (the unique constraint is the last guard)."""
    Sequence.objects.get_or_create(name=TICKETS_LOCK)
    Sequence.objects.select_for_update().get(name=TICKETS_LOCK)


def start_clock(ticket: Ticket, measure: str, at: datetime) -> None:
    level = level_for(ticket.source, measure, timezone.localdate(at))
    if level is not None:
        clocks.start(ticket, measure, at=at, amount=level.amount, unit=level.unit)


@transaction.atomic
def ticket_register(*, actor: Actor, organization: Organization, **fields: Any) -> Ticket:
    """Register a ticket received at ``organization`` (its first unit, 首接单位, for
    good); the completion clock starts at the time the hotline received it."""
    require(actor, HOTLINE_DISPATCH, organization)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError({key: _("该字段不能在此填写") for key in sorted(unknown)})
    cleaned = clean(fields)
    lock_numbers()
    if Ticket.objects.filter(source=cleaned["source"], number=cleaned["number"]).exists():
        raise ValidationError({"number": _("该来源的工单编号已存在")})
    ticket = Ticket.objects.create(organization=organization, owner=organization, **cleaned)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=ticket, after=audit.snapshot(ticket))
    begin(actor, ticket, "register")
    start_clock(ticket, Measure.COMPLETION, ticket.received_at)
    return ticket


# --- the steps (declared in ``hotline.workflows``) -------------------------------------


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _text(value: Any, field: str, name: Any, max_length: int = NOTE_MAX) -> str:
    return rules.required_text(value, field, label=name, max_length=max_length)


def check_handler(handler: Any, unit: Organization, field: str = "handler") -> None:
    """A handler is a user who handles tickets at the unit."""
    if handler is not None and not allows(handler, HOTLINE_HANDLE, unit):
        raise ValidationError({field: _("承办人须是承办单位办理热线工单的工作人员")})


def _tell_handler(ticket: Ticket) -> None:
    if ticket.handler_id is None:
        return
    notice_send(
        user=ticket.handler,
        title=Text(gettext_lazy("您有新的热线工单：%(ticket)s"), ticket=str(ticket)),
        body=Text(gettext_lazy("请按时联系来电人并办理。")),
        url=f"/hotline/tickets/{ticket.pk}/",
        kind=NoticeKind.ASSIGNMENT,
    )


def dispatch(
    actor: Actor,
    ticket: Ticket,
    *,
    unit: Organization,
    handler: Any = None,
    at: datetime | None = None,
) -> Done:
    """Send the ticket to ``unit`` (in the dispatcher's scope), with its handler."""
    if unit is None or not allows(actor, HOTLINE_DISPATCH, unit):
        raise ValidationError({"unit": _("请选择您管理范围内的承办单位")})
    check_handler(handler, unit)
    when = _now(at)
    ticket.dispatcher_unit = ticket.organization
    ticket.organization = unit
    ticket.handler = handler
    ticket.dispatched_at = when
    ticket.hold_reason = ""
    for measure in UNIT_CLOCKS:
        start_clock(ticket, measure, when)
    notices = [lambda: _tell_handler(ticket)]
    return Done(note=_("派至 %(unit)s") % {"unit": unit.name}, notices=notices)


def assign(actor: Actor, ticket: Ticket, *, handler: Any) -> Done:
    """Give the ticket to another handler at its unit."""
    if handler is None:
        raise ValidationError({"handler": _("请选择承办人")})
    check_handler(handler, ticket.organization)
    ticket.handler = handler
    return Done(note=str(handler), notices=[lambda: _tell_handler(ticket)])


def contact(actor: Actor, ticket: Ticket, *, note: str, at: datetime | None = None) -> Done:
    """The unit contacted the caller (首次联系); the work begins."""
    text = _text(note, "note", _("联系情况"))
    when = _now(at)
    if ticket.contacted_at is None:
        ticket.contacted_at = when
    ticket.contact_note = text
    clocks.meet(ticket, Measure.CONTACT, at=when)
    return Done(note=text)


def hold(actor: Actor, ticket: Ticket, *, reason: str, at: datetime | None = None) -> Done:
    """Hold the ticket (waiting for the caller or another body): the clocks stop."""
    text = _text(reason, "reason", _("挂起原因"))
    ticket.hold_reason = text
    clocks.pause(ticket, at=_now(at))
    return Done(note=text)


def resume(actor: Actor, ticket: Ticket, *, at: datetime | None = None) -> Done:
    clocks.resume(ticket, at=_now(at))
    ticket.hold_reason = ""
    return Done()


def complete(actor: Actor, ticket: Ticket, *, answer: str, at: datetime | None = None) -> Done:
    """办结: the answer given to the caller is required."""
    text = _text(answer, "answer", label("answer"), ANSWER_MAX)
    when = _now(at)
    ticket.answer = text
    ticket.completed_at = when
    ticket.completed_unit = ticket.organization
    clocks.meet(ticket, Measure.HANDLING, at=when)
    met = clocks.meet(ticket, Measure.COMPLETION, at=when)
    ticket.completed_on_time = met.met_on_time if met is not None else None
    return Done(note=text)


def callback(
    actor: Actor,
    ticket: Ticket,
    *,
    contacted: bool,
    solved: bool,
    satisfied: bool,
    note: str = "",
    at: datetime | None = None,
) -> Done:
    """回访: whether the caller was contacted, the problem solved, the caller satisfied."""
    errors = rules.Errors()
    answers = (
        ("contacted", contacted, "callback_contacted"),
        ("solved", solved, "callback_solved"),
        ("satisfied", satisfied, "callback_satisfied"),
    )
    for field, value, column in answers:
        if not isinstance(value, bool):
            errors.add(field, _("请选择%(label)s") % {"label": label(column)})
    errors.raise_any()
    ticket.callback_contacted = contacted
    ticket.callback_solved = solved
    ticket.callback_satisfied = satisfied
    ticket.callback_note = str(note or "").strip()[:NOTE_MAX]
    ticket.callback_at = _now(at)
    return Done(note=ticket.callback_note)


def close(actor: Actor, ticket: Ticket, *, note: str = "", at: datetime | None = None) -> Done:
    """Close a called-back ticket, or a returned one that goes back to the hotline
    platform unanswered (its clocks no longer apply)."""
    ticket.closed_at = _now(at)
    if ticket.completed_at is None:
        clocks.cancel(ticket)
    return Done(note=str(note or "").strip()[:NOTE_MAX])


def may_return(ticket: Ticket) -> Any:
    """首接负责: the unit that first received the ticket handles it or dispatches it, it
    has nobody to return it to."""
    if ticket.dispatcher_unit_id is None or ticket.dispatcher_unit_id == ticket.organization_id:
        return gettext_lazy("首接负责：首接单位须自行办理或改派，不能退回")
    return None


def return_(
    actor: Actor,
    ticket: Ticket,
    *,
    reason: ReturnReason | None,
    note: str = "",
    at: datetime | None = None,
) -> Done:
    """退回: back to the unit that dispatched it, with a reason from the list; counted."""
    if reason is None or not ReturnReason.objects.filter(pk=reason.pk, active=True).exists():
        raise ValidationError({"reason": _("请从列表中选择退回理由")})
    when = _now(at)
    TicketReturn.objects.create(
        ticket=ticket,
        returned_at=when,
        organization=ticket.organization,
        reason=reason,
        note=str(note or "").strip()[:NOTE_MAX],
        returned_by_id=actor.pk,
    )
    ticket.returns += 1
    ticket.organization = ticket.dispatcher_unit  # type: ignore[assignment]
    ticket.handler = None
    ticket.hold_reason = ""
    clocks.cancel(ticket, names=UNIT_CLOCKS)
    clocks.resume(ticket, at=when)  # a completion clock held at the unit runs again
    return Done(note=f"{reason.name} {note}".strip())


def may_convert(ticket: Ticket, field: str) -> Any:
    if getattr(ticket, f"{field}_id") is not None:
        return gettext_lazy("该工单已转办")
    return None


def may_consult(actor: Actor | None, ticket: Ticket) -> Any:
    if actor is None or not allows(actor, DISPUTES_CONSULT, ticket.organization):
        return gettext_lazy("您没有登记咨询的权限")
    return None


def may_mediate(actor: Actor | None, ticket: Ticket) -> Any:
    if actor is None or not actor.has_action(DISPUTES_MEDIATE):
        return gettext_lazy("您没有登记调解申请的权限")
    return None


def to_consultation(actor: Actor, ticket: Ticket, *, topic: str) -> Done:
    """转为咨询: a consultation by hotline at the ticket's unit, linked both ways."""
    from gonghui.disputes.choices import Channel
    from gonghui.disputes.services.consultations import consultation_log

    consultation = consultation_log(
        actor=actor,
        organization=ticket.organization,
        channel=Channel.HOTLINE,
        topic=topic,
        held_on=timezone.localdate(),
        worker_name=ticket.caller_name,
        phone=ticket.caller_phone,
        question=ticket.request,
    )
    ticket.consultation = consultation
    return Done(note=_("转为咨询 #%(pk)s") % {"pk": consultation.pk})


def to_mediation(
    actor: Actor, ticket: Ticket, *, committee: Any, employer_name: str, facts: str = ""
) -> Done:
    """转为调解: a mediation application by the caller, linked both ways."""
    from gonghui.disputes.services.cases import case_apply

    if committee is None:
        raise ValidationError({"committee": _("请选择调解委员会")})
    name = ticket.caller_name or _("来电人")
    case = case_apply(
        actor=actor,
        committee=committee,
        applicants=[{"name": name, "phone": ticket.caller_phone}],
        facts=str(facts or "").strip() or ticket.request,
        claims=[],
        employer_name=employer_name,
        oral=True,
    )
    ticket.mediation_case = case
    return Done(note=_("转为调解案件 %(number)s") % {"number": case.number})
