"""Memberships: start one (a transfer when the person is active elsewhere), enrol a worker
(their record found or created, then the start: what an approved application and a
staff registration share), end one (the steps of ``members.workflows.MEMBERSHIPS``), and
the member numbers (one numbering service, ``core.numbering``)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.notices import Text, notice_send
from gonghui.core.numbering import next_values
from gonghui.core.scoping import Actor
from gonghui.core.workflow import SYSTEM, Done, begin, begin_many, take, take_many, workflow_for
from gonghui.members.choices import MembershipSource, MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.members.services.people import employment_set, person_get_or_create
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization

MEMBER_SEQUENCE = "member"
MEMBER_PREFIX = "HY"


def member_numbers(count: int) -> list[str]:
    """``count`` new member numbers (HY00000001 ...), reserved in one statement."""
    return [f"{MEMBER_PREFIX}{n:08d}" for n in next_values(MEMBER_SEQUENCE, count)]


def _check_union(union: Organization) -> None:
    if union.kind != NodeKind.UNION or not union.is_active:
        raise ValidationError({"union": _("只能加入正常状态的基层工会")})


@transaction.atomic
def membership_start(
    *,
    actor: Actor,
    person: Person,
    union: Organization,
    started_on: date,
    source: str,
    number: str | None = None,
    notify: bool = True,
) -> Membership:
    """Start a membership. A person active in another union is transferred (转会): the old
    membership ends, as transferred out, on the day the new one starts; both stay in the
    history and both unions see it. The person's row is locked for the whole change.
    The caller checks that the actor may add members to ``union``."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    # the union's row too: a merger or dissolution (which locks it first, then moves or
    # ends the union's memberships) cannot miss a membership started meanwhile
    union = Organization.objects.select_for_update().get(pk=union.pk)
    _check_union(union)
    rules.past_date(started_on, "started_on", label=_("入会日期"))
    current = (
        Membership.objects.select_for_update()
        .filter(person=person, status=MembershipStatus.ACTIVE)
        .first()
    )
    if current is not None and current.union_id == union.pk:
        raise ValidationError({"person": _("此人已是本工会会员")})
    if current is not None and started_on < current.started_on:
        raise ValidationError({"started_on": _("转入日期不能早于原会籍的入会日期")})
    if union.founded_on and started_on < union.founded_on:
        raise ValidationError({"started_on": _("入会日期不能早于工会成立日期")})
    last_end = (
        Membership.objects.filter(person=person, ended_on__isnull=False)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    if last_end and started_on < last_end:
        # memberships of one person never overlap: the statistics count each day once
        raise ValidationError({"started_on": _("入会日期不能早于此人上一段会籍的离会日期")})
    if current is not None:
        # the system's step: the actor admits the person to ``union`` and may not reach
        # the old one; the person hears of the transfer through the new membership
        take(actor, current, "transfer_out", on=started_on, reason=_("转会"), notify=False)
        source = MembershipSource.TRANSFER
    membership = Membership.objects.create(
        person=person,
        union=union,
        number=number or member_numbers(1)[0],
        status=MembershipStatus.ACTIVE,
        source=source,
        started_on=started_on,
        transferred_from=current,
        employment_kind=person.employment_kind,
        platform=person.platform,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=membership,
        after=audit.snapshot(membership),
        message=_("转入，原工会：%(old)s") % {"old": current.union} if current else _("入会"),
    )
    begin(actor, membership, "start", note=str(MembershipSource(source).label))
    if notify:
        notice_send(
            person=person,
            title=Text(gettext_lazy("您已成为%(union)s会员"), union=union.name),
            body=Text(gettext_lazy("会员编号 %(number)s"), number=membership.number),
        )
    return membership


def member_enrol(
    *,
    actor: Actor,
    fields: dict[str, Any],
    employment: Callable[[Person], dict[str, Any]],
    union: Organization,
    started_on: date,
    source: str,
    transfer: bool = True,
    notify: bool = True,
) -> Membership:
    """Enrol a worker in ``union`` from ``started_on``: their record found by ID number
    (locked; blanks filled) or created from ``fields`` (cleaned), never a second one; a
    known person's employment brought up to date from that day (``employment(person)``:
    the values that change, dated through ``people.employment_set``); then
    ``membership_start``. A person active in another union is transferred, or with
    ``transfer=False`` refused. The caller checks that the actor may add members to
    ``union``."""
    rules.past_date(started_on, "started_on", label=_("入会日期"))
    person, created = person_get_or_create(fields=fields)
    current = Membership.objects.filter(person=person, status=MembershipStatus.ACTIVE).first()
    if current is not None and current.union_id == union.pk:
        message = _("此人已是本工会会员（会员编号 %(number)s）") % {"number": current.number}
        raise ValidationError({"id_number": message})
    if current is not None and not transfer:
        raise ValidationError(
            {
                "id_number": _(
                    "此人已是其他工会的会员，不能重复入会；转会请由本人提交入会申请，"
                    "批准后原会籍自动转出"
                )
            }
        )
    if not created:
        employment_set(person, employment(person), on=started_on, field="started_on")
    return membership_start(
        actor=actor,
        person=person,
        union=union,
        started_on=started_on,
        source=source,
        notify=notify,
    )


def ending(
    actor: Actor | None,
    membership: Membership,
    *,
    on: date,
    reason: Any = "",
    notify: bool = True,
) -> Done:
    """The ``apply`` of the steps that end a membership (``members.workflows``): lapsed,
    withdrawn, deceased, or transferred out when the new union admits the person. The
    engine sets the status; the reason defaults to the state it leads to."""
    rules.past_date(on, "ended_on", label=_("离会日期"))
    if on < membership.started_on:
        raise ValidationError({"ended_on": _("离会日期不能早于入会日期")})
    membership.ended_on = on
    membership.end_reason = str(reason)
    done = Done(message=membership.end_reason, note=membership.end_reason)
    if notify:
        done.notices.append(lambda: _notify_end(membership))
    return done


def _notify_end(membership: Membership) -> None:
    notice_send(
        person=membership.person,
        title=Text(
            gettext_lazy("您在%(union)s的会籍状态已变更为：%(status)s"),
            union=membership.union.name,
            status=MembershipStatus(membership.status).label,
        ),
    )


def membership_end(
    *, actor: Actor, membership: Membership | int, status: str, on: date, reason: str = ""
) -> Membership:
    """End an active membership: lapsed, withdrawn or deceased, through the step of the
    membership workflow that leads to ``status`` (a transfer is ended by
    ``membership_start`` in the new union)."""
    if status == MembershipStatus.TRANSFERRED_OUT:
        raise ValidationError({"status": _("转会请由新工会办理入会")})
    workflow = workflow_for(Membership)
    steps = [s for s in workflow.steps if s.target == status and s.action != SYSTEM]
    if not steps:
        raise ValidationError({"status": _("请选择离会类型")})
    label = MembershipStatus(status).label
    return take(actor, membership, steps[0].name, on=on, reason=reason or label)  # type: ignore[no-any-return]


def memberships_follow_union(
    actor: Actor, union: Organization, into: Organization | None, on: date
) -> str:
    """When ``union`` ends on ``on`` (a step of the union's workflow, in its transaction):
    its active memberships are transferred to ``into`` from that day (a merger: each
    person gets a membership of ``into`` with a new number, their history continuing), or
    end as lapsed (a dissolution). The system's steps of the membership workflow, taken on
    all of them at once: a few statements whatever the number of members."""
    active = list(
        Membership.objects.filter(union=union, status=MembershipStatus.ACTIVE)
        .select_related("person")
        .order_by("pk")
    )
    if not active:
        return ""
    latest = max(m.started_on for m in active)
    if on < latest:
        raise ValidationError(
            {"on": _("本工会有会员于 %(day)s 入会，日期不能早于此") % {"day": latest}}
        )
    if into is not None and into.founded_on and on < into.founded_on:
        raise ValidationError({"on": _("日期不能早于目标工会的成立日期")})
    pks = [m.pk for m in active]
    if into is None:
        reason = _("工会撤销，会籍终止")
        step = "union_dissolved"
    else:
        reason = _("工会合并，转入%(into)s") % {"into": into.name}
        step = "transfer_out"
    take_many(
        actor,
        Membership,
        pks,
        step,
        fields=("ended_on", "end_reason"),
        organization=union,
        message=reason,
        note=reason,
        on=on,
        reason=reason,
        notify=False,
    )
    if into is None:
        return _("会员 %(count)d 人会籍终止") % {"count": len(active)}
    _transferred_in(actor, active, into, on)
    return _("会员 %(count)d 人转入 %(into)s") % {"count": len(active), "into": into.name}


def _transferred_in(actor: Actor, ended: list[Membership], into: Organization, on: date) -> None:
    numbers = member_numbers(len(ended))
    created = Membership.objects.bulk_create(
        Membership(
            person_id=old.person_id,
            union=into,
            number=number,
            status=MembershipStatus.ACTIVE,
            source=MembershipSource.TRANSFER,
            started_on=on,
            transferred_from_id=old.pk,
            employment_kind=old.person.employment_kind,
            platform=old.person.platform,
        )
        for old, number in zip(ended, numbers, strict=True)
    )
    pks = list(Membership.objects.filter(number__in=numbers).values_list("pk", flat=True))
    note = _("工会合并转入")
    begin_many(actor, Membership, pks, "start", organization=into, note=note)
    audit.record(
        actor=actor,
        action=AuditAction.BULK,
        organization=into,
        changes={"memberships": len(created), "from": ended[0].union_id},
        message=_("工会合并转入会员 %(count)d 人") % {"count": len(created)},
    )


def first_start(union: Organization) -> date | None:
    """The earliest start of a membership in ``union`` (its founding may not pass it)."""
    return (  # type: ignore[no-any-return]
        Membership.objects.filter(union=union)
        .order_by("started_on")
        .values_list("started_on", flat=True)
        .first()
    )
