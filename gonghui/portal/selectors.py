"""Reads of the member pages and the member API.

A member sees only their own rows: what "own" means is declared on each model's queryset
(``owner_condition``: join applications and memberships in ``members.models``, notices in
``core.models``, mediation cases in ``disputes.models``) and read with
``Model.objects.for_owner(user, proven=...)``. The base page and the base API view of the
portal apply it last, after any refinement, so no page can forget or widen it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gonghui.core.models import Notice
from gonghui.core.scoping import Visitor, is_member_account, signed_in
from gonghui.disputes.choices import CaseStatus, Tier
from gonghui.disputes.models import MediationCase, MediationCommittee
from gonghui.members.models import JoinApplication, Membership, Person
from gonghui.members.selectors import OPEN_STATUSES
from gonghui.organizations.choices import NodeKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

EMPLOYER_SEARCH_LIMIT = 10
EMPLOYER_SEARCH_MIN_LENGTH = 2


def person_of(user: Visitor) -> Person | None:
    """The worker's record linked to a member's account, if any."""
    member = signed_in(user)
    if member is None or not is_member_account(member):
        return None
    return Person.objects.filter(user_id=member.pk).first()


def membership_current(person: Person | None) -> Membership | None:
    if person is None:
        return None
    return person.memberships.active().select_related("union").first()


def membership_history(person: Person) -> QuerySet[Membership]:
    return person.memberships.select_related("union").order_by("-started_on", "-pk")


def applications_of(user: Visitor, *, session_applications: Iterable[int] = ()) -> QuerySet[Any]:
    return (
        JoinApplication.objects.for_owner(user, proven=session_applications)
        .select_related("union", "employer", "area", "membership")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class JoinState:
    """Where a member stands on joining: their worker's record, its active membership and
    their newest application under way (submitted or waiting for information)."""

    person: Person | None
    membership: Membership | None
    pending: JoinApplication | None

    @property
    def may_join(self) -> bool:
        """Joining is offered only to someone who is not an active member and has no
        application under way."""
        return self.membership is None and self.pending is None


def join_state(user: Visitor) -> JoinState:
    """The member's ``JoinState``. An application counts whether it was submitted from the
    account or left for the phone the member signed in with (the owner rule)."""
    person = person_of(user)
    pending = None
    if is_member_account(user):
        pending = applications_of(user).filter(status__in=OPEN_STATUSES).first()
    return JoinState(person=person, membership=membership_current(person), pending=pending)


def notices_of(user: Visitor) -> QuerySet[Notice]:
    return Notice.objects.for_owner(user)


def unread_count(user: Visitor) -> int:
    if not is_member_account(user):
        return 0
    return notices_of(user).filter(read_at__isnull=True).count()


# --- what the join form offers ---------------------------------------------------------


def _employers() -> QuerySet[LegalEntity]:
    """Legal entities covered by an active union: the employers a worker can choose."""
    return LegalEntity.objects.filter(
        union__kind=NodeKind.UNION, union__status=UnionStatus.ACTIVE
    ).select_related("union")


def employer_search(q: str) -> list[LegalEntity]:
    """Employers whose name contains ``q`` or whose credit code starts with it (names and
    credit codes of legal entities are public)."""
    q = " ".join(str(q or "").split())
    if len(q) < EMPLOYER_SEARCH_MIN_LENGTH:
        return []
    matches = _employers().filter(Q(name__icontains=q) | Q(credit_code__istartswith=q.upper()))
    return list(matches.order_by("name", "pk")[:EMPLOYER_SEARCH_LIMIT])


def employer_find(text: str, field: str = "employer") -> LegalEntity | None:
    """The employer named by what a worker typed: a credit code, or a name that only one
    employer has. None when nothing matches (an employer the registry does not know);
    ValidationError when several employers have that name."""
    text = " ".join(str(text or "").split())
    if not text:
        return None
    by_code = _employers().filter(credit_code=text.upper()).first()
    if by_code is not None:
        return by_code
    named = list(_employers().filter(name=text)[:2])
    if len(named) > 1:
        raise ValidationError(
            {field: _("有多家单位名为“%(name)s”，请改为输入统一社会信用代码") % {"name": text}}
        )
    return named[0] if named else None


def employer_by_code(code: str, field: str = "employer") -> LegalEntity | None:
    """The employer with this credit code (the API names employers by code)."""
    code = str(code or "").strip().upper()
    if not code:
        return None
    entity = _employers().filter(credit_code=code).first()
    if entity is None:
        raise ValidationError({field: _("未找到该统一社会信用代码对应的单位")})
    return entity


def areas() -> QuerySet[Organization]:
    """The service stations a worker without a registered employer chooses from."""
    return Organization.objects.stations().active().order_by("name_sort", "pk")


# --- mediation -------------------------------------------------------------------------


def mediation_committees(user: Visitor) -> QuerySet[MediationCommittee]:
    """The committees a member may apply to: those on the way from the member's union up
    to the federation (the enterprise's, the station's, the federation's); without a
    membership, the stations' and the federation's."""
    union = getattr(membership_current(person_of(user)), "union", None)
    active = MediationCommittee.objects.filter(active=True).select_related("organization")
    if union is not None:
        chosen = active.filter(organization_id__in=[*union.ancestor_ids(), union.pk])
    else:
        chosen = active.filter(tier__in=[Tier.STATION, Tier.FEDERATION])
    return chosen.order_by("-organization__depth", "name", "pk")


# cases the member still waits on: not yet accepted, or being mediated
MEDIATION_OPEN_STATUSES = (CaseStatus.APPLIED, CaseStatus.MEDIATING)


def mediation_open_count(user: Visitor) -> int:
    """How many of the member's mediation cases are still under way."""
    if not is_member_account(user):
        return 0
    return MediationCase.objects.for_owner(user).filter(status__in=MEDIATION_OPEN_STATUSES).count()


def mediation_cases_of(user: Visitor) -> QuerySet[MediationCase]:
    return (
        MediationCase.objects.for_owner(user)
        .select_related("committee")
        .order_by("-applied_on", "-pk")
    )
