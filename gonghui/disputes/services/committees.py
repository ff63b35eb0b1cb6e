"""Mediation committees of the three tiers and their mediators."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.roles import DISPUTES_MANAGE, Role
from gonghui.core import audit
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, require
from gonghui.disputes.choices import Tier
from gonghui.disputes.models import CommitteeMember, MediationCommittee
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization

# the tier of a committee follows the kind of node it sits at
NODE_TIER: dict[str, str] = {
    NodeKind.FEDERATION: Tier.FEDERATION,
    NodeKind.STATION: Tier.STATION,
    NodeKind.UNION: Tier.ENTERPRISE,
}


@transaction.atomic
def committee_create(*, actor: Actor, organization: Organization, name: str) -> MediationCommittee:
    """A committee at a node: its tier follows the node (federation, station, union)."""
    require(actor, DISPUTES_MANAGE, organization)
    tier = NODE_TIER[organization.kind]
    if not (name or "").strip():
        raise ValidationError({"name": _("请填写委员会名称")})
    # the node's row lock serialises two staff creating its committee at once
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if MediationCommittee.objects.filter(organization=organization, active=True).exists():
        raise ValidationError({"organization": _("该组织已有调解委员会")})
    committee = MediationCommittee.objects.create(
        name=name.strip(), tier=tier, organization=organization
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=committee,
        organization=organization,
        after=audit.snapshot(committee),
    )
    return committee


@transaction.atomic
def committee_seat(
    *, actor: Actor, committee: MediationCommittee, user: Any, is_chair: bool = False
) -> CommitteeMember:
    """Seat a mediator (a user with the mediator role) on a committee."""
    require(actor, DISPUTES_MANAGE, committee)
    if not (user.holds_role(Role.MEDIATOR) or user.is_union_staff):
        raise ValidationError({"user": _("只有调解员或工会工作人员可以担任调解员")})
    seat, _created = CommitteeMember.objects.update_or_create(
        committee=committee, user=user, defaults={"is_chair": is_chair, "active": True}
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=seat,
        organization=committee.organization,
        after=audit.snapshot(seat),
        message=_("%(user)s 任 %(committee)s 调解员") % {"user": user, "committee": committee},
    )
    return seat
