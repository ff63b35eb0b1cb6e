"""Mediation cases: the application, and the work of each step of the case workflow
(``disputes.workflows``), which the one engine (``core.workflow.take``) takes: it scopes,
locks the case, checks the state and the guard, and writes the history and audit."""

from collections.abc import Callable
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import DISPUTES_MEDIATE, DISPUTES_VIEW
from gonghui.core import audit, deadlines, pii, rules
from gonghui.core.models import AuditAction, NoticeKind
from gonghui.core.notices import Text, notice_send
from gonghui.core.numbering import next_number
from gonghui.core.scoping import NOT_FOUND, Actor, OutOfScope
from gonghui.core.workflow import Done, begin, take
from gonghui.disputes.choices import (
    TIER_ABOVE,
    ClaimKind,
    ConsultationOutcome,
    Outcome,
    SessionStatus,
    Tier,
)
from gonghui.disputes.models import (
    CaseApplicant,
    Claim,
    Consultation,
    MediationCase,
    MediationCommittee,
    Session,
)
from gonghui.members.choices import MembershipStatus
from gonghui.organizations.models import LegalEntity

FACTS_MAX = 10_000


def _clean_applicants(applicants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not applicants:
        raise ValidationError({"applicants": _("至少需要一名申请人")})
    cleaned, errors = [], {}
    for n, raw in enumerate(applicants, start=1):
        row = {"name": " ".join(str(raw.get("name") or "").split()), "person": raw.get("person")}
        if not row["name"]:
            errors[f"applicants.{n}.name"] = _("第%(n)d位申请人：请填写姓名") % {"n": n}
        try:
            row["id_number"] = (
                pii.normalize_id_number(raw["id_number"]) if raw.get("id_number") else ""
            )
        except ValidationError as exc:
            errors[f"applicants.{n}.id_number"] = _("第%(n)d位申请人：%(error)s") % {
                "n": n,
                "error": exc.messages[0],
            }
        try:
            row["phone"] = pii.normalize_phone(raw["phone"]) if raw.get("phone") else ""
        except ValidationError as exc:
            errors[f"applicants.{n}.phone"] = _("第%(n)d位申请人：%(error)s") % {
                "n": n,
                "error": exc.messages[0],
            }
        cleaned.append(row)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_claims(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned, errors = [], rules.Errors()
    for n, raw in enumerate(claims, start=1):
        label = _("第%(n)d项请求的金额") % {"n": n}
        amount = errors.check(rules.money, raw.get("amount"), f"claims.{n}.amount", label=label)
        if raw.get("kind") not in ClaimKind.values:
            errors.add(f"claims.{n}.kind", _("第%(n)d项请求：请选择请求事项") % {"n": n})
        cleaned.append({"kind": raw.get("kind"), "amount": amount, "note": raw.get("note", "")})
    errors.raise_any()
    return cleaned


@transaction.atomic
def case_apply(
    *,
    actor: Actor,
    committee: MediationCommittee,
    applicants: list[dict[str, Any]],
    facts: str,
    claims: list[dict[str, Any]],
    employer: LegalEntity | None = None,
    employer_name: str = "",
    employer_agent: str = "",
    applied_on: date | None = None,
    oral: bool = False,
    applicant_user: Actor | None = None,
    consultation: Consultation | None = None,
) -> MediationCase:
    """Record an application (written, online, or oral — taken down on the spot).
    ``consultation``: the consultation it comes from ("to mediation"), linked to the case.

    Staff and mediators file with a committee they handle; a worker files for themself
    (``applicant_user`` is the actor) with a station's or the federation's committee, or
    the enterprise committee of the union they are a member of."""
    _check_may_file(actor, committee, applicant_user)
    errors = rules.Errors()
    people = errors.check(_clean_applicants, applicants) or []
    asked = errors.check(_clean_claims, claims) or []
    errors.check(rules.required_text, facts, "facts", label=_("事实与理由"), max_length=FACTS_MAX)
    name = employer.name if employer else (employer_name or "").strip()
    errors.check(rules.required_text, name, "employer", label=_("被申请单位"), max_length=120)
    day = applied_on or timezone.localdate()
    errors.check(rules.past_date, day, "applied_on", label=_("申请日期"))
    if not committee.active:
        errors.add("committee", _("该调解委员会已撤销"))
    if consultation is not None:
        consultation = _turning(actor, consultation, errors)
    errors.raise_any()
    case = MediationCase.objects.create(
        number=next_number("mediation", f"TJ{day:%Y}", width=5),
        committee=committee,
        applied_on=day,
        oral=oral,
        employer=employer,
        employer_name=name,
        employer_agent=employer_agent,
        facts=facts.strip(),
        applicant_user_id=applicant_user.pk if applicant_user is not None else None,
    )
    CaseApplicant.objects.bulk_create(CaseApplicant(case=case, **row) for row in people)
    Claim.objects.bulk_create(Claim(case=case, **row) for row in asked)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=case,
        organization=committee.organization,
        after=audit.snapshot(case),
        message=_("调解申请（%(count)d名申请人）") % {"count": len(applicants)},
    )
    begin(actor, case, "apply")
    if consultation is not None:
        _link_consultation(actor, consultation, case)
    _tell(case, Text(gettext_lazy("调解申请已登记：%(number)s"), number=case.number))
    return case


def _turning(actor: Actor, consultation: Consultation, errors: rules.Errors) -> Consultation:
    """The consultation, read in the actor's scope and locked: not yet turned into a case."""
    row = (
        Consultation.objects.for_actor(actor, DISPUTES_VIEW)
        .select_for_update()
        .filter(pk=consultation.pk)
        .first()
    )
    if row is None:
        raise OutOfScope(consultation.pk)
    if row.mediation_case_id is not None:
        errors.add("consultation", _("该咨询已转为调解申请"))
    return row


def _link_consultation(actor: Actor, consultation: Consultation, case: MediationCase) -> None:
    before = audit.snapshot(consultation)
    consultation.mediation_case = case
    consultation.outcome = ConsultationOutcome.MEDIATION
    consultation.save(update_fields=["mediation_case", "outcome", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=consultation,
        before=before,
        after=audit.snapshot(consultation),
        message=_("转为调解申请 %(number)s") % {"number": case.number},
    )


def _check_may_file(
    actor: Actor, committee: MediationCommittee, applicant_user: Actor | None
) -> None:
    if actor.is_superuser:
        return
    handled = MediationCommittee.objects.for_actor(actor, DISPUTES_MEDIATE)
    if handled.filter(pk=committee.pk).exists():
        return
    if applicant_user is not None and applicant_user == actor:
        if committee.tier != Tier.ENTERPRISE:
            return
        person = getattr(actor, "person", None)
        if (
            person is not None
            and person.memberships.filter(
                status=MembershipStatus.ACTIVE, union=committee.organization
            ).exists()
        ):
            return
    raise OutOfScope(committee.pk)


def _tell(case: MediationCase, title: Text, body: "Text | str" = "") -> None:
    """Every applicant hears of their case's steps: by their account (the one who applied
    online, or a worker's record with an account), else their record or phone (an SMS);
    each once, however many ways lead to them."""
    url = f"/portal/mediation/{case.pk}/"
    told: set[Any] = set()
    if case.applicant_user_id is not None:
        notice_send(user=case.applicant_user, title=title, body=body, url=url)
        told.add(("user", case.applicant_user_id))
    for row in case.applicants.select_related("person__user"):
        person = row.person
        user_id = person.user_id if person is not None else None
        if user_id is not None and ("user", user_id) in told:
            continue
        key = ("person", person.pk) if person is not None else ("phone", row.phone)
        if key in told or (person is None and not row.phone):
            continue
        told.add(key)
        if user_id is not None:
            told.add(("user", user_id))
        notice_send(
            person=person, phone="" if person else row.phone, title=title, body=body, url=url
        )


# --- the steps (declared in ``disputes.workflows``; ``core.workflow.take`` scopes, locks,
# checks the state and the guard, and records the history and the audit entry) ---------


def accept(
    actor: Actor, case: MediationCase, *, on: date | None = None, mediators: list[Any] | None = None
) -> Done:
    """Accept: the 15-day mediation period runs from the day of acceptance."""
    day = on or timezone.localdate()
    if day < case.applied_on or day > timezone.localdate():
        raise ValidationError({"accepted_on": _("受理日期应在申请日期和今天之间")})
    seated = set(case.committee.members.filter(active=True).values_list("user_id", flat=True))
    if any(mediator.pk not in seated for mediator in mediators or []):
        # the same answer as for an unknown id: never the name of someone not seated here
        raise ValidationError({"mediators": NOT_FOUND})
    case.accepted_on = day
    deadline = deadlines.start(case, day)
    if mediators:
        case.mediators.set(mediators)
    title = Text(gettext_lazy("调解申请已受理"))
    body = Text(gettext_lazy("调解期限至 %(day)s"), day=deadline.day)
    assigned = [m for m in mediators or [] if m.pk != getattr(actor, "pk", None)]
    return Done(
        message=_("受理，调解期限至 %(day)s") % {"day": deadline.day},
        notices=[lambda: _tell(case, title, body), lambda: _assign(case, assigned, deadline.day)],
    )


def _assign(case: MediationCase, mediators: list[Any], due: date) -> None:
    """Each mediator assigned to the case (but the one who assigned) hears of it."""
    url = reverse("disputes:case_detail", args=[case.pk])
    for mediator in mediators:
        notice_send(
            user=mediator,
            title=Text(gettext_lazy("您被指派调解案件 %(number)s"), number=case.number),
            body=Text(gettext_lazy("调解期限至 %(day)s"), day=due),
            url=url,
            kind=NoticeKind.ASSIGNMENT,
        )


def decline(actor: Actor, case: MediationCase, *, reason: str, on: date | None = None) -> Done:
    if not (reason or "").strip():
        raise ValidationError({"decline_reason": _("请填写不予受理的理由")})
    case.decline_reason = reason.strip()
    case.closed_on = on or timezone.localdate()
    title = Text(gettext_lazy("调解申请不予受理"))
    return Done(
        message=_("不予受理：%(reason)s") % {"reason": reason.strip()},
        note=reason.strip(),
        notices=[lambda: _tell(case, title, reason.strip())],
    )


def extend(actor: Actor, case: MediationCase, *, until: date, note: str) -> Done:
    """Extend the mediation period: only by agreement of both parties, recorded."""
    if not (note or "").strip():
        raise ValidationError({"extension_note": _("延长调解期限须经双方同意，请记录同意情况")})
    if until <= (case.due_on or case.applied_on):
        raise ValidationError({"extended_to": _("延长后的期限应晚于当前期限")})
    deadlines.extend(case, until, note.strip())
    return Done(message=_("经双方同意延长调解期限至 %(day)s") % {"day": until}, note=note.strip())


def _seated_mediator(case: MediationCase, mediator: Any, field: str = "mediator") -> Any:
    seated = case.committee.members.filter(active=True, user=getattr(mediator, "pk", None))
    if mediator is None or not seated.exists():
        # the same answer as for an unknown id: never the name of someone not seated here
        raise ValidationError({field: NOT_FOUND})
    return mediator


def _when(row: Session) -> str:
    start = row.starts_at.strftime("%H:%M") if row.starts_at else ""
    return f"{row.held_on:%Y-%m-%d} {start}".strip()


def schedule(
    actor: Actor,
    case: MediationCase,
    *,
    on: date,
    starts_at: time,
    place: str,
    mediator: Any,
) -> Done:
    """Schedule a session ahead: day, time, place and the mediator who holds it. The
    applicants are told; the mediator too, when someone else scheduled it."""
    if on < timezone.localdate():
        raise ValidationError({"on": _("调解日期不能早于今天")})
    place = " ".join((place or "").split())
    if not place:
        raise ValidationError({"place": _("请填写调解地点")})
    if starts_at is None:
        raise ValidationError({"starts_at": _("请填写开始时间")})
    _seated_mediator(case, mediator)
    clash = Session.objects.filter(
        mediator=mediator, status=SessionStatus.SCHEDULED, held_on=on, starts_at=starts_at
    )
    if clash.exists():
        raise ValidationError({"starts_at": _("该调解员在这个时间已有调解安排")})
    row = Session.objects.create(
        case=case,
        status=SessionStatus.SCHEDULED,
        held_on=on,
        starts_at=starts_at,
        place=place,
        mediator=mediator,
    )
    when = _when(row)
    message = _("安排调解：%(when)s %(place)s") % {"when": when, "place": place}
    _audit_session(actor, case, row, None, message)
    title = Text(gettext_lazy("调解定于 %(when)s 进行"), when=when)
    notices: list[Callable[[], Any]] = [lambda: _tell(case, title, place)]
    if mediator.pk != actor.pk:
        notices.append(
            lambda: notice_send(
                user=mediator,
                title=Text(
                    gettext_lazy("请于 %(when)s 主持调解：%(number)s"),
                    when=when,
                    number=case.number,
                ),
                body=place,
                url=reverse("disputes:case_detail", args=[case.pk]),
                kind=NoticeKind.ASSIGNMENT,
            )
        )
    return Done(result=row, note=f"{when} {place}", notices=notices, audited=True)


def _audit_session(
    actor: Actor, case: MediationCase, row: Session, before: Any, message: str
) -> None:
    """The audit entry of a session scheduled, held or called off (``before``: None when
    the row is new)."""
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=row,
        organization=case.committee.organization,
        before=before,
        after=audit.snapshot(row),
        message=message,
    )


def _call_off(actor: Actor, case: MediationCase, row: Session, reason: str) -> str:
    """Mark a scheduled session called off with ``reason``; its day and time, for notices."""
    before = audit.snapshot(row)
    row.status, row.cancel_reason = SessionStatus.CANCELLED, reason
    row.save(update_fields=["status", "cancel_reason"])
    when = _when(row)
    _audit_session(actor, case, row, before, _("取消调解安排：%(when)s") % {"when": when})
    return when


def _planned(case: MediationCase, session: Any) -> Session:
    """A scheduled session of this case, locked (never one of another case)."""
    pk = getattr(session, "pk", session)
    row = (
        Session.objects.select_for_update()
        .filter(case=case, pk=pk, status=SessionStatus.SCHEDULED)
        .first()
    )
    if row is None:
        raise ValidationError({"session": _("所选调解安排不存在或已处理")})
    return row


def session(
    actor: Actor,
    case: MediationCase,
    *,
    held_on: date,
    summary: str,
    session: Any = None,
    mediator: Any = None,
) -> Done:
    """Record a session held: the scheduled one it fulfils, or one held unplanned."""
    if case.accepted_on is None or held_on < case.accepted_on:
        raise ValidationError({"held_on": _("调解日期不能早于受理日期")})
    rules.past_date(held_on, "held_on", label=_("调解日期"))
    if not (summary or "").strip():
        raise ValidationError({"summary": _("请填写调解情况")})
    if mediator is not None:
        _seated_mediator(case, mediator)
    if session is not None:
        row = _planned(case, session)
        before = audit.snapshot(row)
        row.status = SessionStatus.HELD
        row.held_on = held_on
        row.summary = summary.strip()
        row.mediator_id = getattr(mediator, "pk", None) or row.mediator_id or actor.pk
        row.save(update_fields=["status", "held_on", "summary", "mediator"])
    else:
        before = None
        row = Session.objects.create(
            case=case,
            status=SessionStatus.HELD,
            held_on=held_on,
            mediator_id=getattr(mediator, "pk", None) or actor.pk,
            summary=summary.strip(),
        )
    _audit_session(actor, case, row, before, _("调解记录 %(day)s") % {"day": held_on})
    return Done(result=row, note=f"{held_on}", audited=True)


def may_cancel_session(case: MediationCase) -> Any:
    if not Session.objects.filter(case=case, status=SessionStatus.SCHEDULED).exists():
        return _("没有待进行的调解安排")
    return None


def _call_off_planned(actor: Actor, case: MediationCase, reason: str) -> None:
    """A case that closes or moves up keeps no session on anyone's calendar."""
    for row in Session.objects.select_for_update().filter(
        case=case, status=SessionStatus.SCHEDULED
    ):
        _call_off(actor, case, row, reason)


def session_cancel(actor: Actor, case: MediationCase, *, session: Any, reason: str) -> Done:
    """Call off a scheduled session, with the reason the applicants are told."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"cancel_reason": _("请填写取消原因")})
    row = _planned(case, session)
    when = _call_off(actor, case, row, reason)
    title = Text(gettext_lazy("原定 %(when)s 的调解已取消"), when=when)
    return Done(
        result=row,
        note=f"{when} {reason}",
        notices=[lambda: _tell(case, title, reason)],
        audited=True,
    )


def close(
    actor: Actor, case: MediationCase, *, outcome: str, on: date | None = None, note: str = ""
) -> Done:
    """Close with an outcome: an agreement in effect, a failure (the parties may apply for
    arbitration), or a withdrawal."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("结案须选择结果：达成协议、调解不成或撤回")})
    day = on or timezone.localdate()
    if case.accepted_on and day < case.accepted_on or day > timezone.localdate():
        raise ValidationError({"closed_on": _("结案日期应在受理日期和今天之间")})
    if outcome == Outcome.AGREEMENT:
        agreement = getattr(case, "agreement", None)
        if agreement is None or not agreement.is_effective:
            raise ValidationError(
                {"outcome": _("调解协议书须经双方和调解员签字、调解委员会盖章后才能以达成协议结案")}
            )
    case.outcome = outcome
    case.closed_on = day
    case.closing_note = note.strip()
    _call_off_planned(actor, case, _("案件已结案"))
    title = Text(gettext_lazy("调解案件已结案：%(outcome)s"), outcome=Outcome(outcome).label)
    body = Text(gettext_lazy("您可以依法向劳动人事争议仲裁委员会申请仲裁"))
    return Done(
        message=_("结案：%(outcome)s") % {"outcome": Outcome(outcome).label},
        note=note.strip(),
        notices=[lambda: _tell(case, title, body if outcome == Outcome.FAILURE else "")],
    )


def may_hand_to_arbitration(case: MediationCase) -> Any:
    if case.outcome != Outcome.FAILURE:
        return _("只有调解不成的案件可以移送仲裁")
    if case.arbitration_handed_on:
        return _("该案件已移送仲裁")
    return None


def hand_to_arbitration(actor: Actor, case: MediationCase, *, on: date | None = None) -> Done:
    """Send the file of a failed case to the arbitration court (linked window)."""
    case.arbitration_handed_on = on or timezone.localdate()
    return Done(message=_("移送仲裁院"))


def may_transfer_up(case: MediationCase) -> Any:
    if case.committee.tier not in TIER_ABOVE:
        return _("总工会调解委员会已是最高一级")
    return None


def transfer_up(actor: Actor, case: MediationCase, *, reason: str, on: date | None = None) -> Done:
    """Transfer a case to the committee one tier up (enterprise → station → federation);
    the new case keeps the applicants and claims, the old one is closed as transferred."""
    tier = TIER_ABOVE[case.committee.tier]
    node = case.committee.organization
    ancestors = node.ancestor_ids() + [node.pk]
    target = (
        MediationCommittee.objects.filter(tier=tier, active=True, organization_id__in=ancestors)
        .order_by("-organization__depth")
        .first()
    )
    if target is None:
        raise ValidationError({"committee": _("上级没有可受理的调解委员会")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写移交理由")})
    day = on or timezone.localdate()
    new = MediationCase.objects.create(
        number=next_number("mediation", f"TJ{day:%Y}", width=5),
        committee=target,
        applied_on=day,
        employer=case.employer,
        employer_name=case.employer_name,
        employer_agent=case.employer_agent,
        facts=case.facts,
        applicant_user=case.applicant_user,
    )
    CaseApplicant.objects.bulk_create(
        CaseApplicant(case=new, person=a.person, name=a.name, id_number=a.id_number, phone=a.phone)
        for a in case.applicants.all()
    )
    Claim.objects.bulk_create(
        Claim(case=new, kind=c.kind, amount=c.amount, note=c.note) for c in case.claims.all()
    )
    case.transferred_to = new
    case.closed_on = day
    case.closing_note = reason.strip()
    _call_off_planned(actor, case, _("案件已移交上级"))
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=new,
        organization=target.organization,
        after=audit.snapshot(new),
        message=_("由 %(committee)s 移交") % {"committee": case.committee},
    )
    begin(actor, new, "apply", note=_("由 %(committee)s 移交") % {"committee": case.committee})
    title = Text(gettext_lazy("调解案件已移交 %(committee)s"), committee=target)
    return Done(
        message=_("移交 %(committee)s：%(reason)s")
        % {"committee": target, "reason": reason.strip()},
        note=reason.strip(),
        result=new,
        notices=[lambda: _tell(case, title)],
    )


# --- the services callers use -----------------------------------------------------------


def case_accept(
    *,
    actor: Actor,
    case: MediationCase,
    on: date | None = None,
    mediators: list[Any] | None = None,
) -> MediationCase:
    return take(actor, case, "accept", on=on, mediators=mediators)  # type: ignore[no-any-return]


def case_decline(
    *, actor: Actor, case: MediationCase, reason: str, on: date | None = None
) -> MediationCase:
    return take(actor, case, "decline", reason=reason, on=on)  # type: ignore[no-any-return]


def case_extend(*, actor: Actor, case: MediationCase, until: date, note: str) -> MediationCase:
    return take(actor, case, "extend", until=until, note=note)  # type: ignore[no-any-return]


def session_schedule(
    *,
    actor: Actor,
    case: MediationCase,
    on: date,
    starts_at: time,
    place: str,
    mediator: Any,
) -> Session:
    return take(  # type: ignore[no-any-return]
        actor, case, "schedule", on=on, starts_at=starts_at, place=place, mediator=mediator
    )


def session_log(
    *,
    actor: Actor,
    case: MediationCase,
    held_on: date,
    summary: str,
    session: Any = None,
    mediator: Any = None,
) -> Session:
    return take(  # type: ignore[no-any-return]
        actor,
        case,
        "session",
        held_on=held_on,
        summary=summary,
        session=session,
        mediator=mediator,
    )


def session_call_off(*, actor: Actor, case: MediationCase, session: Any, reason: str) -> Session:
    return take(actor, case, "cancel_session", session=session, reason=reason)  # type: ignore[no-any-return]


def case_close(
    *, actor: Actor, case: MediationCase, outcome: str, on: date | None = None, note: str = ""
) -> MediationCase:
    return take(actor, case, "close", outcome=outcome, on=on, note=note)  # type: ignore[no-any-return]


def case_hand_to_arbitration(
    *, actor: Actor, case: MediationCase, on: date | None = None
) -> MediationCase:
    return take(actor, case, "arbitration", on=on)  # type: ignore[no-any-return]


def case_transfer_up(
    *, actor: Actor, case: MediationCase, reason: str, on: date | None = None
) -> MediationCase:
    """Returns the new case at the committee one tier up."""
    return take(actor, case, "transfer", reason=reason, on=on)  # type: ignore[no-any-return]
