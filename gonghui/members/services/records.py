"""Staff's upkeep of member records: registering a member by hand, and correcting a
member's phone and employment.

Registering goes the way an approved application does (``memberships.member_enrol``: the
person found by ID number or created, then the membership workflow's ``start`` step), but
refuses a person who is a member elsewhere (a transfer is the new union's approval of
the worker's own application). A phone is corrected at once; an employer or a kind of
employment changes from an effective date (``people.employment_set``): the figures of the
days before it keep what was true then.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.roles import MEMBERS_REVIEW
from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, OutOfScope, require
from gonghui.core.updates import apply_changes
from gonghui.members.choices import EmploymentKind, MembershipSource, MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.members.services.memberships import member_enrol
from gonghui.members.services.people import (
    EMPLOYER_NAME_MAX,
    clean_person_fields,
    employment_set,
)
from gonghui.organizations.models import LegalEntity, Organization


def _employment(
    errors: rules.Errors,
    *,
    employment_kind: str,
    platform: str,
    employer: LegalEntity | None,
    employer_name: str,
) -> dict[str, Any]:
    """A member's employment as staff typed it: a registered employer (its name goes
    with it) or an employer's name, which an employee must have; a platform only for a
    platform worker, whom it must name."""
    cleaned = errors.check(
        clean_person_fields, {"employment_kind": employment_kind, "platform": platform}
    )
    name = " ".join((employer_name or "").split())
    if employer is not None:
        name = employer.name
    elif len(name) > EMPLOYER_NAME_MAX:
        errors.add(
            "employer_name",
            _("工作单位名称不能超过 %(max)d 个字") % {"max": EMPLOYER_NAME_MAX},
        )
    if employment_kind == EmploymentKind.EMPLOYEE and employer is None and not name:
        errors.add("employer", _("单位职工请选择或填写工作单位"))
    if cleaned is None:
        return {}
    if cleaned["employment_kind"] != EmploymentKind.PLATFORM:
        cleaned["platform"] = ""
    return {**cleaned, "employer": employer, "employer_name": name}


@transaction.atomic
def member_register(
    *,
    actor: Actor,
    union: Organization,
    name: str,
    id_number: str,
    phone: str,
    started_on: date | None,
    employment_kind: str,
    platform: str = "",
    employer: LegalEntity | None = None,
    employer_name: str = "",
) -> Membership:
    """Register a worker as a member of ``union`` from ``started_on``, entered by staff.
    Their record is the one with this ID number if there is one (its name and phone are
    kept; its employment is brought up to date from ``started_on``), else a new one with
    the birth date and sex the ID number gives. Refused: a member of any union, a start
    before the union's founding or in the future. Every bad field is named at once."""
    require(actor, MEMBERS_REVIEW, union)
    errors = rules.Errors()
    person = errors.check(
        clean_person_fields, {"name": name, "id_number": id_number, "phone": phone}
    )
    if not (phone or "").strip():
        errors.add("phone", _("请填写手机号"))
    employment = _employment(
        errors,
        employment_kind=employment_kind,
        platform=platform,
        employer=employer,
        employer_name=employer_name,
    )
    day = errors.check(rules.past_date, started_on, "started_on", label=_("入会日期"))
    if day and union.founded_on and day < union.founded_on:
        # said with the other errors; ``membership_start`` checks it again under its lock
        errors.add("started_on", _("入会日期不能早于工会成立日期"))
    errors.raise_any()
    assert person is not None and day is not None
    return member_enrol(
        actor=actor,
        fields={**person, **employment},
        employment=lambda _person: employment,
        union=union,
        started_on=day,
        source=MembershipSource.STAFF,
        transfer=False,
    )


@transaction.atomic
def member_details_update(
    *,
    actor: Actor,
    membership: Membership,
    employment_kind: str,
    phone: str = "",
    platform: str = "",
    employer: LegalEntity | None = None,
    employer_name: str = "",
    on: date | None = None,
) -> Person:
    """Correct the phone and the employment of the member of an active ``membership``
    the actor serves. A new phone (blank: kept) holds at once (a correction: nothing
    reads a past phone). A new employer or kind of employment holds from ``on`` (an effective date,
    not in the future, nor before the membership began or the last change): what held
    until then is kept, so the figures of the days before it do not move. Dated on the
    day the membership began, a new kind is also the kind it began with. One audit entry
    with the changes (the phone masked), on the membership's union."""
    membership = _served(actor, membership)
    person = Person.objects.select_for_update().get(pk=membership.person_id)
    errors = rules.Errors()
    cleaned = errors.check(clean_person_fields, {"phone": phone}) if phone.strip() else {}
    employment = _employment(
        errors,
        employment_kind=employment_kind,
        platform=platform,
        employer=employer,
        employer_name=employer_name,
    )
    errors.raise_any()
    assert cleaned is not None
    phone_changes = apply_changes(person, cleaned, fields=("phone",))
    work = employment_set(person, employment, on=on, floor=membership.started_on, field="on")
    if not (phone_changes or work):
        return person
    if "employment_kind" in work or "platform" in work:
        _restate_start(membership, person, on)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        organization=membership.union,
        changes={**phone_changes.diff, **work.diff},
        message=_message(bool(phone_changes), on if work else None),
    )
    return person


def _served(actor: Actor, membership: Membership) -> Membership:
    """The membership, locked, when the actor may review the union's members (404
    otherwise) and it is active (a refusal otherwise)."""
    scoped = Membership.objects.for_actor(actor, MEMBERS_REVIEW).filter(pk=membership.pk)
    if not scoped.exists():
        raise OutOfScope(membership.pk)
    locked = Membership.objects.select_for_update().select_related("union").get(pk=membership.pk)
    if locked.status != MembershipStatus.ACTIVE:
        raise ValidationError({"status": _("该会籍已结束，不能修改会员信息")})
    return locked


def _restate_start(membership: Membership, person: Person, on: Any) -> None:
    """A kind of employment changed from the day the membership began is the kind it
    began with (the joins count it so)."""
    if on != membership.started_on:
        return
    membership.employment_kind, membership.platform = person.employment_kind, person.platform
    membership.save(update_fields=["employment_kind", "platform", "updated_at"])


def _message(phone: bool, on: date | None) -> str:
    parts = []
    if phone:
        parts.append(_("更正手机号"))
    if on is not None:
        parts.append(_("就业情况自 %(day)s 起变更") % {"day": on.isoformat()})
    return "；".join(parts)
