"""Hardship files: filing a surveyed worker, the tier the income lines suggest, editing
a file, and the steps of its workflow (``assistance.workflows.FILES``): the station
checks, the federation approves, either may send it back or reject it with a reason; an
approved file is reviewed every year, left (解困) and returned to (返困).

Nobody passes a file at two levels or passes what they filed (the steps' actor guard),
and a level cannot pass a file whose required documents are missing (the steps' guard)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import ASSISTANCE_APPROVE, ASSISTANCE_FILE
from gonghui.assistance.choices import (
    FILE_HOLDING,
    SUDDEN_CAUSES,
    Cause,
    DocumentSubject,
    FileStatus,
    IncomeLineKind,
    Relation,
    Situation,
    Tier,
)
from gonghui.assistance.models import (
    AssistancePolicy,
    FileStanding,
    HardshipFile,
    HouseholdMember,
    IncomeLine,
    RequiredDocument,
    Standing,
)
from gonghui.assistance.services import levels
from gonghui.core import audit, rules
from gonghui.core.attachments.models import Attachment
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, allows, require
from gonghui.core.workflow import Done, begin
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.organizations.models import Organization

CENT = Decimal("0.01")


# --- the tier ------------------------------------------------------------------------


def lines_on(day: date) -> dict[str, Decimal]:
    """The monthly per-capita lines in force on ``day``, by kind (absent: none set)."""
    lines: dict[str, Decimal] = {}
    for line in IncomeLine.objects.filter(effective_from__lte=day).order_by("-effective_from"):
        lines.setdefault(line.kind, line.monthly_amount)
    return lines


def tier_suggest(*, per_capita: Decimal, causes: list[str], on: date) -> str:
    """The tier the rules suggest: at or below the subsistence line, deep hardship; at or
    below the low-income line, relative hardship; above it with a sudden cause (illness,
    accident, disaster, emergency), accident-caused; else none ("")."""
    lines = lines_on(on)
    subsistence = lines.get(IncomeLineKind.SUBSISTENCE)
    low_income = lines.get(IncomeLineKind.LOW_INCOME)
    if subsistence is not None and per_capita <= subsistence:
        return Tier.DEEP
    if low_income is not None and per_capita <= low_income:
        return Tier.RELATIVE
    if SUDDEN_CAUSES.intersection(causes):
        return Tier.ACCIDENT
    return ""


def policy_on(day: date) -> AssistancePolicy:
    found = AssistancePolicy.objects.filter(effective_from__lte=day).first()
    return found or AssistancePolicy(effective_from=day)


# --- what a file says ----------------------------------------------------------------


def _causes(value: Any) -> list[str]:
    codes = [str(code) for code in (value or [])]
    if not codes:
        raise ValidationError({"causes": _("请选择至少一项致困原因")})
    unknown = [code for code in codes if code not in Cause.values]
    if unknown:
        raise ValidationError({"causes": _("致困原因无效：%(code)s") % {"code": unknown[0]}})
    return list(dict.fromkeys(codes))


def _household(rows: list[dict[str, Any]]) -> list[HouseholdMember]:
    members = []
    errors = rules.Errors()
    for index, row in enumerate(rows or [], start=1):
        prefix = _("第 %(n)d 位家庭成员") % {"n": index}
        name = errors.check(
            rules.required_text,
            row.get("name"),
            "household",
            label=_("%(who)s的姓名") % {"who": prefix},
            max_length=50,
        )
        relation = str(row.get("relation") or "")
        situation = str(row.get("situation") or "")
        if relation not in Relation.values:
            errors.add("household", _("%(who)s的关系无效") % {"who": prefix})
        if situation not in Situation.values:
            errors.add("household", _("%(who)s的状况无效") % {"who": prefix})
        income = errors.check(
            rules.money,
            row.get("monthly_income") or "0",
            "household",
            label=_("%(who)s的月收入") % {"who": prefix},
        )
        birth_year = _year(row.get("birth_year"))
        if birth_year is not None and not 1900 <= birth_year <= timezone.localdate().year:
            errors.add("household", _("%(who)s的出生年份无效") % {"who": prefix})
            birth_year = None
        members.append(
            HouseholdMember(
                name=name or "",
                relation=relation,
                situation=situation,
                monthly_income=income or Decimal("0"),
                birth_year=birth_year,
                note=str(row.get("note") or "")[:200],
            )
        )
    errors.raise_any()
    return members


def _year(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return -1  # refused as an invalid year


def _per_capita(worker_income: Decimal, members: list[HouseholdMember]) -> tuple[Decimal, Decimal]:
    total = worker_income + sum((m.monthly_income for m in members), Decimal("0"))
    return total, (total / (1 + len(members))).quantize(CENT)


def _tier(suggested: str, tier: Any, reason: Any) -> tuple[str, str]:
    """The tier staff chose (default: the suggestion) and the reason an override needs."""
    chosen = str(tier or suggested or "")
    text = str(reason or "").strip()
    if not chosen:
        raise ValidationError(
            {"tier": _("按收入标准不符合困难职工条件，如需建档请选择类别并说明理由")}
        )
    if chosen not in Tier.values:
        raise ValidationError({"tier": _("困难类别无效")})
    if chosen != suggested and not text:
        raise ValidationError({"tier_reason": _("所选类别与系统建议不同，请说明理由")})
    return chosen, text if chosen != suggested else ""


def _union_of(actor: Actor, person: Person, on: date) -> Organization:
    """The union that files the person: their active membership's; a worker of a
    covered unit who is not a member only when the federation's policy allows."""
    membership = (
        Membership.objects.filter(person=person, status=MembershipStatus.ACTIVE)
        .select_related("union")
        .first()
    )
    if membership is not None:
        return membership.union
    if person.employer is not None and policy_on(on).allow_covered_non_members:
        return person.employer.union
    raise ValidationError({"person": _("该职工不是在会会员，不能建档")})


def file_create(
    *,
    actor: Actor,
    person: Person,
    surveyed_on: date | None,
    causes: list[str],
    worker_income: Any,
    household: list[dict[str, Any]] | None = None,
    situation: str = "",
    tier: str = "",
    tier_reason: str = "",
    filing_opinion: str = "",
) -> HardshipFile:
    """File ``person`` after a survey; the file waits for the station's check."""
    errors = rules.Errors()
    day = errors.check(rules.past_date, surveyed_on, "surveyed_on", label=_("调查日期"))
    codes = errors.check(_causes, causes)
    income = errors.check(rules.money, worker_income, "worker_income", label=_("本人月收入"))
    members = errors.check(_household, household or [])
    errors.raise_any()
    assert day is not None and codes is not None and income is not None  # noqa: S101
    union = _union_of(actor, person, day)
    require(actor, ASSISTANCE_FILE, union)
    total, per_capita = _per_capita(income, members or [])
    suggested = tier_suggest(per_capita=per_capita, causes=codes, on=day)
    chosen, reason = _tier(suggested, tier, tier_reason)
    if HardshipFile.objects.filter(person=person, status__in=FILE_HOLDING).exists():
        raise ValidationError({"person": _("该职工已建档，不能重复建档")})
    if HardshipFile.objects.filter(person=person, status=FileStatus.LEFT).exists():
        raise ValidationError({"person": _("该职工曾建档并已解困，请在原档案上办理返困")})
    try:
        with transaction.atomic():
            file = HardshipFile.objects.create(
                number=next_number("hardship_file", f"KN{day:%Y}", width=5),
                organization=union,
                person=person,
                surveyed_on=day,
                causes=codes,
                situation=situation.strip(),
                worker_income=income,
                household_size=1 + len(members or []),
                household_income=total,
                per_capita_income=per_capita,
                suggested_tier=suggested,
                tier=chosen,
                tier_reason=reason,
                filed_by_id=actor.pk,
                filing_opinion=filing_opinion.strip(),
            )
            for member in members or []:
                member.file = file
            HouseholdMember.objects.bulk_create(members or [])
            begin(actor, file, "file")
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=file,
                organization=union,
                after=audit.snapshot(file),
                message=_("困难职工建档：%(name)s") % {"name": person.name},
            )
    except IntegrityError as exc:  # filed meanwhile by another request
        raise ValidationError({"person": _("该职工已建档，不能重复建档")}) from exc
    return file


EDITABLE = (FileStatus.FILED, FileStatus.SENT_BACK, FileStatus.ACTIVE)


def file_update(
    *,
    actor: Actor,
    file: HardshipFile,
    surveyed_on: date | None,
    causes: list[str],
    worker_income: Any,
    household: list[dict[str, Any]] | None = None,
    situation: str = "",
    tier: str = "",
    tier_reason: str = "",
) -> HardshipFile:
    """Correct a file waiting at the union or the station, or re-survey one on file: the
    household is replaced, the tier suggested again."""
    require(actor, ASSISTANCE_FILE, file)
    errors = rules.Errors()
    day = errors.check(rules.past_date, surveyed_on, "surveyed_on", label=_("调查日期"))
    codes = errors.check(_causes, causes)
    income = errors.check(rules.money, worker_income, "worker_income", label=_("本人月收入"))
    members = errors.check(_household, household or [])
    errors.raise_any()
    assert day is not None and codes is not None and income is not None  # noqa: S101
    total, per_capita = _per_capita(income, members or [])
    suggested = tier_suggest(per_capita=per_capita, causes=codes, on=day)
    chosen, reason = _tier(suggested, tier, tier_reason)
    with transaction.atomic():
        locked = HardshipFile.objects.select_for_update().get(pk=file.pk)
        if locked.status not in EDITABLE:
            raise ValidationError({"status": _("档案当前状态不能修改")})
        before = audit.snapshot(locked)
        locked.surveyed_on, locked.causes, locked.situation = day, codes, situation.strip()
        locked.worker_income, locked.household_income = income, total
        locked.household_size, locked.per_capita_income = 1 + len(members or []), per_capita
        changed = (locked.tier, list(locked.causes)) != (chosen, codes)
        if (
            changed
            and locked.status == FileStatus.ACTIVE
            and not allows(actor, ASSISTANCE_APPROVE, locked)
        ):
            raise ValidationError(
                {"tier": _("在档档案的困难类别或致困原因变更须由总工会审批，请报总工会办理")}
            )
        locked.suggested_tier, locked.tier, locked.tier_reason = suggested, chosen, reason
        locked.save()
        if changed and locked.status == FileStatus.ACTIVE:
            _restand(locked, timezone.localdate())
        locked.household.all().delete()
        for member in members or []:
            member.file = locked
        HouseholdMember.objects.bulk_create(members or [])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            before=before,
            after=audit.snapshot(locked),
            message=_("修改困难职工档案"),
        )
    return locked


def _restand(file: HardshipFile, day: date) -> None:
    """A file on record changed its tier or causes: the standing so far ends, a new one
    begins, so the figures of the days before keep what was true then."""
    _close_standing(file, day, Standing.CHANGED)
    FileStanding.objects.create(
        file=file,
        tier=file.tier,
        causes=list(file.causes),
        starts_on=day,
        opened_by=Standing.CHANGED,
    )


# --- the steps' rules ----------------------------------------------------------------


def missing_documents(record: Any, subject: str, causes: list[str], kind: Any = None) -> list[str]:
    """The labels of the documents ``record`` must carry and does not: those required of
    every file or application, of its causes, and (an application) of its kind of aid."""
    general = Q(aid_kind__isnull=True, cause__in=["", *causes])
    condition = general | Q(aid_kind=kind) if kind is not None else general
    required = RequiredDocument.objects.filter(condition, subject=subject)
    attached = set(Attachment.objects.of(record).values_list("kind", flat=True))
    missing = {r.document: r.get_document_display() for r in required if r.document not in attached}
    return [str(label) for label in missing.values()]


def documents_guard(file: HardshipFile) -> Any:
    missing = missing_documents(file, DocumentSubject.FILE, list(file.causes))
    if missing:
        return _("缺少必备材料：%(list)s") % {"list": "、".join(missing)}
    return None


def approve(actor: Actor, file: HardshipFile, *, opinion: str = "", on: date | None = None) -> Done:
    """The federation's approval puts the file on record from ``on`` (default today): a
    new standing, "new" the first time, "returned" after the worker left (返困)."""
    today = rules.past_date(on or timezone.localdate(), "on", label=_("审批日期"))
    file.approved_by_id = actor.pk
    file.approval_opinion = levels.text(opinion, "opinion", _("审批意见")) or str(_("同意"))
    file.entered_on = file.entered_on or today
    file.reviewed_on = today
    file.next_review_on = _a_year_after(today)
    before = file.standings.exists()
    FileStanding.objects.create(
        file=file,
        tier=file.tier,
        causes=list(file.causes),
        starts_on=today,
        opened_by=Standing.RETURNED if before else Standing.NEW,
    )
    return Done(note=file.approval_opinion)


def _close_standing(file: HardshipFile, day: date, why: str) -> None:
    current = file.standings.filter(ends_on__isnull=True).first()
    if current is None:
        return
    if day < current.starts_on:
        raise ValidationError(
            {"left_on": _("日期不能早于本次在档起始日期 %(day)s") % {"day": current.starts_on}}
        )
    current.ends_on, current.closed_by = day, why
    current.save(update_fields=["ends_on", "closed_by"])


def review(
    actor: Actor, file: HardshipFile, *, reviewed_on: date | None = None, conclusion: str = ""
) -> Done:
    day = rules.past_date(reviewed_on, "reviewed_on", label=_("复核日期"))
    text = levels.text(conclusion, "conclusion", _("复核结论"), required=True)
    file.reviewed_on = day
    file.next_review_on = _a_year_after(day)
    return Done(message=_("年度复核：%(text)s") % {"text": text}, note=text)


def leave(
    actor: Actor, file: HardshipFile, *, left_on: date | None = None, reason: str = ""
) -> Done:
    day = rules.past_date(left_on, "left_on", label=_("解困日期"))
    text = levels.text(reason, "reason", _("解困原因"), required=True)
    _close_standing(file, day, Standing.LEFT)
    file.left_on = day
    file.next_review_on = None
    return Done(message=_("解困：%(reason)s") % {"reason": text}, note=text)


def come_back(actor: Actor, file: HardshipFile, *, reason: str = "") -> Done:
    """返困: the file goes through the three levels again, filed by this actor."""
    text = levels.text(reason, "reason", _("返困原因"), required=True)
    file.filed_by_id = actor.pk
    file.filing_opinion = text
    file.checked_by_id, file.check_opinion = None, ""
    file.approved_by_id, file.approval_opinion = None, ""
    file.left_on = None
    return Done(message=_("返困：%(reason)s") % {"reason": text}, note=text)


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
