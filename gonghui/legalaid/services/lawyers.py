"""The lawyers the federation retains and their firms, the engagements register, and
the conflict check before a case is assigned: the lawyer, their firm, or the federation
already acting for or against the opposing party.

A lawyer or firm acting *for* the opposing party (its counsel) is refused outright; any
other engagement with the party (the federation acting for it, a lawyer or firm acting
against it, in the register or in another open legal-aid case) may be waived with a
recorded reason."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.accounts.roles import LEGALAID_MANAGE, Role
from gonghui.core import audit, pii, rules
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, OutOfScope, require
from gonghui.core.updates import apply_changes
from gonghui.legalaid.choices import Holder, Language, Matter, Side, Status
from gonghui.legalaid.models import Engagement, LawFirm, Lawyer, LegalAidCase
from gonghui.legalaid.services import eligibility
from gonghui.organizations.models import LegalEntity, Organization

LAWYER_FIELDS = ("name", "firm", "specialities", "languages", "phone", "active", "user")


def _codes(values: Any, allowed: list[str], field: str, label: str) -> list[str]:
    codes = [str(code) for code in (values or [])]
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise ValidationError(
            {field: _("%(label)s无效：%(code)s") % {"label": label, "code": unknown[0]}}
        )
    return list(dict.fromkeys(codes))


def _licence(value: Any) -> str:
    """A lawyer's practising certificate number: 17 digits."""
    text = "".join(str(value or "").split())
    if not text:
        raise ValidationError({"licence_number": _("请填写执业证号")})
    if len(text) != 17 or not text.isdigit():
        raise ValidationError({"licence_number": _("执业证号应为 17 位数字")})
    return text


def _account(user: User | None, lawyer: Lawyer | None = None) -> User | None:
    """The sign-in account of a lawyer: one holding the lawyer role, no other lawyer's."""
    if user is None:
        return None
    if not user.assignments.filter(role=Role.LAWYER).exists():
        raise ValidationError({"user": _("该账户没有律师角色")})
    taken = Lawyer.objects.filter(user=user)
    if lawyer is not None:
        taken = taken.exclude(pk=lawyer.pk)
    if taken.exists():
        raise ValidationError({"user": _("该账户已关联其他律师")})
    return user


@transaction.atomic
def firm_create(*, actor: Actor, name: str, licence_number: str = "") -> LawFirm:
    if not eligibility.can_manage(actor):
        raise OutOfScope(LEGALAID_MANAGE)
    text = rules.required_text(name, "name", label=_("律师事务所名称"), max_length=120)
    if LawFirm.objects.filter(name=text).exists():
        raise ValidationError({"name": _("该律师事务所已登记")})
    try:
        with transaction.atomic():
            firm = LawFirm.objects.create(
                name=text, licence_number=str(licence_number or "").strip()[:40]
            )
    except IntegrityError as exc:  # registered by someone else at the same moment
        raise ValidationError({"name": _("该律师事务所已登记")}) from exc
    audit.record(actor=actor, action=AuditAction.CREATE, obj=firm, after=audit.snapshot(firm))
    return firm


def _lawyer_fields(data: dict[str, Any], lawyer: Lawyer | None = None) -> dict[str, Any]:
    errors = rules.Errors()
    clean: dict[str, Any] = {}
    clean["name"] = errors.check(
        rules.required_text, data.get("name"), "name", label=_("姓名"), max_length=50
    )
    firm = data.get("firm")
    if firm is None:
        errors.add("firm", _("请选择律师事务所"))
    clean["firm"] = firm
    clean["specialities"] = errors.check(
        _codes, data.get("specialities"), Matter.values, "specialities", _("擅长领域")
    )
    clean["languages"] = errors.check(
        _codes, data.get("languages"), Language.values, "languages", _("工作语言")
    )
    phone = data.get("phone") or ""
    clean["phone"] = (
        errors.check(rules.normalized, pii.normalize_phone, phone, "phone") if phone else ""
    )
    clean["active"] = bool(data.get("active", True))
    clean["user"] = errors.check(_account, data.get("user"), lawyer)
    errors.raise_any()
    return clean


@transaction.atomic
def lawyer_create(
    *, actor: Actor, organization: Organization, licence_number: str, **data: Any
) -> Lawyer:
    """Retain a lawyer (the node that retains them: the federation)."""
    require(actor, LEGALAID_MANAGE, organization)
    errors = rules.Errors()
    licence = errors.check(_licence, licence_number)
    clean = errors.check(_lawyer_fields, data) or {}
    errors.raise_any()
    if Lawyer.objects.filter(licence_number=licence).exists():
        raise ValidationError({"licence_number": _("该执业证号已登记")})
    try:
        with transaction.atomic():
            lawyer = Lawyer.objects.create(
                organization=organization, licence_number=licence or "", **clean
            )
    except IntegrityError as exc:  # two staff registering the same lawyer at once
        raise ValidationError({"licence_number": _("该执业证号已登记")}) from exc
    audit.record(actor=actor, action=AuditAction.CREATE, obj=lawyer, organization=organization)
    return lawyer


@transaction.atomic
def lawyer_update(*, actor: Actor, lawyer: Lawyer, **data: Any) -> Lawyer:
    require(actor, LEGALAID_MANAGE, lawyer)
    clean = _lawyer_fields(data, lawyer)
    changes = apply_changes(lawyer, clean, fields=LAWYER_FIELDS)
    if changes:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=lawyer,
            organization=lawyer.organization,
            changes=changes.diff,
        )
    return lawyer


# --- the engagements register ------------------------------------------------------------


@transaction.atomic
def engagement_create(
    *,
    actor: Actor,
    organization: Organization,
    holder: str,
    side: str,
    starts_on: date | None,
    lawyer: Lawyer | None = None,
    firm: LawFirm | None = None,
    party: LegalEntity | None = None,
    party_name: str = "",
    ends_on: date | None = None,
    note: str = "",
) -> Engagement:
    require(actor, LEGALAID_MANAGE, organization)
    errors = rules.Errors()
    if holder not in Holder.values:
        errors.add("holder", _("请选择关系方"))
    if side not in Side.values:
        errors.add("side", _("请选择关系"))
    if holder == Holder.LAWYER and lawyer is None:
        errors.add("lawyer", _("请选择律师"))
    if holder == Holder.FIRM and firm is None:
        errors.add("firm", _("请选择律师事务所"))
    name = party.name if party is not None else str(party_name or "").strip()
    errors.check(rules.required_text, name, "party", label=_("对方单位"), max_length=120)
    if starts_on is None:
        errors.add("starts_on", _("请填写起始日期"))
    elif ends_on is not None and ends_on < starts_on:
        errors.add("ends_on", _("终止日期不能早于起始日期"))
    errors.raise_any()
    assert starts_on is not None
    engagement = Engagement.objects.create(
        organization=organization,
        holder=holder,
        lawyer=lawyer if holder == Holder.LAWYER else None,
        firm=firm if holder == Holder.FIRM else None,
        party=party,
        party_name=name,
        side=side,
        starts_on=starts_on,
        ends_on=ends_on,
        note=str(note or "").strip()[:200],
    )
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=engagement, after=audit.snapshot(engagement)
    )
    return engagement


@transaction.atomic
def engagement_end(*, actor: Actor, engagement: Engagement, ends_on: date | None) -> Engagement:
    require(actor, LEGALAID_MANAGE, engagement)
    if ends_on is None:
        raise ValidationError({"ends_on": _("请填写终止日期")})
    if ends_on < engagement.starts_on:
        raise ValidationError({"ends_on": _("终止日期不能早于起始日期")})
    before = audit.snapshot(engagement)
    engagement.ends_on = ends_on
    engagement.save(update_fields=["ends_on", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=engagement,
        before=before,
        after=audit.snapshot(engagement),
    )
    return engagement


# --- the conflict check ------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """One engagement with the opposing party: who, on which side, seen where, and
    whether it refuses the assignment outright (``blocking``) or may be waived."""

    who: str
    side: str
    source: str
    blocking: bool

    def __str__(self) -> str:
        return f"{self.who}：{self.side}（{self.source}）"


def _party_q(case: LegalAidCase, name_field: str, entity_field: str) -> Q:
    """The rows naming the case's opposing party: the same legal entity, or its name."""
    condition = Q(**{name_field: case.opposing_name})
    if case.opposing_party_id:
        condition |= Q(**{entity_field: case.opposing_party_id})
    return condition


def conflicts(case: LegalAidCase, lawyer: Lawyer, on: date | None = None) -> list[Conflict]:
    """What the register and the other open legal-aid cases say about ``lawyer``, their
    firm and the federation, and the opposing party of ``case``, on ``on``."""
    day = on or timezone.localdate()
    found: list[Conflict] = []
    # the lawyer, any lawyer of their firm (a firm acts as one), the firm, the federation
    holders = (
        Q(holder=Holder.LAWYER, lawyer__firm=lawyer.firm_id)
        | Q(holder=Holder.FIRM, firm=lawyer.firm_id)
        | Q(holder=Holder.FEDERATION)
    )
    # in force on any day from ``day`` to today: an assignment dated back does not miss
    # an engagement registered since
    today = max(day, timezone.localdate())
    in_force = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    register = (
        Engagement.objects.filter(holders & in_force & _party_q(case, "party_name", "party"))
        .select_related("lawyer", "firm")
        .order_by("starts_on", "id")
    )
    for row in register:
        blocking = row.side == Side.FOR and row.holder in (Holder.LAWYER, Holder.FIRM)
        found.append(
            Conflict(
                who=str(row.holder_name),
                side=str(row.get_side_display()),
                source=_("利益冲突登记") + (f"：{row.note}" if row.note else ""),
                blocking=blocking,
            )
        )
    others = (
        LegalAidCase.objects.filter(status=Status.ACTING, lawyer__firm=lawyer.firm_id)
        .filter(_party_q(case, "opposing_name", "opposing_party"))
        .exclude(pk=case.pk)
        .select_related("lawyer")
        .order_by("number")
    )
    for other in others:
        found.append(
            Conflict(
                who=str(other.lawyer),
                side=str(Side.AGAINST.label),
                source=_("正在承办的法律援助案件 %(number)s") % {"number": other.number},
                blocking=False,
            )
        )
    return found
