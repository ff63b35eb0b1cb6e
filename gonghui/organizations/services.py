"""Every write to the organisation registry: atomic, validated, audited."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc

from gonghui.accounts.roles import ORG_CHANGE, ORG_FOUND, ORG_RESTRUCTURE
from gonghui.core import audit, rules
from gonghui.core.collation import pinyin_key
from gonghui.core.models import AuditAction
from gonghui.core.numbering import next_number
from gonghui.core.pii import normalize_phone
from gonghui.core.scoping import Actor, require
from gonghui.core.updates import Changes, apply_changes
from gonghui.core.workflow import Done, take
from gonghui.organizations import history
from gonghui.organizations.choices import Industry, NodeKind, UnionKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization, path_segment, size_class_for

UNION_FIELDS = (
    "name",
    "name_sort",
    "founded_on",
    "chair_name",
    "chair_phone",
    "contact_name",
    "contact_phone",
    "address",
    "direct_workers",
)
ENTITY_FIELDS = ("name", "credit_code", "headcount", "industry", "covered_since")
NAME_MAX = 120


def _locked(node: Organization) -> Organization:
    return Organization.objects.select_for_update().get(pk=node.pk)


def normalize_credit_code(raw: str) -> str:
    value = (raw or "").strip().upper().replace(" ", "")
    if not value:
        raise ValidationError({"credit_code": _("请填写统一社会信用代码")})
    try:
        return str(uscc.validate(value))
    except stdnum_errors.InvalidLength as exc:
        raise ValidationError({"credit_code": _("统一社会信用代码应为18位")}) from exc
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError({"credit_code": _("统一社会信用代码校验位不正确")}) from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError({"credit_code": _("统一社会信用代码格式不正确")}) from exc


def _clean_union_fields(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(data)
    cleaned.pop("name_sort", None)  # derived from the name below, never given
    errors = rules.Errors()
    if "name" in cleaned:
        cleaned["name"] = errors.check(
            rules.required_text, cleaned["name"], "name", label=_("工会名称"), max_length=NAME_MAX
        )
    for field in ("chair_phone", "contact_phone"):
        if cleaned.get(field):
            try:
                cleaned[field] = normalize_phone(cleaned[field])
            except ValidationError as exc:
                errors.add(field, exc.messages[0])
    if cleaned.get("direct_workers") is not None:
        cleaned["direct_workers"] = errors.check(
            rules.count, cleaned["direct_workers"], "direct_workers", label=_("人数")
        )
    if cleaned.get("founded_on"):
        errors.check(rules.past_date, cleaned["founded_on"], "founded_on", label=_("成立日期"))
    errors.raise_any()
    if cleaned.get("name"):
        cleaned["name_sort"] = pinyin_key(cleaned["name"])
    return cleaned


def _check_name_free(name: str, station: Organization | None, exclude_pk: Any = None) -> None:
    clash = Organization.objects.filter(
        kind=NodeKind.UNION, status=UnionStatus.ACTIVE, station=station, name=name
    ).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": _("同一服务站内已有同名工会")})


def _save_new(node: Organization, parent: Organization | None) -> Organization:
    node.path = f"tmp-{timezone.now().timestamp()}-{id(node)}"
    node.name_sort = pinyin_key(node.name)
    node.depth = (parent.depth + 1) if parent else 1
    try:
        node.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("同一服务站内已有同名工会")}) from exc
    node.path = (parent.path if parent else "") + path_segment(node.pk)
    node.save(update_fields=["path"])
    return node


@transaction.atomic
def federation_create(*, actor: Actor, name: str) -> Organization:
    if Organization.objects.filter(kind=NodeKind.FEDERATION).exists():
        raise ValidationError({"name": _("系统中已有总工会")})
    node = Organization(kind=NodeKind.FEDERATION, name=name, code=next_number("org", "GH"))
    _save_new(node, None)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=node, after=audit.snapshot(node))
    return node


@transaction.atomic
def station_create(
    *, actor: Actor, federation: Organization, name: str, **fields: Any
) -> Organization:
    require(actor, ORG_RESTRUCTURE, federation)
    if federation.kind != NodeKind.FEDERATION:
        raise ValidationError({"parent": _("服务站只能设在总工会之下")})
    cleaned = _clean_union_fields({"name": name, **fields})
    if Organization.objects.filter(kind=NodeKind.STATION, name=cleaned["name"]).exists():
        raise ValidationError({"name": _("已有同名服务站")})
    node = Organization(kind=NodeKind.STATION, parent=federation, code=next_number("org", "GH"))
    apply_changes(node, cleaned, fields=UNION_FIELDS, save=False)
    _save_new(node, federation)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=node, after=audit.snapshot(node))
    return node


def _station_of(parent: Organization) -> Organization:
    return parent if parent.kind == NodeKind.STATION else parent.station  # type: ignore[return-value]


@transaction.atomic
def union_found(
    *,
    actor: Actor,
    parent: Organization,
    name: str,
    union_kind: str,
    founded_on: date,
    **fields: Any,
) -> Organization:
    """Found a union under a station, or as a member union of a joint union."""
    require(actor, ORG_FOUND, parent)
    parent = _locked(parent)
    if not parent.can_have_unions():
        raise ValidationError({"parent": _("工会只能建在服务站或联合会之下")})
    if union_kind not in UnionKind.values:
        raise ValidationError({"union_kind": _("请选择建会方式")})
    if union_kind == UnionKind.JOINT and parent.kind != NodeKind.STATION:
        raise ValidationError({"union_kind": _("联合会只能直接建在服务站之下")})
    cleaned = _clean_union_fields({"name": name, "founded_on": founded_on, **fields})
    if not cleaned.get("founded_on"):
        raise ValidationError({"founded_on": _("请填写成立日期")})
    station = _station_of(parent)
    _check_name_free(cleaned["name"], station)
    node = Organization(
        kind=NodeKind.UNION,
        parent=parent,
        station=station,
        union_kind=union_kind,
        code=next_number("org", "GH"),
    )
    apply_changes(node, cleaned, fields=UNION_FIELDS, save=False)
    _refresh_headcount(node, save=False)
    _save_new(node, parent)
    history.place([node], node.founded_on)  # type: ignore[arg-type]
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=node,
        after=audit.snapshot(node),
        message=_("成立工会"),
    )
    return node


@transaction.atomic
def union_update(*, actor: Actor, union: Organization, **fields: Any) -> Organization:
    require(actor, ORG_CHANGE, union)
    union = _locked(union)
    cleaned = _clean_union_fields(fields)
    if union.kind == NodeKind.UNION and "name" in cleaned:
        _check_name_free(cleaned["name"], union.station, exclude_pk=union.pk)
    changes = apply_changes(union, cleaned, fields=UNION_FIELDS)
    if not changes:
        return union
    if union.kind == NodeKind.UNION:
        _refresh_headcount(union)
        _record_union_change(union, changes)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=union,
        before=changes.before,
        after=audit.snapshot(union),
    )
    return union


# The earliest day other modules' records place in a union (a membership's start), which
# its founding day may not be corrected past. Registered from ``AppConfig.ready``.
UnionFloor = Callable[[Organization], "date | None"]
UNION_FLOORS: list[UnionFloor] = []


def register_union_floor(floor: UnionFloor) -> None:
    if floor not in UNION_FLOORS:
        UNION_FLOORS.append(floor)


def _check_founding(union: Organization) -> None:
    """A founding day corrected to a later day may not leave records before it, nor pass
    the union's next recorded change."""
    day = union.founded_on
    if day is None:
        return
    floors = [floor for floor in (hook(union) for hook in UNION_FLOORS) if floor]
    if floors and min(floors) < day:
        message = _("本工会已有 %(day)s 的记录（如会员入会），成立日期不能晚于此")
        raise ValidationError({"founded_on": message % {"day": min(floors)}})
    next_change = history.next_change(union)
    if next_change is not None and day >= next_change:
        message = _("成立日期应早于本工会的下一次变动（%(day)s）")
        raise ValidationError({"founded_on": message % {"day": next_change}})


def _record_union_change(union: Organization, changed: Changes) -> None:
    """A corrected founding day moves the first placement; workers attached directly
    change from today."""
    if "founded_on" in changed:
        _check_founding(union)
        history.refound(union)
    if "direct_workers" in changed and union.is_active:
        history.place([union], timezone.localdate())


def _refresh_headcount(union: Organization, *, save: bool = True) -> None:
    """A union covers its legal entities' workers and its directly attached workers."""
    entities = 0
    if union.pk:
        entities = union.legal_entities.aggregate(total=Sum("headcount"))["total"] or 0
    union.headcount = entities + (union.direct_workers or 0)
    union.size_class = size_class_for(union.headcount)
    if save:
        union.save(update_fields=["headcount", "size_class", "updated_at"])


def _clean_entity_fields(
    data: dict[str, Any], union: Organization, exclude_pk: Any = None
) -> dict[str, Any]:
    cleaned = dict(data)
    errors = rules.Errors()
    if "name" in cleaned:
        cleaned["name"] = errors.check(
            rules.required_text, cleaned["name"], "name", label=_("单位名称"), max_length=NAME_MAX
        )
    if "credit_code" in cleaned:
        cleaned["credit_code"] = errors.check(_free_credit_code, cleaned["credit_code"], exclude_pk)
    if "headcount" in cleaned:
        cleaned["headcount"] = errors.check(
            rules.count, cleaned["headcount"], "headcount", label=_("职工人数")
        )
    if "industry" in cleaned and cleaned["industry"] not in Industry.values:
        errors.add("industry", _("请选择行业"))
    if "covered_since" in cleaned:
        since = errors.check(
            rules.past_date, cleaned["covered_since"], "covered_since", label=_("纳入覆盖日期")
        )
        if since and union.founded_on and since < union.founded_on:
            errors.add("covered_since", _("纳入覆盖日期不能早于工会成立日期"))
    errors.raise_any()
    return cleaned


def _free_credit_code(raw: str, exclude_pk: Any) -> str:
    """A valid credit code no other legal entity has."""
    code = normalize_credit_code(raw)
    if LegalEntity.objects.filter(credit_code=code).exclude(pk=exclude_pk).exists():
        raise ValidationError({"credit_code": _("该统一社会信用代码已登记")})
    return code


@transaction.atomic
def legal_entity_attach(
    *,
    actor: Actor,
    union: Organization,
    name: str,
    credit_code: str,
    headcount: int,
    industry: str,
    covered_since: date,
) -> LegalEntity:
    """Register a legal entity as covered by a union."""
    require(actor, ORG_CHANGE, union)
    union = _locked(union)
    if not (union.kind == NodeKind.UNION and union.is_active):
        raise ValidationError({"union": _("只能挂靠到正常状态的工会")})
    cleaned = _clean_entity_fields(
        {
            "name": name,
            "credit_code": credit_code,
            "headcount": headcount,
            "industry": industry,
            "covered_since": covered_since,
        },
        union,
    )
    entity = LegalEntity.objects.create(union=union, **cleaned)
    history.cover([entity], entity.covered_since)
    _refresh_headcount(union)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=entity,
        after=audit.snapshot(entity),
        message=_("法人单位纳入工会覆盖"),
    )
    return entity


@transaction.atomic
def legal_entity_update(
    *, actor: Actor, entity: LegalEntity, reported_on: date | None = None, **fields: Any
) -> LegalEntity:
    """Correct a legal entity; a new headcount counts from ``reported_on`` (default today),
    so the figures of the days before it keep the headcount reported then."""
    require(actor, ORG_CHANGE, entity.union)
    entity = LegalEntity.objects.select_for_update().get(pk=entity.pk)
    cleaned = _clean_entity_fields(fields, entity.union, exclude_pk=entity.pk)
    covered_since = entity.covered_since
    changes = apply_changes(entity, cleaned, fields=ENTITY_FIELDS)
    if not changes:
        return entity
    # refused: the transaction undoes all
    day = _change_day(reported_on, covered_since, history.last_covered([entity]))
    if "covered_since" in changes:
        history.recover(entity)
    if "headcount" in changes:
        history.cover([entity], day)
    _refresh_headcount(_locked(entity.union))
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=entity, changes=changes.diff)
    return entity


def _change_day(on: date | None, *earliest: date | None, field: str = "reported_on") -> date:
    """The day a change counts from: ``on`` (default today), not in the future nor before
    the latest of ``earliest`` (the founding or covering day, the last recorded change):
    a past period is never rewritten."""
    day = rules.past_date(on or timezone.localdate(), field)
    bound = max((d for d in earliest if d), default=None)
    if bound and day < bound:
        raise ValidationError(
            {field: _("日期不能早于 %(day)s（成立、纳入覆盖或上一次变动的日期）") % {"day": bound}}
        )
    return day


@transaction.atomic
def legal_entity_move(
    *, actor: Actor, entity: LegalEntity, union: Organization, on: date | None = None
) -> LegalEntity:
    """Move a legal entity to the coverage of another union from ``on`` (default today)."""
    require(actor, ORG_CHANGE, entity.union)
    require(actor, ORG_CHANGE, union)
    entity = LegalEntity.objects.select_for_update().get(pk=entity.pk)
    target = _locked(union)
    if not (target.kind == NodeKind.UNION and target.is_active):
        raise ValidationError({"union": _("只能挂靠到正常状态的工会")})
    old_union = _locked(entity.union)
    day = _change_day(on, entity.covered_since, history.last_covered([entity]), field="on")
    before = audit.snapshot(entity)
    entity.union = target
    entity.save(update_fields=["union", "updated_at"])
    history.cover([entity], day)
    _refresh_headcount(old_union)
    _refresh_headcount(target)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=entity,
        organization=target,
        before=before,
        after=audit.snapshot(entity),
        message=_("法人单位由 %(old)s 转至 %(new)s") % {"old": old_union, "new": target},
    )
    return entity


def _rewrite_subtree(node: Organization, new_parent: Organization) -> None:
    """Re-root ``node``'s subtree under ``new_parent``: one UPDATE for the whole subtree."""
    old_prefix = node.path
    new_prefix = new_parent.path + path_segment(node.pk)
    depth_shift = new_parent.depth + 1 - node.depth
    Organization.objects.filter(path__startswith=old_prefix).update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
        depth=F("depth") + depth_shift,
    )
    new_station = _station_of(new_parent)
    Organization.objects.filter(path__startswith=new_prefix, kind=NodeKind.UNION).update(
        station=new_station
    )


def _replace_subtree(node: Organization, on: date) -> None:
    """The active unions of ``node``'s subtree stand where their rows say from ``on``."""
    moved = Organization.objects.filter(
        path__startswith=node.path, kind=NodeKind.UNION, status=UnionStatus.ACTIVE
    )
    history.place(list(moved), on)


@transaction.atomic
def union_move(
    *, actor: Actor, union: Organization, new_parent: Organization, on: date | None = None
) -> Organization:
    """Move a union (with its member unions) to another station or joint union from
    ``on`` (default today); the figures of the days before it keep the old place."""
    require(actor, ORG_RESTRUCTURE, union)
    require(actor, ORG_RESTRUCTURE, new_parent)
    union = _locked(union)
    new_parent = _locked(new_parent)
    if union.kind != NodeKind.UNION:
        raise ValidationError({"union": _("只能迁移工会")})
    if not union.is_active:
        raise ValidationError({"union": _("已合并或撤销的工会不能迁移")})
    if new_parent.is_within(union):
        raise ValidationError({"new_parent": _("不能迁移到本工会或其下级之下，否则会形成循环")})
    if not new_parent.can_have_unions():
        raise ValidationError({"new_parent": _("工会只能迁移到服务站或联合会之下")})
    if union.is_joint and new_parent.kind != NodeKind.STATION:
        raise ValidationError({"new_parent": _("联合会只能迁移到服务站之下")})
    if new_parent.pk == union.parent_id:
        raise ValidationError({"new_parent": _("工会已在该组织之下")})
    _check_name_free(union.name, _station_of(new_parent), exclude_pk=union.pk)
    subtree = Organization.objects.filter(path__startswith=union.path, kind=NodeKind.UNION)
    day = _change_day(on, union.founded_on, history.last_placed(subtree), field="on")
    before = audit.snapshot(union)
    old_parent = union.parent
    _rewrite_subtree(union, new_parent)
    Organization.objects.filter(pk=union.pk).update(parent=new_parent)
    union.refresh_from_db()
    _replace_subtree(union, day)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=union,
        before=before,
        after=audit.snapshot(union),
        message=_("工会由 %(old)s 迁至 %(new)s") % {"old": old_parent, "new": new_parent},
    )
    return union


def _end(union: Organization, on: date, reason: str) -> None:
    subtree = Organization.objects.filter(path__startswith=union.path, kind=NodeKind.UNION)
    _change_day(on, union.founded_on, history.last_placed(subtree), field="on")
    union.ended_on = on
    union.end_reason = reason


# --- the steps of a union's status (declared in ``organizations.workflows``, taken through
# ``core.workflow.take``, which scopes, locks, checks the state and records) ---------------

# What other modules do, in the step's transaction, when a union ends on a day: merged into
# another union, or dissolved (``into`` None). The members module moves or ends the union's
# memberships. Registered from ``AppConfig.ready``; each returns a line for the record, or
# "". (Organisations cannot import the modules built on them.)
UnionEnd = Callable[[Actor, Organization, "Organization | None", date], str]
UNION_END_HOOKS: list[UnionEnd] = []


def register_union_end(hook: UnionEnd) -> None:
    if hook not in UNION_END_HOOKS:
        UNION_END_HOOKS.append(hook)


def _followed(actor: Actor, union: Organization, into: Organization | None, on: date) -> str:
    lines = [hook(actor, union, into, on) for hook in UNION_END_HOOKS]
    return "".join(f"；{line}" for line in lines if line)


def merge(
    actor: Actor, union: Organization, *, into: Organization, on: date, reason: str = ""
) -> Done:
    """Its legal entities and member unions go to the target; the merged union stays in
    the registry with its history."""
    require(actor, ORG_RESTRUCTURE, into)
    into = _locked(into)
    if into.kind != NodeKind.UNION:
        raise ValidationError({"into": _("只能在工会之间合并")})
    if union.pk == into.pk or into.is_within(union):
        raise ValidationError({"into": _("不能并入本工会或其下级工会")})
    if not into.is_active:
        raise ValidationError({"into": _("目标工会不是正常状态")})
    children = list(union.children.filter(status=UnionStatus.ACTIVE))
    if children and not into.is_joint:
        raise ValidationError({"into": _("该联合会仍有成员工会，只能并入另一个联合会")})
    _end(union, on, reason)
    entities = list(union.legal_entities.all())
    moved = union.legal_entities.update(union=into)
    for entity in entities:
        entity.union = into
    history.cover(entities, on)
    for child in children:
        _rewrite_subtree(child, into)
        Organization.objects.filter(pk=child.pk).update(parent=into)
        _replace_subtree(child, on)
    union.merged_into = into
    added = union.direct_workers
    union.direct_workers, into.direct_workers = 0, into.direct_workers + added
    _refresh_headcount(union, save=False)
    into.save(update_fields=["direct_workers", "updated_at"])
    _refresh_headcount(into)
    history.end(union, on)
    if added:
        history.place([into], on)
    message = _("并入 %(into)s，转移法人单位 %(entities)d 家、成员工会 %(unions)d 个") % {
        "into": into,
        "entities": moved,
        "unions": len(children),
    }
    message += _followed(actor, union, into, on)
    return Done(message=message, note=reason)


def dissolve(actor: Actor, union: Organization, *, on: date, reason: str) -> Done:
    """Its legal entities stay linked for the record but are no longer counted as covered;
    a joint union must first move its member unions."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写撤销原因")})
    if union.children.filter(status=UnionStatus.ACTIVE).exists():
        raise ValidationError({"union": _("该联合会仍有成员工会，请先迁移或合并")})
    _end(union, on, reason.strip())
    history.end(union, on)
    message = _("撤销工会：%(reason)s") % {"reason": reason.strip()}
    return Done(message=message + _followed(actor, union, None, on), note=reason.strip())


def union_merge(
    *, actor: Actor, union: Organization, into: Organization, on: date, reason: str = ""
) -> Organization:
    """Merge ``union`` into ``into`` (the ``merge`` step)."""
    return take(actor, union, "merge", into=into, on=on, reason=reason)  # type: ignore[no-any-return]


def union_dissolve(*, actor: Actor, union: Organization, on: date, reason: str) -> Organization:
    """Dissolve a union (the ``dissolve`` step)."""
    return take(actor, union, "dissolve", on=on, reason=reason)  # type: ignore[no-any-return]


__all__ = [
    "federation_create",
    "legal_entity_attach",
    "legal_entity_move",
    "legal_entity_update",
    "station_create",
    "union_dissolve",
    "union_found",
    "union_merge",
    "union_move",
    "union_update",
]
