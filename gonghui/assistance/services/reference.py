"""What the federation configures: kinds of aid and their standards, application rounds,
income lines, required documents and the policy. Each write is validated, audited and
refuses what would contradict the records (a round of a kind not applied for in rounds,
a band whose low end is above its high end, a second line on the same day)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.roles import ASSISTANCE_MANAGE
from gonghui.assistance.choices import (
    AidCategory,
    AmountMode,
    Cause,
    Document,
    DocumentSubject,
    IncomeLineKind,
)
from gonghui.assistance.models import (
    AidKind,
    AidRound,
    AssistancePolicy,
    Fund,
    IncomeLine,
    RequiredDocument,
)
from gonghui.core import audit, rules
from gonghui.core.district import manages_district
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, OutOfScope


def can_manage(actor: Actor) -> bool:
    """The settings are the district's: the manage action held on the root of the tree."""
    return manages_district(actor, ASSISTANCE_MANAGE)


def _manager(actor: Actor) -> None:
    if not can_manage(actor):
        raise OutOfScope(ASSISTANCE_MANAGE)


def _record(actor: Actor, obj: Any, message: str, action: str = AuditAction.CREATE) -> None:
    audit.record(actor=actor, action=action, obj=obj, after=audit.snapshot(obj), message=message)


def _optional_money(value: Any, field: str, label: Any) -> Any:
    return None if value in (None, "") else rules.money(value, field, label=label, positive=True)


def _kind_fields(data: dict[str, Any]) -> dict[str, Any]:
    errors = rules.Errors()
    fields: dict[str, Any] = {
        "name": errors.check(
            rules.required_text, data.get("name"), "name", label=_("名称"), max_length=60
        ),
        "standard": str(data.get("standard") or "").strip(),
        "in_rounds": bool(data.get("in_rounds")),
        "needs_file": bool(data.get("needs_file")),
        "active": bool(data.get("active", True)),
        "fund": data.get("fund"),
    }
    category, mode = data.get("category"), data.get("amount_mode")
    if category not in AidCategory.values:
        errors.add("category", _("请选择帮扶类别"))
    if mode not in AmountMode.values:
        errors.add("amount_mode", _("请选择金额方式"))
    fields |= {"category": category, "amount_mode": mode}
    fields["annual_cap"] = errors.check(
        rules.money, data.get("annual_cap"), "annual_cap", label=_("每人每年上限"), positive=True
    )
    fields["fixed_amount"] = errors.check(
        _optional_money, data.get("fixed_amount"), "fixed_amount", _("定额")
    )
    fields["min_amount"] = errors.check(
        _optional_money, data.get("min_amount"), "min_amount", _("最低金额")
    )
    fields["max_amount"] = errors.check(
        _optional_money, data.get("max_amount"), "max_amount", _("最高金额")
    )
    errors.raise_any()
    if mode == AmountMode.FIXED:
        if fields["fixed_amount"] is None:
            errors.add("fixed_amount", _("定额帮扶请填写定额"))
        elif fields["fixed_amount"] > fields["annual_cap"]:
            errors.add("fixed_amount", _("定额不能超过每人每年上限"))
        fields["min_amount"] = fields["max_amount"] = None
    else:
        low, high = fields["min_amount"], fields["max_amount"]
        if low is None or high is None:
            errors.add("min_amount", _("区间帮扶请填写最低和最高金额"))
        elif low > high:
            errors.add("max_amount", _("最高金额不能低于最低金额"))
        elif high > fields["annual_cap"]:
            errors.add("max_amount", _("最高金额不能超过每人每年上限"))
        fields["fixed_amount"] = None
    fund = fields["fund"]
    if fund is not None and not isinstance(fund, Fund):
        errors.add("fund", _("资金无效"))
    errors.raise_any()
    return fields


def aid_kind_create(*, actor: Actor, code: str, **data: Any) -> AidKind:
    _manager(actor)
    slug = str(code or "").strip()
    if not slug or not slug.replace("_", "").replace("-", "").isalnum() or not slug.isascii():
        raise ValidationError({"code": _("代码只能使用字母、数字、下划线和连字符")})
    fields = _kind_fields(data)
    try:
        with transaction.atomic():
            kind = AidKind.objects.create(code=slug, **fields)
    except IntegrityError as exc:
        raise ValidationError({"code": _("代码 %(code)s 已被使用") % {"code": slug}}) from exc
    _record(actor, kind, _("新增帮扶项目：%(name)s") % {"name": kind.name})
    return kind


def aid_kind_update(*, actor: Actor, kind: AidKind, **data: Any) -> AidKind:
    _manager(actor)
    fields = _kind_fields(data)
    with transaction.atomic():
        locked = AidKind.objects.select_for_update().get(pk=kind.pk)
        before = audit.snapshot(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            before=before,
            after=audit.snapshot(locked),
            message=_("修改帮扶项目：%(name)s") % {"name": locked.name},
        )
    return locked


def aid_round_create(
    *,
    actor: Actor,
    kind: AidKind | None,
    name: str,
    opens_on: date | None,
    closes_on: date | None,
    standard: str = "",
) -> AidRound:
    """An application round of a kind applied for in rounds; rounds of one kind do not
    overlap, so a day names one round."""
    _manager(actor)
    errors = rules.Errors()
    title = errors.check(rules.required_text, name, "name", label=_("批次名称"), max_length=60)
    if kind is None:
        errors.add("kind", _("请选择帮扶项目"))
    elif not kind.in_rounds:
        errors.add("kind", _("%(kind)s不按批次受理") % {"kind": kind.name})
    if opens_on is None:
        errors.add("opens_on", _("请填写开始受理日期"))
    if closes_on is None:
        errors.add("closes_on", _("请填写截止受理日期"))
    errors.raise_any()
    assert kind is not None and opens_on is not None and closes_on is not None  # noqa: S101
    assert title is not None  # noqa: S101 (raise_any refused otherwise)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("截止日期不能早于开始日期")})
    overlapping = AidRound.objects.filter(
        kind=kind, opens_on__lte=closes_on, closes_on__gte=opens_on
    ).first()
    if overlapping is not None:
        raise ValidationError(
            {"opens_on": _("与“%(round)s”的受理时间重叠") % {"round": overlapping.name}}
        )
    created = AidRound.objects.create(
        kind=kind, name=title, opens_on=opens_on, closes_on=closes_on, standard=standard.strip()
    )
    _record(actor, created, _("新增申请批次：%(name)s") % {"name": created.name})
    return created


def income_line_set(
    *, actor: Actor, kind: str, monthly_amount: Any, effective_from: date | None, note: str = ""
) -> IncomeLine:
    _manager(actor)
    errors = rules.Errors()
    if kind not in IncomeLineKind.values:
        errors.add("kind", _("请选择标准类别"))
    amount = errors.check(
        rules.money, monthly_amount, "monthly_amount", label=_("月人均收入标准"), positive=True
    )
    if effective_from is None:
        errors.add("effective_from", _("请填写执行日期"))
    errors.raise_any()
    assert effective_from is not None  # noqa: S101 (raise_any refused otherwise)
    if IncomeLine.objects.filter(kind=kind, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": _("该日期已有同类标准")})
    line = IncomeLine.objects.create(
        kind=kind, monthly_amount=amount, effective_from=effective_from, note=note.strip()[:200]
    )
    _record(actor, line, _("新增收入标准：%(line)s") % {"line": line})
    return line


def required_document_add(
    *, actor: Actor, subject: str, document: str, cause: str = "", aid_kind: AidKind | None = None
) -> RequiredDocument:
    _manager(actor)
    errors = rules.Errors()
    if subject not in DocumentSubject.values:
        errors.add("subject", _("请选择适用范围"))
    if document not in Document.values:
        errors.add("document", _("请选择材料"))
    if cause and cause not in Cause.values:
        errors.add("cause", _("致困原因无效"))
    if aid_kind is not None and subject != DocumentSubject.AID:
        errors.add("aid_kind", _("只有帮扶申请的材料可以指定帮扶项目"))
    errors.raise_any()
    if RequiredDocument.objects.filter(
        subject=subject, document=document, cause=cause, aid_kind=aid_kind
    ).exists():
        raise ValidationError({"document": _("该材料已在清单中")})
    row = RequiredDocument.objects.create(
        subject=subject, document=document, cause=cause, aid_kind=aid_kind
    )
    _record(actor, row, _("新增必备材料：%(row)s") % {"row": row})
    return row


def required_document_remove(*, actor: Actor, row: RequiredDocument) -> None:
    _manager(actor)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=row,
        before=audit.snapshot(row),
        message=_("删除必备材料：%(row)s") % {"row": row},
    )
    row.delete()


def policy_set(
    *,
    actor: Actor,
    effective_from: date | None,
    publication_days: Any,
    allow_covered_non_members: bool,
) -> AssistancePolicy:
    _manager(actor)
    errors = rules.Errors()
    days = errors.check(
        rules.count, publication_days, "publication_days", label=_("公示天数"), minimum=1
    )
    if effective_from is None:
        errors.add("effective_from", _("请填写执行日期"))
    errors.raise_any()
    assert effective_from is not None and days is not None  # noqa: S101
    if days > 60:
        raise ValidationError({"publication_days": _("公示天数不能超过 60 天")})
    policy, _created = AssistancePolicy.objects.update_or_create(
        effective_from=effective_from,
        defaults={
            "publication_days": days,
            "allow_covered_non_members": bool(allow_covered_non_members),
        },
    )
    _record(
        actor, policy, _("设置帮扶政策（%(day)s 起）") % {"day": effective_from}, AuditAction.UPDATE
    )
    return policy
