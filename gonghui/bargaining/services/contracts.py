"""Collective contracts by the eight-step method: opening a process (or the renewal of a
contract), and the work of each step of ``bargaining.workflows.CONTRACTS``, taken by the
one engine (``core.workflow.take``): it scopes, locks the contract, checks the state and
the guards, writes the status history and the audit entry.

Each step is dated, not in the future and not before the step before it, so the record
reads in the order it happened. Two statutory clocks run on the kit's deadlines: the
answer to the offer (20 days, in ``OFFERED``) and the report after signing (10 days, in
``SIGNED``); the department's review (15 days from receipt) ends on a stored day after
which the contract takes effect unless it objected."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import BARGAINING_NEGOTIATE
from gonghui.bargaining.choices import (
    IN_FORCE,
    REVIEW_DAYS,
    SIDE_MIN_REPRESENTATIVES,
    TERM_MAX_YEARS,
    TERM_MIN_YEARS,
    Answer,
    ContractKind,
    Side,
    Status,
)
from gonghui.bargaining.models import ClockName, Contract, Guidance, Negotiator, StepClock, Vote
from gonghui.core import audit, calendar, deadlines, rules
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, require
from gonghui.core.workflow import Done, begin
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.models import LegalEntity, Organization

TEXT_MAX = 5_000


def contract_url(contract: Contract) -> str:
    return reverse("bargaining:contract_detail", args=[contract.pk])


def _entities(
    organization: Organization, ids: list[Any], errors: rules.Errors
) -> list[LegalEntity]:
    ids = [getattr(item, "pk", item) for item in ids]
    found = list(LegalEntity.objects.filter(pk__in=ids, union__path__startswith=organization.path))
    if not ids:
        errors.add("entities", _("请选择合同适用的法人单位"))
    elif len(found) != len(set(ids)):
        errors.add("entities", _("所选法人单位不在职工方工会的范围内"))
    return found


def _kind_fits(
    kind: str, organization: Organization, entities: list[LegalEntity], errors: rules.Errors
) -> None:
    if kind not in ContractKind.values:
        errors.add("kind", _("请选择合同类别"))
    elif kind in (ContractKind.AREA, ContractKind.SECTOR):
        joint = organization.union_kind == UnionKind.JOINT or organization.kind != NodeKind.UNION
        if not joint:
            errors.add("kind", _("区域性、行业性集体合同由联合工会或上级工会代表职工方"))
    elif organization.kind != NodeKind.UNION:
        errors.add("organization", _("企业集体合同的职工方应为基层工会"))


def contract_open(
    actor: Actor,
    *,
    organization: Organization,
    kind: str,
    title: str,
    employer: str,
    entities: list[Any],
    opened_on: Any = None,
    replaces: Contract | None = None,
) -> Contract:
    """Open a bargaining process for a contract (or the renewal of ``replaces``)."""
    require(actor, BARGAINING_NEGOTIATE, organization)
    errors = rules.Errors()
    title = (
        errors.check(rules.required_text, title, "title", label=_("合同名称"), max_length=120) or ""
    )
    employer = (
        errors.check(rules.required_text, employer, "employer", label=_("企业方"), max_length=120)
        or ""
    )
    day = errors.check(
        rules.past_date, opened_on or timezone.localdate(), "opened_on", label=_("启动日期")
    )
    chosen = _entities(organization, entities, errors)
    _kind_fits(kind, organization, chosen, errors)
    errors.raise_any()
    assert day is not None
    with transaction.atomic():
        if replaces is not None:
            replaces = Contract.objects.select_for_update().get(pk=replaces.pk)
            refusal = renewal_refusal(replaces)
            if refusal:
                raise ValidationError({"replaces": refusal})
        contract = Contract.objects.create(
            number=next_number("bargaining.contract", f"JT{day.year}-", 5),
            organization=organization,
            kind=kind,
            title=title,
            employer=employer,
            opened_on=day,
            last_event_on=day,
            replaces=replaces,
        )
        contract.entities.set(chosen)
        begin(
            actor,
            contract,
            "open",
            note=_("续签 %(number)s") % {"number": replaces.number} if replaces else "",
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=contract,
            organization=organization,
            after=audit.snapshot(contract),
            message=_("启动集体协商"),
        )
    return contract


def renewal_refusal(contract: Contract) -> str:
    """Why the contract cannot be renewed now ('' when it can)."""
    if contract.status not in IN_FORCE:
        return _("生效的集体合同才能续签")
    if contract.renewals.exclude(status=Status.ABANDONED).exists():
        return _("该合同已启动续签")
    return ""


def renew(actor: Actor, contract: Contract, *, opened_on: Any = None) -> Done:
    """Open the renewal of a contract in force: a new process of the same kind, parties
    and firms, linked to the contract it replaces."""
    renewal = contract_open(
        actor,
        organization=contract.organization,
        kind=contract.kind,
        title=contract.title,
        employer=contract.employer,
        entities=list(contract.entities.all()),
        opened_on=opened_on,
        replaces=contract,
    )
    return Done(message=_("启动续签 %(number)s") % {"number": renewal.number}, result=renewal)


# --- the day of a step --------------------------------------------------------------------


def _day(contract: Contract, value: Any, field: str, label: Any, floor: date | None = None) -> date:
    """A step's day: not in the future, not before the last step recorded (nor ``floor``)."""
    day = rules.past_date(value or timezone.localdate(), field, label=label)
    earliest = max(contract.last_event_on, floor) if floor else contract.last_event_on
    if day < earliest:
        raise ValidationError(
            {
                field: _("%(label)s不能早于 %(day)s（上一步的日期）")
                % {"label": label, "day": earliest}
            }
        )
    contract.last_event_on = day
    return day


def _text(value: Any, field: str, label: Any, *, required: bool = True) -> str:
    if not required and not str(value or "").strip():
        return ""
    return rules.required_text(value, field, label=label, max_length=TEXT_MAX)


# --- 1 representatives ------------------------------------------------------------------


def name_representatives(
    actor: Actor, contract: Contract, *, negotiators: list[dict[str, Any]], named_on: Any = None
) -> Done:
    """Step 1: as many representatives on each side, at least three, one chief each."""
    errors = rules.Errors()
    day = errors.check(_day, contract, named_on, "named_on", _("产生代表日期"))
    rows = []
    for index, row in enumerate(negotiators):
        prefix = f"negotiators.{index}."
        side = str(row.get("side") or "")
        if side not in Side.values:
            errors.add(prefix + "side", _("请选择代表方"))
        name = errors.check(
            rules.required_text, row.get("name"), prefix + "name", label=_("姓名"), max_length=50
        )
        position = str(row.get("position") or "").strip()[:60]
        rows.append(
            Negotiator(
                contract=contract,
                side=side,
                name=name or "",
                position=position,
                chief=bool(row.get("chief")),
            )
        )
    if not errors:
        workers = [row for row in rows if row.side == Side.WORKERS]
        employer = [row for row in rows if row.side == Side.EMPLOYER]
        if len(workers) < SIDE_MIN_REPRESENTATIVES or len(employer) < SIDE_MIN_REPRESENTATIVES:
            errors.add(
                "negotiators",
                _("双方协商代表每方至少 %(min)d 人") % {"min": SIDE_MIN_REPRESENTATIVES},
            )
        elif len(workers) != len(employer):
            errors.add(
                "negotiators",
                _("双方协商代表人数应当对等（职工方 %(w)d 人，企业方 %(e)d 人）")
                % {"w": len(workers), "e": len(employer)},
            )
        for side_rows, label in ((workers, Side.WORKERS.label), (employer, Side.EMPLOYER.label)):
            if side_rows and sum(1 for row in side_rows if row.chief) != 1:
                errors.add("negotiators", _("%(side)s应确定 1 名首席代表") % {"side": label})
    errors.raise_any()
    Negotiator.objects.filter(contract=contract).delete()
    Negotiator.objects.bulk_create(rows)
    contract.named_on = day
    contract.workers_chief = next(
        row.name for row in rows if row.side == Side.WORKERS and row.chief
    )
    contract.employer_chief = next(
        row.name for row in rows if row.side == Side.EMPLOYER and row.chief
    )
    names = ", ".join(
        f"{row.get_side_display()} {row.name}{'（首席）' if row.chief else ''}" for row in rows
    )
    return Done(note=names[:2000])


# --- 2 the offer and the answer ------------------------------------------------------------


def offer(
    actor: Actor, contract: Contract, *, offered_by: str, offer: str, offered_on: Any = None
) -> Done:
    """Step 2: the written offer; the other side's 20-day clock starts."""
    errors = rules.Errors()
    if offered_by not in Side.values:
        errors.add("offered_by", _("请选择要约方"))
    text = errors.check(_text, offer, "offer", _("要约内容"))
    day = errors.check(_day, contract, offered_on, "offered_on", _("要约日期"))
    errors.raise_any()
    assert day is not None
    from gonghui.bargaining.workflows import ANSWER

    due = deadlines.start(contract, day, ANSWER)
    contract.offered_on, contract.offered_by, contract.offer = day, offered_by, text or ""
    contract.answer_due_on = due.day
    contract.answer, contract.answered_on, contract.answer_reason = "", None, ""
    _clock_start(contract, ClockName.ANSWER, day, due.day)
    return Done(note=_("对方应于 %(day)s 前书面回应") % {"day": due.day})


def answer(actor: Actor, contract: Contract, *, answered_on: Any = None, note: str = "") -> Done:
    """The other side agrees in writing to bargain (step 2 done)."""
    day = _day(contract, answered_on, "answered_on", _("回应日期"))
    contract.answer, contract.answered_on = Answer.ACCEPTED, day
    _clock_stop(contract, day, met=day <= (contract.answer_due_on or day))
    _stop_clock(contract)
    return Done(note=str(note or "").strip()[:2000])


def refusal(actor: Actor, contract: Contract, *, reason: str = "", answered_on: Any = None) -> Done:
    """The other side refuses: with its reason, or without one (recorded as such)."""
    day = _day(contract, answered_on, "answered_on", _("回应日期"))
    text = str(reason or "").strip()[:TEXT_MAX]
    contract.answer = Answer.REFUSED if text else Answer.REFUSED_WITHOUT_REASON
    contract.answered_on, contract.answer_reason = day, text
    _clock_stop(contract, day, met=day <= (contract.answer_due_on or day))
    _stop_clock(contract)
    return Done(note=text or str(Answer.REFUSED_WITHOUT_REASON.label))


def answer_overdue(contract: Contract) -> Any:
    """Guard: 'no answer' is recorded only once the 20 days have passed."""
    if contract.answer_due_on is None or contract.answer_due_on >= timezone.localdate():
        return _("书面回应期限（%(day)s）届满后才能登记对方未回应") % {
            "day": contract.answer_due_on
        }
    return None


def no_answer(actor: Actor, contract: Contract) -> Done:
    contract.answer = Answer.NO_ANSWER
    _clock_stop(contract, timezone.localdate(), met=False)
    _stop_clock(contract)
    contract.last_event_on = max(
        contract.last_event_on, contract.answer_due_on or contract.last_event_on
    )
    return Done(note=_("对方未在 %(day)s 前书面回应") % {"day": contract.answer_due_on})


# --- 3 and 4 ---------------------------------------------------------------------------------


def prepare(actor: Actor, contract: Contract, *, preparation: str, prepared_on: Any = None) -> Done:
    errors = rules.Errors()
    text = errors.check(_text, preparation, "preparation", _("协商准备和初步沟通情况"))
    day = errors.check(_day, contract, prepared_on, "prepared_on", _("完成日期"))
    errors.raise_any()
    contract.prepared_on, contract.preparation = day, text or ""
    return Done()


def meet(actor: Actor, contract: Contract, *, minutes: str, met_on: Any = None) -> Done:
    errors = rules.Errors()
    text = errors.check(_text, minutes, "minutes", _("会议纪要"))
    day = errors.check(_day, contract, met_on, "met_on", _("协商会议日期"))
    errors.raise_any()
    contract.met_on, contract.minutes = day, text or ""
    return Done()


# --- 5 adoption, and going back to the table ---------------------------------------------------


def _vote_of(contract: Contract, vote: Any) -> Vote:
    pk = getattr(vote, "pk", vote)
    found = (
        Vote.objects.select_related("session").filter(pk=pk, contract=contract).first()
        if pk not in (None, "")
        else None
    )
    if found is None:
        raise ValidationError({"vote": _("请选择职代会审议本合同草案的表决")})
    return found


def adopt(actor: Actor, contract: Contract, *, vote: Any) -> Done:
    """Step 5: adopted by a valid and passing vote of the congress on this draft, held
    after the bargaining meeting."""
    found = _vote_of(contract, vote)
    if not found.passed:
        raise ValidationError(
            {"vote": _("该表决未通过（%(why)s），不能作为审议通过的依据") % {"why": found.failure}}
        )
    if contract.met_on and found.session.held_on < contract.met_on:
        raise ValidationError(
            {"vote": _("表决早于协商会议（%(day)s），不能审议本次草案") % {"day": contract.met_on}}
        )
    contract.adopted_by = found
    contract.last_event_on = max(contract.last_event_on, found.session.held_on)
    return Done(
        note=_("%(session)s：赞成 %(yes)d 票，全体 %(electorate)d 人")
        % {"session": found.session, "yes": found.yes, "electorate": found.electorate}
    )


def reopen(
    actor: Actor, contract: Contract, *, reason: str, vote: Any = None, on: Any = None
) -> Done:
    """Back to the table (step 4 to be held again): a failed vote on the draft, the
    department's objection, or the parties' decision, with the reason."""
    errors = rules.Errors()
    failed = None
    if vote not in (None, ""):
        failed = errors.check(_vote_of, contract, vote)
        if failed is not None and failed.passed:
            errors.add("vote", _("该表决已通过，不是退回重新协商的理由"))
    text = str(reason or "").strip()
    if not text and failed is not None:
        text = failed.failure
    if not text:
        errors.add("reason", _("请填写退回重新协商的理由"))
    day = errors.check(_day, contract, on, "on", _("日期"))
    errors.raise_any()
    contract.met_on, contract.minutes = None, ""
    contract.adopted_by = None
    contract.signed_on = contract.term_start = contract.term_end = None
    contract.report_due_on = contract.reported_on = contract.received_on = (
        contract.review_ends_on
    ) = None
    contract.department = ""
    _stop_clock(contract)
    assert day is not None
    _clock_stop(contract, day, met=False)
    return Done(note=text[:2000], message=_("退回第四步重新协商（%(on)s）") % {"on": day})


def _clock_start(contract: Contract, name: str, started_on: date, due_on: date) -> None:
    _clock_stop(contract, started_on, met=False)
    StepClock.objects.create(contract=contract, name=name, started_on=started_on, due_on=due_on)


def _clock_stop(contract: Contract, day: date, *, met: bool) -> None:
    StepClock.objects.filter(contract=contract, closed_on__isnull=True).update(
        closed_on=day, met=met
    )


def _stop_clock(contract: Contract) -> None:
    contract.deadline = contract.due_on = contract.extended_to = contract.paused_on = None
    contract.paused_days_left = None
    contract.deadline_uncertain = False


# --- 6 signature -----------------------------------------------------------------------------


def _term(start: Any, end: Any, errors: rules.Errors) -> None:
    if not isinstance(start, date):
        errors.add("term_start", _("请填写合同期限起始日期"))
    if not isinstance(end, date):
        errors.add("term_end", _("请填写合同期限终止日期"))
    if not isinstance(start, date) or not isinstance(end, date):
        return
    if end <= start:
        errors.add("term_end", _("合同期限终止日期应晚于起始日期"))
        return
    shortest = calendar.years_after(start, TERM_MIN_YEARS) - timedelta(days=1)
    longest = calendar.years_after(start, TERM_MAX_YEARS) - timedelta(days=1)
    if end < shortest:
        errors.add("term_end", _("集体合同期限不少于 %(n)d 年") % {"n": TERM_MIN_YEARS})
    elif end > longest:
        errors.add(
            "term_end",
            _("集体合同期限不超过 %(n)d 年（最迟至 %(day)s）")
            % {"n": TERM_MAX_YEARS, "day": longest},
        )


def sign(
    actor: Actor,
    contract: Contract,
    *,
    signed_on: Any = None,
    term_start: Any,
    term_end: Any,
    sealed: bool,
) -> Done:
    """Step 6: signed by the two chief representatives and sealed by both sides; the
    10-day clock for the report starts."""
    errors = rules.Errors()
    day = errors.check(_day, contract, signed_on, "signed_on", _("签字日期"))
    _term(term_start, term_end, errors)
    if (
        day is not None
        and isinstance(term_end, date)
        and term_end < day
        and "term_end" not in errors
    ):
        errors.add("term_end", _("合同期限在签字前已届满"))
    if not sealed:
        errors.add("sealed", _("双方盖章后才能登记签字"))
    if not contract.workers_chief or not contract.employer_chief:
        errors.add("signed_on", _("双方首席代表尚未确定"))
    errors.raise_any()
    assert day is not None
    from gonghui.bargaining.workflows import REPORT

    due = deadlines.start(contract, day, REPORT)
    contract.signed_on, contract.term_start, contract.term_end = day, term_start, term_end
    contract.report_due_on = due.day
    _clock_start(contract, ClockName.REPORT, day, due.day)
    return Done(note=_("应于 %(day)s 前报送人社部门审查") % {"day": due.day})


# --- 7 report, review and effect --------------------------------------------------------------


def report(
    actor: Actor,
    contract: Contract,
    *,
    department: str,
    reported_on: Any = None,
    received_on: Any = None,
    late_reason: str = "",
) -> Done:
    """Step 7: reported to the labour department; the review ends 15 days after it
    received the text."""
    errors = rules.Errors()
    text = errors.check(
        rules.required_text, department, "department", label=_("审查部门"), max_length=100
    )
    sent = errors.check(
        _day, contract, reported_on, "reported_on", _("报送日期"), contract.signed_on
    )
    got = received_on or sent
    if sent is not None:
        got = errors.check(_day, contract, got, "received_on", _("收到日期"), sent)
    late = sent is not None and contract.report_due_on is not None and sent > contract.report_due_on
    if late and not str(late_reason or "").strip():
        errors.add(
            "late_reason",
            _("报送期限已于 %(day)s 届满，逾期报送须说明理由") % {"day": contract.report_due_on},
        )
    errors.raise_any()
    assert got is not None
    _stop_clock(contract)  # the report is in: REPORTED runs no clock of the union's
    assert sent is not None
    _clock_stop(contract, sent, met=not late)
    contract.department, contract.reported_on, contract.received_on = text or "", sent, got
    contract.review_ends_on = calendar.add_calendar_days(got, REVIEW_DAYS).day
    note = str(late_reason or "").strip() if late else ""
    return Done(note=note or _("审查期至 %(day)s") % {"day": contract.review_ends_on})


def review_running(contract: Contract) -> Any:
    """Guard of 'in effect' without the department's approval: the 15 days have run."""
    if contract.review_ends_on and contract.review_ends_on > timezone.localdate():
        return _("审查期至 %(day)s，期满未提出异议后方生效；已获审查同意的，请填写同意日期") % {
            "day": contract.review_ends_on
        }
    return None


def take_effect(actor: Actor, contract: Contract, *, approved_on: Any = None) -> Done:
    """The contract takes effect: on the department's approval (``approved_on``, within
    the review) or the day after the review ends without objection."""
    assert contract.received_on is not None and contract.review_ends_on is not None
    if approved_on:
        day = _day(contract, approved_on, "approved_on", _("审查同意日期"), contract.received_on)
        if day > contract.review_ends_on:
            raise ValidationError(
                {"approved_on": _("审查期已于 %(day)s 届满") % {"day": contract.review_ends_on}}
            )
        contract.effective_on = day
        note = _("人社部门审查同意")
    else:
        if contract.review_ends_on >= timezone.localdate():
            raise ValidationError({"approved_on": review_running(contract) or _("审查期尚未届满")})
        contract.effective_on = contract.review_ends_on + timedelta(days=1)
        contract.last_event_on = max(contract.last_event_on, contract.effective_on)
        note = _("审查期满未提出异议")
    return Done(note=str(note))


def lapse_review(actor: Any, contract: Contract) -> Done:
    """The scheduled task's step: the review ended without objection."""
    return take_effect(actor, contract)


# --- 8 publication and filing, guidance, the end -------------------------------------------------


def publish(
    actor: Actor, contract: Contract, *, published_on: Any = None, filed_on: Any = None
) -> Done:
    errors = rules.Errors()
    shown = errors.check(
        _day, contract, published_on, "published_on", _("公布日期"), contract.effective_on
    )
    filed = None
    if shown is not None:
        filed = errors.check(_day, contract, filed_on or shown, "filed_on", _("备案日期"), shown)
    errors.raise_any()
    contract.published_on, contract.filed_on = shown, filed
    return Done()


def guide(
    actor: Actor,
    contract: Contract,
    *,
    content: str,
    guided_on: Any = None,
    unit: Organization | None = None,
) -> Done:
    """The federation's (or a station's) guidance on the process, recorded as it came."""
    errors = rules.Errors()
    text = errors.check(_text, content, "content", _("指导内容"))
    day = errors.check(
        rules.past_date, guided_on or timezone.localdate(), "guided_on", label=_("指导日期")
    )
    if day is not None and day < contract.opened_on:
        errors.add(
            "guided_on", _("指导日期不能早于协商启动日期 %(day)s") % {"day": contract.opened_on}
        )
    errors.raise_any()
    assert day is not None and text is not None
    unit = unit or _guiding_unit(actor, contract)
    row = Guidance.objects.create(
        contract=contract,
        guided_on=day,
        guide_id=actor.pk,
        guide_name=str(actor)[:50],
        guide_unit=unit,
        content=text,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        organization=contract.organization,
        after=audit.snapshot(row),
        message=_("登记上级工会指导"),
    )
    return Done(note=(text or "")[:2000], audited=True)


def _guiding_unit(actor: Actor, contract: Contract) -> Organization:
    """The highest node above the contract's union at which the actor guides."""
    from gonghui.accounts.roles import BARGAINING_GUIDE

    paths = actor.scope_paths(BARGAINING_GUIDE)
    ancestors = Organization.objects.filter(
        path__in=[p for p in paths if contract.organization.path.startswith(p)]
    )
    return ancestors.order_by("depth").first() or contract.organization


def abandon(actor: Actor, contract: Contract, *, reason: str, on: Any = None) -> Done:
    errors = rules.Errors()
    text = errors.check(rules.required_text, reason, "reason", label=_("终止原因"))
    day = errors.check(_day, contract, on, "on", _("终止日期"))
    errors.raise_any()
    contract.ended_on, contract.end_reason = day, text or ""
    _stop_clock(contract)
    assert day is not None
    _clock_stop(contract, day, met=False)
    return Done(note=text or "")
