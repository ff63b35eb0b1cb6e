"""Workers' congresses: the body, its terms and the firms each covers, the
representatives elected for a term (the managers' share checked against the cap in
force), sessions, attendance and votes. A vote is taken only by a session with a quorum
(two thirds of all who could vote present) and passes with more than half of all of
them; the vote records why it failed."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import BARGAINING_CONGRESS, MEMBERS_VIEW
from gonghui.bargaining.choices import MANAGERS, CongressKind, CongressScope, Group, Status
from gonghui.bargaining.models import (
    Attendance,
    Congress,
    Contract,
    Representative,
    Session,
    Term,
    Vote,
    passes,
    quorum,
)
from gonghui.bargaining.selectors.policy import policy_on
from gonghui.core import audit, calendar, pii, rules
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, require
from gonghui.core.workflow import may, take
from gonghui.members.models import Person
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.models import EntityCoverage, LegalEntity, Organization, holds_on

TERM_MAX_YEARS = 5  # a congress is elected for three to five years
NUMBER_MAX = 32767  # the largest term or session number the column holds


def _created(actor: Actor, obj: Any, organization: Organization, message: str) -> None:
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=obj,
        organization=organization,
        after=audit.snapshot(obj),
        message=message,
    )


def _choice(value: Any, choices: Any, field: str, label: Any, errors: rules.Errors) -> str:
    value = str(value or "")
    if value not in choices.values:
        errors.add(field, _("请选择%(label)s") % {"label": label})
    return value


def congress_create(
    actor: Actor, *, organization: Organization, name: str, kind: str, scope: str, note: str = ""
) -> Congress:
    """A union's congress (or workers' assembly); a joint or area congress is convened by
    a joint union, a service station or the federation for the small firms under it."""
    require(actor, BARGAINING_CONGRESS, organization)
    errors = rules.Errors()
    name = errors.check(rules.required_text, name, "name", label=_("名称"), max_length=120) or ""
    kind = _choice(kind, CongressKind, "kind", _("形式"), errors)
    scope = _choice(scope, CongressScope, "scope", _("召开方式"), errors)
    is_union = organization.kind == NodeKind.UNION
    if scope == CongressScope.UNIT and not is_union:
        errors.add("scope", _("单独召开的职代会由基层工会召集"))
    if scope == CongressScope.JOINT and organization.union_kind != UnionKind.JOINT:
        errors.add("scope", _("联合召开的职代会由联合工会召集"))
    if scope == CongressScope.AREA and is_union:
        errors.add("scope", _("区域职代会由服务站或总工会召集"))
    errors.raise_any()
    congress = Congress.objects.create(
        organization=organization, name=name, kind=kind, scope=scope, note=str(note or "").strip()
    )
    _created(actor, congress, organization, _("建立职代会制度"))
    return congress


def _entities_under(congress: Congress, ids: list[Any], errors: rules.Errors) -> list[LegalEntity]:
    found = list(
        LegalEntity.objects.filter(pk__in=ids, union__path__startswith=congress.organization.path)
    )
    if not ids:
        errors.add("entities", _("请选择本届覆盖的法人单位"))
    elif len(found) != len(set(ids)):
        errors.add("entities", _("所选法人单位不在召集单位的管辖范围内"))
    return found


def _workers_on(entities: list[LegalEntity], day: date) -> int:
    """The covered firms' headcount as reported by ``day``."""
    total = EntityCoverage.objects.filter(holds_on(day), entity__in=entities).aggregate(
        total=Sum("headcount")
    )["total"]
    return int(total or 0)


def term_create(
    actor: Actor,
    *,
    congress: Congress,
    number: Any,
    starts_on: Any,
    ends_on: Any,
    entities: list[Any],
) -> Term:
    """A term of the congress and the firms it covers. A workers' assembly is open to a
    firm (or firms) under the size the rule in force sets."""
    require(actor, BARGAINING_CONGRESS, congress)
    errors = rules.Errors()
    number = errors.check(rules.count, number, "number", label=_("届次"), minimum=1)
    if number is not None and number > NUMBER_MAX:
        errors.add("number", _("届次过大"))
    dated = isinstance(starts_on, date) and isinstance(ends_on, date)
    if not isinstance(starts_on, date):
        errors.add("starts_on", _("请填写本届起始日期"))
    if not isinstance(ends_on, date):
        errors.add("ends_on", _("请填写本届届满日期"))
    elif dated:
        if ends_on <= starts_on:
            errors.add("ends_on", _("届满日期应晚于起始日期"))
        elif ends_on > calendar.years_after(starts_on, TERM_MAX_YEARS) - timedelta(days=1):
            errors.add(
                "ends_on", _("职代会每届任期不超过 %(years)d 年") % {"years": TERM_MAX_YEARS}
            )
    chosen = _entities_under(congress, [e.pk if hasattr(e, "pk") else e for e in entities], errors)
    errors.raise_any()
    with transaction.atomic():
        Congress.objects.select_for_update().get(pk=congress.pk)  # one term at a time
        if Term.objects.filter(congress=congress, number=number).exists():
            errors.add("number", _("第%(number)d届已登记") % {"number": number})
        if Term.objects.filter(
            congress=congress, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).exists():
            errors.add("starts_on", _("本届任期与已登记的届次重叠"))
        errors.raise_any()
        return _term_write(actor, congress, number, starts_on, ends_on, chosen)


def _term_write(
    actor: Actor,
    congress: Congress,
    number: Any,
    starts_on: date,
    ends_on: date,
    chosen: list[LegalEntity],
) -> Term:
    workers = _workers_on(chosen, starts_on)
    policy = policy_on(starts_on)
    if congress.kind == CongressKind.ASSEMBLY and workers >= policy.assembly_below:
        raise ValidationError(
            {
                "entities": _(
                    "所选单位职工 %(workers)d 人，%(limit)d 人以上的单位应召开职工代表大会"
                )
                % {"workers": workers, "limit": policy.assembly_below}
            }
        )
    term = Term.objects.create(
        congress=congress, number=number, starts_on=starts_on, ends_on=ends_on, workers=workers
    )
    term.entities.set(chosen)
    _created(actor, term, congress.organization, _("登记职代会届次"))
    return term


# --- representatives ------------------------------------------------------------------


def manager_share(groups: list[str]) -> Decimal:
    """The managers' share of a list of representatives' groups, as a percentage."""
    if not groups:
        return Decimal("0")
    managers = sum(1 for group in groups if group in MANAGERS)
    return (Decimal(managers) * 100 / Decimal(len(groups))).quantize(Decimal("0.01"))


def _check_cap(term: Term, day: date, groups: list[str]) -> None:
    cap = policy_on(day).manager_cap
    share = manager_share(groups)
    if share > cap:
        managers = sum(1 for group in groups if group in MANAGERS)
        raise ValidationError(
            {
                "group": _(
                    "中层以上管理人员和企业领导人员代表 %(managers)d 人，占代表总数 %(total)d 人"
                    "的 %(share)s%%，超过规定的 %(cap)s%%"
                )
                % {"managers": managers, "total": len(groups), "share": share, "cap": cap}
            }
        )


def representatives_elect(
    actor: Actor, *, term: Term, elected_on: Any, rows: list[dict[str, Any]]
) -> list[Representative]:
    """Elect representatives for a term (the whole slate, or a by-election): each row a
    ``name``, ``group``, optional ``person`` (or the ``id_number`` of a member record the
    actor may see: the representative's portal account is theirs) and ``entity``. The
    representatives serving afterwards must keep the managers' share within the cap in
    force on the day."""
    require(actor, BARGAINING_CONGRESS, term)
    if term.congress.kind == CongressKind.ASSEMBLY:
        raise ValidationError({"term": _("职工大会由全体职工参加，不选举职工代表")})
    errors = rules.Errors()
    day = errors.check(rules.past_date, elected_on, "elected_on", label=_("当选日期"))
    if day is not None and not term.starts_on <= day <= term.ends_on:
        errors.add("elected_on", _("当选日期应在本届任期内"))
    if not rows:
        errors.add("rows", _("请填写当选的职工代表"))
    entities = set(term.entities.values_list("pk", flat=True))
    made = [
        _seat(actor, term, entities, row, f"rows.{index}.", errors)
        for index, row in enumerate(rows)
    ]
    errors.raise_any()
    assert day is not None
    for seat in made:
        seat.elected_on = day
    with transaction.atomic():
        Term.objects.select_for_update().get(pk=term.pk)  # one election at a time
        serving = list(
            Representative.objects.filter(term=term).serving_on(day).values_list("group", flat=True)
        )
        _check_cap(term, day, serving + [row.group for row in made])
        persons = [row.person_id for row in made if row.person_id]
        taken = Representative.objects.filter(term=term, person__in=persons, left_on__isnull=True)
        if len(persons) != len(set(persons)) or taken.exists():
            raise ValidationError({"rows": _("同一人在本届只能当选一次")})
        created = Representative.objects.bulk_create(made)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=term,
            organization=term.congress.organization,
            changes={"representatives": [row.name for row in made], "elected_on": str(day)},
            message=_("选举职工代表 %(count)d 人") % {"count": len(made)},
        )
    return created


def _seat(
    actor: Actor,
    term: Term,
    entities: set[Any],
    row: dict[str, Any],
    prefix: str,
    errors: rules.Errors,
) -> Representative:
    """One row of an election, its refusals noted on ``errors``."""
    name = errors.check(
        rules.required_text, row.get("name"), prefix + "name", label=_("姓名"), max_length=50
    )
    group = str(row.get("group") or "")
    if group not in Group.values:
        errors.add(prefix + "group", _("请选择代表类别"))
    person = row.get("person")
    if person is not None and not isinstance(person, Person):
        errors.add(prefix + "person", _("会员档案无效"))
    if person is None and str(row.get("id_number") or "").strip():
        person = errors.check(_member_by_id, actor, row["id_number"], prefix + "id_number")
    entity = row.get("entity")
    if entity is not None and getattr(entity, "pk", None) not in entities:
        errors.add(prefix + "entity", _("代表所在单位应为本届覆盖的单位"))
    return Representative(term=term, name=name or "", group=group, person=person, entity=entity)


def _member_by_id(actor: Actor, raw: str, field: str) -> Person:
    """The member record of an ID number, among the people the actor may see."""
    number = rules.normalized(pii.normalize_id_number, raw, field)
    found = (
        Person.objects.for_actor(actor, MEMBERS_VIEW)
        .filter(id_number_index=pii.blind_index(number))
        .first()
    )
    if found is None:
        raise ValidationError({field: _("未找到该身份证号的会员档案，或不在您的管理范围内")})
    return found


def representative_leave(
    actor: Actor, representative: Representative, *, left_on: Any, reason: str
) -> Representative:
    """A representative's seat ends (left the firm, recalled, resigned)."""
    require(actor, BARGAINING_CONGRESS, representative)
    errors = rules.Errors()
    day = errors.check(rules.past_date, left_on, "left_on", label=_("终止日期"))
    text = errors.check(rules.required_text, reason, "left_reason", label=_("终止原因"))
    if representative.left_on is not None:
        errors.add("left_on", _("该代表资格已于 %(day)s 终止") % {"day": representative.left_on})
    elif day is not None and day <= representative.elected_on:
        errors.add("left_on", _("终止日期应晚于当选日期"))
    errors.raise_any()
    before = audit.snapshot(representative)
    representative.left_on, representative.left_reason = day, text or ""
    representative.save(update_fields=["left_on", "left_reason", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=representative,
        organization=representative.term.congress.organization,
        before=before,
        after=audit.snapshot(representative),
        message=_("终止职工代表资格"),
    )
    return representative


# --- sessions, attendance and votes --------------------------------------------------------


def session_create(
    actor: Actor,
    *,
    term: Term,
    number: Any,
    held_on: Any,
    proposals_open_on: Any = None,
    proposals_close_on: Any = None,
) -> Session:
    """A meeting of the term, with the window in which representatives submit proposals
    (closing on the day of the meeting at the latest)."""
    require(actor, BARGAINING_CONGRESS, term)
    errors = rules.Errors()
    number = errors.check(rules.count, number, "number", label=_("会次"), minimum=1)
    if number is not None and number > NUMBER_MAX:
        errors.add("number", _("会次过大"))
    if not isinstance(held_on, date):
        errors.add("held_on", _("请填写会议日期"))
    elif not term.starts_on <= held_on <= term.ends_on:
        errors.add(
            "held_on",
            _("会议日期应在本届任期内（%(start)s 至 %(end)s）")
            % {"start": term.starts_on, "end": term.ends_on},
        )
    opens, closes = proposals_open_on, proposals_close_on
    if (opens is None) != (closes is None):
        errors.add("proposals_close_on", _("提案征集开始和截止日期应同时填写"))
    elif opens is not None:
        if closes < opens:
            errors.add("proposals_close_on", _("提案征集截止日期不能早于开始日期"))
        elif isinstance(held_on, date) and closes > held_on:
            errors.add("proposals_close_on", _("提案征集应在会议召开前截止"))
    errors.raise_any()
    with transaction.atomic():
        Term.objects.select_for_update().get(pk=term.pk)  # one session number at a time
        if Session.objects.filter(term=term, number=number).exists():
            raise ValidationError({"number": _("第%(number)d次会议已登记") % {"number": number}})
        return _session_write(actor, term, number, held_on, opens, closes)


def _session_write(
    actor: Actor, term: Term, number: Any, held_on: date, opens: Any, closes: Any
) -> Session:
    session = Session.objects.create(
        term=term,
        number=number,
        held_on=held_on,
        proposals_open_on=opens,
        proposals_close_on=closes,
    )
    _created(actor, session, term.congress.organization, _("登记职代会会议"))
    return session


def attendance_record(
    actor: Actor,
    session: Session,
    *,
    present_ids: list[Any] | None = None,
    electorate: Any = None,
    present: Any = None,
) -> Session:
    """Record who came. A congress: the representatives serving on the day, those in
    ``present_ids`` present; how many could vote and came follow from the rows. A
    workers' assembly: the workers of the firms that day (``electorate``; by default the
    headcount they had reported) and how many came (``present``). Recorded once, on or
    after the day of the meeting; the votes read it."""
    require(actor, BARGAINING_CONGRESS, session)
    with transaction.atomic():
        session = (
            Session.objects.select_for_update().select_related("term__congress").get(pk=session.pk)
        )
        if session.attendance_recorded_at is not None:
            raise ValidationError({"present": _("本次会议的出席情况已登记")})
        if session.held_on > timezone.localdate():
            raise ValidationError({"present": _("会议尚未召开，不能登记出席情况")})
        if session.term.congress.kind == CongressKind.ASSEMBLY:
            _assembly_attendance(session, electorate, present)
        else:
            _congress_attendance(session, present_ids or [])
        session.attendance_recorded_at = timezone.now()
        session.save(
            update_fields=["electorate", "present", "attendance_recorded_at", "updated_at"]
        )
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=session,
            organization=session.term.congress.organization,
            changes={"electorate": session.electorate, "present": session.present},
            message=_("登记出席情况：应到 %(electorate)d 人，实到 %(present)d 人")
            % {"electorate": session.electorate, "present": session.present},
        )
    return session


def _congress_attendance(session: Session, present_ids: list[Any]) -> None:
    serving = list(Representative.objects.filter(term=session.term).serving_on(session.held_on))
    if not serving:
        raise ValidationError({"present": _("会议当日没有在任的职工代表")})
    ids = {str(pk) for pk in present_ids}
    known = {str(rep.pk) for rep in serving}
    if ids - known:
        raise ValidationError({"present": _("出席名单中有会议当日不在任的代表")})
    Attendance.objects.bulk_create(
        Attendance(session=session, representative=rep, present=str(rep.pk) in ids)
        for rep in serving
    )
    session.electorate = len(serving)
    session.present = len(ids)


def _assembly_attendance(session: Session, electorate: Any, present: Any) -> None:
    errors = rules.Errors()
    if electorate in (None, ""):
        electorate = _workers_on(list(session.term.entities.all()), session.held_on)
    total = errors.check(rules.count, electorate, "electorate", label=_("应到职工人数"), minimum=1)
    came = errors.check(rules.count, present, "present", label=_("实到职工人数"))
    if total is not None and came is not None and came > total:
        errors.add("present", _("实到人数不能超过应到人数 %(total)d 人") % {"total": total})
    errors.raise_any()
    session.electorate, session.present = total, came


def failure_of(electorate: int, yes: int) -> str:
    needed = electorate // 2 + 1
    return _("赞成 %(yes)d 票，未超过全体 %(electorate)d 人的半数（至少需 %(needed)d 票）") % {
        "yes": yes,
        "electorate": electorate,
        "needed": needed,
    }


def vote_record(
    actor: Actor,
    session: Session,
    *,
    item: str,
    yes: Any,
    no: Any,
    abstain: Any,
    contract: Contract | None = None,
) -> Vote:
    """The ballots of one agenda item, counted against the session's attendance. Refused
    when the attendance is not recorded or short of two thirds (no valid vote can be
    taken); the vote passes with more than half of all who could vote, and records why
    it failed otherwise."""
    require(actor, BARGAINING_CONGRESS, session)
    errors = rules.Errors()
    item = errors.check(rules.required_text, item, "item", label=_("表决事项")) or ""
    yes_n = errors.check(rules.count, yes, "yes", label=_("赞成票"))
    no_n = errors.check(rules.count, no, "no", label=_("反对票"))
    abstain_n = errors.check(rules.count, abstain, "abstain", label=_("弃权票"))
    errors.raise_any()
    assert yes_n is not None and no_n is not None and abstain_n is not None
    with transaction.atomic():
        session = (
            Session.objects.select_for_update()
            .select_related("term__congress__organization")
            .get(pk=session.pk)
        )
        if (
            session.attendance_recorded_at is None
            or session.electorate is None
            or session.present is None
        ):
            raise ValidationError({"session": _("请先登记本次会议的出席情况")})
        if not quorum(session.electorate, session.present):
            raise ValidationError(
                {
                    "session": _(
                        "实到 %(present)d 人，不足应到 %(electorate)d 人的三分之二，"
                        "会议不能进行有效表决"
                    )
                    % {"present": session.present, "electorate": session.electorate}
                }
            )
        if yes_n + no_n + abstain_n > session.present:
            raise ValidationError(
                {
                    "yes": _("赞成、反对、弃权票合计 %(total)d，超过实到人数 %(present)d")
                    % {"total": yes_n + no_n + abstain_n, "present": session.present}
                }
            )
        if (
            contract is not None
            and contract.organization_id != session.term.congress.organization_id
            and not _covers(session, contract)
        ):
            raise ValidationError({"contract": _("该集体合同不属于本职代会审议的范围")})
        passed = passes(session.electorate, yes_n)
        vote = Vote.objects.create(
            session=session,
            item=item,
            contract=contract,
            electorate=session.electorate,
            present=session.present,
            yes=yes_n,
            no=no_n,
            abstain=abstain_n,
            passed=passed,
            failure="" if passed else failure_of(session.electorate, yes_n),
            recorded_by_id=actor.pk,
        )
        _created(
            actor,
            vote,
            session.term.congress.organization,
            _("表决通过：%(item)s") % {"item": item}
            if passed
            else _("表决未通过：%(item)s") % {"item": item},
        )
        if contract is not None and not passed:
            _back_to_the_table(actor, contract, vote)
    return vote


def _back_to_the_table(actor: Actor, contract: Contract, vote: Vote) -> None:
    """A draft the congress did not adopt goes back to step 4 with the vote's reason
    (the workflow's ``reopen``), when the draft is at step 4 and the actor may take it."""
    fresh = Contract.objects.get(pk=contract.pk)
    if fresh.status == Status.NEGOTIATED and may(actor, fresh, "reopen"):
        day = max(vote.session.held_on, fresh.last_event_on)
        take(actor, fresh, "reopen", vote=vote, reason="", on=day)


def _covers(session: Session, contract: Contract) -> bool:
    """The contract's firms are among those the session's term covers."""
    covered = set(session.term.entities.values_list("pk", flat=True))
    wanted = set(contract.entities.values_list("pk", flat=True))
    return bool(wanted) and wanted <= covered
